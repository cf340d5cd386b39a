use paygen_runtime::Validate;

#[derive(Validate)]
struct Request {
    #[validate(required)]
    amount: u64,
}

fn main() {}
