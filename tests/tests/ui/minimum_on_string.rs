use paygen_runtime::Validate;

#[derive(Validate)]
struct Request {
    #[validate(minimum = 100)]
    amount: String,
}

fn main() {}
