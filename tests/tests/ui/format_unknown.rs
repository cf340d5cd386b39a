use paygen_runtime::Validate;

#[derive(Validate)]
struct Request {
    #[validate(format = "yyyy/mm/dd")]
    date: String,
}

fn main() {}
