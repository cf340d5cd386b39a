use paygen_runtime::Validate;

#[derive(Validate)]
struct Request {
    #[validate(ascii = true)]
    name: String,
}

fn main() {}
