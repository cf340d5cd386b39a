//! Shinhan SPG: a card payment from request to approval with the generated client.
//!
//! Run it from the workspace root with `cargo run --example shinhan_spg`. It needs no network and
//! no merchant account: it talks to `paygen::shinhan_spg::mock`, the mock generated from the same
//! spec, on 127.0.0.1. The mock checks each request as SPG would (the `SPGKEY` key class of each
//! API, the `param_ispt_hash`, the documented lengths) and answers with the document's examples
//! (shinhan-spg-payments.ko.txt, cited as ko:LINE), the order's own fields echoed and the
//! confirm's `pay_ispt_hash` computed over its answer. The flow:
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
//! received (the `SPGKEY` credential masked) with the outcome of its checks, and the parsed
//! response. Last, a request that breaks
//! two rules fails validation before anything is sent.

mod mock;

use mock::{show, unsent};
use paygen::shinhan_spg::mock::MockGateway;
use paygen::shinhan_spg::{
    CardPurposeType, Client, ConfirmInfoRequest, ConfirmRequest, DeviceType, PayType,
    PaymentRequest, PgCode, ReturnUrlCallback, YesNo,
};
use paygen_runtime::Error;

/// What Shinhan's payment page POSTs to `return_url` after the buyer paid (ko:286-290), as an
/// HTML form sends it.
const RETURN_URL_FORM: &[u8] =
    b"order_no=202108311259590001&custom_parameter=cp-0001&confirm_token=aaaaaa.bbbbbb.ccccc&escr_yn=N";

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let gateway = MockGateway::start().await?;
    // Shinhan issues each merchant a payment key and a search key, and the client sends each
    // API the key its table names; load them from your secret store. The mock accepts its own.
    let credentials = gateway.credentials();
    // The document names no host, so the base URL is always the caller's.
    let client = Client::new(gateway.environment(), credentials)?;

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
    show("request_payment", &request, &gateway.records(), &requested);

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
    show("confirm_payment", &confirm, &gateway.records(), &confirmed);

    // 4. The transaction as Shinhan records it.
    let lookup = ConfirmInfoRequest::builder()
        .client_id(confirm.client_id.clone())
        .order_no(confirm.order_no.clone())
        .build();
    let info = client.get_payment_info(&lookup).await?;
    show("get_payment_info", &lookup, &gateway.records(), &info);

    // Card payments start at 100 won, and user_name allows 20 bytes (7 Hangul syllables are 21).
    let mut invalid = request;
    invalid.amount = 99;
    invalid.user_name = "남궁민수김철수".into();
    match unsent(|| gateway.records(), client.request_payment(&invalid)).await {
        Err(Error::Validation(errors)) => println!("{errors}"),
        other => return Err(format!("expected a validation error, got {other:?}").into()),
    }
    Ok(())
}
