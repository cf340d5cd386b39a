use paygen_runtime::Validate;

#[derive(Validate)]
struct OrderId(#[validate(max_bytes = 20)] String);

fn main() {}
