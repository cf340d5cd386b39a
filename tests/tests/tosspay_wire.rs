//! The generated Toss Pay client on the wire, against a loopback server: the merchant key sent in
//! the body by the client (never by the caller, never printed), the documented example bodies,
//! integer result codes with their messages, the status query retried as the safe POST it is, and
//! the result callback.

use paygen::tosspay::{
    CallbackStatus, Client, CreatePaymentRequest, Credentials, Environment, ExecutePaymentRequest,
    PayStatus, PaymentStatusRequest, RefundPaymentRequest, ResultCallback,
};
use paygen_runtime::auth::SecretString;
use paygen_runtime::recovery::Resolution;
use paygen_runtime::{Error, Rule};
use serde_json::{json, Value};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The document's example key (toss:281).
const API_KEY: &str = "sk_test_w5lNQylNqa5lNQe013Nq";

fn client(server: &MockServer) -> Client {
    let credentials = Credentials {
        api_key: SecretString::from(API_KEY),
    };
    Client::new(Environment::Custom(server.uri()), credentials).unwrap()
}

async fn answering(at: &str, status: u16, body: &str) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(at))
        .respond_with(ResponseTemplate::new(status).set_body_string(body))
        .mount(&server)
        .await;
    server
}

async fn sent_json(server: &MockServer) -> Vec<Value> {
    let received = server.received_requests().await.unwrap();
    received
        .iter()
        .map(|r| {
            assert_eq!(r.headers["content-type"], "application/json; charset=utf-8");
            serde_json::from_slice(&r.body).unwrap()
        })
        .collect()
}

/// The create call of the document's curl example (toss:274-286).
fn example_create() -> CreatePaymentRequest {
    CreatePaymentRequest::builder()
        .order_no("1")
        .amount(10000)
        .amount_tax_free(0)
        .product_desc("테스트결제")
        .auto_execute(true)
        .result_callback("https://YOUR-SITE.COM/callback")
        .callback_version(paygen::tosspay::CallbackVersion::V2)
        .ret_url("http://YOUR-SITE.COM/ORDER-CHECK?orderno=1")
        .ret_cancel_url("http://YOUR-SITE.COM/close")
        .build()
}

#[tokio::test]
async fn create_payment_sends_the_documented_example_with_the_key_filled_in() {
    // The example answer, verbatim (toss:397).
    let server = answering(
        "/api/v2/payments",
        200,
        r#"{"code":0,"checkoutPage":"https://pay.toss.im/payfront/auth?payToken=example-payToken","payToken":"example-payToken"}"#,
    )
    .await;
    let request = example_create();
    // The key is not a field of the request: the caller cannot set or print it.
    assert!(!format!("{request:?}").contains(API_KEY));
    let created = client(&server).create_payment(&request).await.unwrap();
    assert_eq!(created.pay_token.as_deref(), Some("example-payToken"));
    assert_eq!(
        created.checkout_page.as_deref(),
        Some("https://pay.toss.im/payfront/auth?payToken=example-payToken")
    );
    // The document's example body (toss:276-286), as the gateway would read it.
    let expected = json!({
        "orderNo": "1",
        "amount": 10000,
        "amountTaxFree": 0,
        "productDesc": "테스트결제",
        "apiKey": API_KEY,
        "autoExecute": true,
        "resultCallback": "https://YOUR-SITE.COM/callback",
        "callbackVersion": "V2",
        "retUrl": "http://YOUR-SITE.COM/ORDER-CHECK?orderno=1",
        "retCancelUrl": "http://YOUR-SITE.COM/close"
    });
    assert_eq!(sent_json(&server).await, [expected]);
}

#[tokio::test]
async fn a_bad_create_lists_every_rule_it_breaks_and_sends_nothing() {
    let server = answering("/api/v2/payments", 200, r#"{"code":0}"#).await;
    let mut request = example_create();
    request.order_no = "주문#1".into(); // only digits, letters and _-:.^@ (toss:109-111)
    request.product_desc = "a \"quoted\" \\ desc".into(); // no backslash or quotes (toss:119)
    request.amount = 10_000_000; // Max Length: 7 (toss:164-166)
    request.result_callback = None; // required with autoExecute true (toss:150-156)
    let err = client(&server).create_payment(&request).await.unwrap_err();
    let Error::Validation(errors) = err else {
        panic!("{err:?}")
    };
    let found: Vec<(String, &Rule)> = (errors.violations().iter())
        .map(|v| (v.path.to_string(), &v.rule))
        .collect();
    let broke =
        |field: &str, rule: fn(&Rule) -> bool| found.iter().any(|(p, r)| p == field && rule(r));
    assert!(
        broke("orderNo", |r| matches!(r, Rule::AllowedChars { .. })),
        "{found:?}"
    );
    assert!(
        broke("productDesc", |r| matches!(r, Rule::ForbiddenChars { .. })),
        "{found:?}"
    );
    assert!(
        broke("amount", |r| matches!(
            r,
            Rule::MaxDigits {
                limit: 7,
                actual: 8
            }
        )),
        "{found:?}"
    );
    assert!(
        broke("resultCallback", |r| matches!(r, Rule::RequiredIf { .. })),
        "{found:?}"
    );
    assert_eq!(found.len(), 4, "{found:?}");
    // Never the values themselves.
    let printed = errors.to_string();
    assert!(
        !printed.contains("주문") && !printed.contains("quoted"),
        "{printed}"
    );
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn a_failed_execute_is_an_api_error_with_its_message_and_error_code() {
    // The document's failure answer (toss:796-798): code -1 with msg and errorCode.
    let server = answering(
        "/api/v2/execute",
        200,
        r#"{"code":-1,"msg":"지금은 은행 점검 시간입니다. 점검이 끝난 후 사용해주세요.","errorCode":"COMMON_BREAK_TIME_OF_BANK"}"#,
    )
    .await;
    let request = ExecutePaymentRequest::builder()
        .pay_token("example-payToken")
        .order_no("1")
        .build();
    let err = client(&server).execute_payment(&request).await.unwrap_err();
    let Error::Api { failure, .. } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(failure.code, "-1");
    assert!(failure.message.starts_with("지금은 은행 점검 시간입니다"));
    assert_eq!(failure.detail.as_deref(), Some("COMMON_BREAK_TIME_OF_BANK"));
    let expected = json!({"apiKey": API_KEY, "payToken": "example-payToken", "orderNo": "1"});
    assert_eq!(sent_json(&server).await, [expected]);
}

#[tokio::test]
async fn the_status_query_is_retried_and_resolves_a_lost_execute() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/v2/status"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/api/v2/status"))
        .respond_with(ResponseTemplate::new(200).set_body_string(
            r#"{"code":0,"mode":"TEST","payToken":"example-payToken","payStatus":"PAY_COMPLETE","orderNo":"1","amount":2000}"#,
        ))
        .mount(&server)
        .await;
    let client = client(&server);
    let query = PaymentStatusRequest::builder()
        .pay_token("example-payToken")
        .build();
    let status = client.get_payment_status(&query).await.unwrap();
    assert_eq!(status.pay_status, Some(PayStatus::PayComplete));
    let execute = ExecutePaymentRequest::builder()
        .pay_token("example-payToken")
        .build();
    let resolution = client.execute_payment_outcome(&execute).await;
    assert!(
        matches!(resolution, Resolution::Approved(_)),
        "{resolution:?}"
    );
    let sent = sent_json(&server).await;
    // The 503 was sent again: a safe POST is retried like a read.
    assert_eq!(sent.len(), 3);
    assert!(sent
        .iter()
        .all(|body| body == &json!({"apiKey": API_KEY, "payToken": "example-payToken"})));
    // Neither payToken nor orderNo: the group's rule, before anything is sent.
    let err = client
        .get_payment_status(&PaymentStatusRequest::builder().build())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Validation(_)), "{err:?}");
    assert_eq!(server.received_requests().await.unwrap().len(), 3);
}

#[tokio::test]
async fn a_refund_is_sent_once_and_a_lost_answer_is_an_unknown_outcome() {
    let server = answering("/api/v2/refunds", 200, "{not json").await;
    let request = RefundPaymentRequest::builder()
        .pay_token("example-payToken")
        .amount(1000)
        .build();
    let err = client(&server).refund_payment(&request).await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::OutcomeUnknown {
                operation: "refund_payment",
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[test]
fn the_result_callback_of_the_document_decodes() {
    // The document's callback example (toss:554-575), with its commented-out line and its
    // trailing comma removed, as a JSON parser requires.
    let body = br#"{
"status": "PAY_COMPLETE",
"payToken": "example-payToken",
"orderNo": "1",
"payMethod": "CARD",
"amount": 3000,
"discountedAmount": 600,
"paidAmount": 2300,
"paidTs": "2020-04-03 14:22:37",
"transactionId" : "dc3b951a-9781-462e-ab5a-b8a0bea0222a",
"cardCompanyCode": 3,
"cardAuthorizationNo": "87654321",
"spreadOut": 0,
"noInterest": false,
"cardMethodType": "CREDIT",
"cardUserType": "PERSONAL",
"cardNumber": "654321******1234",
"cardBinNumber": "654321",
"cardNum4Print": "1234",
"salesCheckLinkUrl": "https://pay.toss.im/payfront/web/external/sales-check?payToken=example-payToken&transactionId=2da1ca05-d91d-410f-976d-7a610242da8a"
}"#;
    let callback = ResultCallback::from_json(body).unwrap();
    assert_eq!(callback.status, Some(CallbackStatus::PayComplete));
    assert_eq!(callback.pay_token.as_deref(), Some("example-payToken"));
    assert_eq!(callback.paid_amount, Some(2300));
    // The card number is personal data: masked in Debug.
    assert!(!format!("{callback:?}").contains("654321******1234"));
    assert_eq!(ResultCallback::ANSWER.status, 200);
}
