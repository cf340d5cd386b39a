use paygen_runtime::Validate;

#[derive(Validate)]
#[validate(check = "not a path!")]
struct Request {
    #[validate(max_bytes = 4)]
    code: String,
}

fn main() {}
