use paygen_runtime::Validate;

#[derive(Validate)]
struct Request {
    #[validate(digits, one_of = ["01", "ab"])]
    card_code: String,
}

fn main() {}
