use paygen_runtime::Validate;

#[derive(Validate)]
enum PayType {
    Card,
    Bank,
}

fn main() {}
