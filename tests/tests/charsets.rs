//! Bodies in EUC-KR on the wire: requests written in the vendor's `charset` and signed as sent,
//! answers read in it (or in the charset a request field or the answer's `Content-Type` names),
//! callbacks decoded in it, and bytes invalid in the charset refused as a typed error, never
//! read as U+FFFD. The EUC-KR bytes are Python's: `"…".encode("euc-kr")`, and
//! `urllib.parse.urlencode(pairs, encoding="euc-kr")` for forms.

use paygen_runtime::auth::{FixedClock, SecretString};
use paygen_runtime::{DecodeCategory, Error};
use paygen_tests::{everything, everything_euc_kr};
use std::sync::Arc;
use wiremock::matchers::path;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// "성공" in EUC-KR.
const SUCCESS_EUC_KR: &[u8] = b"\xbc\xba\xb0\xf8";

async fn answering(at: &str, content_type: &str, body: Vec<u8>) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(path(at))
        .respond_with(ResponseTemplate::new(200).set_body_raw(body, content_type))
        .mount(&server)
        .await;
    server
}

fn euc_kr_client(server: &MockServer) -> everything_euc_kr::Client {
    let credentials = everything_euc_kr::Credentials {
        merchant_id: "M-1".into(),
        api_key: SecretString::from("k3y"),
    };
    everything_euc_kr::Client::builder(
        everything_euc_kr::Environment::Custom(server.uri()),
        credentials,
    )
    .clock(Arc::new(FixedClock(1_773_017_787_000)))
    .build()
    .unwrap()
}

fn utf8_client(server: &MockServer) -> everything::Client {
    let credentials = everything::Credentials {
        merchant_id: "M-1".into(),
        api_key: SecretString::from("k3y"),
    };
    everything::Client::builder(everything::Environment::Custom(server.uri()), credentials)
        .build()
        .unwrap()
}

#[tokio::test]
async fn a_form_request_is_written_in_euc_kr_and_its_euc_kr_answer_read() {
    let answer = [
        b"code=00&message=".as_slice(),
        b"%BC%BA%B0%F8",
        b"&settled=1000",
    ]
    .concat();
    let server = answering(
        "/payments/settle",
        "application/x-www-form-urlencoded",
        answer,
    )
    .await;
    let request = everything_euc_kr::SettleRequest::builder()
        .payment_id("P-1")
        .amount(1000)
        .memo("홍 1")
        .build();
    let settled = euc_kr_client(&server).settle(&request).await.unwrap();
    assert_eq!(settled.settled, Some(1000));
    let sent = &server.received_requests().await.unwrap()[0];
    // urlencode([("paymentId","P-1"),("amount",1000),("memo","홍 1"),("merchantKey","k3y")],
    //           encoding="euc-kr")
    assert_eq!(
        std::str::from_utf8(&sent.body).unwrap(),
        "paymentId=P-1&amount=1000&memo=%C8%AB+1&merchantKey=k3y"
    );
    assert_eq!(
        sent.headers["content-type"],
        "application/x-www-form-urlencoded; charset=euc-kr"
    );
}

#[tokio::test]
async fn a_json_request_is_sent_as_euc_kr_bytes_and_its_euc_kr_answer_read() {
    let answer = [
        br#"{"result":"OK","reason":""#.as_slice(),
        SUCCESS_EUC_KR,
        br#""}"#,
    ]
    .concat();
    let server = answering("/payments/refund", "application/json", answer).await;
    let refund = everything_euc_kr::RefundRequest::builder()
        .payment_id("환불-1")
        .build();
    let refunded = euc_kr_client(&server).refund(&refund).await.unwrap();
    assert_eq!(refunded.reason.as_deref(), Some("성공"));
    let sent = &server.received_requests().await.unwrap()[0];
    // json.dumps({"paymentId": "환불-1"}, ensure_ascii=False, separators=(",", ":"))
    //     .encode("euc-kr")
    assert_eq!(
        sent.body,
        b"{\"paymentId\":\"\xc8\xaf\xba\xd2-1\"}".as_slice()
    );
    assert_eq!(
        sent.headers["content-type"],
        "application/json; charset=euc-kr"
    );
}

#[tokio::test]
async fn a_character_euc_kr_cannot_hold_is_refused_before_sending() {
    let server = answering("/payments/refund", "application/json", b"{}".to_vec()).await;
    let refund = everything_euc_kr::RefundRequest::builder()
        .payment_id("P😀")
        .build();
    let err = euc_kr_client(&server).refund(&refund).await.unwrap_err();
    // paymentId has a byte limit, so validation names it; a field without one is refused as
    // Error::Unencodable when the body is written (runtime's transport tests).
    let Error::Validation(errors) = &err else {
        panic!("{err:?}")
    };
    assert!(errors.to_string().contains("paymentId"), "{errors}");
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn an_answer_is_read_in_the_charset_its_request_names() {
    let answer = [
        br#"{"code":"00","message":""#.as_slice(),
        SUCCESS_EUC_KR,
        br#"","accessToken":"T","now":"2026-03-09T09:56:27.000+0900"}"#,
    ]
    .concat();
    let server = answering("/access-token", "application/json", answer).await;
    let client = utf8_client(&server);
    let euc_kr = everything::TokenRequest::builder()
        .charset("EUC-KR")
        .build();
    let token = client.issue_token(&euc_kr).await.unwrap();
    assert_eq!(token.message.as_deref(), Some("성공"));
    // Not asked for: the same bytes are not UTF-8, and are refused rather than garbled.
    let err = client
        .issue_token(&everything::TokenRequest::builder().build())
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::Decode {
                category: DecodeCategory::Charset,
                ..
            }
        ),
        "{err:?}"
    );
}

#[test]
fn callbacks_are_decoded_in_the_vendors_charset_and_invalid_bytes_refused() {
    // "paymentId=P-1&amount=5000&name=홍길동" in EUC-KR.
    let form = b"paymentId=P-1&amount=5000&name=%C8%AB%B1%E6%B5%BF";
    let euc_kr = everything_euc_kr::Notification::from_form(form).unwrap();
    assert_eq!(euc_kr.name.as_deref(), Some("홍길동"));
    let utf8 = everything::Notification::from_form(form).unwrap_err();
    assert!(
        matches!(
            &utf8,
            Error::Callback {
                category: DecodeCategory::Charset,
                ..
            }
        ),
        "{utf8:?}"
    );
    let json = [br#"{"paymentId":""#.as_slice(), b"\xc8\xab", br#""}"#].concat();
    let decoded = everything_euc_kr::Notification::from_json(&json).unwrap();
    assert_eq!(decoded.payment_id, "홍");
    let truncated = [br#"{"paymentId":""#.as_slice(), b"\xc8", br#""}"#].concat();
    let err = everything_euc_kr::Notification::from_json(&truncated).unwrap_err();
    assert!(
        matches!(
            err,
            Error::Callback {
                category: DecodeCategory::Charset,
                ..
            }
        ),
        "{err:?}"
    );
}
