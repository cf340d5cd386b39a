use paygen_runtime::Validate;

#[derive(Validate)]
struct Request {
    #[validate(max_bytes = "20")]
    name: String,
}

fn main() {}
