//! The recovery flow on the wire: an approval whose answer was lost is settled by the status
//! query (approved / not approved / still unknown, never guessed), and an approval the merchant
//! cannot honour is reversed with the net cancel, filled from the approval itself.

use paygen::linenext_unifipay::{self, PaymentStatusRequest};
use paygen::shinhan_spg::{self, ConfirmRequest, ConfirmResponse};
use paygen_runtime::auth::{FixedClock, SecretString};
use paygen_runtime::recovery::{Resolution, Unresolved};
use paygen_runtime::{Error, Rule};
use serde_json::json;
use std::sync::Arc;
use std::time::Duration;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const CONFIRM: &str = "/v1.0/payments/confirm";
const INFO: &str = "/v1.0/payments/confirm-info";
const CANCEL: &str = "/v1.0/payments/cancel";

fn shinhan(server: &MockServer) -> shinhan_spg::Client {
    paygen_tests::shinhan_client(server.uri(), Duration::from_millis(300))
}

fn confirm() -> ConfirmRequest {
    ConfirmRequest::builder()
        .client_id("o2o")
        .order_no("ORDER-7")
        .confirm_token("token")
        .ip_addr("203.0.113.7")
        .build()
}

/// What a resolution says, in words, so a table row can name what it expects.
fn verdict<R: std::fmt::Debug>(resolution: &Resolution<R>) -> &'static str {
    match resolution {
        Resolution::Approved(_) => "approved",
        Resolution::NotApproved(_) => "not approved",
        Resolution::StillUnknown(Unresolved::Pending(_)) => "pending",
        Resolution::StillUnknown(Unresolved::Failed(_)) => "failed",
    }
}

async fn mount(server: &MockServer, http_method: &str, at: &str, response: ResponseTemplate) {
    Mock::given(method(http_method))
        .and(path(at))
        .respond_with(response)
        .mount(server)
        .await;
}

#[tokio::test]
async fn a_lost_confirm_is_resolved_by_querying_the_same_order() {
    // The generated mock approves the confirm but answers only after the client gave up: the
    // gateway went ahead, the client cannot know.
    use shinhan_spg::mock::{MockGateway, Operation};
    let mock = MockGateway::start().await.unwrap();
    mock.once(
        Operation::ConfirmPayment,
        paygen_runtime::mock::Reply::Delay(Duration::from_secs(2)),
    );
    let client = shinhan_spg::Client::builder(mock.environment(), mock.credentials())
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap();

    let err = client.confirm_payment(&confirm()).await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::OutcomeUnknown {
                operation: "confirm_payment",
                ..
            }
        ),
        "{err:?}"
    );
    let resolution = client.confirm_payment_outcome(&confirm()).await;
    let Resolution::Approved(info) = &resolution else {
        panic!("expected Approved, got {resolution:?}");
    };
    assert_eq!(info.ret_code, 0);
    // The confirm was sent once; the query once, by the same order, with the search key (the
    // mock checks each operation's key class and refuses the other).
    let records = mock.records();
    let seen: Vec<(&str, Option<&str>)> = records
        .iter()
        .map(|r| (r.request.path.as_str(), r.request.query.as_deref()))
        .collect();
    assert_eq!(
        seen,
        [
            (CONFIRM, None),
            (INFO, Some("client_id=o2o&order_no=ORDER-7"))
        ]
    );
    assert!(records.iter().all(|r| r.accepted()), "{records:?}");
}

#[tokio::test]
async fn each_documented_state_is_classified_and_anything_else_stays_unknown() {
    // ko:499: 1 approved, 2 cancelled, 3 partially cancelled.
    for (body, expected) in [
        (json!({"ret_code": 0, "tx_stat": 1}), "approved"),
        (json!({"ret_code": 0, "tx_stat": "1"}), "approved"),
        (json!({"ret_code": 0, "tx_stat": 3}), "approved"),
        (json!({"ret_code": 0, "tx_stat": 2}), "not approved"),
        (json!({"ret_code": 0, "tx_stat": 9}), "pending"),
        (json!({"ret_code": 0}), "pending"),
        (
            json!({"ret_code": 998, "ret_msg": "there is no data."}),
            "failed",
        ),
    ] {
        let server = MockServer::start().await;
        let status = if body["ret_code"] == 0 { 200 } else { 401 };
        let answer = ResponseTemplate::new(status).set_body_json(&body);
        mount(&server, "GET", INFO, answer).await;
        let resolution = shinhan(&server).confirm_payment_outcome(&confirm()).await;
        assert_eq!(verdict(&resolution), expected, "{body}: {resolution:?}");
    }
}

#[tokio::test]
async fn a_query_that_keeps_failing_is_still_unknown_with_its_cause() {
    let server = MockServer::start().await;
    mount(&server, "GET", INFO, ResponseTemplate::new(503)).await;
    let resolution = shinhan(&server).confirm_payment_outcome(&confirm()).await;
    let Resolution::StillUnknown(Unresolved::Failed(cause)) = &resolution else {
        panic!("expected a failed query, got {resolution:?}");
    };
    assert!(
        matches!(cause, Error::HttpStatus { status: 503, .. }),
        "{cause:?}"
    );
    // A status read is safe, so the client's retry policy applied to it.
    assert_eq!(server.received_requests().await.unwrap().len(), 3);
}

fn approval(body: serde_json::Value) -> ConfirmResponse {
    serde_json::from_value(body).expect("a confirm answer")
}

#[tokio::test]
async fn the_net_cancel_reverses_the_whole_approval_by_tid() {
    let server = MockServer::start().await;
    let ok = ResponseTemplate::new(200).set_body_json(json!({"ret_code": 0, "tid": "T-1"}));
    mount(&server, "POST", CANCEL, ok).await;
    let approved = approval(json!({
        "ret_code": 0, "tid": "T-1", "amount": 15000, "user_id": "buyer-9", "order_no": "ORDER-7",
    }));

    let cancelled = shinhan(&server)
        .net_cancel_confirm_payment(
            &confirm(),
            &approved,
            "주문 실패".into(),
            "203.0.113.7".into(),
        )
        .await
        .unwrap();
    assert_eq!(cancelled.tid.as_deref(), Some("T-1"));

    let received = server.received_requests().await.unwrap();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].headers["authorization"], "SPGKEY PAYMENT-KEY");
    let sent: serde_json::Value = serde_json::from_slice(&received[0].body).unwrap();
    assert_eq!(
        sent,
        json!({
            "client_id": "o2o", "user_id": "buyer-9", "tid": "T-1", "amount": 15000,
            "cncl_rsn": "주문 실패", "ip_addr": "203.0.113.7",
        })
    );
}

#[tokio::test]
async fn an_approval_without_what_the_cancel_needs_sends_nothing() {
    let server = MockServer::start().await;
    let approved = approval(json!({"ret_code": 0, "user_id": "buyer-9"}));
    let err = shinhan(&server)
        .net_cancel_confirm_payment(&confirm(), &approved, "reason".into(), "203.0.113.7".into())
        .await
        .unwrap_err();
    let Error::Validation(errors) = &err else {
        panic!("expected a validation error, got {err:?}");
    };
    let found: Vec<(&str, &Rule)> = errors
        .violations()
        .iter()
        .map(|v| (v.path.as_str(), &v.rule))
        .collect();
    assert_eq!(
        found,
        [("tid", &Rule::Required), ("amount", &Rule::Required)]
    );
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn a_lost_net_cancel_is_sent_once_and_resolved_as_not_approved() {
    let server = MockServer::start().await;
    mount(&server, "POST", CANCEL, ResponseTemplate::new(500)).await;
    let cancelled = ResponseTemplate::new(200).set_body_json(json!({"ret_code": 0, "tx_stat": 2}));
    mount(&server, "GET", INFO, cancelled).await;
    let client = shinhan(&server);
    let approved = approval(json!({"ret_code": 0, "tid": "T-1", "amount": 100, "user_id": "u"}));

    let err = client
        .net_cancel_confirm_payment(&confirm(), &approved, "reason".into(), "203.0.113.7".into())
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::OutcomeUnknown {
                operation: "cancel_payment",
                ..
            }
        ),
        "{err:?}"
    );
    let resolution = client.confirm_payment_outcome(&confirm()).await;
    assert_eq!(verdict(&resolution), "not approved", "{resolution:?}");
    let cancels = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .filter(|r| r.url.path() == CANCEL)
        .count();
    assert_eq!(cancels, 1, "an unsafe write is never resent");
}

#[tokio::test]
async fn a_unifi_payment_is_resolved_by_its_transaction_id() {
    for (status, expected) in [
        ("CONFIRMED", "approved"),
        ("FAILED", "not approved"),
        ("PENDING", "pending"),
    ] {
        let server = MockServer::start().await;
        let answer = ResponseTemplate::new(200).set_body_json(json!({
            "status": status, "orderId": "O-1", "storeId": "S-1", "payAmount": 100,
            "orderAmount": "100", "transactionId": "TX-1", "discountAmount": 0,
            "payCurrencyCode": "USD", "orderCurrencyCode": "USD",
        }));
        Mock::given(method("GET"))
            .and(path("/api/v1/payment/TX-1"))
            .respond_with(answer)
            .mount(&server)
            .await;
        let credentials = linenext_unifipay::Credentials {
            app_id: "app-1".into(),
            api_key: SecretString::from("api-key"),
            app_secret: SecretString::from("app-secret"),
        };
        let client = linenext_unifipay::Client::builder(
            linenext_unifipay::Environment::Custom(server.uri()),
            credentials,
        )
        .clock(Arc::new(FixedClock(1_773_017_787_000)))
        .build()
        .unwrap();
        let request = PaymentStatusRequest::builder()
            .transaction_id("TX-1")
            .build();
        let resolution = client.payment_status_outcome(&request).await;
        assert_eq!(verdict(&resolution), expected, "{status}: {resolution:?}");
    }
}
