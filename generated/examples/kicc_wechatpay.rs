//! KICC EasyPay WeChat Pay: create a QR-code transaction with the generated client.
//!
//! Run it from the workspace root with `cargo run --example kicc_wechatpay`. It needs no network
//! and no merchant account: it talks to `paygen::kicc_wechatpay::mock`, the mock generated from
//! the same spec, on 127.0.0.1, which checks the request as KICC would and answers with the
//! documented example response (kicc-wechatpay-create-transaction.en.txt lines 88-95), the
//! request's own IDs echoed.
//!
//! It prints the request (its `Debug` masks the customer's personal data), the HTTP request the
//! mock received with the outcome of its checks, and the parsed response. Then it sends a request that breaks two of KICC's
//! rules and shows that validation lists both, by field path, before anything is sent.

mod mock;

use mock::{show, unsent};
use paygen::kicc_wechatpay::mock::MockGateway;
use paygen::kicc_wechatpay::{
    AmountInfo, Client, CreateTransactionRequest, Currency, CustomerInfo, TradeType,
};
use paygen_runtime::Error;
use std::time::Duration;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let gateway = MockGateway::start().await?;
    // In production: `Environment::Production` (or `Sandbox` while testing with KICC).
    let client = Client::builder(gateway.environment())
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
    show("create_transaction", &request, &gateway.records(), &created);
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
    match unsent(|| gateway.records(), client.create_transaction(&invalid)).await {
        Err(Error::Validation(errors)) => println!("{errors}"),
        other => return Err(format!("expected a validation error, got {other:?}").into()),
    }
    Ok(())
}
