//! The generated LINE NEXT Unifi Pay client on the wire: HMAC-signed headers, the exact body
//! that was signed, the fixed currency filled in, the GET status call, and its answers.

use paygen::linenext_unifipay::{
    Client, CreatePaymentRequest, Credentials, Environment, PaymentStatus, PaymentStatusRequest,
};
use paygen_runtime::auth::{FixedClock, SecretString};
use paygen_runtime::Decimal;
use paygen_runtime::Error;
use std::sync::Arc;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const APP_SECRET: &str = "unifi-app-secret";
const API_KEY: &str = "f3248c3e-881c-42bd-abe7-1232023fe896"; // the doc's example key (ko:22)
const NOW_MS: u64 = 1_773_017_787_000; // the doc's example timestamp (ko:24)

fn client(server: &MockServer) -> Client {
    let credentials = Credentials {
        app_id: "app-1".into(),
        api_key: SecretString::from(API_KEY),
        app_secret: SecretString::from(APP_SECRET),
    };
    Client::builder(Environment::Custom(server.uri()), credentials)
        .clock(Arc::new(FixedClock(NOW_MS)))
        .build()
        .unwrap()
}

fn create_request() -> CreatePaymentRequest {
    CreatePaymentRequest::builder()
        .order_id("O-1")
        .store_id("S-1")
        .request_id("R-1")
        .return_url("https://pg.example/return")
        .callback_url("https://pg.example/callback")
        .country_code("KOR")
        .build()
}

async fn answering(http_method: &str, at: &str, status: u16, body: &str) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method(http_method))
        .and(path(at))
        .respond_with(ResponseTemplate::new(status).set_body_string(body))
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn create_payment_signs_exactly_the_bytes_it_sends() {
    let server = answering(
        "POST",
        "/api/v1/payment",
        200,
        r#"{"startPageUrl":"https://unifi.example/start?t=1","transactionId":"TX-123"}"#,
    )
    .await;
    let created = client(&server)
        .create_payment(&create_request())
        .await
        .unwrap();
    assert_eq!(created.transaction_id, "TX-123");
    assert_eq!(created.start_page_url, "https://unifi.example/start?t=1");

    let received = server.received_requests().await.unwrap();
    let sent = &received[0];
    // orderCurrencyCode is fixed to "USD" by the document (ko:63): generated code adds it.
    let body = concat!(
        r#"{"orderId":"O-1","storeId":"S-1","requestId":"R-1","#,
        r#""returnUrl":"https://pg.example/return","callbackUrl":"https://pg.example/callback","#,
        r#""countryCode":"KOR","orderCurrencyCode":"USD"}"#
    );
    assert_eq!(std::str::from_utf8(&sent.body).unwrap(), body);
    assert_eq!(sent.headers["x-appid"], "app-1");
    assert_eq!(sent.headers["x-api-key"], API_KEY);
    assert_eq!(sent.headers["x-timestamp"], "1773017787000");
    // Computed outside the code under test, with Python:
    // base64.b64encode(hmac.new(b"unifi-app-secret",
    //     b"POST" + b"/api/v1/payment" + API_KEY + b"1773017787000" + body,
    //     hashlib.sha256).digest())
    assert_eq!(
        sent.headers["x-authorization-hmac"],
        "6Jc30iwBOoUdleL3xkeu/5Yw7g7dIkqBdT5/fgTeFqw="
    );
}

#[tokio::test]
async fn payment_status_is_a_signed_get_with_the_id_in_the_path() {
    let server = answering(
        "GET",
        "/api/v1/payment/TX-123",
        200,
        r#"{"status":"CONFIRMED","orderId":"O-1","storeId":"S-1","payAmount":1203,
            "orderAmount":1303,"transactionId":"TX-123","discountAmount":"100",
            "payCurrencyCode":"USD","orderCurrencyCode":"USD"}"#,
    )
    .await;
    let request = PaymentStatusRequest::builder()
        .transaction_id("TX-123")
        .build();
    let status = client(&server).payment_status(&request).await.unwrap();
    assert_eq!(status.status, PaymentStatus::Confirmed);
    assert_eq!(
        (status.pay_amount, status.discount_amount),
        (Decimal::from(1203), Decimal::from(100))
    );
    assert_eq!(status.order_amount, Decimal::from(1303));

    let sent = &server.received_requests().await.unwrap()[0];
    assert!(sent.body.is_empty());
    assert_eq!(sent.url.query(), None);
    // Python: base64(hmac(b"unifi-app-secret", b"GET" + b"/api/v1/payment/TX-123" + API_KEY
    //     + b"1773017787000", sha256)) — a GET signs an empty body.
    assert_eq!(
        sent.headers["x-authorization-hmac"],
        "PtUvEr/xfQX1jAjR5CsI9EMmSvBIL5IUL4fci8TXYE4="
    );
}

#[tokio::test]
async fn amounts_in_usd_decode_exactly() {
    // A status answer with cents, as a USD payment has: exactly 12.03, never a float's 12.029999.
    let server = answering(
        "GET",
        "/api/v1/payment/TX-7",
        200,
        r#"{"status":"CONFIRMED","orderId":"O","storeId":"S","payAmount":12.03,
            "orderAmount":"13.53","transactionId":"TX-7","discountAmount":1.50,
            "payCurrencyCode":"USD","orderCurrencyCode":"USD"}"#,
    )
    .await;
    let request = PaymentStatusRequest::builder()
        .transaction_id("TX-7")
        .build();
    let status = client(&server).payment_status(&request).await.unwrap();
    assert_eq!(status.pay_amount, Decimal::new(1203, 2));
    assert_eq!(status.pay_amount.to_string(), "12.03");
    assert_eq!(status.order_amount, Decimal::new(1353, 2));
    assert_eq!(status.discount_amount.to_string(), "1.50");
    assert_eq!(
        status.pay_amount + status.discount_amount,
        status.order_amount
    );
}

#[tokio::test]
async fn an_unknown_status_is_kept_not_a_decode_error() {
    let server = answering(
        "GET",
        "/api/v1/payment/TX-9",
        200,
        r#"{"status":"PENDING","orderId":"O","storeId":"S","payAmount":0,"orderAmount":"0",
            "transactionId":"TX-9","discountAmount":0,"payCurrencyCode":"USD","orderCurrencyCode":"USD"}"#,
    )
    .await;
    let request = PaymentStatusRequest::builder()
        .transaction_id("TX-9")
        .build();
    let status = client(&server).payment_status(&request).await.unwrap();
    assert_eq!(status.status, PaymentStatus::Unknown("PENDING".into()));
}

#[tokio::test]
async fn a_non_2xx_answer_is_the_http_status_error() {
    let server = answering(
        "POST",
        "/api/v1/payment",
        401,
        r#"{"message":"bad signature"}"#,
    )
    .await;
    let err = client(&server)
        .create_payment(&create_request())
        .await
        .unwrap_err();
    let Error::HttpStatus { status, body } = &err else {
        panic!("expected Error::HttpStatus, got {err:?}");
    };
    // The body stays reachable for the app, and is never printed.
    assert_eq!(*status, 401);
    assert_eq!(body.bytes(), br#"{"message":"bad signature"}"#);
    let shown = format!("{err:?} {err}");
    assert!(!shown.contains("bad signature"), "{shown}");
    assert!(shown.contains("27 bytes"), "{shown}");
}

#[tokio::test]
async fn an_amount_that_cannot_be_held_exactly_is_a_decode_error_not_a_rounded_number() {
    // 31 significant digits: more than a decimal holds, so it is refused rather than rounded.
    let server = answering(
        "GET",
        "/api/v1/payment/TX-1",
        200,
        r#"{"status":"CONFIRMED","orderId":"O","storeId":"S","payAmount":12.03000000000000000000000000001,"orderAmount":"1203",
            "transactionId":"TX-1","discountAmount":0,"payCurrencyCode":"USD","orderCurrencyCode":"USD"}"#,
    )
    .await;
    let request = PaymentStatusRequest::builder()
        .transaction_id("TX-1")
        .build();
    let err = client(&server).payment_status(&request).await.unwrap_err();
    assert!(
        matches!(&err, Error::Decode { path, .. } if path == "payAmount"),
        "{err:?}"
    );
}

#[tokio::test]
async fn an_invalid_country_code_is_refused_before_signing_or_sending() {
    let server = answering("POST", "/api/v1/payment", 200, "{}").await;
    let mut request = create_request();
    request.country_code = "KORE".into();
    let err = client(&server).create_payment(&request).await.unwrap_err();
    assert!(
        matches!(&err, Error::Validation(e) if e.violations()[0].path == "countryCode"),
        "{err:?}"
    );
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[test]
fn nothing_secret_is_printed() {
    let credentials = Credentials {
        app_id: "app-1".into(),
        api_key: SecretString::from(API_KEY),
        app_secret: SecretString::from(APP_SECRET),
    };
    let shown = format!("{credentials:?}");
    assert!(
        !shown.contains(API_KEY) && !shown.contains(APP_SECRET),
        "{shown}"
    );
}
