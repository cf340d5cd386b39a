use paygen_runtime::Validate;

#[derive(Validate)]
#[validate(charset = "utf-8")]
struct Request {
    #[validate(max_bytes = 20)]
    name: String,
}

fn main() {}
