use paygen_runtime::Validate;

#[derive(Validate)]
struct Request {
    #[validate(ascii, max_bytes = 20)]
    #[validate(ascii)]
    name: String,
}

fn main() {}
