//! The generated NICEPAY client on the wire, against a loopback server: the access token fetched
//! with HTTP Basic over `clientKey:secretKey` and sent as `Bearer` (once for concurrent calls,
//! again after expiry or a 401), `ediDate` written from the client's clock and `signData` over
//! it on each signed request, the query of the lookup by tid, a refusal carrying only its code and
//! message, the cancel's documented success codes, the returnUrl and webhook signatures, and
//! answers and callbacks in EUC-KR (returnCharSet), bytes invalid there refused.
//!
//! Every digest below was computed with Python's hashlib, apart from the code under test:
//! `hashlib.sha256((…).encode()).hexdigest()` over the inputs each comment names, with
//! `EDI = "2026-03-09T09:56:27.000+09:00"` (the instant `NOW_MS` in Korean time, from
//! `datetime.fromtimestamp(1773017787, timezone(timedelta(hours=9)))`).

use paygen::nicepay::{
    ApprovePaymentRequest, CancelPaymentRequest, Client, Credentials, Environment,
    GetPaymentByOrderIdRequest, GetPaymentRequest, NetCancelRequest, ReturnCharSet,
    ReturnUrlAuthResult, WebhookNotification,
};
use paygen_runtime::auth::{Clock, FixedClock, SecretString};
use paygen_runtime::{DecodeCategory, Encoding, Error};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const CLIENT_KEY: &str = "S2_af4543a0be4d49a98122e01ec2059a56";
const SECRET_KEY: &str = "9eb85607103646da9f9c02b128f2e5ee";
/// `base64.b64encode((CLIENT_KEY + ":" + SECRET_KEY).encode())`, in Python.
const BASIC: &str = "Basic UzJfYWY0NTQzYTBiZTRkNDlhOTgxMjJlMDFlYzIwNTlhNTY6OWViODU2MDcxMDM2NDZkYTlmOWMwMmIxMjhmMmU1ZWU=";
const NOW_MS: u64 = 1_773_017_787_000;
const EDI: &str = "2026-03-09T09:56:27.000+09:00";
const TID: &str = "nicuntct1m0101210727200708A058";
const MINUTE: u64 = 60_000;

/// A clock the test moves forward.
#[derive(Debug)]
struct Moving(AtomicU64);

impl Clock for Moving {
    fn now_millis(&self) -> u64 {
        self.0.load(Ordering::SeqCst)
    }
}

fn credentials() -> Credentials {
    Credentials {
        client_key: CLIENT_KEY.into(),
        secret_key: SecretString::from(SECRET_KEY),
    }
}

fn client_at(server: &MockServer, clock: Arc<dyn Clock>) -> Client {
    Client::builder(Environment::Custom(server.uri()), credentials())
        .clock(clock)
        .build()
        .unwrap()
}

fn client(server: &MockServer) -> Client {
    client_at(server, Arc::new(FixedClock(NOW_MS)))
}

/// The access-token answer of common:221-228, with a token of ours and a 30-minute lifetime by
/// NICEPAY's clock, which is a day behind the client's: the lifetime is read from its two times.
fn token_answer(token: &str) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_string(format!(
        r#"{{"resultCode":"0000","resultMsg":"정상 처리되었습니다.","accessToken":"{token}","tokenType":"Bearer","expireAt":"2026-03-08T10:26:27.000+0900","now":"2026-03-08T09:56:27.000+0900"}}"#
    ))
}

/// A payment as the approval and the lookups answer it (window:221-318): the required fields.
fn payment(code: &str) -> String {
    format!(
        concat!(
            r#"{{"resultCode":"{code}","resultMsg":"m","tid":"{tid}","orderId":"your-order-id","#,
            r#""ediDate":"2026-03-09T09:56:28.000+0900","status":"paid","payMethod":"card","#,
            r#""amount":1004,"balanceAmt":1004,"goodsName":"나이스페이-상품","useEscrow":false,"currency":"KRW"}}"#
        ),
        code = code,
        tid = TID
    )
}

/// A gateway that issues `tokens` in turn (the last one again and again) and answers `at` with
/// `answer` when the request carries `Bearer <one of accepted>`, and 401 otherwise (code:18).
async fn gateway(tokens: &[&str], accepted: &[&str], at: &str, answer: String) -> MockServer {
    let server = MockServer::start().await;
    let (last, first) = tokens.split_last().unwrap();
    for token in first {
        Mock::given(method("POST"))
            .and(path("/v1/access-token"))
            .respond_with(token_answer(token))
            .up_to_n_times(1)
            .mount(&server)
            .await;
    }
    Mock::given(method("POST"))
        .and(path("/v1/access-token"))
        .respond_with(token_answer(last))
        .mount(&server)
        .await;
    for token in accepted {
        Mock::given(path(at))
            .and(header("authorization", format!("Bearer {token}").as_str()))
            .respond_with(ResponseTemplate::new(200).set_body_string(answer.clone()))
            .mount(&server)
            .await;
    }
    Mock::given(path(at))
        .respond_with(ResponseTemplate::new(401))
        .mount(&server)
        .await;
    server
}

async fn received(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.unwrap()
}

fn authorization(request: &Request) -> &str {
    request.headers["authorization"].to_str().unwrap()
}

/// How many of `requests` went to `at` with `Bearer <token>`.
fn sent_with(requests: &[Request], at: &str, token: &str) -> usize {
    let bearer = format!("Bearer {token}");
    (requests.iter())
        .filter(|r| r.url.path() == at && authorization(r) == bearer)
        .count()
}

fn tokens_fetched(requests: &[Request]) -> usize {
    requests
        .iter()
        .filter(|r| r.url.path() == "/v1/access-token")
        .count()
}

fn approval() -> ApprovePaymentRequest {
    ApprovePaymentRequest::builder()
        .tid(TID)
        .amount(1004)
        .build()
}

#[tokio::test]
async fn the_approval_is_sent_with_a_bearer_token_fetched_by_basic_and_signs_its_edi_date() {
    let at = format!("/v1/payments/{TID}");
    let server = gateway(&["T1"], &["T1"], &at, payment("0000")).await;
    let answer = client(&server).approve_payment(&approval()).await.unwrap();
    assert_eq!(answer.tid, TID);
    let requests = received(&server).await;
    assert_eq!(requests.len(), 2);
    let (token, approve) = (&requests[0], &requests[1]);
    assert_eq!(
        (token.method.as_str(), token.url.path()),
        ("POST", "/v1/access-token")
    );
    assert_eq!(authorization(token), BASIC);
    assert_eq!(token.body, b"{}");
    assert_eq!(
        (approve.method.as_str(), approve.url.path()),
        ("POST", at.as_str())
    );
    assert_eq!(authorization(approve), "Bearer T1");
    // signData = sha256(TID + "1004" + EDI + SECRET_KEY) (window:216).
    assert_eq!(
        std::str::from_utf8(&approve.body).unwrap(),
        concat!(
            r#"{"amount":1004,"ediDate":"2026-03-09T09:56:27.000+09:00","#,
            r#""signData":"56cd21047459854c50989d07afae1005d913b357361ce9e248cdac4f7bdf431e"}"#
        )
    );
    assert!(approve.headers["content-type"]
        .to_str()
        .unwrap()
        .starts_with("application/json"));
}

#[tokio::test]
async fn the_cancel_and_the_net_cancel_sign_their_own_inputs() {
    let cancel_at = format!("/v1/payments/{TID}/cancel");
    let cancel_answer = payment("2001").replace(r#""status":"paid""#, r#""status":"cancelled""#);
    let server = gateway(&["T1"], &["T1"], &cancel_at, cancel_answer.clone()).await;
    let cancel = CancelPaymentRequest::builder()
        .tid(TID)
        .reason("고객 요청")
        .order_id("your-order-id")
        .cancel_amt(500)
        .build();
    client(&server).cancel_payment(&cancel).await.unwrap();
    let body: serde_json::Value = serde_json::from_slice(&received(&server).await[1].body).unwrap();
    // sha256(TID + EDI + SECRET_KEY): the amount is no input, even of a partial cancel (cancel:69).
    assert_eq!(
        body,
        serde_json::json!({
            "reason": "고객 요청", "orderId": "your-order-id", "cancelAmt": 500, "ediDate": EDI,
            "signData": "f4939823a91d108d06cfda7309a3239fd16b8c9bb43e611e1f06fe427a0026af"
        })
    );

    let server = gateway(&["T1"], &["T1"], "/v1/payments/netcancel", cancel_answer).await;
    let net = NetCancelRequest::builder()
        .order_id("your-order-id")
        .build();
    client(&server).net_cancel_payment(&net).await.unwrap();
    let body: serde_json::Value = serde_json::from_slice(&received(&server).await[1].body).unwrap();
    // sha256("your-order-id" + EDI + SECRET_KEY) (cancel:253).
    assert_eq!(
        body,
        serde_json::json!({
            "orderId": "your-order-id", "ediDate": EDI,
            "signData": "4e6c7b79412386732255d52cc6768d05c3b43d4196a21ba067a6b4e855753888"
        })
    );
}

#[tokio::test]
async fn the_lookups_are_gets_with_their_parameters_in_the_query() {
    let at = format!("/v1/payments/{TID}");
    let server = gateway(&["T1"], &["T1"], &at, payment("0000")).await;
    let lookup = GetPaymentRequest::builder().tid(TID).build();
    client(&server).get_payment(&lookup).await.unwrap();
    let request = &received(&server).await[1];
    assert_eq!(request.method.as_str(), "GET");
    assert!(request.body.is_empty());
    let query: Vec<(String, String)> = request.url.query_pairs().into_owned().collect();
    // The same recipe as the cancel's (status:42), over the same instant.
    assert_eq!(
        query,
        [
            ("ediDate".to_owned(), EDI.to_owned()),
            (
                "signData".to_owned(),
                "f4939823a91d108d06cfda7309a3239fd16b8c9bb43e611e1f06fe427a0026af".to_owned()
            ),
        ]
    );
    // The `+` of the offset is escaped, or the server would read a space.
    assert!(request.url.query().unwrap().contains("%2B09%3A00"));

    // By orderId: its recipe names a tid it lacks, so nothing is signed, only orderDate sent.
    let server = gateway(
        &["T1"],
        &["T1"],
        "/v1/payments/find/your-order-id",
        payment("0000"),
    )
    .await;
    let lookup = GetPaymentByOrderIdRequest::builder()
        .order_id("your-order-id")
        .order_date("20260309")
        .build();
    client(&server)
        .get_payment_by_order_id(&lookup)
        .await
        .unwrap();
    let request = &received(&server).await[1];
    assert_eq!(request.url.query(), Some("orderDate=20260309"));
}

#[tokio::test]
async fn a_refused_approval_with_only_its_code_and_message_is_an_api_error() {
    let at = format!("/v1/payments/{TID}");
    let refusal = r#"{"resultCode":"A123","resultMsg":"거래금액 불일치(인증된 금액과 승인요청 금액 불일치)"}"#;
    let server = gateway(&["T1"], &["T1"], &at, refusal.into()).await;
    let err = client(&server)
        .approve_payment(&approval())
        .await
        .unwrap_err();
    let Error::Api { failure, .. } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(failure.code, "A123");
    assert_eq!(received(&server).await.len(), 2);
}

#[tokio::test]
async fn a_cancel_answered_2001_or_2211_is_a_success_and_another_code_is_not() {
    let at = format!("/v1/payments/{TID}/cancel");
    let cancel = CancelPaymentRequest::builder()
        .tid(TID)
        .reason("고객 요청")
        .order_id("your-order-id")
        .build();
    for (code, ok) in [("2001", true), ("2211", true), ("2012", false)] {
        let server = gateway(&["T1"], &["T1"], &at, payment(code)).await;
        let result = client(&server).cancel_payment(&cancel).await;
        match (ok, &result) {
            (true, Err(err)) => panic!("{code}: {err:?}"),
            (false, Ok(_)) => panic!("{code} was read as a success"),
            (false, Err(err)) => assert!(matches!(err, Error::Api { .. }), "{err:?}"),
            (true, Ok(_)) => {}
        }
    }
}

/// Twenty lookups at once, each by its own task.
async fn twenty_lookups(client: &Client) {
    let lookup = GetPaymentRequest::builder().tid(TID).build();
    let calls = (0..20).map(|_| {
        let (client, lookup) = (client.clone(), lookup.clone());
        tokio::spawn(async move { client.get_payment(&lookup).await })
    });
    for call in calls.collect::<Vec<_>>() {
        assert_eq!(call.await.unwrap().unwrap().tid, TID);
    }
}

#[tokio::test]
async fn twenty_concurrent_calls_with_an_expired_token_fetch_exactly_one_new_one() {
    let at = format!("/v1/payments/{TID}");
    let clock = Arc::new(Moving(AtomicU64::new(NOW_MS)));
    let server = gateway(&["T1", "T2"], &["T1", "T2"], &at, payment("0000")).await;
    let client = client_at(&server, clock.clone());
    twenty_lookups(&client).await;
    assert_eq!(tokens_fetched(&received(&server).await), 1);
    // 29 minutes on: inside the one-minute margin of the 30-minute lifetime, T1 has expired.
    clock.0.fetch_add(29 * MINUTE + 1, Ordering::SeqCst);
    twenty_lookups(&client).await;
    let requests = received(&server).await;
    assert_eq!(
        tokens_fetched(&requests),
        2,
        "one fetch for each twenty calls"
    );
    assert_eq!(requests.len(), 42);
    let sent_with = |token: &str| sent_with(&requests, &at, token);
    assert_eq!((sent_with("T1"), sent_with("T2")), (20, 20));
}

#[tokio::test]
async fn a_token_refused_mid_run_under_twenty_concurrent_calls_is_replaced_once() {
    let at = format!("/v1/payments/{TID}");
    // T1 is refused with 401 (revoked, code:18) while the client still holds it as fresh.
    let server = gateway(&["T1", "T2"], &["T2"], &at, payment("0000")).await;
    twenty_lookups(&client(&server)).await;
    let requests = received(&server).await;
    assert_eq!(
        tokens_fetched(&requests),
        2,
        "T1, then one T2 for every refusal"
    );
    let sent_with = |token: &str| sent_with(&requests, &at, token);
    assert_eq!(sent_with("T1"), 20, "every call was refused once");
    assert_eq!(sent_with("T2"), 20, "and sent once more");
}

/// The returnUrl POST of window:150-160, as the browser forms it.
fn return_url_form(amount: &str, signature: &str) -> ReturnUrlAuthResult {
    let body = format!(
        "authResultCode=0000&authResultMsg=%EC%9D%B8%EC%A6%9D+%EC%84%B1%EA%B3%B5&tid={TID}&clientId={CLIENT_KEY}&orderId=your-order-id&amount={amount}&authToken=NICEUNTTB1B4B7C9A9D5E6F7A8B9C0D1E2F3A4&signature={signature}"
    );
    ReturnUrlAuthResult::from_form(body.as_bytes()).unwrap()
}

#[test]
fn the_return_url_signature_is_checked_before_approving() {
    let server_less = Client::new(
        Environment::Custom("http://127.0.0.1:9".into()),
        credentials(),
    )
    .unwrap();
    // sha256(authToken + CLIENT_KEY + "1004" + SECRET_KEY) (window:160).
    let signature = "09a100d5374e491c34553b6c2bab108fb7804c136c2f396fabb62f27c7dcf610";
    let posted = return_url_form("1004", signature);
    assert_eq!(posted.auth_result_msg.as_deref(), Some("인증 성공"));
    server_less.verify_return_url_auth_result(&posted).unwrap();
    // A browser that lowers the amount, or drops the signature, is caught.
    for forged in [
        return_url_form("100", signature),
        return_url_form("1004", ""),
    ] {
        let err = server_less
            .verify_return_url_auth_result(&forged)
            .unwrap_err();
        assert!(
            matches!(err, Error::Integrity { field: "signature" }),
            "{err:?}"
        );
    }
}

#[test]
fn the_webhook_signature_is_checked_over_the_text_received() {
    let server_less = Client::new(
        Environment::Custom("http://127.0.0.1:9".into()),
        credentials(),
    )
    .unwrap();
    // sha256(TID + "1004" + "2021-08-13T10:34:56.000+0900" + SECRET_KEY) (hook:65): the ediDate
    // is signed as NICEPAY wrote it, offset without a colon.
    let hook = |signature: &str| {
        WebhookNotification::from_json(format!(
            concat!(
                r#"{{"resultCode":"0000","resultMsg":"m","tid":"{tid}","orderId":"your-order-id","#,
                r#""ediDate":"2021-08-13T10:34:56.000+0900","signature":"{signature}","status":"paid","#,
                r#""payMethod":"card","amount":1004,"balanceAmt":1004,"goodsName":"g","useEscrow":false,"currency":"KRW"}}"#
            ),
            tid = TID,
            signature = signature
        ).as_bytes())
        .unwrap()
    };
    let signature = "18be6e38a1060110249065a6a7e619d9bc96d31732f197f8dc613c4f16e125a6";
    server_less
        .verify_webhook_notification(&hook(signature))
        .unwrap();
    let err = server_less
        .verify_webhook_notification(&hook(&signature.replace('1', "2")))
        .unwrap_err();
    assert!(
        matches!(err, Error::Integrity { field: "signature" }),
        "{err:?}"
    );
    assert_eq!(WebhookNotification::ANSWER.body, "OK");
    assert_eq!(WebhookNotification::ANSWER.status, 200);
}

/// `s.encode("euc-kr")` in Python, for the answers below.
const GOODS_EUC_KR: &[u8] = b"\xb3\xaa\xc0\xcc\xbd\xba\xc6\xe4\xc0\xcc-\xbb\xf3\xc7\xb0";

#[test]
fn an_euc_kr_return_url_post_decodes_to_its_hangul_and_verifies() {
    let server_less = Client::new(
        Environment::Custom("http://127.0.0.1:9".into()),
        credentials(),
    )
    .unwrap();
    // A window opened with returnCharSet euc-kr (window:83) posts its form in EUC-KR: "인증 성공"
    // and "주문-한글" as urllib.parse.quote_from_bytes(s.encode("euc-kr")) writes them.
    let body = format!(
        "authResultCode=0000&authResultMsg=%C0%CE%C1%F5%20%BC%BA%B0%F8&tid={TID}&clientId={CLIENT_KEY}&orderId=your-order-id&amount=1004&mallReserved=%C1%D6%B9%AE-%C7%D1%B1%DB&authToken=NICEUNTTB1B4B7C9A9D5E6F7A8B9C0D1E2F3A4&signature=09a100d5374e491c34553b6c2bab108fb7804c136c2f396fabb62f27c7dcf610"
    );
    let posted = ReturnUrlAuthResult::from_form_in(body.as_bytes(), Encoding::EucKr).unwrap();
    assert_eq!(posted.auth_result_msg.as_deref(), Some("인증 성공"));
    assert_eq!(posted.mall_reserved.as_deref(), Some("주문-한글"));
    server_less.verify_return_url_auth_result(&posted).unwrap();
    // Read as UTF-8 (the default), the same bytes are refused, not turned into U+FFFD.
    assert_charset_refused(ReturnUrlAuthResult::from_form(body.as_bytes()));
    // A lead byte without its trail byte is no EUC-KR either.
    let cut = body.replace("%C7%D1%B1%DB", "%C7%D1%B1");
    assert_charset_refused(ReturnUrlAuthResult::from_form_in(
        cut.as_bytes(),
        Encoding::EucKr,
    ));
}

fn assert_charset_refused(decoded: paygen_runtime::Result<ReturnUrlAuthResult>) {
    let err = decoded.unwrap_err();
    assert!(
        matches!(
            &err,
            Error::Callback {
                category: DecodeCategory::Charset,
                ..
            }
        ),
        "{err:?}"
    );
}

/// The approval answered in EUC-KR: `payment("0000")` with its goodsName in EUC-KR bytes.
fn euc_kr_payment() -> Vec<u8> {
    let text = payment("0000");
    let (before, after) = text.split_once("나이스페이-상품").unwrap();
    [before.as_bytes(), GOODS_EUC_KR, after.as_bytes()].concat()
}

async fn answering_bytes(at: &str, content_type: &str, body: Vec<u8>) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/access-token"))
        .respond_with(token_answer("T1"))
        .mount(&server)
        .await;
    Mock::given(path(at))
        .respond_with(ResponseTemplate::new(200).set_body_raw(body, content_type))
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn an_answer_is_read_in_the_charset_the_request_named_or_its_content_type_declares() {
    let at = format!("/v1/payments/{TID}");
    // returnCharSet euc-kr, the answer's Content-Type silent on its charset.
    let server = answering_bytes(&at, "application/json", euc_kr_payment()).await;
    let request = ApprovePaymentRequest::builder()
        .tid(TID)
        .amount(1004)
        .return_char_set(ReturnCharSet::EucKr)
        .build();
    let answer = client(&server).approve_payment(&request).await.unwrap();
    assert_eq!(answer.goods_name, "나이스페이-상품");
    let sent: serde_json::Value = serde_json::from_slice(&received(&server).await[1].body).unwrap();
    assert_eq!(sent["returnCharSet"], "euc-kr");
    // Asked for nothing, but the answer says what it is.
    let server = answering_bytes(&at, "application/json;charset=EUC-KR", euc_kr_payment()).await;
    let answer = client(&server).approve_payment(&approval()).await.unwrap();
    assert_eq!(answer.goods_name, "나이스페이-상품");
}

#[tokio::test]
async fn an_answer_invalid_in_its_charset_is_a_decode_error_and_an_unknown_approval() {
    let at = format!("/v1/payments/{TID}");
    // EUC-KR bytes where UTF-8 was asked for: the approval may have taken money.
    let server = answering_bytes(&at, "application/json", euc_kr_payment()).await;
    let err = client(&server)
        .approve_payment(&approval())
        .await
        .unwrap_err();
    let Error::OutcomeUnknown { cause, .. } = &err else {
        panic!("{err:?}")
    };
    assert!(
        matches!(
            **cause,
            Error::Decode {
                category: DecodeCategory::Charset,
                ..
            }
        ),
        "{cause:?}"
    );
    // The lookup changes nothing: the same answer is a plain decode error, and is not retried.
    let server = answering_bytes(&at, "application/json", euc_kr_payment()).await;
    let lookup = GetPaymentRequest::builder().tid(TID).build();
    let err = client(&server).get_payment(&lookup).await.unwrap_err();
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
    assert_eq!(received(&server).await.len(), 2);
}

#[tokio::test]
async fn a_lost_approval_is_resolved_by_lookup_and_net_cancelled_by_order_id() {
    use paygen_runtime::recovery::Resolution;
    let at = format!("/v1/payments/{TID}");
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/access-token"))
        .respond_with(token_answer("T1"))
        .mount(&server)
        .await;
    // The approval is processed, but its answer comes too late (window:189, prep:101).
    Mock::given(method("POST"))
        .and(path(at.as_str()))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_string(payment("0000"))
                .set_delay(std::time::Duration::from_secs(5)),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(at.as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_string(payment("0000")))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    let cancelled = payment("2001").replace(r#""status":"paid""#, r#""status":"cancelled""#);
    Mock::given(method("POST"))
        .and(path("/v1/payments/netcancel"))
        .respond_with(ResponseTemplate::new(200).set_body_string(cancelled))
        .mount(&server)
        .await;
    // The lookup answers 0000 and reports the payment's state (status:76).
    let looked_up = payment("0000").replace(r#""status":"paid""#, r#""status":"cancelled""#);
    Mock::given(method("GET"))
        .and(path(at.as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_string(looked_up))
        .mount(&server)
        .await;
    let client = Client::builder(Environment::Custom(server.uri()), credentials())
        .clock(Arc::new(FixedClock(NOW_MS)))
        .timeout(std::time::Duration::from_millis(500))
        .build()
        .unwrap();
    let approval = approval();
    let err = client.approve_payment(&approval).await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::OutcomeUnknown {
                operation: "approve_payment",
                ..
            }
        ),
        "{err:?}"
    );
    // Sent once: the outcome is asked, never guessed by sending it again.
    let resolution = client.approve_payment_outcome(&approval).await;
    assert!(resolution.is_approved(), "{resolution:?}");
    // The merchant cannot honour it: without the approval's answer in hand, the returnUrl
    // POST's orderId is what the net cancel needs (cancel:250), within its hour (cancel:220).
    let net = NetCancelRequest::builder()
        .order_id("your-order-id")
        .build();
    let answer = client.net_cancel_payment(&net).await.unwrap();
    assert_eq!(answer.result_code, "2001");
    let sent = received(&server).await;
    let posts: Vec<_> = sent
        .iter()
        .filter(|r| r.url.path() == "/v1/payments/netcancel")
        .collect();
    assert_eq!(posts.len(), 1);
    let body: serde_json::Value = serde_json::from_slice(&posts[0].body).unwrap();
    // sha256("your-order-id" + EDI + SECRET_KEY), as in the net cancel test above.
    assert_eq!(
        body["signData"],
        "4e6c7b79412386732255d52cc6768d05c3b43d4196a21ba067a6b4e855753888"
    );
    let approvals = sent
        .iter()
        .filter(|r| r.method.as_str() == "POST" && r.url.path() == at)
        .count();
    assert_eq!(approvals, 1, "the approval was never resent");
    assert!(matches!(
        client.approve_payment_outcome(&approval).await,
        Resolution::NotApproved(_)
    ));
}

#[tokio::test]
async fn an_approval_typing_its_booleans_as_strings_still_decodes() {
    // canPartCancel's row types it String (window:276); the other flags are Boolean. A charged
    // approval must not become an unreadable answer over a quoting difference.
    let at = format!("/v1/payments/{TID}");
    let card = r#","card":{"cardCode":"04","cardName":"삼성","cardQuota":"0","isInterestFree":"false","canPartCancel":"true","acquCardCode":"04","acquCardName":"삼성"}}"#;
    let answer = payment("0000").replace(r#""useEscrow":false"#, r#""useEscrow":"false""#);
    let answer = format!("{}{card}", answer.strip_suffix('}').unwrap());
    let server = gateway(&["T1"], &["T1"], &at, answer).await;
    let paid = client(&server).approve_payment(&approval()).await.unwrap();
    let card = paid.card.expect("the card object");
    assert!(card.can_part_cancel && !card.is_interest_free && !paid.use_escrow);
}
