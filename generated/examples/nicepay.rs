//! NICEPAY: a card payment in the server approval model, from the returnUrl POST to a partial
//! cancel and its webhook, with the generated client.
//!
//! Run it from the workspace root with `cargo run -p paygen --example nicepay`. It needs no
//! network and no merchant account: it talks to `paygen::nicepay::mock`, the mock generated from
//! the same spec, on 127.0.0.1. The mock issues the bearer token itself (Basic auth checked),
//! refuses any other token, recomputes each request's `signData` over its `ediDate`, and answers
//! with the documents' examples and made-up ids (only the access token's answer is printed in the
//! documents, common:221-228), the lookup from its own record of the approval. The flow:
//!
//! 1. the payment window posts the authentication result to your returnUrl through the buyer's
//!    browser: `ReturnUrlAuthResult::from_form` reads it; the handler checks its code, its order
//!    and, with `verify_return_url_auth_result`, its signature;
//! 2. `approve_payment` charges it: the client first fetches a bearer token (`POST
//!    /v1/access-token`, Basic auth) by itself, then sends the approval with `Bearer`, the
//!    `ediDate` of its clock and the `signData` over it;
//! 3. `get_payment` looks the payment up by tid (a GET: ediDate and signData in the query);
//! 4. `cancel_payment` cancels 500 won of it, answered (scripted here) 2001 (취소 성공,
//!    code:269): a success;
//! 5. NICEPAY posts the cancel to your webhook: `WebhookNotification::from_json` reads it,
//!    `verify_webhook_notification` checks it, `WebhookNotification::ANSWER` is the reply.
//!
//! The returnUrl and webhook signatures are computed here with sha2 and the mock's secret key,
//! playing NICEPAY's part. The printout shows the last request of each call, token masked: the
//! token fetch before the approval is not shown, and later calls reuse the token. Last, a cancel
//! that breaks two documented rules fails validation before anything is sent.

mod mock;

use mock::{show, unsent};
use paygen::nicepay::mock::{MockGateway, Operation};
use paygen::nicepay::{
    ApprovePaymentRequest, CancelPaymentRequest, CancelResponse, Client, GetPaymentRequest,
    PaymentStatus, ReturnUrlAuthResult, WebhookNotification,
};
use paygen_runtime::auth::{ExposeSecret, FixedClock};
use paygen_runtime::Error;
use sha2::{Digest, Sha256};
use std::sync::Arc;

/// 2026-03-09T09:56:27.000+09:00: a fixed clock makes the printed ediDate the same on every run.
const NOW_MS: u64 = 1_773_017_787_000;
const TID: &str = "nicuntct1m0101210727200708A058";
const ORDER_ID: &str = "ORDER-20260309-0001";
const ORDER_AMOUNT: i64 = 1004;

/// The partial cancel's answer (cancel:85-112): 2001 취소 성공 (code:269), the balance left, and
/// the cancel in `cancels` (cancel:185-191) under the new TID a partial cancel gets (cancel:90).
const CANCELLED: &str = r#"{
  "resultCode": "2001", "resultMsg": "취소 성공", "tid": "nicuntct1m0101210727200708A058",
  "cancelledTid": "nicuntct1m0101260309095630C001", "orderId": "ORDER-20260309-0001",
  "ediDate": "2026-03-09T09:56:30.000+0900", "status": "partialCancelled",
  "paidAt": "2026-03-09T09:56:28.000+0900", "failedAt": "0",
  "cancelledAt": "2026-03-09T09:56:30.000+0900", "payMethod": "card", "amount": 1004,
  "balanceAmt": 504, "goodsName": "나이스페이-상품", "useEscrow": false, "currency": "KRW",
  "cancels": [{
    "tid": "nicuntct1m0101260309095630C001", "amount": 500,
    "cancelledAt": "2026-03-09T09:56:30.000+0900", "reason": "고객 요청",
    "receiptUrl": "https://receipt.example/nicuntct1m0101260309095630C001"
  }]
}"#;

/// hex(sha256(parts + SecretKey)), as NICEPAY computes its signatures (window:160, hook:65).
fn signed_by_nicepay(parts: &[&str], secret_key: &str) -> String {
    let digest = Sha256::digest(format!("{}{secret_key}", parts.concat()));
    digest.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// The returnUrl POST (window:150-160) as the browser sends it, "인증 성공" percent-encoded in UTF-8.
/// signature = hex(sha256(authToken + clientId + amount + SecretKey)) (window:160).
fn return_url_form(client_key: &str, secret_key: &str) -> String {
    let auth_token = "NICEUNTTB1B4B7C9A9D5E6F7A8B9C0D1E2F3A4";
    let signature = signed_by_nicepay(
        &[auth_token, client_key, &ORDER_AMOUNT.to_string()],
        secret_key,
    );
    format!(
        "authResultCode=0000&authResultMsg=%EC%9D%B8%EC%A6%9D+%EC%84%B1%EA%B3%B5&tid={TID}\
         &clientId={client_key}&orderId={ORDER_ID}&amount={ORDER_AMOUNT}&authToken={auth_token}\
         &signature={signature}"
    )
}

/// The webhook of the partial cancel (hook:31, hook:57-84), its fields the cancel's answer; the
/// table names only 0000 as a code (hook:59), so the 2001 here is a guess. signature =
/// hex(sha256(tid + amount + ediDate + SecretKey)), ediDate as written (hook:65).
fn webhook_body(secret_key: &str) -> String {
    let edi_date = "2026-03-09T09:56:31.000+0900";
    let signature = signed_by_nicepay(&[TID, &ORDER_AMOUNT.to_string(), edi_date], secret_key);
    format!(
        r#"{{"resultCode":"2001","resultMsg":"취소 성공","tid":"{TID}",
  "cancelledTid":"nicuntct1m0101260309095630C001","orderId":"{ORDER_ID}","ediDate":"{edi_date}",
  "signature":"{signature}","status":"partialCancelled","paidAt":"2026-03-09T09:56:28.000+0900",
  "failedAt":"0","cancelledAt":"2026-03-09T09:56:30.000+0900","payMethod":"card",
  "amount":{ORDER_AMOUNT},"balanceAmt":504,"goodsName":"나이스페이-상품","useEscrow":false,
  "currency":"KRW"}}"#
    )
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let gateway = MockGateway::start().await?;
    // Load the secret key from your secret store: it signs every request and checks both
    // callbacks. The mock accepts its own.
    let credentials = gateway.credentials();
    let (client_key, secret_key) = (
        credentials.client_key.clone(),
        credentials.secret_key.expose_secret().to_owned(),
    );
    // In production `Environment::Production` and `Client::new`, whose system clock writes ediDate;
    // the fixed clock only makes the printed ediDate and signData the same on every run.
    let client = Client::builder(gateway.environment(), credentials)
        .clock(Arc::new(FixedClock(NOW_MS)))
        .build()?;

    // 1. In a web app this is the body of the browser's POST to your returnUrl.
    let posted =
        ReturnUrlAuthResult::from_form(return_url_form(&client_key, &secret_key).as_bytes())?;
    println!("=== returnUrl POST\n{posted:#?}\n");
    // Only an authenticated payment may be approved (window:152).
    if posted.auth_result_code.as_deref() != Some("0000") {
        return Err(format!("not authenticated: {:?}", posted.auth_result_msg).into());
    }
    // The form passed through the buyer's browser: it must be this order at its price (window:29),
    // and signed with your secret key, or a buyer could pay less than the order.
    if posted.order_id.as_deref() != Some(ORDER_ID) || posted.amount != Some(ORDER_AMOUNT) {
        return Err("the returnUrl POST does not match the order".into());
    }
    client.verify_return_url_auth_result(&posted)?;

    // 2. Nothing is charged until this call (window:164-166).
    let approve = ApprovePaymentRequest::builder()
        .tid(posted.tid.clone().ok_or("no tid")?)
        .amount(ORDER_AMOUNT)
        .build();
    // Never retried: on `Error::OutcomeUnknown` (a read timeout), net-cancel it by orderId within
    // the hour (window:189, cancel:220), or settle it with `approve_payment_outcome`.
    let approved = client.approve_payment(&approve).await?;
    show("approve_payment", &approve, &gateway.records(), &approved);

    // 3. What NICEPAY itself says of the payment, by the tid it answered.
    let lookup = GetPaymentRequest::builder()
        .tid(approved.tid.clone())
        .build();
    let payment = client.get_payment(&lookup).await?;
    show("get_payment", &lookup, &gateway.records(), &payment);
    if payment.status != PaymentStatus::Paid {
        return Err(format!("not paid: {}", payment.status).into());
    }

    // 4. With cancelAmt, only part is cancelled (cancel:66). A partial cancel cannot be sent again
    // with an orderId already used (cancel:65), so each one gets its own.
    let cancel = CancelPaymentRequest::builder()
        .tid(approved.tid.clone())
        .reason("고객 요청")
        .order_id("ORDER-20260309-0001-C1")
        .cancel_amt(500)
        .build();
    // NICEPAY answers a partial cancel 2001, which the spec counts as a success; the mock would
    // answer 0000, so the documented answer is scripted (checked like any call).
    let answer: CancelResponse = serde_json::from_str(CANCELLED)?;
    gateway.once(
        Operation::CancelPayment,
        Operation::CancelPayment.answer(&answer),
    );
    let cancelled = client.cancel_payment(&cancel).await?;
    show("cancel_payment", &cancel, &gateway.records(), &cancelled);
    println!("{} won can still be cancelled\n", cancelled.balance_amt);

    // 5. In a web app this is the body of NICEPAY's POST to your webhook end-point. Anyone who
    // finds the end-point can post to it: check the signature and the amount first (hook:47).
    let notification = WebhookNotification::from_json(webhook_body(&secret_key).as_bytes())?;
    client.verify_webhook_notification(&notification)?;
    if notification.order_id != ORDER_ID || notification.amount != ORDER_AMOUNT {
        return Err("the webhook does not match the order".into());
    }
    // Anything but 200 and "OK" counts as a failed delivery (hook:44).
    let answer = WebhookNotification::ANSWER;
    println!("=== webhook\n{notification:#?}\n--- answer:\n{answer:#?}\n");

    // Amounts have at most 12 digits (cancel:66) and orderId at most 64 bytes (cancel:65).
    let mut invalid = cancel;
    invalid.cancel_amt = Some(1_000_000_000_000);
    invalid.order_id = "ORDER-20260309-0001-".repeat(4);
    match unsent(|| gateway.records(), client.cancel_payment(&invalid)).await {
        Err(Error::Validation(errors)) => println!("{errors}"),
        other => return Err(format!("expected a validation error, got {other:?}").into()),
    }
    Ok(())
}
