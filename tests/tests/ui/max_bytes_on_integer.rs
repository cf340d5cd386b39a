use paygen_runtime::Validate;

#[derive(Validate)]
struct Request {
    #[validate(max_bytes = 12)]
    amount: u64,
}

fn main() {}
