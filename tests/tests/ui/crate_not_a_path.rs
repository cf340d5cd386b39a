use paygen_runtime::Validate;

#[derive(Validate)]
#[validate(crate = "not a path")]
struct Request {
    #[validate(max_bytes = 20)]
    name: String,
}

fn main() {}
