use paygen_runtime::Validate;

#[derive(Validate)]
#[validate(encoding = "euc-jp")]
struct Request {
    #[validate(max_bytes = 20)]
    name: String,
}

fn main() {}
