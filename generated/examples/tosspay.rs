//! Toss Pay: a card payment from creation to refund with the generated client.
//!
//! Run it from the workspace root with `cargo run -p paygen --example tosspay`. It needs no
//! network and no merchant account: it talks to `paygen::tosspay::mock`, the mock generated from
//! the same spec, on 127.0.0.1, which checks every request as Toss would (the `apiKey`, the
//! documented lengths) and answers with the document's example answers (tosspay-api.txt, cited
//! as toss:LINE), the request's own fields echoed. The flow:
//!
//! 1. `create_payment` with `autoExecute` false; the buyer is sent to the answer's `checkoutPage`;
//! 2. once the buyer has authenticated (PAY_APPROVED), `execute_payment` approves the payment;
//! 3. Toss then POSTs the V2 result callback: `ResultCallback::from_json` reads it, and
//!    `ResultCallback::ANSWER` is what the handler replies;
//! 4. `get_payment_status` confirms the payment, because the callback is not signed;
//! 5. `refund_payment` returns all of it.
//!
//! The client puts the merchant key into every body as `apiKey` (toss:101-106), so no request
//! type has a field for it; the printout shows bodies as the mock received them, with that key
//! masked. Last, a request that breaks two documented rules fails validation before anything is
//! sent.

mod mock;

use mock::{show, unsent};
use paygen::tosspay::mock::MockGateway;
use paygen::tosspay::{
    CallbackVersion, Client, CreatePaymentRequest, ExecutePaymentRequest, PayStatus,
    PaymentStatusRequest, RefundPaymentRequest, ResultCallback,
};
use paygen_runtime::Error;

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

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let gateway = MockGateway::start().await?;
    // The key, not the host, decides test or live (toss:106); load it from your secret store:
    // `Credentials { api_key: SecretString::from(...) }`. The mock accepts its own.
    let credentials = gateway.credentials();
    // In production `Environment::Production`, the one host, for test keys too.
    let client = Client::new(gateway.environment(), credentials)?;

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
    show("create_payment", &request, &gateway.records(), &created);
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
    show("execute_payment", &execute, &gateway.records(), &executed);

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
    show("get_payment_status", &query, &gateway.records(), &status);
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
    show("refund_payment", &refund, &gateway.records(), &refunded);

    // autoExecute true needs a URL to report to (toss:148, toss:153), and a product description
    // may not hold quotes (toss:119).
    let mut invalid = request;
    invalid.auto_execute = Some(true);
    invalid.result_callback = None;
    invalid.product_desc = r#"테스트 "특가" 결제"#.into();
    match unsent(|| gateway.records(), client.create_payment(&invalid)).await {
        Err(Error::Validation(errors)) => println!("{errors}"),
        other => return Err(format!("expected a validation error, got {other:?}").into()),
    }
    Ok(())
}
