use paygen_runtime::Validate;

#[derive(Validate)]
struct Request {
    #[validate(minimum = 100, maximum = -1)]
    amount: Option<i64>,
}

fn main() {}
