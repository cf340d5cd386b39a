//! KICC EasyPay WeChat Pay: create a QR-code transaction with the generated client.
//!
//! Run it from the workspace root with `cargo run --example kicc_wechatpay`. It needs no network
//! and no merchant account: it starts a mock of KICC's API on 127.0.0.1 that answers with the
//! documented example response (kicc-wechatpay-create-transaction.en.txt lines 88-95, its
//! placeholders filled in to match the request).
//!
//! It prints the request (its `Debug` masks the customer's personal data), the HTTP request the
//! mock received, and the parsed response. Then it sends a request that breaks two of KICC's
//! rules and shows that validation lists both, by field path, before anything is sent.

mod mock;

use mock::{Gateway, Route};
use paygen::kicc_wechatpay::{
    AmountInfo, Client, CreateTransactionRequest, Currency, CustomerInfo, Environment, TradeType,
};
use paygen_runtime::Error;
use std::time::Duration;

/// KICC's documented success answer, with the request's IDs in place of the placeholders.
const CREATED: &str = r#"{
  "resCd": "0000",
  "resMsg": "Success",
  "mallId": "T0001004",
  "shopTransactionId": "20261122-0001",
  "pgCno": "26112212000000000001",
  "paymentPageUrl": "weixin://wxpay/bizpayurl?pr=Ab12Cd3"
}"#;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let gateway = Gateway::start(vec![Route::post("/api/trades/wechatpay", CREATED)]).await;
    // In production: `Environment::Production` (or `Sandbox` while testing with KICC).
    let client = Client::builder(Environment::Custom(gateway.uri()))
        .timeout(Duration::from_secs(10))
        .build()?;

    let request = CreateTransactionRequest::builder()
        .mall_id("T0001004")
        // KICC's idempotency key: a retry with the same value cannot pay twice.
        .shop_transaction_id("20261122-0001")
        .shop_order_no("ORDER-0001")
        .goods_name("Sample Product") // ASCII only, as KICC requires
        .return_url("https://shop.example/return")
        .trade_type(TradeType::Native) // QR payment
        .notify_url("https://shop.example/notify")
        .amount_info(
            AmountInfo::builder()
                .currency(Currency::Krw)
                .total_amount(1000) // minor units: won for KRW, cents for USD
                .build(),
        )
        // Optional fields are set with the value itself, or left out.
        .customer_info(
            CustomerInfo::builder()
                .customer_id("User123")
                .customer_name("John Doe")
                .customer_mail("test@email.com")
                .customer_contact_no("01012345678")
                .customer_addr("Seoul, Korea")
                .build(),
        )
        .build();
    let created = client.create_transaction(&request).await?;
    gateway.show("create_transaction", &request, &created).await;
    if let Some(url) = &created.payment_page_url {
        println!("Render {url} as a QR code for the buyer to scan.\n");
    }

    // A 7-syllable Korean name is 21 bytes in UTF-8 (the limit is 20), and the phone number has
    // dashes (digits only, at most 11): every broken rule is reported, and nothing reaches KICC.
    let mut invalid = request.clone();
    if let Some(customer) = invalid.customer_info.as_mut() {
        customer.customer_name = Some("남궁민수김철수".into());
        customer.customer_contact_no = Some("010-1234-5678".into());
    }
    match gateway.unsent(client.create_transaction(&invalid)).await {
        Err(Error::Validation(errors)) => println!("{errors}"),
        other => return Err(format!("expected a validation error, got {other:?}").into()),
    }
    Ok(())
}
