use paygen_runtime::Validate;

#[derive(Validate)]
struct Request {
    #[validate(one_of = ["card", 2])]
    pay_type: String,
}

fn main() {}
