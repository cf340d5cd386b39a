use paygen_runtime::Validate;

#[derive(Validate)]
struct Request {
    #[validate(min_chars = 8, max_chars = 4)]
    code: String,
}

fn main() {}
