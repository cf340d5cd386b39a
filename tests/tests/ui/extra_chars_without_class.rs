use paygen_runtime::Validate;

#[derive(Validate)]
struct Request {
    #[validate(extra_chars = "_-")]
    order_no: String,
}

fn main() {}
