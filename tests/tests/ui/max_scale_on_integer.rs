use paygen_runtime::Validate;

#[derive(Validate)]
struct Request {
    #[validate(max_scale = 2)]
    amount: i64,
}

fn main() {}
