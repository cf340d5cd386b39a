//! LINE NEXT Unifi Pay: create a payment, then read its status, with HMAC-signed requests.
//!
//! Run it from the workspace root with `cargo run --example linenext_unifipay`. It needs no
//! network and no merchant account: it talks to `paygen::linenext_unifipay::mock`, the mock
//! generated from the same spec, on 127.0.0.1, which recomputes each request's HMAC and refuses
//! a wrong one. The document (linenext-unifipay-payment.ko.txt) prints no example bodies, so the
//! mock makes up the ids of its answer to the creation (ko:72-78); the status answer
//! (ko:124-160) is scripted here, with made-up values, since no documented call links a status
//! read to a creation (the status needs Unifi's own transactionId).
//!
//! The client signs every call: `X-Authorization-Hmac` is
//! `BASE64(HMAC-SHA256(appSecret, method + URI + X-API-Key + X-Timestamp + body))` over the exact
//! bytes sent (ko:16). The printout masks the key and the signature. Then a request that breaks
//! the documented rules fails validation, listing every violation, before anything is signed or
//! sent.

mod mock;

use mock::{show, unsent};
use paygen::linenext_unifipay::mock::{MockGateway, Operation};
use paygen::linenext_unifipay::{
    Client, CreatePaymentRequest, PaymentStatusRequest, PaymentStatusResponse,
};
use paygen_runtime::Error;

/// Answer to the status query (ko:124-160): amounts without a documented unit, in USD.
const STATUS: &str = r#"{
  "status": "CONFIRMED",
  "orderId": "ORDER-20261122-0001",
  "storeId": "STORE-001",
  "payAmount": 1000,
  "orderAmount": "1000",
  "transactionId": "{transactionId}",
  "discountAmount": 0,
  "payCurrencyCode": "USD",
  "orderCurrencyCode": "USD"
}"#;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let gateway = MockGateway::start().await?;
    // What LINE NEXT issues to the PG (app_id, api_key, app_secret); load the secrets from your
    // secret store. The mock accepts its own.
    let credentials = gateway.credentials();
    // The document names no host, so the base URL is always the caller's.
    let client = Client::new(gateway.environment(), credentials)?;

    // orderCurrencyCode is always "USD": the client sends it, the type has no field for it.
    let request = CreatePaymentRequest::builder()
        .order_id("ORDER-20261122-0001")
        .store_id("STORE-001")
        .request_id("REQ-20261122-0001")
        .return_url("https://shop.example/unifi/return")
        .callback_url("https://shop.example/unifi/callback")
        .country_code("KOR")
        .build();
    // Never retried: if this fails with `Error::OutcomeUnknown`, query the status before
    // anything else.
    let created = client.create_payment(&request).await?;
    show("create_payment", &request, &gateway.records(), &created);
    println!("Redirect the buyer to {}\n", created.start_page_url);

    let query = PaymentStatusRequest::builder()
        .transaction_id(created.transaction_id.clone())
        .build();
    // The gateway's answer for this transaction, scripted: the mock checks the signed GET
    // and answers it.
    let answer: PaymentStatusResponse =
        serde_json::from_str(&STATUS.replace("{transactionId}", &created.transaction_id))?;
    gateway.once(
        Operation::PaymentStatus,
        Operation::PaymentStatus.answer(&answer),
    );
    let status = client.payment_status(&query).await?;
    show("payment_status", &query, &gateway.records(), &status);

    // A two-letter country code (ISO alpha-3 has three) and an empty request id.
    let mut invalid = request;
    invalid.country_code = "KR".into();
    invalid.request_id = String::new();
    match unsent(|| gateway.records(), client.create_payment(&invalid)).await {
        Err(Error::Validation(errors)) => println!("{errors}"),
        other => return Err(format!("expected a validation error, got {other:?}").into()),
    }
    Ok(())
}
