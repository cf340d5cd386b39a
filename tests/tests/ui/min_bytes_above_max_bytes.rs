use paygen_runtime::Validate;

#[derive(Validate)]
struct Request {
    #[validate(min_bytes = 8, max_bytes = 4)]
    code: String,
}

fn main() {}
