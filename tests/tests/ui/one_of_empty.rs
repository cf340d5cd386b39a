use paygen_runtime::Validate;

#[derive(Validate)]
struct Request {
    #[validate(one_of = [])]
    pay_type: String,
}

fn main() {}
