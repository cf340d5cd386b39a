//! Benchmarks of what the generated clients add to a payment call.
//!
//! `cargo bench -p paygen-tests --bench client` runs, for the Unifi Pay create (HMAC-SHA256 signed
//! with an `X-Timestamp`), the Shinhan payment request (SHA-256 `param_ispt_hash` computed into
//! the body, `Authorization: SPGKEY`), the NICEPAY approval (`ediDate` from the clock and
//! `signData` over it, `Authorization: Bearer` with a kept token) and the Toss Pay execute (the
//! `apiKey` credential written into the body):
//!
//! - `prepare/{unifi_create,shinhan_request,nicepay_approve,tosspay_execute}/{paygen,raw}`:
//!   turning a request into the path, the body bytes and the auth headers to send. `paygen` is
//!   the generated code itself: each operation's `prepare_<op>`, which the async method calls
//!   before it hands the call to the transport (validate, the path, `encode_json`, the computed
//!   fields, the auth recipe), made public in this bench's own copy of the four modules
//!   (`Settings::public_prepare`, see tests/build.rs); `raw` is a hand-written equivalent without
//!   validation (`serde_json::to_vec`, `hmac_sha256` or `sha256`, base64 or hex, plain
//!   `HeaderValue`s, the path as a `String`).
//! - `round_trip/<same four>/{paygen,plain}`: one call on loopback, answered by a minimal
//!   keep-alive HTTP/1.1 server started here. `paygen` is the generated client's method (NICEPAY's
//!   with the token it fetched on its first call and keeps); `plain` prepares the request the
//!   `raw` way, as an app without paygen must on every call, and POSTs it with a `reqwest::Client`
//!   configured like the generated transport's (rustls, the default timeouts), then decodes the
//!   answer with `serde_json::from_slice`.
//!
//! Before timing, the bench checks that each pair does the same thing: `paygen` and `raw` prepare
//! byte-identical bodies and headers, and the server receives byte-identical HTTP requests from the
//! generated client (on a fixed clock) and from the plain client. After timing, it prints the ratios
//! of criterion's means. BENCHMARKS.md at the workspace root records the results and the targets.

use criterion::{BenchmarkId, Criterion};
use paygen_runtime::auth::{self, Clock, FixedClock, SecretString, SystemClock};
use paygen_runtime::http::Limits;
use reqwest::header::{HeaderMap, HeaderValue, ACCEPT, AUTHORIZATION, CONTENT_TYPE};
use serde::de::DeserializeOwned;
use shinhan::{PaymentRequest, PaymentRequestResponse};
use std::hint::black_box;
use std::io::ErrorKind;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};
use tokio::net::{TcpListener, TcpStream};
use tokio::runtime::Runtime;
use unifi::{CreatePaymentRequest, CreatePaymentResponse};

/// The Unifi Pay module exactly as `generated/src` has it, but for its prepare steps, which
/// tests/build.rs makes public (`Settings::public_prepare`) so that this bench can time them.
/// A private copy like this one is also where clippy's naming lints fire that skip exported
/// items: it must lint clean as a team's private `include!` would.
#[allow(missing_docs, dead_code)]
#[rustfmt::skip]
mod unifi {
    include!(concat!(env!("OUT_DIR"), "/bench/linenext_unifipay.rs"));
}

/// The Shinhan SPG module, likewise.
#[allow(missing_docs, dead_code)]
#[rustfmt::skip]
mod shinhan {
    include!(concat!(env!("OUT_DIR"), "/bench/shinhan_spg.rs"));
}

/// The NICEPAY module, likewise.
#[allow(missing_docs, dead_code)]
#[rustfmt::skip]
mod nice {
    include!(concat!(env!("OUT_DIR"), "/bench/nicepay.rs"));
}

/// The Toss Pay module, likewise.
#[allow(missing_docs, dead_code)]
#[rustfmt::skip]
mod toss {
    include!(concat!(env!("OUT_DIR"), "/bench/tosspay.rs"));
}

/// The Shinhan payment request the tests use, as this bench's copy of the type (the same JSON).
fn shinhan_payment_request() -> PaymentRequest {
    let shared = paygen_tests::shinhan_payment_request();
    let json = serde_json::to_value(&shared).expect("serialises");
    let copy: PaymentRequest = serde_json::from_value(json.clone()).expect("deserialises");
    assert_eq!(serde_json::to_value(&copy).expect("serialises"), json);
    copy
}

/// Made-up credentials; the API key has the shape of the Unifi document's example (ko:22).
const APP_ID: &str = "bench-app";
const API_KEY: &str = "f3248c3e-881c-42bd-abe7-1232023fe896";
const APP_SECRET: &str = "bench-app-secret";
const PAYMENT_KEY: &str = "PAYMENT-KEY-spg-0001";

const UNIFI_PATH: &str = "/api/v1/payment";
const SHINHAN_PATH: &str = "/v1.0/payments/request";
const NICE_TID: &str = "nicuntct1m0101210727200708A058";
const NICE_PATH: &str = "/v1/payments/nicuntct1m0101210727200708A058";
const NICE_SECRET: &str = "9eb85607103646da9f9c02b128f2e5ee";
/// The token the loopback server issues (common:221-228's answer, with a 30-minute lifetime).
const NICE_TOKEN: &str = "bench-token-0001";
const TOSS_PATH: &str = "/api/v2/execute";
const TOSS_KEY: &str = "sk_test_w5lNQylNqa5lNQe013Nq";

/// The fixed answers of the loopback server, by request line.
const ROUTES: [(&str, &str); 5] = [
    (
        "POST /v1/access-token ",
        r#"{"resultCode":"0000","resultMsg":"ok","accessToken":"bench-token-0001","tokenType":"Bearer","expiredAt":"2026-03-08T10:26:27.000+0900","now":"2026-03-08T09:56:27.000+0900"}"#,
    ),
    (
        "POST /v1/payments/nicuntct1m0101210727200708A058 ",
        r#"{"resultCode":"0000","resultMsg":"m","tid":"nicuntct1m0101210727200708A058","orderId":"order-1","ediDate":"2026-03-09T09:56:28.000+0900","status":"paid","payMethod":"card","amount":1004,"balanceAmt":1004,"goodsName":"goods","useEscrow":false,"currency":"KRW"}"#,
    ),
    (
        "POST /api/v2/execute ",
        r#"{"code":0,"mode":"LIVE","orderNo":"1","amount":1000}"#,
    ),
    (
        "POST /api/v1/payment ",
        r#"{"startPageUrl":"https://pay.example/start?transactionId=T-1","transactionId":"T-1"}"#,
    ),
    (
        "POST /v1.0/payments/request ",
        r#"{"ret_code":0,"ret_msg":"OK","redirect_url":"https://pg.example/pgsvc/pay?token=t-1"}"#,
    ),
];

/// The content type both the generated transport and the plain client send.
const JSON: &str = "application/json; charset=utf-8";

/// The clock of the check phase, so that the signed timestamp is the same on both sides.
const FIXED_MILLIS: u64 = 1_773_017_787_000;

/// Path, body bytes and auth headers, ready to send.
#[derive(Debug, PartialEq)]
struct Prepared {
    path: String,
    body: Vec<u8>,
    headers: HeaderMap,
}

fn unifi_request() -> CreatePaymentRequest {
    CreatePaymentRequest {
        order_id: "ORDER-20261122-0001".into(),
        store_id: "STORE-001".into(),
        request_id: "REQ-20261122-0001".into(),
        return_url: "https://shop.example/unifi/return".into(),
        callback_url: "https://shop.example/unifi/callback".into(),
        country_code: "KOR".into(),
    }
}

/// What `unifi::Client::create_payment` does before sending: the generated code's own steps
/// (validate, `encode_json`, the `hmac` auth recipe), through its prepare method.
fn paygen_unifi(
    client: &unifi::Client,
    request: &CreatePaymentRequest,
) -> paygen_runtime::Result<Prepared> {
    let prepared = client.prepare_create_payment(request)?;
    Ok(Prepared {
        path: prepared.path_and_query,
        body: prepared.body.unwrap_or_default(),
        headers: prepared.headers,
    })
}

/// The same request signed by hand, without validation.
fn raw_unifi(request: &CreatePaymentRequest, clock: &dyn Clock) -> Prepared {
    let body = serde_json::to_vec(request).expect("serialises");
    let timestamp_ms = clock.now_millis().to_string();
    let signature = unifi_signature(UNIFI_PATH, &timestamp_ms, &body);
    let mut headers = HeaderMap::new();
    // Credentials are loaded at run time in an app, so no `HeaderValue::from_static`.
    for (name, value) in [
        ("x-api-key", API_KEY),
        ("x-appid", APP_ID),
        ("x-authorization-hmac", &signature),
        ("x-timestamp", &timestamp_ms),
    ] {
        headers.insert(name, HeaderValue::from_str(value).expect("a header value"));
    }
    let path = UNIFI_PATH.to_owned();
    Prepared {
        path,
        body,
        headers,
    }
}

/// BASE64(HMAC-SHA256(appSecret, method + URI + X-API-Key + X-Timestamp + body)).
fn unifi_signature(uri: &str, timestamp_ms: &str, body: &[u8]) -> String {
    let parts: [&[u8]; 5] = [
        b"POST",
        uri.as_bytes(),
        API_KEY.as_bytes(),
        timestamp_ms.as_bytes(),
        body,
    ];
    auth::base64(&auth::hmac_sha256(APP_SECRET.as_bytes(), &parts))
}

/// sha256(client_id + user_id + order_no + pay_type + amount + payment key), lower-case hex.
fn param_ispt_hash(request: &PaymentRequest) -> String {
    auth::hex_lower(&auth::sha256(&[
        request.client_id.as_bytes(),
        request.user_id.as_bytes(),
        request.order_no.as_bytes(),
        request.pay_type.code().to_string().as_bytes(),
        request.amount.to_string().as_bytes(),
        PAYMENT_KEY.as_bytes(),
    ]))
}

/// What `shinhan::Client::request_payment` does before sending (validate, the computed
/// `param_ispt_hash`, `encode_json`, the `payment` auth header), through its prepare method.
fn paygen_shinhan(
    client: &shinhan::Client,
    request: &PaymentRequest,
) -> paygen_runtime::Result<Prepared> {
    let prepared = client.prepare_request_payment(request)?;
    Ok(Prepared {
        path: prepared.path_and_query,
        body: prepared.body.unwrap_or_default(),
        headers: prepared.headers,
    })
}

/// The same request by hand: the hash spliced in before the closing brace, without validation.
fn raw_shinhan(request: &PaymentRequest) -> Prepared {
    let mut body = serde_json::to_vec(request).expect("serialises");
    body.pop();
    body.extend_from_slice(b",\"param_ispt_hash\":\"");
    body.extend_from_slice(param_ispt_hash(request).as_bytes());
    body.extend_from_slice(b"\"}");
    let mut headers = HeaderMap::new();
    headers.insert(
        AUTHORIZATION,
        HeaderValue::from_str(&format!("SPGKEY {PAYMENT_KEY}")).expect("a header value"),
    );
    let path = SHINHAN_PATH.to_owned();
    Prepared {
        path,
        body,
        headers,
    }
}

fn nice_request() -> nice::ApprovePaymentRequest {
    nice::ApprovePaymentRequest {
        tid: NICE_TID.into(),
        amount: 1004,
        return_char_set: None,
    }
}

/// What `nice::Client::approve_payment` does before sending, given its kept token: validate,
/// the `ediDate` clock text and `signData` digest, `encode_json`, the bearer header.
fn paygen_nice(
    client: &nice::Client,
    request: &nice::ApprovePaymentRequest,
) -> paygen_runtime::Result<Prepared> {
    let prepared = client.prepare_approve_payment(request, NICE_TOKEN)?;
    Ok(Prepared {
        path: prepared.path_and_query,
        body: prepared.body.unwrap_or_default(),
        headers: prepared.headers,
    })
}

/// NICEPAY's approval body, as an app would write it by hand (window:212-217).
#[derive(serde::Serialize)]
struct NiceApproval<'a> {
    amount: i64,
    #[serde(rename = "ediDate")]
    edi_date: &'a str,
    #[serde(rename = "signData")]
    sign_data: &'a str,
}

/// The same approval by hand: hex(sha256(tid + amount + ediDate + SecretKey)) (window:216).
fn raw_nice(request: &nice::ApprovePaymentRequest, clock: &dyn Clock) -> Prepared {
    let edi_date = paygen_runtime::time::clock_text(
        clock.now_millis(),
        paygen_runtime::Format::Iso8601,
        9 * 60,
    );
    let sign_data = auth::hex_lower(&auth::sha256(&[
        request.tid.as_bytes(),
        request.amount.to_string().as_bytes(),
        edi_date.as_bytes(),
        NICE_SECRET.as_bytes(),
    ]));
    let body = serde_json::to_vec(&NiceApproval {
        amount: request.amount,
        edi_date: &edi_date,
        sign_data: &sign_data,
    })
    .expect("serialises");
    let mut headers = HeaderMap::new();
    headers.insert(
        AUTHORIZATION,
        HeaderValue::from_str(&format!("Bearer {NICE_TOKEN}")).expect("a header value"),
    );
    // The tid is NICEPAY's own text of letters and digits (window:154): nothing to escape.
    let path = format!("/v1/payments/{}", request.tid);
    Prepared {
        path,
        body,
        headers,
    }
}

fn toss_request() -> toss::ExecutePaymentRequest {
    toss::ExecutePaymentRequest {
        pay_token: "example-payToken".into(),
        order_no: Some("1".into()),
    }
}

/// What `toss::Client::execute_payment` does before sending: validate, the body with the
/// client's `apiKey` in it.
fn paygen_toss(
    client: &toss::Client,
    request: &toss::ExecutePaymentRequest,
) -> paygen_runtime::Result<Prepared> {
    let prepared = client.prepare_execute_payment(request)?;
    Ok(Prepared {
        path: prepared.path_and_query,
        body: prepared.body.unwrap_or_default(),
        headers: prepared.headers,
    })
}

/// The same by hand: the key spliced in before the closing brace (toss:101-106).
fn raw_toss(request: &toss::ExecutePaymentRequest) -> Prepared {
    let mut body = serde_json::to_vec(request).expect("serialises");
    body.pop();
    body.extend_from_slice(b",\"apiKey\":\"");
    body.extend_from_slice(TOSS_KEY.as_bytes());
    body.extend_from_slice(b"\"}");
    Prepared {
        path: TOSS_PATH.to_owned(),
        body,
        headers: HeaderMap::new(),
    }
}

fn nice_client(base_url: &str, clock: Arc<dyn Clock>) -> nice::Client {
    let credentials = nice::Credentials {
        client_key: "S2_af4543a0be4d49a98122e01ec2059a56".into(),
        secret_key: SecretString::from(NICE_SECRET),
    };
    nice::Client::builder(nice::Environment::Custom(base_url.into()), credentials)
        .clock(clock)
        .build()
        .expect("client builds")
}

fn toss_client(base_url: &str) -> toss::Client {
    let credentials = toss::Credentials {
        api_key: SecretString::from(TOSS_KEY),
    };
    toss::Client::new(toss::Environment::Custom(base_url.into()), credentials)
        .expect("client builds")
}

fn unifi_client(base_url: &str, clock: Arc<dyn Clock>) -> unifi::Client {
    let credentials = unifi::Credentials {
        app_id: APP_ID.into(),
        api_key: SecretString::from(API_KEY),
        app_secret: SecretString::from(APP_SECRET),
    };
    unifi::Client::builder(unifi::Environment::Custom(base_url.into()), credentials)
        .clock(clock)
        .build()
        .expect("client builds")
}

fn shinhan_client(base_url: &str) -> shinhan::Client {
    let credentials = shinhan::Credentials {
        payment_key: SecretString::from(PAYMENT_KEY),
        search_key: SecretString::from("SEARCH-KEY-spg-0002"),
    };
    shinhan::Client::new(shinhan::Environment::Custom(base_url.into()), credentials)
        .expect("client builds")
}

/// A `reqwest` client configured as the generated transport configures its own from `limits`.
fn plain_client(limits: &Limits) -> reqwest::Client {
    let builder = reqwest::Client::builder()
        .use_rustls_tls()
        .connect_timeout(limits.connect_timeout)
        .timeout(limits.timeout);
    // NICEPAY documents a read timeout apart (prep:103-104); an app would set it too.
    let builder = match limits.read_timeout {
        Some(read) => builder.read_timeout(read),
        None => builder,
    };
    builder.build().expect("client builds")
}

/// POSTs the prepared bytes and headers as the generated transport does, and decodes the answer.
async fn plain_post<R: DeserializeOwned>(
    client: &reqwest::Client,
    url: &str,
    prepared: Prepared,
) -> R {
    let response = client
        .post(url)
        .header(ACCEPT, "application/json")
        .headers(prepared.headers)
        .header(CONTENT_TYPE, JSON)
        .body(prepared.body)
        .send()
        .await
        .and_then(reqwest::Response::error_for_status)
        .expect("answered");
    let body = response.bytes().await.expect("body read");
    serde_json::from_slice(&body).expect("answer decodes")
}

/// Raw HTTP requests a server received, in order.
type Captured = Arc<Mutex<Vec<Vec<u8>>>>;

/// Starts the loopback server on `runtime`; returns its base URL.
fn start_server(runtime: &Runtime, captured: Option<Captured>) -> String {
    let listener = runtime
        .block_on(TcpListener::bind("127.0.0.1:0"))
        .expect("binds a loopback port");
    let base_url = format!("http://{}", listener.local_addr().expect("has an address"));
    runtime.spawn(async move {
        loop {
            let (stream, _) = listener.accept().await.expect("accepts");
            tokio::spawn(serve_connection(stream, captured.clone()));
        }
    });
    base_url
}

/// Answers each request on one keep-alive connection with its route's fixed 200 JSON, until the
/// client closes it. Reads with `readable`/`try_read`, which need only tokio's `net` feature.
async fn serve_connection(stream: TcpStream, captured: Option<Captured>) -> std::io::Result<()> {
    let mut buffer = Vec::with_capacity(8192);
    let mut chunk = [0u8; 8192];
    loop {
        let length = loop {
            if let Some(length) = request_length(&buffer).filter(|&n| buffer.len() >= n) {
                break length;
            }
            stream.readable().await?;
            match stream.try_read(&mut chunk) {
                Ok(0) => return Ok(()),
                Ok(n) => buffer.extend_from_slice(&chunk[..n]),
                Err(err) if err.kind() == ErrorKind::WouldBlock => {}
                Err(err) => return Err(err),
            }
        };
        if let Some(captured) = &captured {
            captured
                .lock()
                .expect("not poisoned")
                .push(buffer[..length].to_vec());
        }
        let answer = answer_for(&buffer);
        buffer.drain(..length);
        let mut rest = answer.as_bytes();
        while !rest.is_empty() {
            stream.writable().await?;
            match stream.try_write(rest) {
                Ok(n) => rest = &rest[n..],
                Err(err) if err.kind() == ErrorKind::WouldBlock => {}
                Err(err) => return Err(err),
            }
        }
    }
}

/// The length of the first request in `buffer` (head and `content-length` body), once its head
/// is complete.
fn request_length(buffer: &[u8]) -> Option<usize> {
    let head_end = buffer.windows(4).position(|w| w == b"\r\n\r\n")? + 4;
    let head = std::str::from_utf8(&buffer[..head_end]).ok()?;
    let body = head
        .lines()
        .filter_map(|line| line.split_once(':'))
        .find(|(name, _)| name.eq_ignore_ascii_case("content-length"))
        .map_or(0, |(_, value)| value.trim().parse().unwrap_or(0));
    Some(head_end + body)
}

/// The whole HTTP response for the request at the start of `buffer`.
fn answer_for(buffer: &[u8]) -> String {
    let body = ROUTES
        .iter()
        .find(|(line, _)| buffer.starts_with(line.as_bytes()))
        .map_or("{}", |(_, body)| body);
    format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
        body.len()
    )
}

/// `paygen` and `raw` prepare the same bytes, and the server receives the same HTTP request from
/// the generated client and from the plain client sending what `prepare` made.
fn check_pairs_agree(runtime: &Runtime) {
    let captured = Captured::default();
    let base_url = start_server(runtime, Some(captured.clone()));
    let clock = FixedClock(FIXED_MILLIS);

    let unifi = unifi_request();
    let client = unifi_client(&base_url, Arc::new(clock));
    let prepared = paygen_unifi(&client, &unifi).expect("valid");
    assert_eq!(prepared, raw_unifi(&unifi, &clock), "unifi: paygen and raw");
    let generated = client.create_payment(&unifi);
    let plain = (unifi::DEFAULT_LIMITS, format!("{base_url}{UNIFI_PATH}"));
    check_same_request(runtime, &captured, "unifi", generated, &plain, prepared);

    let shinhan = shinhan_payment_request();
    let client = shinhan_client(&base_url);
    let prepared = paygen_shinhan(&client, &shinhan).expect("valid");
    assert_eq!(prepared, raw_shinhan(&shinhan), "shinhan: paygen and raw");
    let generated = client.request_payment(&shinhan);
    let plain = (shinhan::DEFAULT_LIMITS, format!("{base_url}{SHINHAN_PATH}"));
    check_same_request(runtime, &captured, "shinhan", generated, &plain, prepared);

    let approval = nice_request();
    let client = nice_client(&base_url, Arc::new(clock));
    let prepared = paygen_nice(&client, &approval).expect("valid");
    assert_eq!(
        prepared,
        raw_nice(&approval, &clock),
        "nicepay: paygen and raw"
    );
    // The first call fetches the token the client then keeps; the pair compares calls on it.
    runtime
        .block_on(client.approve_payment(&approval))
        .expect("answered");
    captured.lock().expect("not poisoned").clear();
    let generated = client.approve_payment(&approval);
    let plain = (nice::DEFAULT_LIMITS, format!("{base_url}{NICE_PATH}"));
    check_same_request(runtime, &captured, "nicepay", generated, &plain, prepared);

    let execute = toss_request();
    let client = toss_client(&base_url);
    let prepared = paygen_toss(&client, &execute).expect("valid");
    assert_eq!(prepared, raw_toss(&execute), "tosspay: paygen and raw");
    let generated = client.execute_payment(&execute);
    let plain = (toss::DEFAULT_LIMITS, format!("{base_url}{TOSS_PATH}"));
    check_same_request(runtime, &captured, "tosspay", generated, &plain, prepared);
}

/// The `generated` call and a plain client (with `limits`, POSTing `prepared` to `url`) get the
/// same answer and put byte-identical HTTP requests on the wire.
fn check_same_request<R: DeserializeOwned + PartialEq + std::fmt::Debug>(
    runtime: &Runtime,
    captured: &Captured,
    name: &str,
    generated: impl std::future::Future<Output = paygen_runtime::Result<R>>,
    (limits, url): &(Limits, String),
    prepared: Prepared,
) {
    runtime.block_on(async {
        let generated = generated.await.expect("answered");
        let by_hand: R = plain_post(&plain_client(limits), url, prepared).await;
        assert_eq!(generated, by_hand, "{name}: answers");
    });
    let requests = std::mem::take(&mut *captured.lock().expect("not poisoned"));
    let [generated, plain] = &requests[..] else {
        panic!("{name}: expected 2 requests, got {}", requests.len());
    };
    assert_eq!(
        String::from_utf8_lossy(generated),
        String::from_utf8_lossy(plain),
        "{name}: the generated and the plain client send different requests"
    );
    println!(
        "{name}: both clients send the same {}-byte request",
        generated.len()
    );
}

/// What a pair's ratio is held to.
#[derive(Clone, Copy)]
enum Target {
    /// paygen's time at most this multiple of the baseline's.
    TimeAtMost(f64),
    /// paygen's calls per second at least this fraction of the baseline's.
    ThroughputAtLeast(f64),
}

/// The same work done by paygen and by a baseline, timed against each other.
struct Pair<'a> {
    group: &'static str,
    name: &'static str,
    baseline_label: &'static str,
    target: Target,
    /// Calls per batch in the paired comparison: a millisecond or so of work.
    batch: u32,
    paygen: Box<dyn FnMut() + 'a>,
    baseline: Box<dyn FnMut() + 'a>,
}

impl<'a> Pair<'a> {
    fn prepare(name: &'static str, paygen: impl FnMut() + 'a, raw: impl FnMut() + 'a) -> Self {
        Pair {
            group: "prepare",
            name,
            baseline_label: "raw",
            target: Target::TimeAtMost(1.10),
            batch: 1000,
            paygen: Box::new(paygen),
            baseline: Box::new(raw),
        }
    }

    fn round_trip(name: &'static str, paygen: impl FnMut() + 'a, plain: impl FnMut() + 'a) -> Self {
        Pair {
            group: "round_trip",
            name,
            baseline_label: "plain",
            target: Target::ThroughputAtLeast(0.95),
            batch: 50,
            paygen: Box::new(paygen),
            baseline: Box::new(plain),
        }
    }

    fn id(&self, label: &str) -> String {
        format!("{}/{}/{label}", self.group, self.name)
    }

    /// paygen's time over the baseline's, from criterion's means of this run.
    fn criterion_ratio(&self, since: SystemTime) -> Option<(f64, f64)> {
        Some((
            paygen_tests::criterion_mean_ns(&self.id("paygen"), since)?,
            paygen_tests::criterion_mean_ns(&self.id(self.baseline_label), since)?,
        ))
    }

    /// The median over `PAIRED_ROUNDS` rounds of paygen's time over the baseline's for one batch
    /// each, run back to back, in alternating order. Load that comes and goes on a shared machine
    /// then slows both sides of a round alike, where it can slow one criterion benchmark and not
    /// the other.
    fn paired_ratio(&mut self) -> f64 {
        let batch = self.batch;
        let time = |f: &mut Box<dyn FnMut() + '_>| {
            let start = Instant::now();
            for _ in 0..batch {
                f();
            }
            start.elapsed().as_secs_f64()
        };
        let mut ratios: Vec<f64> = (0..PAIRED_ROUNDS)
            .map(|round| {
                if round % 2 == 0 {
                    let paygen = time(&mut self.paygen);
                    paygen / time(&mut self.baseline)
                } else {
                    let baseline = time(&mut self.baseline);
                    time(&mut self.paygen) / baseline
                }
            })
            .collect();
        ratios.sort_by(f64::total_cmp);
        ratios[PAIRED_ROUNDS / 2]
    }

    /// One line: the ratio from criterion's means, the paired median, and the target.
    fn report(&mut self, since: SystemTime) {
        let paired = self.paired_ratio();
        let from_means = self.criterion_ratio(since);
        let (what, shown, paired, target, met) = match self.target {
            Target::TimeAtMost(limit) => (
                "time",
                from_means.map(|(p, b)| p / b),
                paired,
                format!("<= {limit:.2}x"),
                paired <= limit,
            ),
            Target::ThroughputAtLeast(limit) => (
                "throughput",
                from_means.map(|(p, b)| b / p),
                1.0 / paired,
                format!(">= {limit:.2}x"),
                1.0 / paired >= limit,
            ),
        };
        let means = match (from_means, shown) {
            (Some((p, b)), Some(ratio)) => format!("{ratio:.3}x ({p:.1} ns / {b:.1} ns)"),
            _ => "not measured in this run".to_owned(),
        };
        println!(
            "{}/{}: paygen/{} {what}: means {means}; paired median {paired:.3}x; target {target}: {}",
            self.group,
            self.name,
            self.baseline_label,
            if met { "met" } else { "MISSED" },
        );
    }
}

/// Rounds of a paired comparison (odd, so that the median is one of them).
const PAIRED_ROUNDS: usize = 301;

/// Runs every pair under criterion, then prints each pair's ratios.
fn measure(c: &mut Criterion, pairs: &mut [Pair<'_>], since: SystemTime) {
    for pair in pairs.iter_mut() {
        let mut group = c.benchmark_group(pair.group);
        let paygen = &mut pair.paygen;
        group.bench_function(BenchmarkId::new(pair.name, "paygen"), |b| {
            b.iter(&mut *paygen)
        });
        let baseline = &mut pair.baseline;
        group.bench_function(BenchmarkId::new(pair.name, pair.baseline_label), |b| {
            b.iter(&mut *baseline)
        });
        group.finish();
    }
    c.final_summary();
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|arg| arg == "--profile-time") {
        // Profiling runs the benchmarks' loops only: there is nothing to compare.
        return;
    }
    let filter = name_filter(&args);
    for pair in pairs {
        if filter.is_none_or(|filter| pair.id("").contains(filter)) {
            pair.report(since);
        }
    }
}

/// The benchmark name filter given on the command line (`cargo bench ... -- prepare/nicepay`),
/// as criterion reads it: the first argument that is neither a flag nor a flag's value. The
/// paired comparison then runs only for the pairs criterion ran.
fn name_filter(args: &[String]) -> Option<&str> {
    const TAKES_VALUE: &[&str] = &[
        "--save-baseline",
        "--baseline",
        "--baseline-lenient",
        "--load-baseline",
        "--measurement-time",
        "--warm-up-time",
        "--sample-size",
        "--nresamples",
        "--noise-threshold",
        "--confidence-level",
        "--significance-level",
        "--output-format",
        "--color",
        "--plotting-backend",
        "--format",
    ];
    let mut skip_next = false;
    for arg in args {
        if std::mem::take(&mut skip_next) {
            continue;
        }
        if arg.starts_with('-') {
            skip_next = TAKES_VALUE.contains(&arg.as_str());
            continue;
        }
        return Some(arg);
    }
    None
}

fn main() {
    let started = SystemTime::now();
    // One thread runs the server, the client and its connection tasks, so neither side of a
    // pair gets a core the other lacks on a shared machine.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime builds");
    check_pairs_agree(&runtime);

    let base_url = start_server(&runtime, None);
    let unifi = unifi_request();
    let unifi_client = unifi_client(&base_url, Arc::new(SystemClock));
    let unifi_plain = plain_client(&unifi::DEFAULT_LIMITS);
    let unifi_url = format!("{base_url}{UNIFI_PATH}");
    let shinhan = shinhan_payment_request();
    let shinhan_client = shinhan_client(&base_url);
    let shinhan_plain = plain_client(&shinhan::DEFAULT_LIMITS);
    let shinhan_url = format!("{base_url}{SHINHAN_PATH}");
    let approval = nice_request();
    let nice_client = nice_client(&base_url, Arc::new(SystemClock));
    let nice_plain = plain_client(&nice::DEFAULT_LIMITS);
    let nice_url = format!("{base_url}{NICE_PATH}");
    let execute = toss_request();
    let toss_client = toss_client(&base_url);
    let toss_plain = plain_client(&toss::DEFAULT_LIMITS);
    let toss_url = format!("{base_url}{TOSS_PATH}");
    let mut pairs = [
        Pair::prepare(
            "unifi_create",
            || drop(black_box(paygen_unifi(&unifi_client, black_box(&unifi)))),
            || drop(black_box(raw_unifi(black_box(&unifi), &SystemClock))),
        ),
        Pair::prepare(
            "shinhan_request",
            || {
                drop(black_box(paygen_shinhan(
                    &shinhan_client,
                    black_box(&shinhan),
                )))
            },
            || drop(black_box(raw_shinhan(black_box(&shinhan)))),
        ),
        Pair::prepare(
            "nicepay_approve",
            || drop(black_box(paygen_nice(&nice_client, black_box(&approval)))),
            || drop(black_box(raw_nice(black_box(&approval), &SystemClock))),
        ),
        Pair::prepare(
            "tosspay_execute",
            || drop(black_box(paygen_toss(&toss_client, black_box(&execute)))),
            || drop(black_box(raw_toss(black_box(&execute)))),
        ),
        Pair::round_trip(
            "unifi_create",
            || {
                drop(
                    runtime
                        .block_on(unifi_client.create_payment(&unifi))
                        .expect("answered"),
                )
            },
            || {
                let prepared = raw_unifi(&unifi, &SystemClock);
                let call = plain_post::<CreatePaymentResponse>(&unifi_plain, &unifi_url, prepared);
                runtime.block_on(call);
            },
        ),
        Pair::round_trip(
            "shinhan_request",
            || {
                drop(
                    runtime
                        .block_on(shinhan_client.request_payment(&shinhan))
                        .expect("answered"),
                )
            },
            || {
                let prepared = raw_shinhan(&shinhan);
                let call =
                    plain_post::<PaymentRequestResponse>(&shinhan_plain, &shinhan_url, prepared);
                runtime.block_on(call);
            },
        ),
        // The generated client keeps its token after the first call, as an app keeps its own.
        Pair::round_trip(
            "nicepay_approve",
            || {
                drop(
                    runtime
                        .block_on(nice_client.approve_payment(&approval))
                        .expect("answered"),
                )
            },
            || {
                let prepared = raw_nice(&approval, &SystemClock);
                let call = plain_post::<nice::Payment>(&nice_plain, &nice_url, prepared);
                runtime.block_on(call);
            },
        ),
        Pair::round_trip(
            "tosspay_execute",
            || {
                drop(
                    runtime
                        .block_on(toss_client.execute_payment(&execute))
                        .expect("answered"),
                )
            },
            || {
                let prepared = raw_toss(&execute);
                let call =
                    plain_post::<toss::ExecutePaymentResponse>(&toss_plain, &toss_url, prepared);
                runtime.block_on(call);
            },
        ),
    ];

    let mut c = Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_millis(3000))
        .configure_from_args();
    measure(&mut c, &mut pairs, started);
}
