//! The fault matrix: a local server that misbehaves on purpose, and what each client call makes
//! of it. Safe calls (reads, idempotent writes) are retried; unsafe writes are sent once, and a
//! failure after sending is an unknown outcome, never a plain failure. Nothing panics.

use paygen::shinhan_spg::{Client, ConfirmInfoRequest, ConfirmRequest};
use paygen_runtime::{DecodeCategory, Error};
use std::time::Duration;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const CONFIRM: &str = "/v1.0/payments/confirm";
const INFO: &str = "/v1.0/payments/confirm-info";

fn client_for(base_url: String) -> Client {
    paygen_tests::shinhan_client(base_url, Duration::from_millis(500))
}

fn confirm() -> ConfirmRequest {
    ConfirmRequest::builder()
        .client_id("o2o")
        .order_no("ORDER-1")
        .confirm_token("token")
        .ip_addr("203.0.113.7")
        .build()
}

fn info() -> ConfirmInfoRequest {
    ConfirmInfoRequest::builder()
        .client_id("o2o")
        .order_no("ORDER-1")
        .build()
}

async fn server(http_method: &str, at: &str, response: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method(http_method))
        .and(path(at))
        .respond_with(response)
        .mount(&server)
        .await;
    server
}

async fn requests_seen(server: &MockServer) -> usize {
    server.received_requests().await.unwrap().len()
}

#[tokio::test]
async fn a_safe_read_succeeds_after_a_500() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(INFO))
        .respond_with(ResponseTemplate::new(500))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(INFO))
        .respond_with(ResponseTemplate::new(200).set_body_string(r#"{"ret_code":0,"tx_stat":1}"#))
        .with_priority(2)
        .mount(&server)
        .await;
    let answer = client_for(server.uri())
        .get_payment_info(&info())
        .await
        .unwrap();
    assert_eq!(answer.ret_code, 0);
    assert_eq!(requests_seen(&server).await, 2);
}

#[tokio::test]
async fn a_safe_read_gives_up_after_the_policy_s_attempts() {
    let server = server("GET", INFO, ResponseTemplate::new(503)).await;
    let err = client_for(server.uri())
        .get_payment_info(&info())
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::HttpStatus { status: 503, .. }),
        "{err:?}"
    );
    assert_eq!(requests_seen(&server).await, 3);
}

#[tokio::test]
async fn an_unsafe_write_is_sent_exactly_once_and_a_500_leaves_its_outcome_unknown() {
    let server = server("POST", CONFIRM, ResponseTemplate::new(500)).await;
    let err = client_for(server.uri())
        .confirm_payment(&confirm())
        .await
        .unwrap_err();
    assert_eq!(
        requests_seen(&server).await,
        1,
        "an approval must never be resent"
    );
    let Error::OutcomeUnknown { operation, cause } = &err else {
        panic!("expected OutcomeUnknown, got {err:?}");
    };
    assert_eq!(*operation, "confirm_payment");
    assert!(matches!(**cause, Error::HttpStatus { status: 500, .. }));
}

#[tokio::test]
async fn a_business_error_is_never_retried() {
    let body = r#"{"ret_code":998,"ret_msg":"there is no data."}"#;
    let server = server(
        "GET",
        INFO,
        ResponseTemplate::new(401).set_body_string(body),
    )
    .await;
    let err = client_for(server.uri())
        .get_payment_info(&info())
        .await
        .unwrap_err();
    assert!(matches!(&err, Error::Api { status: 401, failure } if failure.code == "998"));
    assert_eq!(requests_seen(&server).await, 1);
}

#[tokio::test]
async fn a_timeout_on_an_approval_is_an_unknown_outcome_not_a_failure() {
    let slow = ResponseTemplate::new(200)
        .set_body_string(r#"{"ret_code":0}"#)
        .set_delay(Duration::from_secs(3));
    let server = server("POST", CONFIRM, slow).await;
    let err = client_for(server.uri())
        .confirm_payment(&confirm())
        .await
        .unwrap_err();
    let Error::OutcomeUnknown { cause, .. } = &err else {
        panic!("expected OutcomeUnknown, got {err:?}");
    };
    assert!(matches!(**cause, Error::Transport(_)), "{cause:?}");
    assert_eq!(requests_seen(&server).await, 1);
}

#[tokio::test]
async fn a_timeout_on_a_read_is_retried_then_a_transport_error() {
    let slow = ResponseTemplate::new(200).set_delay(Duration::from_secs(3));
    let server = server("GET", INFO, slow).await;
    let err = client_for(server.uri())
        .get_payment_info(&info())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
    assert_eq!(requests_seen(&server).await, 3);
}

#[tokio::test]
async fn a_refused_connection_never_delivered_the_approval() {
    // Bind a port, then close it, so that nothing listens there.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let err = client_for(format!("http://127.0.0.1:{port}"))
        .confirm_payment(&confirm())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
}

#[tokio::test]
async fn an_unreadable_approval_is_an_unknown_outcome() {
    for body in [
        "not json",
        r#"{"ret_code":0,"amount":"1.5"}"#,
        r#"{"ret_code":0"#,
    ] {
        let server = server(
            "POST",
            CONFIRM,
            ResponseTemplate::new(200).set_body_string(body),
        )
        .await;
        let err = client_for(server.uri())
            .confirm_payment(&confirm())
            .await
            .unwrap_err();
        let Error::OutcomeUnknown { cause, .. } = &err else {
            panic!("{body}: expected OutcomeUnknown, got {err:?}");
        };
        assert!(matches!(**cause, Error::Decode { .. }), "{body}: {cause:?}");
    }
}

#[tokio::test]
async fn an_unreadable_read_is_a_decode_error() {
    let server = server("GET", INFO, ResponseTemplate::new(200).set_body_string("{")).await;
    let err = client_for(server.uri())
        .get_payment_info(&info())
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::Decode {
                category: DecodeCategory::Eof,
                ..
            }
        ),
        "{err:?}"
    );
}
