use paygen_runtime::Validate;

#[derive(Validate)]
struct Customer {
    #[validate(max_bytes = 20)]
    name: String,
}

#[derive(Validate)]
struct Request {
    #[validate(nested, max_bytes = 20)]
    customer: Customer,
}

fn main() {}
