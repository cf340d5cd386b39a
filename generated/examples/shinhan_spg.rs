//! Shinhan SPG: a card payment from request to approval with the generated client.
//!
//! Run it from the workspace root with `cargo run --example shinhan_spg`. It needs no network and
//! no merchant account: it starts a mock of the SPG API on 127.0.0.1 that answers with the
//! document's examples (shinhan-spg-payments.ko.txt, cited as ko:LINE), made consistent with one
//! order of 11,000 won. The flow:
//!
//! 1. `request_payment` sends the order, with the `param_ispt_hash` the client computes, and gets
//!    the `redirect_url` of Shinhan's payment page to show the buyer (ko:15-106);
//! 2. the buyer pays there, and the page POSTs the order number and a confirm token to your
//!    `return_url`; `ReturnUrlCallback::from_form` reads that form body (ko:265-301);
//! 3. within 30 minutes, `confirm_payment` approves the payment and checks the answer's
//!    `pay_ispt_hash` against your payment key (ko:302-372);
//! 4. `get_payment_info` looks the transaction up (ko:484-518), which is also how to resolve an
//!    `Error::OutcomeUnknown` from a confirm that timed out.
//!
//! Each call prints the request's `Debug` (personal data masked), the HTTP request the mock
//! received (the `SPGKEY` credential masked) and the parsed response. Last, a request that breaks
//! two rules fails validation before anything is sent.

mod mock;

use mock::{Gateway, Route};
use paygen::shinhan_spg::{
    CardPurposeType, Client, ConfirmInfoRequest, ConfirmRequest, Credentials, DeviceType,
    Environment, PayType, PaymentRequest, PgCode, ReturnUrlCallback, YesNo,
};
use paygen_runtime::auth::SecretString;
use paygen_runtime::Error;
use sha2::{Digest, Sha256};

/// Made up. Shinhan issues each merchant a payment key and a search key.
const PAYMENT_KEY: &str = "example-payment-key";
const SEARCH_KEY: &str = "example-search-key";

/// The answer to the payment request (ko:102-106).
const REQUESTED: &str = r#"{
  "ret_code": 0,
  "ret_msg": "OK",
  "redirect_url": "https://devpayapispg.shinhan.com/pgsvc/pay?token=2021083110239001duf"
}"#;

/// What Shinhan's payment page POSTs to `return_url` after the buyer paid (ko:286-290), as an
/// HTML form sends it.
const RETURN_URL_FORM: &[u8] =
    b"order_no=202108311259590001&custom_parameter=cp-0001&confirm_token=aaaaaa.bbbbbb.ccccc&escr_yn=N";

/// The answer to the transaction lookup (ko:508-518) for the approved payment.
const PAYMENT_INFO: &str = r#"{
  "ret_code": 0,
  "ret_msg": "OK",
  "user_id": "test_01",
  "tid": "202108311259590006",
  "tx_amount": 11000,
  "tx_stat": 1,
  "tx_date": "2021-08-31 12:59:59"
}"#;

/// The gateway's side of the confirm (ko:347-367). Its `pay_ispt_hash` is computed here, apart
/// from the client, as ko:330 documents it: sha256(user_id + amount + tid + payment API key),
/// in upper-case hex as in ko:361. Amounts are strings, as in the document's example.
fn confirmed_answer() -> String {
    let (user_id, amount, tid) = ("test_01", 11000, "202108311259590006");
    let digest = Sha256::digest(format!("{user_id}{amount}{tid}{PAYMENT_KEY}"));
    let hash: String = digest.iter().map(|byte| format!("{byte:02X}")).collect();
    format!(
        r#"{{
  "ret_code": 0,
  "ret_msg": "OK",
  "pay_type": 1,
  "order_no": "202108311259590001",
  "product_name": "테스트 상품",
  "user_id": "{user_id}",
  "user_name": "테스터01",
  "amount": "{amount}",
  "discount_amount": "0",
  "taxfree_amount": "0",
  "tax_amount": "1000",
  "tid": "{tid}",
  "pay_ispt_hash": "{hash}",
  "tx_date": "2021-08-31 12:59:59",
  "pay_info": [{{
    "card_cpny_cd": "S005",
    "card_name": "신한카드",
    "card_no": "9410******1234",
    "card_aprv_no": "30012345",
    "install_month": "00"
  }}]
}}"#
    )
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let gateway = Gateway::start(vec![
        Route::post("/v1.0/payments/request", REQUESTED),
        Route::post("/v1.0/payments/confirm", confirmed_answer()),
        Route::get("/v1.0/payments/confirm-info", PAYMENT_INFO),
    ])
    .await;
    // The client sends each API the key its table names (payment or search).
    let credentials = Credentials {
        payment_key: SecretString::from(PAYMENT_KEY),
        search_key: SecretString::from(SEARCH_KEY),
    };
    // The document names no host, so the base URL is always the caller's.
    let client = Client::new(Environment::Custom(gateway.uri()), credentials)?;

    // 1. The order (ko:65-91). The client adds param_ispt_hash.
    // Only what the order needs: the 17 optional fields left out are not sent.
    let request = PaymentRequest::builder()
        .pgcode(PgCode::Card)
        .client_id("o2o")
        .user_id("test_01")
        .user_name("테스터01")
        .order_no("202108311259590001")
        .pay_type(PayType::Single)
        .device_type(DeviceType::Mobile)
        .amount(11000) // won
        .product_name("테스트 상품")
        .return_url("https://shop.example/pay/approval")
        .cancel_url("https://shop.example/pay/cancel")
        .fail_url("https://shop.example/pay/fail")
        .taxfree_amount(0)
        .tax_amount(1000)
        .email_flag(YesNo::Yes)
        .email_addr("buyer@shop.example")
        .custom_parameter("cp-0001")
        .card_purpose_type(CardPurposeType::GeneralCredit)
        .build();
    let requested = client.request_payment(&request).await?;
    gateway.show("request_payment", &request, &requested).await;

    // 2. In a web app this is the body of the POST to your return_url handler.
    let callback = ReturnUrlCallback::from_form(RETURN_URL_FORM)?;
    println!("=== return_url callback\n{callback:#?}\n");

    // 3. Approve. An answer whose pay_ispt_hash does not match is `Error::Integrity`: then do not
    // ship the order; look the payment up instead.
    let confirm = ConfirmRequest::builder()
        .client_id("o2o")
        .order_no(callback.order_no.ok_or("the callback has no order_no")?)
        .confirm_token(
            callback
                .confirm_token
                .ok_or("the callback has no confirm_token")?,
        )
        .ip_addr("203.0.113.7") // the buyer's
        .build();
    let confirmed = client.confirm_payment(&confirm).await?;
    gateway.show("confirm_payment", &confirm, &confirmed).await;

    // 4. The transaction as Shinhan records it.
    let lookup = ConfirmInfoRequest::builder()
        .client_id(confirm.client_id.clone())
        .order_no(confirm.order_no.clone())
        .build();
    let info = client.get_payment_info(&lookup).await?;
    gateway.show("get_payment_info", &lookup, &info).await;

    // Card payments start at 100 won, and user_name allows 20 bytes (7 Hangul syllables are 21).
    let mut invalid = request;
    invalid.amount = 99;
    invalid.user_name = "남궁민수김철수".into();
    match gateway.unsent(client.request_payment(&invalid)).await {
        Err(Error::Validation(errors)) => println!("{errors}"),
        other => return Err(format!("expected a validation error, got {other:?}").into()),
    }
    Ok(())
}
