//! Toss Pay: a card payment from creation to refund with the generated client.
//!
//! Run it from the workspace root with `cargo run -p paygen --example tosspay`. It needs no
//! network and no merchant account: it starts a mock of pay.toss.im on 127.0.0.1 that answers with
//! the document's example answers (tosspay-api.txt, cited as toss:LINE), made to describe one card
//! payment of 1,000 won, their missing commas and `//` comments dropped. The flow:
//!
//! 1. `create_payment` with `autoExecute` false; the buyer is sent to the answer's `checkoutPage`;
//! 2. once the buyer has authenticated (PAY_APPROVED), `execute_payment` approves the payment;
//! 3. Toss then POSTs the V2 result callback: `ResultCallback::from_json` reads it, and
//!    `ResultCallback::ANSWER` is what the handler replies;
//! 4. `get_payment_status` confirms the payment, because the callback is not signed;
//! 5. `refund_payment` returns all of it.
//!
//! The client puts the merchant key into every body as `apiKey` (toss:101-106), so no request
//! type has a field for it; the mock prints bodies as received, with that key masked. Last, a
//! request that breaks two documented rules fails validation before anything is sent.

mod mock;

use mock::{Gateway, Route};
use paygen::tosspay::{
    CallbackVersion, Client, CreatePaymentRequest, Credentials, Environment, ExecutePaymentRequest,
    PayStatus, PaymentStatusRequest, RefundPaymentRequest, ResultCallback,
};
use paygen_runtime::auth::SecretString;
use paygen_runtime::Error;

/// The answer to the creation, as printed (toss:397).
const CREATED: &str = r#"{"code":0,"checkoutPage":"https://pay.toss.im/payfront/auth?payToken=example-payToken","payToken":"example-payToken"}"#;

/// The answer to the execute (toss:879-908), with this order's number, amount and time.
const EXECUTED: &str = r#"{
  "code": 0, "mode": "LIVE", "orderNo": "1", "amount": 1000, "approvalTime": "2023-02-09 15:44:24",
  "stateMsg": "결제 완료", "discountedAmount": 0, "paidAmount": 1000, "payMethod": "CARD",
  "payToken": "example-payToken", "transactionId": "2da1ca05-d91d-410f-976d-7a610242da8a",
  "cardCompanyCode": 3, "cardCompanyName": "삼성", "cardAuthorizationNo": "87654321",
  "spreadOut": 0, "noInterest": false,
  "salesCheckLinkUrl": "https://pay.toss.im/payfront/web/external/sales-check?payToken=example-payToken&transactionId=2da1ca05-d91d-410f-976d-7a610242da8a",
  "cardMethodType": "CREDIT", "cardNumber": "654321******1234", "cardUserType": "PERSONAL",
  "cardNum4Print": "1234", "cardBinNumber": "654321"
}"#;

/// What Toss POSTs as JSON to `resultCallback` once the money is withdrawn (toss:551-575), with
/// this order's amounts and time, and the transaction id its own sales-slip URL names (toss:573).
const CALLBACK: &str = r#"{
  "status": "PAY_COMPLETE", "payToken": "example-payToken", "orderNo": "1", "payMethod": "CARD",
  "amount": 1000, "discountedAmount": 0, "paidAmount": 1000, "paidTs": "2023-02-09 15:44:24",
  "transactionId": "2da1ca05-d91d-410f-976d-7a610242da8a", "cardCompanyCode": 3,
  "cardAuthorizationNo": "87654321", "spreadOut": 0, "noInterest": false,
  "cardMethodType": "CREDIT", "cardUserType": "PERSONAL", "cardNumber": "654321******1234",
  "cardBinNumber": "654321", "cardNum4Print": "1234",
  "salesCheckLinkUrl": "https://pay.toss.im/payfront/web/external/sales-check?payToken=example-payToken&transactionId=2da1ca05-d91d-410f-976d-7a610242da8a"
}"#;

/// The answer to the status query (toss:1554-1603), with this payment's token, order number,
/// card (toss:892-902) and transaction id. `pointAmount` has no row: it is ignored on receipt.
const STATUS: &str = r#"{
  "code": 0, "mode": "LIVE", "payToken": "example-payToken", "orderNo": "1",
  "payStatus": "PAY_COMPLETE", "payMethod": "CARD", "amount": 1000, "discountedAmount": 0,
  "discountAmountV2": 0, "paidPointV2": 0, "paidAmount": 1000, "refundableAmount": 1000,
  "amountTaxable": 909, "amountTaxFree": 0, "amountVat": 91, "amountServiceFee": 0,
  "disposableCupDeposit": 0,
  "card": {
    "noInterest": false, "spreadOut": 0, "cardAuthorizationNo": "87654321",
    "cardMethodType": "CREDIT", "cardUserType": "PERSONAL", "cardNumber": "654321******1234",
    "cardBinNumber": "654321", "cardNum4Print": "1234",
    "salesCheckLinkUrl": "https://pay.toss.im/payfront/web/external/sales-check?payToken=example-payToken&transactionId=2da1ca05-d91d-410f-976d-7a610242da8a",
    "cardCompanyName": "삼성", "cardCompanyCode": 3
  },
  "transactions": [{
    "stepType": "PAY", "transactionId": "2da1ca05-d91d-410f-976d-7a610242da8a",
    "paidAmount": 1000, "transactionAmount": 1000, "discountedAmount": 0, "pointAmount": 0,
    "regTs": "2023-02-09 15:44:25"
  }],
  "createdTs": "2023-02-09 15:44:04", "paidTs": "2023-02-09 15:44:24"
}"#;

/// The answer to the refund (toss:1194-1217), with the request's refundNo, the amounts of
/// refunding all 1,000 won, and a time after the payment's.
const REFUNDED: &str = r#"{
  "code": 0, "refundNo": "refund-0001", "approvalTime": "2023-02-09 16:02:10",
  "cashReceiptMgtKey": "0123456-abcd-9abcd0Df", "refundableAmount": 0, "discountedAmount": 0,
  "paidAmount": 0, "refundedAmount": -1000, "refundedDiscountAmount": 0,
  "refundedPaidAmount": -1000, "payToken": "example-payToken",
  "transactionId": "3243c76e-e9cf-4669-881b-33a3b82ddf49", "cardMethodType": "CREDIT",
  "cardNumber": "654321******1234", "cardUserType": "PERSONAL", "cardNum4Print": "1234",
  "cardBinNumber": "654321"
}"#;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let gateway = Gateway::start(vec![
        Route::post("/api/v2/payments", CREATED),
        Route::post("/api/v2/execute", EXECUTED),
        Route::post("/api/v2/status", STATUS),
        Route::post("/api/v2/refunds", REFUNDED),
    ])
    .await;
    // The key, not the host, decides test or live (toss:106); load it from your secret store.
    let credentials = Credentials {
        api_key: SecretString::from("example-api-key"),
    };
    // In production `Environment::Production`, the one host, for test keys too.
    let client = Client::new(Environment::Custom(gateway.uri()), credentials)?;

    // 1. The shop approves each payment itself (autoExecute false) and still asks for the
    // callback in V2: without callbackVersion Toss sends the undocumented V1 (toss:161).
    let request = CreatePaymentRequest::builder()
        .order_no("1") // never reused once authenticated, nor across test and live (toss:112-114)
        .product_desc("테스트결제")
        .amount(1000) // won
        .amount_tax_free(0) // taxable goods: Toss splits out the VAT (toss:176)
        .ret_url("https://shop.example/order-check?orderno=1")
        .ret_cancel_url("https://shop.example/close")
        .auto_execute(false)
        .result_callback("https://shop.example/callback")
        .callback_version(CallbackVersion::V2)
        .build();
    // Never retried: on `Error::OutcomeUnknown`, query the status by orderNo before anything else.
    let created = client.create_payment(&request).await?;
    gateway.show("create_payment", &request, &created).await;
    let pay_token = created.pay_token.clone().ok_or("no payToken")?;
    let checkout = created.checkout_page.as_deref().ok_or("no checkoutPage")?;
    // As sent (toss:251), in a page of its own: Toss does not support iframes (toss:44-45).
    println!("Redirect the buyer to {checkout}\n");

    // 2. The buyer is back on retUrl (toss:125-126). With orderNo, Toss refuses a token that
    // belongs to another order (toss:601-602).
    let execute = ExecutePaymentRequest::builder()
        .pay_token(pay_token.clone())
        .order_no(request.order_no.clone())
        .build();
    let executed = client.execute_payment(&execute).await?;
    gateway.show("execute_payment", &execute, &executed).await;

    // 3. In a web app this is the body of the POST to your resultCallback handler.
    let callback = ResultCallback::from_json(CALLBACK.as_bytes())?;
    let answer = ResultCallback::ANSWER;
    println!("=== result callback\n{callback:#?}\n--- answer:\n{answer:#?}\n");

    // 4. The callback carries no signature (toss:406-535), so anyone could have sent it: ship
    // on the state Toss itself reports.
    let query = PaymentStatusRequest::builder()
        .pay_token(pay_token.clone())
        .build();
    let status = client.get_payment_status(&query).await?;
    gateway.show("get_payment_status", &query, &status).await;
    if status.pay_status != Some(PayStatus::PayComplete) {
        return Err(format!("not paid: {:?}", status.pay_status).into());
    }

    // 5. Without amount, all that remains is refunded (toss:947). With a refundNo of your own, a
    // refund whose answer was lost can be sent again without refunding twice (toss:932, toss:939).
    let refund = RefundPaymentRequest::builder()
        .pay_token(pay_token)
        .refund_no("refund-0001")
        .reason("단순변심")
        .build();
    let refunded = client.refund_payment(&refund).await?;
    gateway.show("refund_payment", &refund, &refunded).await;

    // autoExecute true needs a URL to report to (toss:148, toss:153), and a product description
    // may not hold quotes (toss:119).
    let mut invalid = request;
    invalid.auto_execute = Some(true);
    invalid.result_callback = None;
    invalid.product_desc = r#"테스트 "특가" 결제"#.into();
    match gateway.unsent(client.create_payment(&invalid)).await {
        Err(Error::Validation(errors)) => println!("{errors}"),
        other => return Err(format!("expected a validation error, got {other:?}").into()),
    }
    Ok(())
}
