use paygen_runtime::Validate;

#[derive(Validate)]
struct Request {
    #[validate(ascii, one_of = ["card", "카드"])]
    method: Option<String>,
}

fn main() {}
