use paygen_runtime::Validate;

#[derive(Validate)]
struct Request {
    #[validate(max_digits = 13)]
    amount: String,
}

fn main() {}
