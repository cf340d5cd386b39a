// Generated structs are #[non_exhaustive]: a gateway adding an optional field must not break an
// app's code, so outside the crate a struct literal is refused and the builder is the way in.
use paygen::kicc_wechatpay::{AmountInfo, Currency};

fn main() {
    let _ = AmountInfo {
        currency: Currency::Krw,
        total_amount: 1000,
    };
}
