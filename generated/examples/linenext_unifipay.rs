//! LINE NEXT Unifi Pay: create a payment, then read its status, with HMAC-signed requests.
//!
//! Run it from the workspace root with `cargo run --example linenext_unifipay`. It needs no
//! network and no merchant account: it starts a mock of Unifi Pay's API on 127.0.0.1. The
//! document (linenext-unifipay-payment.ko.txt) prints no example bodies, so the mock's answers
//! hold every field of its response tables (ko:72-78, ko:124-160) with made-up values.
//!
//! The client signs every call: `X-Authorization-Hmac` is
//! `BASE64(HMAC-SHA256(appSecret, method + URI + X-API-Key + X-Timestamp + body))` over the exact
//! bytes sent (ko:16). The printout masks the key and the signature. Then a request that breaks
//! the documented rules fails validation, listing every violation, before anything is signed or
//! sent.

mod mock;

use mock::{Gateway, Route};
use paygen::linenext_unifipay::{
    Client, CreatePaymentRequest, Credentials, Environment, PaymentStatusRequest,
};
use paygen_runtime::auth::SecretString;
use paygen_runtime::Error;

/// Answer to the payment creation (ko:72-78).
const CREATED: &str = r#"{
  "startPageUrl": "https://pay.unifi.example/start?transactionId=UNF20261122000123",
  "transactionId": "UNF20261122000123"
}"#;

/// Answer to the status query (ko:124-160): amounts without a documented unit, in USD.
const STATUS: &str = r#"{
  "status": "CONFIRMED",
  "orderId": "ORDER-20261122-0001",
  "storeId": "STORE-001",
  "payAmount": 1000,
  "orderAmount": "1000",
  "transactionId": "UNF20261122000123",
  "discountAmount": 0,
  "payCurrencyCode": "USD",
  "orderCurrencyCode": "USD"
}"#;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let gateway = Gateway::start(vec![
        Route::post("/api/v1/payment", CREATED),
        Route::get("/api/v1/payment/UNF20261122000123", STATUS),
    ])
    .await;
    // What LINE NEXT issues to the PG; load the secrets from your secret store.
    let credentials = Credentials {
        app_id: "example-app-id".into(),
        api_key: SecretString::from("example-api-key"),
        app_secret: SecretString::from("example-app-secret"),
    };
    // The document names no host, so the base URL is always the caller's.
    let client = Client::new(Environment::Custom(gateway.uri()), credentials)?;

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
    gateway.show("create_payment", &request, &created).await;
    println!("Redirect the buyer to {}\n", created.start_page_url);

    let query = PaymentStatusRequest::builder()
        .transaction_id(created.transaction_id.clone())
        .build();
    let status = client.payment_status(&query).await?;
    gateway.show("payment_status", &query, &status).await;

    // A two-letter country code (ISO alpha-3 has three) and an empty request id.
    let mut invalid = request;
    invalid.country_code = "KR".into();
    invalid.request_id = String::new();
    match gateway.unsent(client.create_payment(&invalid)).await {
        Err(Error::Validation(errors)) => println!("{errors}"),
        other => return Err(format!("expected a validation error, got {other:?}").into()),
    }
    Ok(())
}
