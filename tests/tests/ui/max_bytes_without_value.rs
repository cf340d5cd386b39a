use paygen_runtime::Validate;

#[derive(Validate)]
struct Request {
    #[validate(max_bytes)]
    name: String,
}

fn main() {}
