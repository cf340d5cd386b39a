use paygen_runtime::{Decimal, Validate};

// Every misuse of the character and digit rules is reported in one build.
#[derive(Validate)]
struct Request {
    #[validate(max_chars = 0)]
    a: String,
    #[validate(forbidden_chars = "")]
    b: String,
    #[validate(max_chars = 10)]
    c: i64,
    #[validate(max_scale = 29)]
    d: Decimal,
    #[validate(alphanumeric, extra_chars = "_", one_of = ["ok_1", "not-ok"])]
    e: String,
    #[validate(forbidden_chars = "\"", one_of = ["say \"hi\""])]
    f: String,
    #[validate(required)]
    g: Decimal,
}

fn main() {}
