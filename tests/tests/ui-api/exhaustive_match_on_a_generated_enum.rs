// Generated enums are #[non_exhaustive] too: a new documented code must not break an app's
// `match`, so one without a wildcard arm is refused.
use paygen::kicc_wechatpay::TradeType;

fn main() {
    let kind = TradeType::Native;
    let _ = match kind {
        TradeType::Native => "QR",
        TradeType::Mweb => "web",
    };
}
