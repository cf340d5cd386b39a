// A builder's `build()` needs every required field: leaving one out is a compile error that
// names it.
use paygen::shinhan_spg::ConfirmRequest;

fn main() {
    let _ = ConfirmRequest::builder()
        .client_id("o2o")
        .order_no("202108311259590001")
        .ip_addr("203.0.113.7")
        .build();
}
