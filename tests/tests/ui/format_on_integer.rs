use paygen_runtime::Validate;

#[derive(Validate)]
struct Request {
    #[validate(format = "yyyymmdd")]
    date: i64,
}

fn main() {}
