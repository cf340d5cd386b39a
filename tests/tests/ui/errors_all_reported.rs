use paygen_runtime::Validate;

#[derive(Validate)]
#[validate(encoding = "euc-jp")]
struct Request {
    #[validate(max_bytes = -1, asci)]
    name: String,
    #[validate(digits, required)]
    amount: u32,
    #[validate(one_of = ["1", "x"], digits, digits)]
    code: Option<String>,
}

fn main() {}
