//! A client built on the app's own `reqwest::Client` (`ClientBuilder::http_client`): requests go
//! through it, with its default headers, and the module's limits still hold on every call.

use paygen::kicc_wechatpay::{Client, Environment};
use paygen_runtime::http::reqwest;
use paygen_runtime::http::RetryPolicy;
use paygen_runtime::Error;
use std::time::Duration;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const CREATED: &str =
    r#"{"resCd":"0000","resMsg":"정상처리","paymentPageUrl":"weixin://wxpay/bizpayurl?pr=abc"}"#;

/// The app's client: a default header a proxy or tracing setup might add.
fn app_client() -> reqwest::Client {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(
        "x-app",
        reqwest::header::HeaderValue::from_static("shop/1.0"),
    );
    reqwest::Client::builder()
        .default_headers(headers)
        .build()
        .unwrap()
}

fn client(server: &MockServer, timeout: Duration, max_response_bytes: usize) -> Client {
    Client::builder(Environment::Custom(server.uri()))
        .http_client(app_client())
        .timeout(timeout)
        .max_response_bytes(max_response_bytes)
        .retry(RetryPolicy::none())
        .build()
        .unwrap()
}

#[tokio::test]
async fn requests_go_through_the_apps_client() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/trades/wechatpay"))
        .and(header("x-app", "shop/1.0"))
        .respond_with(ResponseTemplate::new(200).set_body_string(CREATED))
        .expect(1)
        .mount(&server)
        .await;
    let created = client(&server, Duration::from_secs(5), 4096)
        .create_transaction(&paygen_tests::kicc_request("John Doe"))
        .await
        .unwrap();
    assert_eq!(
        created.payment_page_url.as_deref(),
        Some("weixin://wxpay/bizpayurl?pr=abc")
    );
}

#[tokio::test]
async fn the_modules_timeout_holds_on_the_apps_client() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_string(CREATED)
                .set_delay(Duration::from_secs(3)),
        )
        .mount(&server)
        .await;
    // The app's client has no timeout of its own.
    let err = client(&server, Duration::from_millis(200), 4096)
        .create_transaction(&paygen_tests::kicc_request("John Doe"))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Transport(cause) if cause.is_timeout()),
        "{err:?}"
    );
}

#[tokio::test]
async fn the_modules_response_cap_holds_on_the_apps_client() {
    let server = MockServer::start().await;
    let padded = format!(r#"{{"resCd":"0000","resMsg":"{}"}}"#, "x".repeat(10_000));
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_string(padded))
        .mount(&server)
        .await;
    let err = client(&server, Duration::from_secs(5), 4096)
        .create_transaction(&paygen_tests::kicc_request("John Doe"))
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::ResponseTooLarge { limit: 4096 }),
        "{err:?}"
    );
}
