//! The generated NICEPAY client on the wire, against a loopback server: HTTP Basic over
//! `clientKey:secretKey`, the approval's path and body, a refusal carrying only its code and
//! message, and the cancel's documented success codes.

use paygen::nicepay::{
    ApprovePaymentRequest, CancelPaymentRequest, Client, Credentials, Environment,
};
use paygen_runtime::auth::SecretString;
use paygen_runtime::Error;
use serde_json::{json, Value};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client(server: &MockServer) -> Client {
    let credentials = Credentials {
        client_key: "S2_af4543a0be4d49a98122e01ec2059a56".into(),
        secret_key: SecretString::from("9eb85607103646da9f9c02b128f2e5ee"),
    };
    Client::new(Environment::Custom(server.uri()), credentials).unwrap()
}

async fn answering(at: &str, body: &str) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(at))
        .respond_with(ResponseTemplate::new(200).set_body_string(body))
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn a_refused_approval_with_only_its_code_and_message_is_an_api_error() {
    let tid = "nicuntct1m0101210727200708A058";
    let server = answering(
        &format!("/v1/payments/{tid}"),
        r#"{"resultCode":"A123","resultMsg":"거래금액 불일치(인증된 금액과 승인요청 금액 불일치)"}"#,
    )
    .await;
    let request = ApprovePaymentRequest::builder()
        .tid(tid)
        .amount(1004)
        .build();
    let err = client(&server).approve_payment(&request).await.unwrap_err();
    let Error::Api { failure, .. } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(failure.code, "A123");
    let received = server.received_requests().await.unwrap();
    let body: Value = serde_json::from_slice(&received[0].body).unwrap();
    assert_eq!(body, json!({"amount": 1004}));
    // base64 of "clientKey:secretKey", computed with Python:
    // base64.b64encode(b"S2_af4543a0be4d49a98122e01ec2059a56:9eb85607103646da9f9c02b128f2e5ee")
    assert_eq!(
        received[0].headers["authorization"],
        "Basic UzJfYWY0NTQzYTBiZTRkNDlhOTgxMjJlMDFlYzIwNTlhNTY6OWViODU2MDcxMDM2NDZkYTlmOWMwMmIxMjhmMmU1ZWU="
    );
}

#[tokio::test]
async fn a_cancel_answered_2001_or_2211_is_a_success_and_another_code_is_not() {
    let tid = "nicuntct1m0101210727200708A058";
    let cancel = CancelPaymentRequest::builder()
        .tid(tid)
        .reason("고객 요청")
        .order_id("your-unique-orderid")
        .build();
    for (code, ok) in [("2001", true), ("2211", true), ("2012", false)] {
        let server = answering(
            &format!("/v1/payments/{tid}/cancel"),
            &format!(
                concat!(
                    r#"{{"resultCode":"{code}","resultMsg":"m","tid":"{tid}","orderId":"your-unique-orderid","#,
                    r#""ediDate":"2021-07-27T20:07:51.000+0900","status":"cancelled","payMethod":"card","#,
                    r#""amount":1004,"balanceAmt":0,"goodsName":"나이스페이-상품","useEscrow":false,"currency":"KRW"}}"#
                ),
                code = code,
                tid = tid
            ),
        )
        .await;
        let result = client(&server).cancel_payment(&cancel).await;
        match (ok, &result) {
            (true, Err(err)) => panic!("{code}: {err:?}"),
            (false, Ok(_)) => panic!("{code} was read as a success"),
            (false, Err(err)) => assert!(matches!(err, Error::Api { .. }), "{err:?}"),
            (true, Ok(_)) => {}
        }
    }
}
