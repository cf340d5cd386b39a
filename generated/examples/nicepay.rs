//! NICEPAY: a card payment in the server approval model, from the returnUrl POST to a partial
//! cancel and its webhook, with the generated client.
//!
//! Run it from the workspace root with `cargo run -p paygen --example nicepay`. It needs no
//! network and no merchant account: it starts a mock of api.nicepay.co.kr on 127.0.0.1. Of the
//! mock's answers only the access token's is printed in the documents (common:221-228); the others
//! hold the required fields of their tables and a few optional ones, with made-up values for one
//! order of 1,004 won. The flow:
//!
//! 1. the payment window posts the authentication result to your returnUrl through the buyer's
//!    browser: `ReturnUrlAuthResult::from_form` reads it; the handler checks its code, its order
//!    and, with `verify_return_url_auth_result`, its signature;
//! 2. `approve_payment` charges it: the client first fetches a bearer token (`POST
//!    /v1/access-token`, Basic auth) by itself, then sends the approval with `Bearer`, the
//!    `ediDate` of its clock and the `signData` over it;
//! 3. `get_payment` looks the payment up by tid (a GET: ediDate and signData in the query);
//! 4. `cancel_payment` cancels 500 won of it, answered 2001 (취소 성공, code:269): a success;
//! 5. NICEPAY posts the cancel to your webhook: `WebhookNotification::from_json` reads it,
//!    `verify_webhook_notification` checks it, `WebhookNotification::ANSWER` is the reply.
//!
//! The returnUrl and webhook signatures are computed here with sha2, playing NICEPAY's part. The
//! mock prints the last request of each call, token masked: the token fetch before the approval
//! is not shown, and later calls reuse the token. Last, a cancel that breaks two documented rules
//! fails validation before anything is sent.

mod mock;

use mock::{Gateway, Route};
use paygen::nicepay::{
    ApprovePaymentRequest, CancelPaymentRequest, Client, Credentials, Environment,
    GetPaymentRequest, PaymentStatus, ReturnUrlAuthResult, WebhookNotification,
};
use paygen_runtime::auth::{FixedClock, SecretString};
use paygen_runtime::Error;
use sha2::{Digest, Sha256};
use std::sync::Arc;

/// A sandbox-style client key and a made-up secret key, the same as tests/tests/nicepay_wire.rs
/// uses with the same instant, so the printed signData can be checked against its Python digests.
const CLIENT_KEY: &str = "S2_af4543a0be4d49a98122e01ec2059a56";
const SECRET_KEY: &str = "9eb85607103646da9f9c02b128f2e5ee";
/// 2026-03-09T09:56:27.000+09:00.
const NOW_MS: u64 = 1_773_017_787_000;
const TID: &str = "nicuntct1m0101210727200708A058";
const ORDER_ID: &str = "ORDER-20260309-0001";
const ORDER_AMOUNT: i64 = 1004;

/// The access-token answer as printed (common:221-228). Its expireAt is ten days after its now;
/// the client keeps the token for 30 minutes at most (common:238), less a minute.
const TOKEN: &str = r#"{
  "resultCode": "0000",
  "resultMsg": "정상 처리되었습니다.",
  "accessToken": "6d0a7caa1b7358c8aa06ef3706e01bb1feb2c65dacc7147b258dfdd6191b5279",
  "tokenType": "Bearer",
  "expireAt": "2021-07-31T00:58:02.000+0900",
  "now": "2021-07-20T15:28:26.882+0900"
}"#;

/// The approval's answer (window:227-254) with its card (window:269-278); the lookup answers
/// with the same table (status:67-120). resultMsg is code 0000's text (code:204). No signature,
/// which NICEPAY adds for valid transactions (window:235): the client does not check answers'.
const APPROVED: &str = r#"{
  "resultCode": "0000", "resultMsg": "결제성공", "tid": "nicuntct1m0101210727200708A058",
  "orderId": "ORDER-20260309-0001", "ediDate": "2026-03-09T09:56:28.000+0900", "status": "paid",
  "paidAt": "2026-03-09T09:56:28.000+0900", "failedAt": "0", "cancelledAt": "0",
  "payMethod": "card", "amount": 1004, "balanceAmt": 1004, "goodsName": "나이스페이-상품",
  "useEscrow": false, "currency": "KRW", "channel": "pc", "approveNo": "30012345",
  "issuedCashReceipt": false,
  "receiptUrl": "https://receipt.example/nicuntct1m0101210727200708A058",
  "card": {
    "cardCode": "01", "cardName": "비씨", "cardNum": "536112******1234", "cardQuota": "0",
    "isInterestFree": false, "cardType": "credit", "canPartCancel": true,
    "acquCardCode": "01", "acquCardName": "비씨"
  }
}"#;

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
fn signed_by_nicepay(parts: &[&str]) -> String {
    let digest = Sha256::digest(format!("{}{SECRET_KEY}", parts.concat()));
    digest.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// The returnUrl POST (window:150-160) as the browser sends it, "인증 성공" percent-encoded in UTF-8.
/// signature = hex(sha256(authToken + clientId + amount + SecretKey)) (window:160).
fn return_url_form() -> String {
    let auth_token = "NICEUNTTB1B4B7C9A9D5E6F7A8B9C0D1E2F3A4";
    let signature = signed_by_nicepay(&[auth_token, CLIENT_KEY, &ORDER_AMOUNT.to_string()]);
    format!(
        "authResultCode=0000&authResultMsg=%EC%9D%B8%EC%A6%9D+%EC%84%B1%EA%B3%B5&tid={TID}\
         &clientId={CLIENT_KEY}&orderId={ORDER_ID}&amount={ORDER_AMOUNT}&authToken={auth_token}\
         &signature={signature}"
    )
}

/// The webhook of the partial cancel (hook:31, hook:57-84), its fields the cancel's answer; the
/// table names only 0000 as a code (hook:59), so the 2001 here is a guess. signature =
/// hex(sha256(tid + amount + ediDate + SecretKey)), ediDate as written (hook:65).
fn webhook_body() -> String {
    let edi_date = "2026-03-09T09:56:31.000+0900";
    let signature = signed_by_nicepay(&[TID, &ORDER_AMOUNT.to_string(), edi_date]);
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
    let gateway = Gateway::start(vec![
        Route::post("/v1/access-token", TOKEN),
        Route::post("/v1/payments/nicuntct1m0101210727200708A058", APPROVED),
        Route::get("/v1/payments/nicuntct1m0101210727200708A058", APPROVED),
        Route::post(
            "/v1/payments/nicuntct1m0101210727200708A058/cancel",
            CANCELLED,
        ),
    ])
    .await;
    // Load the secret key from your secret store: it signs every request and checks both callbacks.
    let credentials = Credentials {
        client_key: CLIENT_KEY.into(),
        secret_key: SecretString::from(SECRET_KEY),
    };
    // In production `Environment::Production` and `Client::new`, whose system clock writes ediDate;
    // the fixed clock only makes the printed ediDate and signData the same on every run.
    let client = Client::builder(Environment::Custom(gateway.uri()), credentials)
        .clock(Arc::new(FixedClock(NOW_MS)))
        .build()?;

    // 1. In a web app this is the body of the browser's POST to your returnUrl.
    let posted = ReturnUrlAuthResult::from_form(return_url_form().as_bytes())?;
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
    gateway.show("approve_payment", &approve, &approved).await;

    // 3. What NICEPAY itself says of the payment, by the tid it answered.
    let lookup = GetPaymentRequest::builder()
        .tid(approved.tid.clone())
        .build();
    let payment = client.get_payment(&lookup).await?;
    gateway.show("get_payment", &lookup, &payment).await;
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
    let cancelled = client.cancel_payment(&cancel).await?;
    gateway.show("cancel_payment", &cancel, &cancelled).await;
    println!("{} won can still be cancelled\n", cancelled.balance_amt);

    // 5. In a web app this is the body of NICEPAY's POST to your webhook end-point. Anyone who
    // finds the end-point can post to it: check the signature and the amount first (hook:47).
    let notification = WebhookNotification::from_json(webhook_body().as_bytes())?;
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
    match gateway.unsent(client.cancel_payment(&invalid)).await {
        Err(Error::Validation(errors)) => println!("{errors}"),
        other => return Err(format!("expected a validation error, got {other:?}").into()),
    }
    Ok(())
}
