use paygen_runtime::Validate;

#[derive(Validate)]
#[validate(encoding = "euc-kr")]
struct Request {
    #[validate(max_bytes = 8, one_of = ["ok", "😀"])]
    code: String,
}

fn main() {}
