//! The generated KICC client against a local HTTP server: what goes on the wire, and how each
//! kind of answer comes back.

use paygen::kicc_wechatpay::{
    AmountInfo, Client, CreateTransactionRequest, Currency, CustomerInfo, Environment,
};
use paygen_runtime::{DecodeCategory, Error, Rule};
use std::time::Duration;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const PATH: &str = "/api/trades/wechatpay";

/// The shared valid request, in US dollars and with only the customer fields the wire test
/// spells out below.
fn request() -> CreateTransactionRequest {
    let mut request = paygen_tests::kicc_request("홍길동");
    request.amount_info = AmountInfo::builder()
        .currency(Currency::Usd)
        .total_amount(1203)
        .build();
    request.customer_info = Some(
        CustomerInfo::builder()
            .customer_name("홍길동")
            .customer_contact_no("01012345678")
            .build(),
    );
    request
}

async fn server_answering(status: u16, body: &str) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(PATH))
        .respond_with(
            ResponseTemplate::new(status)
                .set_body_raw(body.as_bytes().to_vec(), "application/json"),
        )
        .mount(&server)
        .await;
    server
}

fn client(server: &MockServer) -> Client {
    Client::builder(Environment::Custom(server.uri()))
        .timeout(Duration::from_secs(5))
        .build()
        .expect("client builds")
}

#[tokio::test]
async fn a_valid_request_goes_out_as_the_documented_json() {
    let server = server_answering(
        200,
        r#"{"resCd":"0000","resMsg":"정상처리","mallId":"T0001004","shopTransactionId":"tx-0001","pgCno":"PG123","paymentPageUrl":"weixin://wxpay/bizpayurl?pr=abc"}"#,
    )
    .await;
    let created = client(&server)
        .create_transaction(&request())
        .await
        .expect("success");
    assert_eq!(created.pg_cno.as_deref(), Some("PG123"));
    assert_eq!(
        created.payment_page_url.as_deref(),
        Some("weixin://wxpay/bizpayurl?pr=abc")
    );

    let received = server.received_requests().await.unwrap();
    assert_eq!(received.len(), 1);
    let sent = &received[0];
    assert_eq!(sent.method.as_str(), "POST");
    assert_eq!(sent.url.path(), PATH);
    assert_eq!(sent.url.query(), None);
    assert_eq!(
        sent.headers.get("content-type").unwrap(),
        "application/json; charset=utf-8"
    );
    // Written out by hand from the document's table order (ko:12-33), not from the serializer.
    let expected = concat!(
        r#"{"mallId":"T0001004","shopTransactionId":"tx-0001","shopOrderNo":"ORDER-0001","#,
        r#""goodsName":"Sample Product","returnUrl":"https://shop.example/return","#,
        r#""tradeType":"native","notifyUrl":"https://shop.example/notify","#,
        r#""amountInfo":{"currency":"USD","totalAmount":1203},"#,
        r#""customerInfo":{"customerName":"홍길동","customerContactNo":"01012345678"}}"#
    );
    assert_eq!(std::str::from_utf8(&sent.body).unwrap(), expected);
}

#[tokio::test]
async fn a_non_0000_code_is_the_typed_api_error() {
    let server = server_answering(
        200,
        r#"{"resCd":"R102","resMsg":"중복된 거래입니다","resDetailMsg":"ORDERPAID"}"#,
    )
    .await;
    let err = client(&server)
        .create_transaction(&request())
        .await
        .unwrap_err();
    let Error::Api { status, failure } = err else {
        panic!("expected Error::Api, got {err:?}");
    };
    assert_eq!(status, 200);
    assert_eq!(failure.code, "R102");
    assert_eq!(failure.message, "중복된 거래입니다");
    assert_eq!(failure.detail.as_deref(), Some("ORDERPAID"));
}

#[tokio::test]
async fn an_invalid_request_fails_before_any_network_io() {
    let server = server_answering(200, r#"{"resCd":"0000"}"#).await;
    let mut bad = request();
    bad.customer_info.as_mut().unwrap().customer_name = Some("가나다라마바사".into());
    let err = client(&server).create_transaction(&bad).await.unwrap_err();
    let Error::Validation(errors) = &err else {
        panic!("expected Error::Validation, got {err:?}");
    };
    let violation = &errors.violations()[0];
    assert_eq!(violation.path, "customerInfo.customerName");
    assert!(matches!(
        violation.rule,
        Rule::MaxBytes {
            limit: 20,
            actual: 21,
            ..
        }
    ));
    assert!(
        err.to_string()
            .contains("21 bytes in utf-8, more than the maximum of 20"),
        "{err}"
    );
    assert!(
        server.received_requests().await.unwrap().is_empty(),
        "nothing may be sent"
    );
}

#[tokio::test]
async fn a_code_in_an_error_status_is_still_the_api_error() {
    let server = server_answering(400, r#"{"resCd":"E001","resMsg":"invalid mallId"}"#).await;
    let err = client(&server)
        .create_transaction(&request())
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Api { status: 400, failure } if failure.code == "E001" && failure.detail.is_none()),
        "{err:?}"
    );
}

#[tokio::test]
async fn an_error_status_without_a_code_is_the_http_status_error() {
    let server = server_answering(502, "<html>Bad Gateway</html>").await;
    let err = client(&server)
        .create_transaction(&request())
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::HttpStatus { status: 502, .. }),
        "{err:?}"
    );
}

#[tokio::test]
async fn an_unreadable_success_body_is_a_decode_error_without_the_body() {
    let server = server_answering(200, r#"{"resCd": {"code": "S3CR3T"}, "resMsg": "x"}"#).await;
    let err = client(&server)
        .create_transaction(&request())
        .await
        .unwrap_err();
    let Error::Decode {
        status,
        path,
        category,
        ..
    } = &err
    else {
        panic!("expected Error::Decode, got {err:?}");
    };
    assert_eq!(
        (*status, path.as_str(), *category),
        (200, "resCd", DecodeCategory::Data)
    );
    assert!(
        !format!("{err} {err:?}").contains("S3CR3T"),
        "response values stay out of errors"
    );

    let server = server_answering(200, r#"{"resCd":"0000""#).await;
    let err = client(&server)
        .create_transaction(&request())
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

#[tokio::test]
async fn a_result_code_sent_as_a_number_is_still_read() {
    let server = server_answering(200, r#"{"resCd": 3001, "resMsg": "x"}"#).await;
    let err = client(&server)
        .create_transaction(&request())
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Api { failure, .. } if failure.code == "3001"),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_body_over_the_limit_is_refused() {
    let padding = "x".repeat(4096);
    let server =
        server_answering(200, &format!(r#"{{"resCd":"0000","resMsg":"{padding}"}}"#)).await;
    let small = Client::builder(Environment::Custom(server.uri()))
        .max_response_bytes(1024)
        .build()
        .unwrap();
    let err = small.create_transaction(&request()).await.unwrap_err();
    assert!(
        matches!(err, Error::ResponseTooLarge { limit: 1024 }),
        "{err:?}"
    );
}

#[test]
fn environments_use_the_base_urls_of_the_spec() {
    let root = paygen_tests::repo_root();
    let text = std::fs::read_to_string(root.join("specs/kicc_wechatpay.yaml")).unwrap();
    let spec = paygen_codegen::load(&paygen_codegen::SpecSource {
        path: "specs/kicc_wechatpay.yaml",
        text: &text,
        documents: paygen_tests::documents_beside("specs/kicc_wechatpay.yaml"),
    })
    .unwrap();
    for env in &spec.vendor.environments {
        let generated = match env.name {
            paygen_codegen::spec::EnvironmentName::Sandbox => Environment::Sandbox,
            paygen_codegen::spec::EnvironmentName::Production => Environment::Production,
        };
        assert_eq!(generated.base_url(), env.base_url);
    }
    assert_eq!(
        Environment::Custom("http://127.0.0.1:1".into()).base_url(),
        "http://127.0.0.1:1"
    );
}
