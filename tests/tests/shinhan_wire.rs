//! The generated Shinhan SPG client against a local HTTP server: every operation's method, path,
//! query string, `Authorization: SPGKEY` header (payment key or search key) and exact JSON body;
//! the param_ispt_hash it computes and the pay_ispt_hash it verifies; how a 998 answer comes
//! back; and that nothing is sent, or printed, that should not be.
//!
//! Document: specs/sources/shinhan-spg-payments.ko.txt, cited as ko:LINE.

use paygen::shinhan_spg::{
    CancelRequest, CardListRequest, CardPurposeType, Client, ClientPayClass, ClientTxClass,
    ConfirmInfoRequest, ConfirmRequest, ConfirmResponse, Credentials, DeviceType, Environment,
    NoticeType, PartialCancelRequest, PayType, PaymentRequest, PgCode, ReceiptRequest,
    ReturnUrlCallback, TermsInfoListRequest, TxStat, UnifiedPaymentRequest, UnifiedPgCode, YesNo,
};
use paygen_runtime::auth::SecretString;
use paygen_runtime::{Encoding, Error, Format, Rule};
use std::time::Duration;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// Test keys, distinct so that a payment-key API sending the search key (or the reverse) fails.
const PAYMENT_KEY: &str = "PAYMENT-KEY-spg-0001";
const SEARCH_KEY: &str = "SEARCH-KEY-spg-0002";

const JSON: &str = "application/json; charset=utf-8";

fn credentials() -> Credentials {
    Credentials {
        payment_key: SecretString::from(PAYMENT_KEY),
        search_key: SecretString::from(SEARCH_KEY),
    }
}

fn client(server: &MockServer) -> Client {
    Client::builder(Environment::Custom(server.uri()), credentials())
        .timeout(Duration::from_secs(5))
        .build()
        .expect("client builds")
}

/// A loopback server answering `http_method at` with `status` and the JSON `body`.
async fn answering(http_method: &str, at: &str, status: u16, body: &str) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method(http_method))
        .and(path(at))
        .respond_with(
            ResponseTemplate::new(status)
                .set_body_raw(body.as_bytes().to_vec(), "application/json"),
        )
        .mount(&server)
        .await;
    server
}

/// The one request the server received.
async fn the_request(server: &MockServer) -> Request {
    let mut received = server.received_requests().await.unwrap();
    assert_eq!(received.len(), 1, "exactly one request is sent");
    received.remove(0)
}

/// A POST of exactly `body` to `at`, with no query, authorised with `key`.
fn assert_post(sent: &Request, at: &str, key: &str, body: &str) {
    assert_eq!(sent.method.as_str(), "POST");
    assert_eq!(sent.url.path(), at);
    assert_eq!(sent.url.query(), None);
    assert_eq!(
        sent.headers["authorization"],
        format!("SPGKEY {key}").as_str()
    );
    assert_eq!(sent.headers["content-type"], JSON);
    assert_eq!(std::str::from_utf8(&sent.body).unwrap(), body);
}

/// A GET of `at?query` with no body (and so no content-type), authorised with `key`.
fn assert_get(sent: &Request, at: &str, query: &str, key: &str) {
    assert_eq!(sent.method.as_str(), "GET");
    assert_eq!(sent.url.path(), at);
    assert_eq!(sent.url.query(), Some(query));
    assert_eq!(
        sent.headers["authorization"],
        format!("SPGKEY {key}").as_str()
    );
    assert!(
        sent.headers.get("content-type").is_none(),
        "a GET has no body, so no content-type: {:?}",
        sent.headers
    );
    assert!(sent.body.is_empty());
}

const REQUEST_OK: &str =
    r#"{"ret_code":0,"ret_msg":"OK","redirect_url":"https://pg.example/pgsvc/pay?token=t-1"}"#;

// -------------------------------------------------------------------------------------------
// Requests used below
// -------------------------------------------------------------------------------------------

/// A general card payment request (ko:19-63) with every field set.
fn payment_request() -> PaymentRequest {
    paygen_tests::shinhan_payment_request()
}

/// A personal unified-window request (pgcode selpay, ko:116-172).
fn unified_request() -> UnifiedPaymentRequest {
    UnifiedPaymentRequest::builder()
        .pgcode(UnifiedPgCode::Selpay)
        .client_id("o2o")
        .user_id("test_01")
        .user_name("테스터01")
        .order_no("202108311259590002")
        .device_type(DeviceType::Mobile)
        .amount(46000)
        .product_name("테스트 상품")
        .email_addr("buyer@shop.example")
        .mobile_no("01012345678")
        .taxfree_amount(0)
        .tax_amount(4182)
        .email_flag(YesNo::Yes)
        .custom_parameter("cp-0002")
        .card_purpose_type(CardPurposeType::GeneralCredit)
        .user_ci("Q0ktdGVzdC12YWx1ZS0wMDAx")
        .main_color("FFFFFF")
        .point_color("5379FF")
        .app_return_url("scheme://return")
        .app_cancel_url("scheme://cancel")
        .return_url("https://shop.example/pay/approval")
        .cancel_url("https://shop.example/pay/cancel")
        .fail_url("https://shop.example/pay/fail")
        .build()
}

fn confirm_request() -> ConfirmRequest {
    ConfirmRequest::builder()
        .client_id("o2o")
        .order_no("202108311259590001")
        .confirm_token("aaaaaa.bbbbbb.ccccc")
        .ip_addr("203.0.113.7")
        .build()
}

fn cancel_request() -> CancelRequest {
    CancelRequest::builder()
        .client_id("o2o")
        .user_id("test_01")
        .tid("tpay_test202108311259590002")
        .amount(1000)
        .cncl_rsn("고객 요청")
        .ip_addr("203.0.113.7")
        .bank_cd("088")
        .bank_acct_no("11012345678901")
        .bank_name("홍길동")
        .build()
}

// -------------------------------------------------------------------------------------------
// 결제 요청: POST /v1.0/payments/request with the payment key (ko:15-111)
// -------------------------------------------------------------------------------------------

#[tokio::test]
async fn request_payment_sends_every_field_in_table_order_with_the_computed_hash() {
    let server = answering("POST", "/v1.0/payments/request", 200, REQUEST_OK).await;
    let answer = client(&server)
        .request_payment(&payment_request())
        .await
        .expect("ret_code 0 is a success");
    assert_eq!(answer.ret_code, 0);
    assert_eq!(answer.ret_msg.as_deref(), Some("OK"));
    assert_eq!(
        answer.redirect_url.as_deref(),
        Some("https://pg.example/pgsvc/pay?token=t-1")
    );

    // Golden vector, computed outside the code under test (ko:35):
    // python3 -c 'import hashlib; print(hashlib.sha256(b"o2o" + b"test_01"
    //     + b"202108311259590001" + b"1" + b"11000" + b"PAYMENT-KEY-spg-0001").hexdigest())'
    let hash = "9abc85e2f6e018273654e9d65d0a2728f7ca2c218759026a39a5f9ad67ae68a1";
    // Written by hand in the order of the table (ko:22-63; prepay_amount from the example,
    // ko:90). Wire name card_purpost_type as the document spells it. The client appends
    // param_ispt_hash (ko:35) after the caller's fields.
    let body = concat!(
        r#"{"pgcode":"card","client_id":"o2o","user_id":"test_01","user_name":"테스터01","#,
        r#""order_no":"202108311259590001","pay_type":1,"device_type":1,"amount":11000,"#,
        r#""product_name":"테스트 상품","return_url":"https://shop.example/pay/approval","#,
        r#""cancel_url":"https://shop.example/pay/cancel","#,
        r#""fail_url":"https://shop.example/pay/fail","#,
        r#""user_ci":"Q0ktdGVzdC12YWx1ZS0wMDAx","taxfree_amount":0,"tax_amount":973,"#,
        r#""cup_return_deposit":300,"card_cpny_cd":"S005","install_month":"00","inst_type":1,"#,
        r#""email_flag":"Y","email_addr":"buyer@shop.example","main_color":"FFFFFF","#,
        r#""point_color":"5379FF","custom_parameter":"cp-0001","mobile_no":"01012345678","#,
        r#""card_purpost_type":1,"app_return_url":"scheme://return","#,
        r#""app_cancel_url":"scheme://cancel","prepay_amount":2000,"#,
        r#""param_ispt_hash":"9abc85e2f6e018273654e9d65d0a2728f7ca2c218759026a39a5f9ad67ae68a1"}"#
    );
    assert!(body.contains(hash));
    let sent = the_request(&server).await;
    assert_post(&sent, "/v1.0/payments/request", PAYMENT_KEY, body);
}

#[tokio::test]
async fn request_payment_leaves_out_unset_fields_and_hashes_pay_type_as_its_code() {
    let server = answering("POST", "/v1.0/payments/request", 200, REQUEST_OK).await;
    let mut bare = payment_request();
    bare.pay_type = PayType::CombinedGeneral;
    bare.device_type = DeviceType::Pc;
    bare.user_ci = None;
    bare.taxfree_amount = None;
    bare.tax_amount = None;
    bare.cup_return_deposit = None;
    bare.card_cpny_cd = None;
    bare.install_month = None;
    bare.inst_type = None;
    bare.email_flag = None;
    bare.email_addr = None;
    bare.main_color = None;
    bare.point_color = None;
    bare.custom_parameter = None;
    bare.mobile_no = None;
    bare.card_purpose_type = None;
    bare.app_return_url = None;
    bare.app_cancel_url = None;
    bare.prepay_amount = None;
    client(&server).request_payment(&bare).await.unwrap();
    // python3 -c 'import hashlib; print(hashlib.sha256(b"o2o" + b"test_01"
    //     + b"202108311259590001" + b"2" + b"11000" + b"PAYMENT-KEY-spg-0001").hexdigest())'
    let body = concat!(
        r#"{"pgcode":"card","client_id":"o2o","user_id":"test_01","user_name":"테스터01","#,
        r#""order_no":"202108311259590001","pay_type":2,"device_type":2,"amount":11000,"#,
        r#""product_name":"테스트 상품","return_url":"https://shop.example/pay/approval","#,
        r#""cancel_url":"https://shop.example/pay/cancel","#,
        r#""fail_url":"https://shop.example/pay/fail","#,
        r#""param_ispt_hash":"81e2ae9f2ab23151b9e5e87969ddee0ad6905469445bb3602e391b7ffb468846"}"#
    );
    assert_post(
        &the_request(&server).await,
        "/v1.0/payments/request",
        PAYMENT_KEY,
        body,
    );
}

#[tokio::test]
async fn a_998_in_a_401_is_the_api_error_with_the_gateways_code_and_message() {
    // The 401 example of ko:107-111.
    let server = answering(
        "POST",
        "/v1.0/payments/request",
        401,
        r#"{"ret_code": 998, "ret_msg": "token is missing or incorrect."}"#,
    )
    .await;
    let err = client(&server)
        .request_payment(&payment_request())
        .await
        .unwrap_err();
    let Error::Api { status, failure } = err else {
        panic!("expected Error::Api, got {err:?}");
    };
    assert_eq!(status, 401);
    assert_eq!(failure.code, "998");
    assert_eq!(failure.message, "token is missing or incorrect.");
    assert_eq!(failure.detail, None);
}

#[tokio::test]
async fn a_non_zero_ret_code_in_a_200_is_the_api_error_too() {
    let server = answering(
        "POST",
        "/v1.0/payments/request",
        200,
        r#"{"ret_code":101,"ret_msg":"invalid parameter"}"#,
    )
    .await;
    let err = client(&server)
        .request_payment(&payment_request())
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Api { status: 200, failure }
            if failure.code == "101" && failure.message == "invalid parameter"),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_401_without_a_readable_code_is_the_http_status_error() {
    let server = answering("POST", "/v1.0/payments/request", 401, "Unauthorized").await;
    let err = client(&server)
        .request_payment(&payment_request())
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::HttpStatus { status: 401, .. }),
        "{err:?}"
    );
}

// -------------------------------------------------------------------------------------------
// 통합결제창 결제 요청: the same URL with UnifiedPaymentRequest (ko:112-249)
// -------------------------------------------------------------------------------------------

#[tokio::test]
async fn request_unified_payment_sends_pay_type_1_and_the_computed_hash() {
    let server = answering("POST", "/v1.0/payments/request", 200, REQUEST_OK).await;
    client(&server)
        .request_unified_payment(&unified_request())
        .await
        .unwrap();
    // Golden vector (ko:130; pay_type is the const 1 of ko:124):
    // python3 -c 'import hashlib; print(hashlib.sha256(b"o2o" + b"test_01"
    //     + b"202108311259590002" + b"1" + b"46000" + b"PAYMENT-KEY-spg-0001").hexdigest())'
    // Body written by hand in the table order of ko:119-172 (email_addr and mobile_no once, at
    // their first rows ko:143/ko:145), param_ispt_hash appended by the client.
    let body = concat!(
        r#"{"pgcode":"selpay","client_id":"o2o","user_id":"test_01","user_name":"테스터01","#,
        r#""order_no":"202108311259590002","pay_type":1,"device_type":1,"amount":46000,"#,
        r#""product_name":"테스트 상품","email_addr":"buyer@shop.example","#,
        r#""mobile_no":"01012345678","taxfree_amount":0,"tax_amount":4182,"email_flag":"Y","#,
        r#""custom_parameter":"cp-0002","card_purpost_type":1,"#,
        r#""user_ci":"Q0ktdGVzdC12YWx1ZS0wMDAx","main_color":"FFFFFF","point_color":"5379FF","#,
        r#""app_return_url":"scheme://return","app_cancel_url":"scheme://cancel","#,
        r#""return_url":"https://shop.example/pay/approval","#,
        r#""cancel_url":"https://shop.example/pay/cancel","#,
        r#""fail_url":"https://shop.example/pay/fail","#,
        r#""param_ispt_hash":"7efa1a32f8a4ae66d34d962c2370ca0528d0fb28f4a721f69f5756bad6d314c2"}"#
    );
    assert_post(
        &the_request(&server).await,
        "/v1.0/payments/request",
        PAYMENT_KEY,
        body,
    );
}

#[tokio::test]
async fn a_corporate_loan_request_sends_the_loan_section_without_a_user_ci() {
    let server = answering("POST", "/v1.0/payments/request", 200, REQUEST_OK).await;
    let mut corporate = unified_request();
    corporate.pgcode = UnifiedPgCode::Bizselpay;
    corporate.user_id = "biz_01".into();
    corporate.user_name = "법인담당".into();
    corporate.order_no = "202108311259590003".into();
    corporate.device_type = DeviceType::Pc;
    corporate.amount = 1_000_000;
    corporate.buyr_bizr_no = Some("1234567890".into());
    corporate.dpst_req_no = Some("D0000001".into());
    corporate.clnt_pay_clf_cd = Some(ClientPayClass::LumpSum);
    corporate.req_amt = Some(700_000);
    corporate.chrg_amt = Some(300_000);
    corporate.tot_tx_amt = Some(1_000_000);
    corporate.pay_amt = Some(1_000_000);
    corporate.clnt_tx_clf_cd = Some(ClientTxClass::Dedicated);
    corporate.cncl_yn = Some(YesNo::No);
    corporate.clnt_tx_ymd = Some("20240601".into());
    corporate.seller_name = Some("테스트판매사".into());
    corporate.email_addr = None;
    corporate.mobile_no = None;
    corporate.taxfree_amount = None;
    corporate.tax_amount = None;
    corporate.email_flag = None;
    corporate.custom_parameter = None;
    corporate.card_purpose_type = None;
    corporate.user_ci = None;
    corporate.main_color = None;
    corporate.point_color = None;
    corporate.app_return_url = None;
    corporate.app_cancel_url = None;
    client(&server)
        .request_unified_payment(&corporate)
        .await
        .expect("user_ci is required for selpay only");
    // python3 -c 'import hashlib; print(hashlib.sha256(b"o2o" + b"biz_01"
    //     + b"202108311259590003" + b"1" + b"1000000" + b"PAYMENT-KEY-spg-0001").hexdigest())'
    let body = concat!(
        r#"{"pgcode":"bizselpay","client_id":"o2o","user_id":"biz_01","user_name":"법인담당","#,
        r#""order_no":"202108311259590003","pay_type":1,"device_type":2,"amount":1000000,"#,
        r#""product_name":"테스트 상품","buyr_bizr_no":"1234567890","dpst_req_no":"D0000001","#,
        r#""clnt_pay_clf_cd":"SGLPAY","req_amt":700000,"chrg_amt":300000,"#,
        r#""tot_tx_amt":1000000,"pay_amt":1000000,"clnt_tx_clf_cd":"IMPL","cncl_yn":"N","#,
        r#""clnt_tx_ymd":"20240601","seller_name":"테스트판매사","#,
        r#""return_url":"https://shop.example/pay/approval","#,
        r#""cancel_url":"https://shop.example/pay/cancel","#,
        r#""fail_url":"https://shop.example/pay/fail","#,
        r#""param_ispt_hash":"caaba884dc7deffa1169eba30ec5d21f448313a9127370a2f837c89db900c3cd"}"#
    );
    assert_post(
        &the_request(&server).await,
        "/v1.0/payments/request",
        PAYMENT_KEY,
        body,
    );
}

#[tokio::test]
async fn a_loan_amount_of_fourteen_digits_fails_before_anything_is_sent() {
    // req_amt is "number, size 13" (ko:135): 9,999,999,999,999 won is the most it holds.
    let server = answering("POST", "/v1.0/payments/request", 200, REQUEST_OK).await;
    let mut request = unified_request();
    request.req_amt = Some(12_345_678_901_234);
    request.pay_amt = Some(9_999_999_999_999);
    let err = client(&server)
        .request_unified_payment(&request)
        .await
        .unwrap_err();
    let paygen_runtime::Error::Validation(errors) = &err else {
        panic!("expected a validation error, got {err:?}");
    };
    let found: Vec<(&str, &paygen_runtime::Rule)> = (errors.violations().iter())
        .map(|v| (v.path.as_str(), &v.rule))
        .collect();
    assert_eq!(
        found,
        [(
            "req_amt",
            &paygen_runtime::Rule::MaxDigits {
                limit: 13,
                actual: 14
            }
        )]
    );
    assert!(!err.to_string().contains("12345678901234"), "{err}");
    assert!(server.received_requests().await.unwrap().is_empty());
}

// -------------------------------------------------------------------------------------------
// 결제 승인: POST /v1.0/payments/confirm, and its pay_ispt_hash (ko:302-372)
// -------------------------------------------------------------------------------------------

/// A confirm success answer in the shape of the example (ko:347-367: amounts as strings), with
/// `pay_ispt_hash` as given (left out when `None`).
fn confirm_answer(pay_ispt_hash: Option<&str>) -> String {
    let hash = pay_ispt_hash
        .map(|h| format!(r#""pay_ispt_hash":"{h}","#))
        .unwrap_or_default();
    format!(
        concat!(
            r#"{{"ret_code":0,"ret_msg":"OK","pay_type":1,"order_no":"202108311259590001","#,
            r#""product_name":"테스트 상품","user_id":"test01","user_name":"테스터01","#,
            r#""amount":"1000","discount_amount":"100","taxfree_amount":"0","tax_amount":"90","#,
            r#""tid":"202108311259590006",{}"tx_date":"2021-08-31 12:59:59","#,
            r#""pay_info":[{{"card_cpny_cd":"S005","card_name":"신한카드","#,
            r#""card_no":"123456******1234","card_aprv_no":"30001234","install_month":"00"}}]}}"#
        ),
        hash
    )
}

// Golden vector (ko:330), upper case as in the example (ko:361):
// python3 -c 'import hashlib; print(hashlib.sha256(b"test01" + b"1000"
//     + b"202108311259590006" + b"PAYMENT-KEY-spg-0001").hexdigest().upper())'
const PAY_ISPT_HASH: &str = "9DA0FD2634941EF4C0D5B119BC10C7173A52C8BCC936DDE8D71E09BBA32C7D06";

async fn confirm_with(answer: &str) -> (MockServer, paygen_runtime::Result<ConfirmResponse>) {
    let server = answering("POST", "/v1.0/payments/confirm", 200, answer).await;
    let result = client(&server).confirm_payment(&confirm_request()).await;
    (server, result)
}

#[tokio::test]
async fn confirm_payment_sends_the_four_fields_and_accepts_a_matching_hash() {
    let (server, result) = confirm_with(&confirm_answer(Some(PAY_ISPT_HASH))).await;
    let confirmed = result.expect("the hash matches");
    assert_eq!(confirmed.amount, Some(1000)); // sent as "1000" (ko:355)
    assert_eq!(confirmed.discount_amount, Some(100));
    assert_eq!(confirmed.pay_type, Some(PayType::Single));
    assert_eq!(confirmed.tid.as_deref(), Some("202108311259590006"));
    assert_eq!(confirmed.pay_ispt_hash.as_deref(), Some(PAY_ISPT_HASH));
    let card = &confirmed.pay_info.as_ref().unwrap()[0];
    assert_eq!(card.card_cpny_cd.as_deref(), Some("S005"));
    assert_eq!(card.install_month.as_deref(), Some("00"));

    // Table order ko:309-312.
    let body = concat!(
        r#"{"client_id":"o2o","order_no":"202108311259590001","#,
        r#""confirm_token":"aaaaaa.bbbbbb.ccccc","ip_addr":"203.0.113.7"}"#
    );
    assert_post(
        &the_request(&server).await,
        "/v1.0/payments/confirm",
        PAYMENT_KEY,
        body,
    );
}

#[tokio::test]
async fn the_hash_is_compared_in_either_case() {
    let lower = PAY_ISPT_HASH.to_ascii_lowercase();
    let (_server, result) = confirm_with(&confirm_answer(Some(&lower))).await;
    result.expect("lower-case hex of the same digest matches");
}

#[tokio::test]
async fn a_wrong_hash_is_an_integrity_error() {
    // One digit changed (the last 6 -> 7).
    let wrong = "9DA0FD2634941EF4C0D5B119BC10C7173A52C8BCC936DDE8D71E09BBA32C7D07";
    let (_server, result) = confirm_with(&confirm_answer(Some(wrong))).await;
    let err = result.unwrap_err();
    assert!(
        matches!(
            err,
            Error::Integrity {
                field: "pay_ispt_hash"
            }
        ),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_hash_made_with_the_search_key_is_an_integrity_error() {
    // python3 -c 'import hashlib; print(hashlib.sha256(b"test01" + b"1000"
    //     + b"202108311259590006" + b"SEARCH-KEY-spg-0002").hexdigest().upper())'
    let with_search_key = "6D95A52B040DD00E0E348B055818F6DAA0851F372A9C8D0D97C11507858F2B09";
    let (_server, result) = confirm_with(&confirm_answer(Some(with_search_key))).await;
    let err = result.unwrap_err();
    assert!(
        matches!(
            err,
            Error::Integrity {
                field: "pay_ispt_hash"
            }
        ),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_missing_hash_on_a_success_is_an_integrity_error() {
    let (_server, result) = confirm_with(&confirm_answer(None)).await;
    let err = result.unwrap_err();
    assert!(
        matches!(
            err,
            Error::Integrity {
                field: "pay_ispt_hash"
            }
        ),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_hash_over_different_data_is_an_integrity_error() {
    // The right hash, but the answer's amount was changed to 10000.
    let tampered =
        confirm_answer(Some(PAY_ISPT_HASH)).replace(r#""amount":"1000""#, r#""amount":"10000""#);
    let (_server, result) = confirm_with(&tampered).await;
    let err = result.unwrap_err();
    assert!(
        matches!(
            err,
            Error::Integrity {
                field: "pay_ispt_hash"
            }
        ),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_success_without_a_hash_input_is_an_integrity_error() {
    // No user_id; the hash is over "" + amount + tid + key, so it "matches" an empty user_id:
    // python3 -c 'import hashlib; print(hashlib.sha256(b"" + b"1000"
    //     + b"202108311259590006" + b"PAYMENT-KEY-spg-0001").hexdigest().upper())'
    let hash = "43AEA41C20295E0E9059123EEB14850C00D52916BF7A2DB672D9418FC2EF9E75";
    let answer = confirm_answer(Some(hash)).replace(r#""user_id":"test01","#, "");
    let (_server, result) = confirm_with(&answer).await;
    let err = result.unwrap_err();
    assert!(
        matches!(
            err,
            Error::Integrity {
                field: "pay_ispt_hash"
            }
        ),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_confirm_failure_is_the_api_error_not_an_integrity_error() {
    // ko:368-372: a failure carries no hash, and must keep the gateway's code.
    let (_server, result) =
        confirm_with(r#"{"ret_code":998,"ret_msg":"token is missing or incorrect."}"#).await;
    let err = result.unwrap_err();
    assert!(
        matches!(&err, Error::Api { status: 200, failure } if failure.code == "998"),
        "{err:?}"
    );
}

// -------------------------------------------------------------------------------------------
// 결제 취소 / 부분 취소 (ko:373-454)
// -------------------------------------------------------------------------------------------

const CANCEL_OK: &str = r#"{"ret_code":0,"ret_msg":"OK","tid":"tpay_test202108311259590002","cid":"123456","amount":1000,"tx_date":"2021-08-31 15:01:07"}"#;

#[tokio::test]
async fn cancel_payment_sends_the_table_fields_with_the_payment_key() {
    let server = answering("POST", "/v1.0/payments/cancel", 200, CANCEL_OK).await;
    let cancelled = client(&server)
        .cancel_payment(&cancel_request())
        .await
        .unwrap();
    assert_eq!(cancelled.cid.as_deref(), Some("123456"));
    assert_eq!(cancelled.amount, Some(1000));
    assert_eq!(cancelled.tx_date.as_deref(), Some("2021-08-31 15:01:07"));
    // Table order ko:379-387.
    let body = concat!(
        r#"{"client_id":"o2o","user_id":"test_01","tid":"tpay_test202108311259590002","#,
        r#""amount":1000,"cncl_rsn":"고객 요청","ip_addr":"203.0.113.7","bank_cd":"088","#,
        r#""bank_acct_no":"11012345678901","bank_name":"홍길동"}"#
    );
    assert_post(
        &the_request(&server).await,
        "/v1.0/payments/cancel",
        PAYMENT_KEY,
        body,
    );
}

#[tokio::test]
async fn cancel_payment_partial_sends_the_table_fields_with_the_payment_key() {
    let server = answering("POST", "/v1.0/payments/cancel/partial", 200, CANCEL_OK).await;
    let request = PartialCancelRequest::builder()
        .client_id("o2o")
        .user_id("test_01")
        .tid("tpay_test202108311259590002")
        .amount(5000)
        .taxfree_amount(0)
        .tax_amount(455)
        .cncl_rsn("부분 취소")
        .ip_addr("203.0.113.7")
        .build();
    let cancelled = client(&server)
        .cancel_payment_partial(&request)
        .await
        .unwrap();
    assert_eq!(cancelled.ret_code, 0);
    // Table order ko:420-428: the amounts sit between amount and cncl_rsn.
    let body = concat!(
        r#"{"client_id":"o2o","user_id":"test_01","tid":"tpay_test202108311259590002","#,
        r#""amount":5000,"taxfree_amount":0,"tax_amount":455,"cncl_rsn":"부분 취소","#,
        r#""ip_addr":"203.0.113.7"}"#
    );
    assert_post(
        &the_request(&server).await,
        "/v1.0/payments/cancel/partial",
        PAYMENT_KEY,
        body,
    );
}

// -------------------------------------------------------------------------------------------
// The four search-key GETs (ko:455-615)
// -------------------------------------------------------------------------------------------

#[tokio::test]
async fn get_receipt_puts_tid_in_the_path_and_the_rest_in_the_query() {
    let server = answering(
        "GET",
        "/v1.0/receipt/info/T-1",
        200,
        r#"{"ret_code":0,"ret_msg":"OK","redirect_url":"https://pg.example/receipt?id=1"}"#,
    )
    .await;
    let request = ReceiptRequest::builder()
        .tid("T-1")
        .client_id("o2o")
        .amount(1000)
        .tx_ymd("2021-08-31")
        .build();
    let receipt = client(&server).get_receipt(&request).await.unwrap();
    assert_eq!(
        receipt.redirect_url.as_deref(),
        Some("https://pg.example/receipt?id=1")
    );
    // `amount`, not the table's `amunt` (ko:462): the spec's decision.
    assert_get(
        &the_request(&server).await,
        "/v1.0/receipt/info/T-1",
        "client_id=o2o&amount=1000&tx_ymd=2021-08-31",
        SEARCH_KEY,
    );
}

#[tokio::test]
async fn a_tid_with_separators_is_one_escaped_path_segment() {
    let server = answering(
        "GET",
        "/v1.0/receipt/info/T%2F1%3Fx",
        200,
        r#"{"ret_code":0}"#,
    )
    .await;
    let request = ReceiptRequest::builder()
        .tid("T/1?x")
        .client_id("o2o")
        .amount(1000)
        .tx_ymd("2021-08-31")
        .build();
    client(&server).get_receipt(&request).await.unwrap();
    let sent = the_request(&server).await;
    assert_eq!(sent.url.path(), "/v1.0/receipt/info/T%2F1%3Fx");
    assert_eq!(
        sent.url.query(),
        Some("client_id=o2o&amount=1000&tx_ymd=2021-08-31")
    );
}

#[tokio::test]
async fn get_payment_info_queries_by_client_and_order_with_the_search_key() {
    let server = answering(
        "GET",
        "/v1.0/payments/confirm-info",
        200,
        r#"{"ret_code":0,"ret_msg":"OK","user_id":"test_01","tid":"202108311259590006","tx_amount":"1000","tx_stat":2,"tx_date":"2021-12-22 12:59:59","cncl_date":"2021-12-22 13:05:59","cncl_rsn":"고객 요청"}"#,
    )
    .await;
    let request = ConfirmInfoRequest::builder()
        .client_id("o2o")
        .order_no("202108311259590001")
        .build();
    let info = client(&server).get_payment_info(&request).await.unwrap();
    assert_eq!(info.tx_stat, Some(TxStat::Cancelled));
    assert_eq!(info.tx_amount, Some(1000));
    assert_eq!(info.cncl_rsn.as_deref(), Some("고객 요청"));
    assert_get(
        &the_request(&server).await,
        "/v1.0/payments/confirm-info",
        "client_id=o2o&order_no=202108311259590001",
        SEARCH_KEY,
    );
}

#[tokio::test]
async fn query_values_are_form_encoded() {
    let server = answering(
        "GET",
        "/v1.0/payments/confirm-info",
        200,
        r#"{"ret_code":0}"#,
    )
    .await;
    let request = ConfirmInfoRequest::builder()
        .client_id("o2o")
        .order_no("A&B=C 주문")
        .build();
    client(&server).get_payment_info(&request).await.unwrap();
    let sent = the_request(&server).await;
    assert_eq!(
        sent.url.query(),
        Some("client_id=o2o&order_no=A%26B%3DC+%EC%A3%BC%EB%AC%B8")
    );
}

#[tokio::test]
async fn a_no_data_answer_of_a_search_api_is_the_api_error() {
    // ko:519-523.
    let server = answering(
        "GET",
        "/v1.0/payments/confirm-info",
        401,
        r#"{"ret_code": 998, "ret_msg": "there is no data."}"#,
    )
    .await;
    let request = ConfirmInfoRequest::builder()
        .client_id("o2o")
        .order_no("202108311259590009")
        .build();
    let err = client(&server)
        .get_payment_info(&request)
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Api { status: 401, failure }
            if failure.code == "998" && failure.message == "there is no data."),
        "{err:?}"
    );
}

#[tokio::test]
async fn list_card_companies_queries_by_client_and_pgcode_with_the_search_key() {
    let server = answering(
        "GET",
        "/v1.0/payments/info/card-list",
        200,
        r#"{"ret_code":0,"ret_msg":"OK","list":[
            {"card_cpny_cd":"S001","card_cpny_name":"BC카드","image_url":"/img/bc.png","sort_no":1,
             "istl_psbl_amt":"50000","istl_start_mnts":"02","istl_finish_mnts":"12",
             "mult_part_nintr_istl_mnts":0,"nintr_yn":"Y","point_use_yn":"N",
             "notice_list":[{"notice_type":2,"notice_msg":"점검"}],
             "prmt_list":[{"prmt_name":"할인","prmt_cndi_amt":5000,"prmt_amt":1000,
                           "id_max_aply_yn":"Y","max_cnt_aply_type":3,"max_cnt":1}]},
            {"card_cpny_cd":"S005","card_cpny_name":"신한카드","mult_part_nintr_istl_mnts":"2,3,6"}]}"#,
    )
    .await;
    let request = CardListRequest::builder()
        .client_id("o2o")
        .pgcode(PgCode::Card)
        .build();
    let cards = client(&server).list_card_companies(&request).await.unwrap();
    let list = cards.list.expect("a list");
    assert_eq!(list.len(), 2);
    assert_eq!(list[0].card_cpny_name.as_deref(), Some("BC카드"));
    assert_eq!(list[0].istl_psbl_amt, Some(50000));
    assert_eq!(list[0].mult_part_nintr_istl_mnts.as_deref(), Some("0"));
    assert_eq!(list[0].nintr_yn, Some(YesNo::Yes));
    let notices = list[0].notice_list.as_ref().unwrap();
    assert_eq!(notices[0].notice_type, Some(NoticeType::Outage));
    let promotion = &list[0].prmt_list.as_ref().unwrap()[0];
    assert_eq!(
        (promotion.prmt_cndi_amt, promotion.prmt_amt),
        (Some(5000), Some(1000))
    );
    assert_eq!(list[1].mult_part_nintr_istl_mnts.as_deref(), Some("2,3,6"));
    assert_get(
        &the_request(&server).await,
        "/v1.0/payments/info/card-list",
        "client_id=o2o&pgcode=card",
        SEARCH_KEY,
    );
}

#[tokio::test]
async fn list_terms_queries_by_client_and_pgcode_with_the_search_key() {
    let server = answering(
        "GET",
        "/v1.0/payments/info/terms-info-list",
        200,
        r#"{"ret_code":0,"ret_msg":"OK","list":[{"terms_no":1,"terms_nm":"전자금융거래 이용약관","terms_ctnt":"<h3>약관</h3>"}]}"#,
    )
    .await;
    let request = TermsInfoListRequest::builder()
        .client_id("o2o")
        .pgcode(PgCode::Selpay)
        .build();
    let terms = client(&server).list_terms(&request).await.unwrap();
    let list = terms.list.expect("a list");
    assert_eq!(list[0].terms_no, Some(1));
    assert_eq!(list[0].terms_nm.as_deref(), Some("전자금융거래 이용약관"));
    assert_get(
        &the_request(&server).await,
        "/v1.0/payments/info/terms-info-list",
        "client_id=o2o&pgcode=selpay",
        SEARCH_KEY,
    );
}

// -------------------------------------------------------------------------------------------
// Validation before any I/O
// -------------------------------------------------------------------------------------------

/// A server that would accept anything; the tests check it received nothing.
async fn accepting_anything() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(200).set_body_string(REQUEST_OK))
        .mount(&server)
        .await;
    server
}

async fn assert_nothing_sent(server: &MockServer) {
    assert!(
        server.received_requests().await.unwrap().is_empty(),
        "nothing may be sent"
    );
}

#[tokio::test]
async fn seven_hangul_syllables_overflow_the_20_byte_user_name_and_nothing_is_sent() {
    let server = accepting_anything().await;
    let mut request = payment_request();
    // ko:25: user_name is 20 bytes; 7 syllables x 3 UTF-8 bytes = 21.
    request.user_name = "가나다라마바사".into();
    let err = client(&server).request_payment(&request).await.unwrap_err();
    let Error::Validation(errors) = &err else {
        panic!("expected Error::Validation, got {err:?}");
    };
    assert_eq!(errors.violations().len(), 1, "{errors}");
    assert_eq!(errors.violations()[0].path, "user_name");
    assert_eq!(
        errors.violations()[0].rule,
        Rule::MaxBytes {
            limit: 20,
            actual: 21,
            encoding: Encoding::Utf8
        }
    );
    assert!(
        !err.to_string().contains("가나다"),
        "the value leaked: {err}"
    );
    assert_nothing_sent(&server).await;

    // Six syllables (18 bytes) fit.
    request.user_name = "가나다라마바".into();
    client(&server).request_payment(&request).await.unwrap();
}

#[tokio::test]
async fn user_ci_is_required_when_pgcode_is_shpay() {
    let server = accepting_anything().await;
    let mut request = payment_request();
    request.pgcode = PgCode::Shpay;
    request.user_ci = None;
    let err = client(&server).request_payment(&request).await.unwrap_err();
    let Error::Validation(errors) = &err else {
        panic!("expected Error::Validation, got {err:?}");
    };
    assert_eq!(errors.violations().len(), 1, "{errors}");
    assert_eq!(errors.violations()[0].path, "user_ci");
    assert_eq!(
        errors.violations()[0].rule,
        Rule::RequiredIf {
            condition: "`pgcode` is `shpay`"
        }
    );
    // An empty string is no CI either.
    let mut empty = request;
    empty.user_ci = Some(String::new());
    let err = client(&server).request_payment(&empty).await.unwrap_err();
    assert!(
        matches!(&err, Error::Validation(e) if e.violations()[0].path == "user_ci"),
        "{err:?}"
    );
    assert_nothing_sent(&server).await;
}

#[tokio::test]
async fn user_ci_is_required_for_the_personal_unified_window() {
    let server = accepting_anything().await;
    let mut request = unified_request();
    request.user_ci = None;
    let err = client(&server)
        .request_unified_payment(&request)
        .await
        .unwrap_err();
    let Error::Validation(errors) = &err else {
        panic!("expected Error::Validation, got {err:?}");
    };
    assert_eq!(errors.violations()[0].path, "user_ci");
    assert_eq!(
        errors.violations()[0].rule,
        Rule::RequiredIf {
            condition: "`pgcode` is `selpay`"
        }
    );
    assert_nothing_sent(&server).await;
}

#[tokio::test]
async fn every_violation_is_reported_with_its_field_path() {
    let server = accepting_anything().await;
    let mut request = payment_request();
    request.client_id = "o2o-client-1".into(); // 12 bytes > 10 (ko:23)
    request.order_no = String::new(); // required (ko:26)
    request.install_month = Some("13".into()); // 00-12 (ko:45)
    request.main_color = Some("#FFFFF".into()); // RRGGBB (ko:53)
    request.mobile_no = Some("010-1234-5678".into()); // 13 bytes > 11 (ko:59)
    let err = client(&server).request_payment(&request).await.unwrap_err();
    let Error::Validation(errors) = &err else {
        panic!("expected Error::Validation, got {err:?}");
    };
    let found: Vec<(&str, &Rule)> = errors
        .violations()
        .iter()
        .map(|v| (v.path.as_str(), &v.rule))
        .collect();
    assert_eq!(
        found,
        [
            (
                "client_id",
                &Rule::MaxBytes {
                    limit: 10,
                    actual: 12,
                    encoding: Encoding::Utf8
                }
            ),
            ("order_no", &Rule::Required),
            (
                "install_month",
                &Rule::Format {
                    format: Format::Month
                }
            ),
            (
                "main_color",
                &Rule::Format {
                    format: Format::HexColor
                }
            ),
            (
                "mobile_no",
                &Rule::MaxBytes {
                    limit: 11,
                    actual: 13,
                    encoding: Encoding::Utf8
                }
            ),
        ]
    );
    assert!(!err.to_string().contains("010-1234-5678"), "{err}");
    assert_nothing_sent(&server).await;
}

#[tokio::test]
async fn every_operation_validates_before_sending() {
    let server = accepting_anything().await;
    let client = client(&server);
    let is_validation_at = |result: paygen_runtime::Error, at: &str| {
        assert!(
            matches!(&result, Error::Validation(e) if e.violations()[0].path == at),
            "{at}: {result:?}"
        );
    };

    let mut confirm = confirm_request();
    confirm.confirm_token = String::new();
    is_validation_at(
        client.confirm_payment(&confirm).await.unwrap_err(),
        "confirm_token",
    );

    let mut cancel = cancel_request();
    cancel.bank_cd = Some("0881".into()); // 3 bytes (ko:385)
    is_validation_at(client.cancel_payment(&cancel).await.unwrap_err(), "bank_cd");

    let partial = PartialCancelRequest::builder()
        .client_id("o2o")
        .user_id("test_01")
        .tid("tpay_test202108311259590002")
        .amount(5000)
        .cncl_rsn("가".repeat(34)) // 102 bytes > 100 (ko:427)
        .ip_addr("203.0.113.7")
        .build();
    is_validation_at(
        client.cancel_payment_partial(&partial).await.unwrap_err(),
        "cncl_rsn",
    );

    let receipt = ReceiptRequest::builder()
        .tid("T-1")
        .client_id("o2o")
        .amount(1000)
        .tx_ymd("20210831") // YYYY-MM-DD (ko:463)
        .build();
    let err = client.get_receipt(&receipt).await.unwrap_err();
    assert!(
        matches!(&err, Error::Validation(e)
            if e.violations()[0].path == "tx_ymd"
                && e.violations()[0].rule == Rule::Format { format: Format::YyyyMmDd }),
        "{err:?}"
    );

    let info = ConfirmInfoRequest::builder()
        .client_id("o2o")
        .order_no("1".repeat(51)) // 50 bytes (ko:491)
        .build();
    is_validation_at(
        client.get_payment_info(&info).await.unwrap_err(),
        "order_no",
    );

    let cards = CardListRequest::builder()
        .client_id(String::new())
        .pgcode(PgCode::Card)
        .build();
    is_validation_at(
        client.list_card_companies(&cards).await.unwrap_err(),
        "client_id",
    );

    let terms = TermsInfoListRequest::builder()
        .client_id("client-id-11")
        .pgcode(PgCode::Card)
        .build();
    is_validation_at(client.list_terms(&terms).await.unwrap_err(), "client_id");

    assert_nothing_sent(&server).await;
}

// -------------------------------------------------------------------------------------------
// Debug output
// -------------------------------------------------------------------------------------------

#[test]
fn debug_output_shows_no_key_and_no_personal_value() {
    let client = Client::new(
        Environment::Custom("http://127.0.0.1:9".into()),
        credentials(),
    )
    .expect("client builds");
    let callback: ReturnUrlCallback = serde_json::from_str(
        r#"{"order_no":"1","user_nm":"예금주명","email":"a@b.example","user_tel_no":"01098765432","tid":"T-1"}"#,
    )
    .unwrap();
    let confirmed: ConfirmResponse =
        serde_json::from_str(&confirm_answer(Some(PAY_ISPT_HASH))).unwrap();
    let shown = [
        format!("{client:?}"),
        format!("{:?}", credentials()),
        format!("{:?}", payment_request()),
        format!("{:#?}", unified_request()),
        format!("{:?}", confirm_request()),
        format!("{:?}", cancel_request()),
        format!("{callback:?}"),
        format!("{confirmed:?}"),
    ]
    .join("\n");
    for secret in [
        PAYMENT_KEY,
        SEARCH_KEY,
        "test_01",                  // user_id
        "테스터01",                 // user_name
        "Q0ktdGVzdC12YWx1ZS0wMDAx", // user_ci
        "01012345678",              // mobile_no
        "buyer@shop.example",       // email_addr
        "203.0.113.7",              // ip_addr
        "11012345678901",           // bank_acct_no
        "홍길동",                   // bank_name
        "예금주명",                 // callback user_nm
        "a@b.example",              // callback email
        "01098765432",              // callback user_tel_no
        "test01",                   // confirm response user_id / user_name
        "123456******1234",         // card_no
        "cp-0001",                  // custom_parameter: carries customer data (ko:57)
    ] {
        assert!(!shown.contains(secret), "`{secret}` leaked:\n{shown}");
    }
    // What is not personal stays visible.
    for visible in ["202108311259590001", "S005", "o2o"] {
        assert!(shown.contains(visible), "`{visible}` hidden:\n{shown}");
    }
}
