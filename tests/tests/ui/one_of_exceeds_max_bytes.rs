use paygen_runtime::Validate;

#[derive(Validate)]
struct Request {
    #[validate(max_bytes = 4, one_of = ["mweb", "native"])]
    pay_type: String,
}

fn main() {}
