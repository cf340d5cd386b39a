//! The secrets and personal data grep: every credential, builder, client, request and response
//! type that holds a secret or a field the specs mark personal, the Shinhan return_url callback,
//! and every variant of `paygen_runtime::Error`, built from distinctive marker values and
//! formatted with `{:?}`, `{:#?}` and (where there is one) `{}` plus the `source()` chain. No
//! marker may appear in any of it, and each output must still show something (a field name, a
//! path, a code), so that a test formatting an empty string cannot pass.
//!
//! Errors caused by real I/O are provoked for real: against a refused port, or a loopback
//! wiremock server whose answers carry the markers.
//!
//! One deliberate exception, tested as such: `Error::Api` carries the gateway's own message
//! (`ret_msg`, `resMsg`, `resDetailMsg`) verbatim. It is the gateway's text, not the merchant's
//! data; it is the reason a payment was refused and must reach the caller; and the client cannot
//! tell a gateway's wording from personal data. Everything else in a refused answer is dropped.

use paygen::{kicc_wechatpay, linenext_unifipay, shinhan_spg};
use paygen_runtime::__private::http::{self, RawResponse};
use paygen_runtime::auth::SecretString;
use paygen_runtime::http::RetryPolicy;
use paygen_runtime::Error;
use std::error::Error as _;
use std::fmt::Debug;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

const PAYMENT_KEY: &str = "SECRET-PAYMENT-KEY-7f3a";
const SEARCH_KEY: &str = "SECRET-SEARCH-KEY-7f3a";
const API_KEY: &str = "SECRET-API-KEY-7f3a";
const APP_SECRET: &str = "SECRET-APP-SECRET-7f3a";
const NAME: &str = "홍길동";
const PHONE: &str = "01098765432";
const EMAIL: &str = "gildong.hong@mail.example";
const CARD: &str = "9410123456789012";
const CI: &str = "CI-MARKER-bWFya2VyLWNp";
const IP: &str = "198.51.100.77";
const USER_ID: &str = "uid-marker-42";
const ADDRESS: &str = "서울시 마커구 7";
const BIZ_NO: &str = "9876543210";
const ACCOUNT: &str = "110987654321";
const BANK_HOLDER: &str = "마커은행주";
const CUSTOM: &str = "CUSTOM-MARKER-cp77";

/// Every value that must never be printed.
const MARKERS: &[&str] = &[
    PAYMENT_KEY,
    SEARCH_KEY,
    API_KEY,
    APP_SECRET,
    NAME,
    PHONE,
    EMAIL,
    CARD,
    CI,
    IP,
    USER_ID,
    ADDRESS,
    BIZ_NO,
    ACCOUNT,
    BANK_HOLDER,
    CUSTOM,
];

/// `shown` holds no marker, and does hold each of `visible`.
fn assert_masked(what: &str, shown: &str, visible: &[&str]) {
    for marker in MARKERS {
        assert!(!shown.contains(marker), "{what} leaks {marker:?}:\n{shown}");
    }
    for expected in visible {
        assert!(
            shown.contains(expected),
            "{what} should still show {expected:?}:\n{shown}"
        );
    }
}

fn assert_debug_masked(what: &str, value: &impl Debug, visible: &[&str]) {
    assert_masked(what, &format!("{value:?}"), visible);
    assert_masked(
        &format!("{what} ({{:#?}})"),
        &format!("{value:#?}"),
        visible,
    );
}

/// Debug as above; Display and each `source()` in turn, as a logger walking the chain prints
/// them, must hold no marker either.
fn assert_error_masked(what: &str, err: &Error, visible: &[&str]) {
    assert_debug_masked(what, err, visible);
    let mut chain = err.to_string();
    assert!(!chain.is_empty(), "{what} displays as nothing");
    let mut source = err.source();
    while let Some(cause) = source {
        chain.push_str(&format!("\ncaused by: {cause}"));
        source = cause.source();
    }
    assert_masked(&format!("{what} (Display chain)"), &chain, &[]);
}

fn shinhan_credentials() -> shinhan_spg::Credentials {
    shinhan_spg::Credentials {
        payment_key: SecretString::from(PAYMENT_KEY),
        search_key: SecretString::from(SEARCH_KEY),
    }
}

fn unifi_credentials(api_key: &str) -> linenext_unifipay::Credentials {
    linenext_unifipay::Credentials {
        app_id: "app-id-shown".into(),
        api_key: SecretString::from(api_key),
        app_secret: SecretString::from(APP_SECRET),
    }
}

fn shinhan_builder(url: &str) -> shinhan_spg::ClientBuilder {
    let env = shinhan_spg::Environment::Custom(url.to_owned());
    shinhan_spg::Client::builder(env, shinhan_credentials()).retry(RetryPolicy::none())
}

fn shinhan_client(url: &str) -> shinhan_spg::Client {
    shinhan_builder(url).build().unwrap()
}

fn unifi_client(url: &str, api_key: &str) -> linenext_unifipay::Client {
    let env = linenext_unifipay::Environment::Custom(url.to_owned());
    linenext_unifipay::Client::builder(env, unifi_credentials(api_key))
        .retry(RetryPolicy::none())
        .build()
        .unwrap()
}

/// A loopback server answering every request with `status` and `body`.
async fn answering(status: u16, body: &str) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(status).set_body_string(body))
        .mount(&server)
        .await;
    server
}

fn kicc_request(customer_name: &str) -> kicc_wechatpay::CreateTransactionRequest {
    let mut request = paygen_tests::kicc_request(customer_name);
    request.customer_info = Some(
        kicc_wechatpay::CustomerInfo::builder()
            .customer_id(USER_ID)
            .customer_name(customer_name)
            .customer_mail(EMAIL)
            .customer_contact_no(PHONE)
            .customer_addr(ADDRESS)
            .build(),
    );
    request
}

fn shinhan_payment_request() -> shinhan_spg::PaymentRequest {
    let mut request = paygen_tests::shinhan_payment_request();
    request.user_id = USER_ID.into();
    request.user_name = NAME.into();
    request.user_ci = Some(CI.into());
    request.email_addr = Some(EMAIL.into());
    request.custom_parameter = Some(CUSTOM.into());
    request.mobile_no = Some(PHONE.into());
    request
}

fn shinhan_unified_request() -> shinhan_spg::UnifiedPaymentRequest {
    // Built from its wire form: the type has thirty optional fields and no Default.
    let request: shinhan_spg::UnifiedPaymentRequest = serde_json::from_value(serde_json::json!({
        "pgcode": "bizselpay", "client_id": "o2o", "user_id": USER_ID, "user_name": NAME,
        "order_no": "ORDER-1", "device_type": 2, "amount": 11000, "product_name": "테스트 상품",
        "buyr_bizr_no": BIZ_NO, "email_addr": EMAIL, "mobile_no": PHONE,
        "custom_parameter": CUSTOM, "user_ci": CI,
        "return_url": "https://shop.example/return", "cancel_url": "https://shop.example/cancel",
        "fail_url": "https://shop.example/fail",
    }))
    .unwrap();
    assert_eq!(
        request.user_ci.as_deref(),
        Some(CI),
        "the markers are in place"
    );
    request
}

fn confirm_request() -> shinhan_spg::ConfirmRequest {
    shinhan_spg::ConfirmRequest::builder()
        .client_id("o2o")
        .order_no("ORDER-1")
        .confirm_token("aaaaaa.bbbbbb.ccccc")
        .ip_addr(IP)
        .build()
}

fn confirm_info_request() -> shinhan_spg::ConfirmInfoRequest {
    shinhan_spg::ConfirmInfoRequest::builder()
        .client_id("o2o")
        .order_no("ORDER-1")
        .build()
}

/// A confirm answer carrying every personal field it has, with a hash that matches nothing.
fn confirm_answer(ret_code: i64, ret_msg: &str) -> String {
    serde_json::json!({
        "ret_code": ret_code,
        "ret_msg": ret_msg,
        "user_id": USER_ID,
        "user_name": NAME,
        "amount": 1000,
        "tid": "T-1",
        "pay_ispt_hash": "00".repeat(32),
        "pay_info": [{"card_cpny_cd": "S005", "card_no": CARD}],
    })
    .to_string()
}

#[test]
fn credentials_builders_and_clients_mask_their_secrets() {
    let url = "http://127.0.0.1:9/base";
    assert_debug_masked(
        "shinhan Credentials",
        &shinhan_credentials(),
        &["payment_key", "search_key", "<redacted>"],
    );
    assert_debug_masked(
        "shinhan ClientBuilder",
        &shinhan_builder(url),
        &["payment_key", "127.0.0.1:9/base"],
    );
    assert_debug_masked(
        "shinhan Client",
        &shinhan_client(url),
        &["payment_key", "127.0.0.1:9/base"],
    );

    // The app id is an identifier sent in clear in `X-AppId`, not a secret: it stays visible.
    let unifi = unifi_credentials(API_KEY);
    assert_debug_masked(
        "unifi Credentials",
        &unifi,
        &["api_key", "app_secret", "app-id-shown"],
    );
    let env = linenext_unifipay::Environment::Custom(url.to_owned());
    let builder = linenext_unifipay::Client::builder(env, unifi);
    assert_debug_masked("unifi ClientBuilder", &builder, &["app_secret"]);
    assert_debug_masked("unifi Client", &builder.build().unwrap(), &["app_secret"]);

    // KICC has no credentials; its builder and client hold limits and the base URL only.
    let env = kicc_wechatpay::Environment::Custom(url.to_owned());
    let builder = kicc_wechatpay::Client::builder(env);
    assert_debug_masked("kicc ClientBuilder", &builder, &["max_response_bytes"]);
    assert_debug_masked("kicc Client", &builder.build().unwrap(), &["127.0.0.1:9"]);
}

// Unifi Pay's requests have no personal field (ko:36-63, ko:106-107).
#[test]
fn requests_mask_their_personal_fields() {
    assert_debug_masked(
        "kicc CreateTransactionRequest",
        &kicc_request(NAME),
        &["customer_name", "<redacted>", "ORDER-0001"],
    );
    assert_debug_masked(
        "shinhan PaymentRequest",
        &shinhan_payment_request(),
        &["user_name", "mobile_no", "<redacted>", "202108311259590001"],
    );
    assert_debug_masked(
        "shinhan UnifiedPaymentRequest",
        &shinhan_unified_request(),
        &["buyr_bizr_no", "user_ci", "<redacted>", "ORDER-1"],
    );
    assert_debug_masked(
        "shinhan ConfirmRequest",
        &confirm_request(),
        &["ip_addr", "<redacted>", "ORDER-1"],
    );
    let cancel = shinhan_spg::CancelRequest::builder()
        .client_id("o2o")
        .user_id(USER_ID)
        .tid("T-1")
        .amount(1000)
        .cncl_rsn("customer request")
        .ip_addr(IP)
        .bank_cd("088")
        .bank_acct_no(ACCOUNT)
        .bank_name(BANK_HOLDER)
        .build();
    assert_debug_masked(
        "shinhan CancelRequest",
        &cancel,
        &["bank_acct_no", "<redacted>", "T-1"],
    );
    let partial = shinhan_spg::PartialCancelRequest::builder()
        .client_id("o2o")
        .user_id(USER_ID)
        .tid("T-1")
        .amount(500)
        .cncl_rsn("customer request")
        .ip_addr(IP)
        .build();
    assert_debug_masked(
        "shinhan PartialCancelRequest",
        &partial,
        &["user_id", "<redacted>", "T-1"],
    );
}

#[test]
fn responses_and_raw_bodies_mask_their_personal_fields() {
    let confirm: shinhan_spg::ConfirmResponse =
        serde_json::from_str(&confirm_answer(0, "OK")).unwrap();
    assert_eq!(
        confirm.user_name.as_deref(),
        Some(NAME),
        "the value is kept"
    );
    assert_debug_masked(
        "shinhan ConfirmResponse",
        &confirm,
        &["user_name", "card_no", "<redacted>", "T-1"],
    );

    let info_body = serde_json::json!({"ret_code": 0, "user_id": USER_ID, "tid": "T-1"});
    let info: shinhan_spg::ConfirmInfoResponse = serde_json::from_value(info_body).unwrap();
    assert_debug_masked(
        "shinhan ConfirmInfoResponse",
        &info,
        &["user_id", "<redacted>", "T-1"],
    );

    // The runtime's raw answer prints its size, never its body.
    let raw = RawResponse {
        status: 200,
        body: confirm_answer(0, "OK").into_bytes(),
    };
    assert_debug_masked("RawResponse", &raw, &["body_len"]);
}

#[test]
fn the_return_url_callback_masks_its_personal_fields() {
    let form = format!(
        "order_no=ORDER-1&custom_parameter={CUSTOM}&confirm_token=aaaaaa.bbbbbb.ccccc\
         &user_nm={BANK_HOLDER}&email={EMAIL}&user_tel_no={PHONE}&pay_amt=46000&ret_code=0"
    );
    let callback = shinhan_spg::ReturnUrlCallback::from_form(form.as_bytes()).unwrap();
    assert_eq!(
        callback.user_tel_no.as_deref(),
        Some(PHONE),
        "the value is kept"
    );
    assert_debug_masked(
        "ReturnUrlCallback::from_form",
        &callback,
        &["user_tel_no", "<redacted>", "ORDER-1"],
    );

    let json = serde_json::json!({
        "order_no": "ORDER-1", "custom_parameter": CUSTOM, "user_nm": BANK_HOLDER,
        "email": EMAIL, "user_tel_no": PHONE, "pay_amt": "46000",
    });
    let callback = shinhan_spg::ReturnUrlCallback::from_json(json.to_string().as_bytes()).unwrap();
    assert_debug_masked(
        "ReturnUrlCallback::from_json",
        &callback,
        &["email", "<redacted>", "ORDER-1"],
    );
}

/// Every variant of `Error`, provoked through a client where a test can provoke it, with what
/// each must still show.
#[tokio::test]
async fn every_error_variant_masks_secrets_and_personal_data() {
    let mut errors: Vec<(&str, Error, &[&str])> = Vec::new();

    // A personal field too long: the error lists path and rule, never the value; nothing is sent.
    let too_long = format!("{NAME}{NAME}{NAME}");
    let refused = paygen_tests::refused();
    let err = kicc_wechatpay::Client::new(kicc_wechatpay::Environment::Custom(refused.url.clone()))
        .unwrap()
        .create_transaction(&kicc_request(&too_long))
        .await
        .unwrap_err();
    if let Error::Validation(violations) = &err {
        let json = serde_json::to_string(violations).unwrap();
        assert_masked(
            "ValidationErrors as JSON",
            &json,
            &["customerInfo.customerName"],
        );
    }
    errors.push((
        "Validation (kicc)",
        err,
        &["customerInfo.customerName", "27"],
    ));
    let mut request = shinhan_payment_request();
    request.user_name = too_long;
    request.mobile_no = Some(format!("{PHONE}-{PHONE}"));
    let refused = paygen_tests::refused();
    let err = shinhan_client(&refused.url)
        .request_payment(&request)
        .await
        .unwrap_err();
    errors.push(("Validation (shinhan)", err, &["user_name", "mobile_no"]));

    // serde_json refuses a map whose keys are not strings; the key holds a marker.
    let map = std::collections::BTreeMap::from([((NAME, PHONE), EMAIL)]);
    errors.push(("Encode", http::encode_json(&map).unwrap_err(), &["Encode"]));

    // No configuration a caller can give makes the HTTP client's builder fail, so this variant
    // is built from another builder error reqwest reports.
    let reqwest_error = paygen_runtime::__private::reqwest::Client::new()
        .get("not a url")
        .build()
        .unwrap_err();
    errors.push(("Config", Error::Config(reqwest_error), &["Config"]));

    // A secret HTTP cannot carry: the header is named, its value is not.
    let refused = paygen_tests::refused();
    let err = unifi_client(&refused.url, &format!("{API_KEY}\n"))
        .payment_status(
            &linenext_unifipay::PaymentStatusRequest::builder()
                .transaction_id("TX-1")
                .build(),
        )
        .await
        .unwrap_err();
    errors.push(("InvalidHeader", err, &["x-api-key"]));

    // Refused: the request (personal IP, secret key in a header) never left.
    let refused = paygen_tests::refused();
    let err = shinhan_client(&refused.url)
        .confirm_payment(&confirm_request())
        .await
        .unwrap_err();
    errors.push(("Transport", err, &["Transport", "127.0.0.1"]));

    let server = answering(200, &confirm_answer(0, "OK")).await;
    let err = shinhan_builder(&server.uri())
        .max_response_bytes(64)
        .build()
        .unwrap()
        .get_payment_info(&confirm_info_request())
        .await
        .unwrap_err();
    errors.push(("ResponseTooLarge", err, &["64"]));

    // An approval whose answer cannot be read; the unreadable amount is a phone number.
    let unreadable = serde_json::json!({
        "ret_code": 0, "user_id": USER_ID, "user_name": NAME, "amount": format!("{PHONE}X"),
    });
    let server = answering(200, &unreadable.to_string()).await;
    let err = shinhan_client(&server.uri())
        .confirm_payment(&confirm_request())
        .await
        .unwrap_err();
    errors.push(("OutcomeUnknown", err, &["confirm_payment", "amount"]));

    let server = answering(404, &format!("<html>{NAME} {PHONE} {EMAIL}</html>")).await;
    let err = unifi_client(&server.uri(), API_KEY)
        .payment_status(
            &linenext_unifipay::PaymentStatusRequest::builder()
                .transaction_id("TX-1")
                .build(),
        )
        .await
        .unwrap_err();
    errors.push(("HttpStatus", err, &["404"]));

    // A refusal whose body also carries the user's data: only code and message are kept.
    let server = answering(401, &confirm_answer(998, "token is missing or incorrect.")).await;
    let err = shinhan_client(&server.uri())
        .confirm_payment(&confirm_request())
        .await
        .unwrap_err();
    errors.push(("Api", err, &["998", "token is missing or incorrect."]));

    let server = answering(200, &confirm_answer(0, "OK")).await;
    let err = shinhan_client(&server.uri())
        .confirm_payment(&confirm_request())
        .await
        .unwrap_err();
    errors.push(("Integrity", err, &["pay_ispt_hash"]));

    let form = format!("user_tel_no={PHONE}&user_nm={BANK_HOLDER}&pay_amt={NAME}");
    let err = shinhan_spg::ReturnUrlCallback::from_form(form.as_bytes()).unwrap_err();
    errors.push(("Callback (form)", err, &["pay_amt"]));
    let json = format!(r#"{{"email":"{EMAIL}","pay_amt":{{"won":"{PHONE}"}}}}"#);
    let err = shinhan_spg::ReturnUrlCallback::from_json(json.as_bytes()).unwrap_err();
    errors.push(("Callback (json)", err, &["pay_amt"]));

    let wrong_type = serde_json::json!({"ret_code": 0, "user_id": USER_ID, "tx_amount": NAME});
    let server = answering(200, &wrong_type.to_string()).await;
    let err = shinhan_client(&server.uri())
        .get_payment_info(&confirm_info_request())
        .await
        .unwrap_err();
    errors.push(("Decode (wrong type)", err, &["tx_amount"]));
    let server = answering(
        200,
        &format!(r#"{{"ret_code":0,"user_id":"{USER_ID} {NAME}"#),
    )
    .await;
    let err = shinhan_client(&server.uri())
        .get_payment_info(&confirm_info_request())
        .await
        .unwrap_err();
    errors.push(("Decode (truncated)", err, &["Eof"]));

    let mut variants: Vec<String> = Vec::new();
    for (what, err, visible) in &errors {
        assert_error_masked(what, err, visible);
        let debug = format!("{err:?}");
        let variant = debug.split([' ', '(', '{']).next().unwrap().to_owned();
        assert!(
            what.starts_with(&variant),
            "{what} was provoked as {variant}: {debug}"
        );
        if !variants.contains(&variant) {
            variants.push(variant);
        }
    }
    assert_eq!(
        variants,
        [
            "Validation",
            "Encode",
            "Config",
            "InvalidHeader",
            "Transport",
            "ResponseTooLarge",
            "OutcomeUnknown",
            "HttpStatus",
            "Api",
            "Integrity",
            "Callback",
            "Decode"
        ],
        "every variant of paygen_runtime::Error"
    );
}

/// The documented exception: the gateway's own message is reported as it sent it.
#[tokio::test]
async fn the_gateway_s_own_message_is_reported_verbatim() {
    let message = format!("no member {NAME}");
    let server = answering(401, &confirm_answer(998, &message)).await;
    let err = shinhan_client(&server.uri())
        .confirm_payment(&confirm_request())
        .await
        .unwrap_err();
    assert!(err.to_string().contains(&message), "{err}");
    // Nothing else the refusal carried comes along.
    let shown = format!("{err:?}").replace(&message, "");
    assert_masked("Api beside its message", &shown, &["998"]);
}

/// Decoding can stop inside a key the response type does not know, and that key is the body's:
/// a body whose keys are personal data (a phone number, a name) must not put them into
/// `Decode.path` or `Callback.path`.
#[test]
fn error_paths_never_echo_keys_from_the_body() {
    let body = format!(r#"{{"ret_code":0,"{PHONE}":{{"{NAME}":[1,,2]}}}}"#);
    let raw = RawResponse {
        status: 200,
        body: body.clone().into_bytes(),
    };
    let err = http::interpret::<shinhan_spg::ConfirmInfoResponse>(&raw).unwrap_err();
    assert_error_masked("Decode at an unknown key", &err, &["Syntax"]);
    let err = shinhan_spg::ReturnUrlCallback::from_json(body.as_bytes()).unwrap_err();
    assert_error_masked("Callback at an unknown key", &err, &["Syntax"]);
}

/// `http::Call` is what a generated operation hands the transport, so tracing or a debug print
/// at that boundary sees it: sensitive header values print as `Sensitive`, and the request body,
/// which would otherwise print as a list of byte values, as its length only.
#[test]
fn the_transport_call_masks_the_request_body() {
    let body = http::encode_json(&kicc_request(NAME)).unwrap();
    let (name, value) =
        paygen_runtime::auth::header("authorization", &format!("SPGKEY {PAYMENT_KEY}"), true)
            .unwrap();
    let mut headers = paygen_runtime::__private::reqwest::header::HeaderMap::new();
    headers.insert(name, value);
    let call = http::Call {
        operation: "create_transaction",
        safety: http::Safety::Retryable,
        method: paygen_runtime::__private::reqwest::Method::POST,
        path_and_query: "/api/trades/wechatpay",
        body: Some(body),
        headers,
        charset: paygen_runtime::Encoding::Utf8,
        form_answer: false,
    };
    let shown = format!("{call:?}");
    for marker in [NAME, PHONE, EMAIL] {
        let as_bytes = marker
            .bytes()
            .map(|b| b.to_string())
            .collect::<Vec<_>>()
            .join(", ");
        assert!(!shown.contains(&as_bytes), "Call leaks {marker:?} as bytes");
    }
    assert_debug_masked("Call", &call, &["create_transaction", "Sensitive"]);
}
