use paygen_runtime::Validate;

#[derive(Validate)]
struct Request {
    #[validate(one_of = ["card", "bank", "card"])]
    pay_type: String,
}

fn main() {}
