//! The fault matrix of every vendor: each operation of KICC WeChat Pay, LINE NEXT Unifi Pay,
//! Shinhan SPG, NICEPAY and Toss Pay against a loopback server that misbehaves on purpose, one
//! row per fault, each asserting the exact error variant and how many requests the server saw.
//! NICEPAY's bearer token is answered apart (its requests are not counted), so its rows count
//! the operation's own requests like every other vendor's.
//!
//! The server is a hand-written HTTP/1.1 responder on a tokio `TcpListener`, not wiremock,
//! because some rows need what a well-behaved mock cannot do: promise more body than it sends,
//! then close or reset the connection. Every answer closes its connection, so each retry is a new
//! connection and the count of requests is exact.
//!
//! The promises under test (README, "Failures that can cost money"): reads and KICC create
//! (idempotent by `shopTransactionId`) are retried on transport errors and 5xx answers; Shinhan
//! request / confirm / cancel / partial cancel and Unifi create are sent exactly once, and a
//! failure after sending is `Error::OutcomeUnknown`, never a plain failure. `tests/faults.rs`
//! holds the first, Shinhan-only cases; this matrix covers every operation of every vendor.

use paygen::{kicc_wechatpay, linenext_unifipay, nicepay, shinhan_spg, tosspay};
use paygen_runtime::auth::SecretString;
use paygen_runtime::http::RetryPolicy;
use paygen_runtime::{DecodeCategory, Error};
use std::any::Any;
use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::net::{TcpListener, TcpStream};

// ---------------------------------------------------------------------------------------------
// The misbehaving server
// ---------------------------------------------------------------------------------------------

/// What the server does with one request, once it has read all of it.
#[derive(Clone)]
enum Reply {
    /// A well-formed answer.
    Full(u16, Vec<u8>),
    /// A 200 whose `Content-Length` promises twice the body, of which only the first half is
    /// sent; then the connection is closed (FIN) or reset (RST).
    Cut { body: Vec<u8>, reset: bool },
    /// Nothing at all, for longer than any client in this file waits.
    Stall,
}

/// A loopback server answering its n-th request with `script[n]` (the last entry repeats), and
/// a token request (`POST /v1/access-token`), when it has `token`, with that answer, uncounted.
struct Server {
    url: String,
    /// Every request read in full, as raw bytes (head and body).
    seen: Arc<Mutex<Vec<Vec<u8>>>>,
}

async fn serve(script: Vec<Reply>, token: Option<&'static str>) -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&seen);
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let (log, script) = (Arc::clone(&log), script.clone());
            tokio::spawn(async move {
                let Some(request) = read_request(&stream).await else {
                    return;
                };
                if let Some(token) = token.filter(|_| request.starts_with(TOKEN_REQUEST_LINE)) {
                    let _ = send(stream, Reply::Full(200, token.as_bytes().to_vec())).await;
                    return;
                }
                let n = {
                    let mut log = log.lock().unwrap();
                    log.push(request);
                    log.len()
                };
                let reply = script[(n - 1).min(script.len() - 1)].clone();
                // The client may hang up first (a timeout, a size cap): nothing to do about it.
                let _ = send(stream, reply).await;
            });
        }
    });
    Server { url, seen }
}

const TOKEN_REQUEST_LINE: &[u8] = b"POST /v1/access-token ";

// The workspace's tokio has `net` but not `io-util`, so reads and writes use the readiness API.
async fn read_request(stream: &TcpStream) -> Option<Vec<u8>> {
    let mut request = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        if let Some(head_end) = request.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&request[..head_end]).to_ascii_lowercase();
            let body_len = head
                .lines()
                .find_map(|line| line.strip_prefix("content-length:"))
                .map_or(0, |n| n.trim().parse().unwrap());
            if request.len() >= head_end + 4 + body_len {
                return Some(request);
            }
        }
        stream.readable().await.ok()?;
        match stream.try_read(&mut chunk) {
            Ok(0) => return None,
            Ok(n) => request.extend_from_slice(&chunk[..n]),
            Err(err) if err.kind() == io::ErrorKind::WouldBlock => {}
            Err(_) => return None,
        }
    }
}

async fn write_all(stream: &TcpStream, mut bytes: &[u8]) -> io::Result<()> {
    while !bytes.is_empty() {
        stream.writable().await?;
        match stream.try_write(bytes) {
            Ok(n) => bytes = &bytes[n..],
            Err(err) if err.kind() == io::ErrorKind::WouldBlock => {}
            Err(err) => return Err(err),
        }
    }
    Ok(())
}

async fn send(stream: TcpStream, reply: Reply) -> io::Result<()> {
    let head = |status: u16, len: usize| {
        format!(
            "HTTP/1.1 {status} Status\r\ncontent-type: application/json\r\n\
             content-length: {len}\r\nconnection: close\r\n\r\n"
        )
    };
    match reply {
        Reply::Full(status, body) => {
            write_all(&stream, head(status, body.len()).as_bytes()).await?;
            write_all(&stream, &body).await
        }
        Reply::Cut { body, reset } => {
            write_all(&stream, head(200, body.len() * 2).as_bytes()).await?;
            write_all(&stream, &body).await?;
            if reset {
                // SO_LINGER 0: dropping the socket sends RST instead of FIN.
                stream.set_zero_linger()?;
            }
            Ok(())
        }
        Reply::Stall => {
            tokio::time::sleep(Duration::from_secs(30)).await;
            Ok(())
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The operations
// ---------------------------------------------------------------------------------------------

/// A decoded answer, whatever its type; rows that inspect it downcast.
type Answer = Box<dyn Any + Send>;
type Outcome = Result<Answer, Error>;
type Call = fn(Settings) -> Pin<Box<dyn Future<Output = Outcome> + Send>>;

/// What a row sets on the client.
#[derive(Clone)]
struct Settings {
    url: String,
    timeout: Duration,
    max_response_bytes: usize,
}

const FAST_RETRIES: RetryPolicy = RetryPolicy {
    max_attempts: 3,
    base_delay: Duration::from_millis(5),
    max_delay: Duration::from_millis(10),
};

/// The Shinhan payment key; the confirm answers' `pay_ispt_hash` values are computed from it.
const PAYMENT_KEY: &str = "payment-key";

macro_rules! client {
    ($builder:expr, $settings:expr) => {
        $builder
            .timeout($settings.timeout)
            .max_response_bytes($settings.max_response_bytes)
            .retry(FAST_RETRIES)
            .build()
            .unwrap()
    };
}

fn kicc(s: &Settings) -> kicc_wechatpay::Client {
    let env = kicc_wechatpay::Environment::Custom(s.url.clone());
    client!(kicc_wechatpay::Client::builder(env), s)
}

fn unifi(s: &Settings) -> linenext_unifipay::Client {
    let env = linenext_unifipay::Environment::Custom(s.url.clone());
    let credentials = linenext_unifipay::Credentials {
        app_id: "app-1".into(),
        api_key: SecretString::from("api-key"),
        app_secret: SecretString::from("app-secret"),
    };
    client!(linenext_unifipay::Client::builder(env, credentials), s)
}

fn shinhan(s: &Settings) -> shinhan_spg::Client {
    let env = shinhan_spg::Environment::Custom(s.url.clone());
    let credentials = shinhan_spg::Credentials {
        payment_key: SecretString::from(PAYMENT_KEY),
        search_key: SecretString::from("search-key"),
    };
    client!(shinhan_spg::Client::builder(env, credentials), s)
}

fn nice(s: &Settings) -> nicepay::Client {
    let env = nicepay::Environment::Custom(s.url.clone());
    let credentials = nicepay::Credentials {
        client_key: "S2_af4543a0be4d49a98122e01ec2059a56".into(),
        secret_key: SecretString::from("9eb85607103646da9f9c02b128f2e5ee"),
    };
    client!(nicepay::Client::builder(env, credentials), s)
}

fn toss(s: &Settings) -> tosspay::Client {
    let env = tosspay::Environment::Custom(s.url.clone());
    let credentials = tosspay::Credentials {
        api_key: SecretString::from("sk_test_w5lNQylNqa5lNQe013Nq"),
    };
    client!(tosspay::Client::builder(env, credentials), s)
}

fn answer<T: Any + Send>(result: paygen_runtime::Result<T>) -> Outcome {
    result.map(|value| Box::new(value) as Answer)
}

/// A [`Call`] of `client.method(request)` on a client built from the row's settings.
macro_rules! call {
    ($client:ident . $method:ident ($request:expr)) => {
        |s| Box::pin(async move { answer($client(&s).$method(&$request).await) })
    };
}

fn unifi_create_request() -> linenext_unifipay::CreatePaymentRequest {
    // The same request as tests/unifipay_wire.rs sends, from its wire form.
    serde_json::from_str(
        r#"{"orderId": "O-1", "storeId": "S-1", "requestId": "R-1", "countryCode": "KOR",
            "returnUrl": "https://pg.example/return", "callbackUrl": "https://pg.example/callback"}"#,
    )
    .unwrap()
}

fn shinhan_confirm_request() -> shinhan_spg::ConfirmRequest {
    shinhan_spg::ConfirmRequest::builder()
        .client_id("o2o")
        .order_no("ORDER-1")
        .confirm_token("aaaaaa.bbbbbb.ccccc")
        .ip_addr("203.0.113.7")
        .build()
}

fn shinhan_cancel_request() -> shinhan_spg::CancelRequest {
    shinhan_spg::CancelRequest::builder()
        .client_id("o2o")
        .user_id("test01")
        .tid("T-1")
        .amount(1000)
        .cncl_rsn("customer request")
        .ip_addr("203.0.113.7")
        .build()
}

fn shinhan_partial_cancel_request() -> shinhan_spg::PartialCancelRequest {
    shinhan_spg::PartialCancelRequest::builder()
        .client_id("o2o")
        .user_id("test01")
        .tid("T-1")
        .amount(500)
        .cncl_rsn("customer request")
        .ip_addr("203.0.113.7")
        .build()
}

/// One operation and the answers its rows are built from.
struct Op {
    /// The client method, as `Error::OutcomeUnknown` names it.
    name: &'static str,
    /// Whether the README promises retries for it.
    retryable: bool,
    call: Call,
    /// A 200 answer the client accepts.
    ok: &'static str,
    /// A 200 answer without a field the response type requires, and that field, which the
    /// error names.
    missing: (&'static str, &'static str),
    /// A 200 answer with a value of the wrong JSON type, and the path the error names.
    wrong_type: (&'static str, &'static str),
    /// The gateway's business error: HTTP status, body and the code `Error::Api` must carry.
    business: Option<(u16, &'static str, &'static str)>,
    /// A 200 answer carrying codes the document does not list, and the check that each one
    /// decoded into its enum's `Unknown` variant.
    unknown_codes: Option<(&'static str, AnswerCheck)>,
    /// The answer to the bearer-token request the client makes first, if it makes one.
    token: Option<&'static str>,
}

type AnswerCheck = fn(&Answer) -> bool;

const SHINHAN_998: (u16, &str, &str) = (
    401,
    r#"{"ret_code":998,"ret_msg":"token is missing or incorrect."}"#,
    "998",
);

/// A confirm answer (ko:346-367) whose `pay_ispt_hash` (upper-case hex, as ko:361 prints it; the
/// unknown-codes row sends the lower-case form) is sha256("test01" + "1000" + "T-1" +
/// PAYMENT_KEY), computed outside the code under test:
/// `printf '%s' test011000T-1payment-key | sha256sum`.
const CONFIRM_OK: &str = r#"{"ret_code":0,"ret_msg":"OK","pay_type":1,"order_no":"ORDER-1","user_id":"test01","user_name":"test01","amount":"1000","tid":"T-1","pay_ispt_hash":"21EA03D973DC2A4CA257C52188BCC9D0129E074AF1BE7FD41D9712C0EF4B1D4B","tx_date":"2021-08-31 12:59:59","pay_info":[{"card_cpny_cd":"S005","install_month":"00"}]}"#;

const CANCEL_OK: &str = r#"{"ret_code":0,"ret_msg":"OK","tid":"T-1","cid":"123456","amount":1000,"tx_date":"2021-08-31 15:01:07"}"#;

const SHINHAN_MISSING: (&str, &str) = (r#"{"ret_msg":"OK"}"#, "ret_code");

const KICC: &[Op] = &[Op {
    name: "create_transaction",
    retryable: true,
    call: call!(kicc.create_transaction(paygen_tests::kicc_request("John Doe"))),
    ok: r#"{"resCd":"0000","resMsg":"정상처리","mallId":"T0001004","shopTransactionId":"tx-0001","pgCno":"P-1","paymentPageUrl":"https://pay.example/qr"}"#,
    missing: (r#"{"resMsg":"정상처리","pgCno":"P-1"}"#, "resCd"),
    wrong_type: (r#"{"resCd":{"code":"0000"},"resMsg":"정상처리"}"#, "resCd"),
    business: Some((
        200,
        r#"{"resCd":"V501","resMsg":"이미 처리된 거래","resDetailMsg":"ORDERPAID"}"#,
        "V501",
    )),
    // The KICC response has no enum field.
    unknown_codes: None,
    token: None,
}];

const UNIFI: &[Op] = &[
    Op {
        name: "create_payment",
        retryable: false,
        call: call!(unifi.create_payment(unifi_create_request())),
        ok: r#"{"startPageUrl":"https://unifi.example/start","transactionId":"TX-1"}"#,
        missing: (
            r#"{"startPageUrl":"https://unifi.example/start"}"#,
            "transactionId",
        ),
        wrong_type: (
            r#"{"startPageUrl":["https://unifi.example/start"],"transactionId":"TX-1"}"#,
            "startPageUrl",
        ),
        // The document gives no error body or result code (ko:65-78).
        business: None,
        unknown_codes: None,
        token: None,
    },
    Op {
        name: "payment_status",
        retryable: true,
        call: call!(unifi.payment_status(
            linenext_unifipay::PaymentStatusRequest::builder()
                .transaction_id("TX-1")
                .build()
        )),
        ok: r#"{"status":"CONFIRMED","orderId":"O-1","storeId":"S-1","payAmount":1000,"orderAmount":"1000","transactionId":"TX-1","discountAmount":0,"payCurrencyCode":"USD","orderCurrencyCode":"USD"}"#,
        missing: (
            r#"{"status":"CONFIRMED","orderId":"O-1","storeId":"S-1","orderAmount":"1000","transactionId":"TX-1","discountAmount":0,"payCurrencyCode":"USD","orderCurrencyCode":"USD"}"#,
            "payAmount",
        ),
        wrong_type: (
            r#"{"status":"CONFIRMED","orderId":"O-1","storeId":"S-1","payAmount":{"usd":1000},"orderAmount":"1000","transactionId":"TX-1","discountAmount":0,"payCurrencyCode":"USD","orderCurrencyCode":"USD"}"#,
            "payAmount",
        ),
        business: None,
        unknown_codes: Some((
            r#"{"status":"REFUNDED","orderId":"O-1","storeId":"S-1","payAmount":1000,"orderAmount":"1000","transactionId":"TX-1","discountAmount":0,"payCurrencyCode":"USD","orderCurrencyCode":"USD"}"#,
            |a| {
                a.downcast_ref::<linenext_unifipay::PaymentStatusResponse>()
                    .is_some_and(|r| {
                        r.status == linenext_unifipay::PaymentStatus::Unknown("REFUNDED".into())
                    })
            },
        )),
        token: None,
    },
];

const SHINHAN: &[Op] = &[
    Op {
        name: "request_payment",
        retryable: false,
        call: call!(shinhan.request_payment(paygen_tests::shinhan_payment_request())),
        ok: r#"{"ret_code":0,"ret_msg":"OK","redirect_url":"https://spg.example/pay?token=t"}"#,
        missing: SHINHAN_MISSING,
        wrong_type: (r#"{"ret_code":{"value":0},"ret_msg":"OK"}"#, "ret_code"),
        business: Some(SHINHAN_998),
        unknown_codes: None,
        token: None,
    },
    Op {
        name: "confirm_payment",
        retryable: false,
        call: call!(shinhan.confirm_payment(shinhan_confirm_request())),
        ok: CONFIRM_OK,
        missing: SHINHAN_MISSING,
        // A string where the array of card objects is.
        wrong_type: (
            r#"{"ret_code":0,"user_id":"test01","pay_info":"S005"}"#,
            "pay_info",
        ),
        business: Some(SHINHAN_998),
        unknown_codes: Some((
            r#"{"ret_code":0,"pay_type":7,"user_id":"test01","amount":1000,"tid":"T-1","pay_ispt_hash":"21ea03d973dc2a4ca257c52188bcc9d0129e074af1be7fd41d9712c0ef4b1d4b"}"#,
            |a| {
                a.downcast_ref::<shinhan_spg::ConfirmResponse>()
                    .is_some_and(|r| r.pay_type == Some(shinhan_spg::PayType::Unknown(7)))
            },
        )),
        token: None,
    },
    Op {
        name: "cancel_payment",
        retryable: false,
        call: call!(shinhan.cancel_payment(shinhan_cancel_request())),
        ok: CANCEL_OK,
        missing: SHINHAN_MISSING,
        wrong_type: (
            r#"{"ret_code":0,"tid":"T-1","amount":{"won":1000}}"#,
            "amount",
        ),
        business: Some(SHINHAN_998),
        unknown_codes: None,
        token: None,
    },
    Op {
        name: "cancel_payment_partial",
        retryable: false,
        call: call!(shinhan.cancel_payment_partial(shinhan_partial_cancel_request())),
        ok: CANCEL_OK,
        missing: SHINHAN_MISSING,
        // A fraction of a won is not an amount.
        wrong_type: (r#"{"ret_code":0,"tid":"T-1","amount":"500.5"}"#, "amount"),
        business: Some(SHINHAN_998),
        unknown_codes: None,
        token: None,
    },
    Op {
        name: "get_receipt",
        retryable: true,
        call: call!(shinhan.get_receipt(
            shinhan_spg::ReceiptRequest::builder()
                .tid("T-1")
                .client_id("o2o")
                .amount(1000)
                .tx_ymd("2021-08-31")
                .build()
        )),
        ok: r#"{"ret_code":0,"ret_msg":"OK","redirect_url":"https://spg.example/receipt?id=1"}"#,
        missing: SHINHAN_MISSING,
        wrong_type: (
            r#"{"ret_code":0,"redirect_url":{"href":"https://spg.example"}}"#,
            "redirect_url",
        ),
        business: Some(SHINHAN_998),
        unknown_codes: None,
        token: None,
    },
    Op {
        name: "get_payment_info",
        retryable: true,
        call: call!(shinhan.get_payment_info(
            shinhan_spg::ConfirmInfoRequest::builder()
                .client_id("o2o")
                .order_no("ORDER-1")
                .build()
        )),
        ok: r#"{"ret_code":0,"ret_msg":"OK","user_id":"test01","tid":"T-1","tx_amount":1000,"tx_stat":1,"tx_date":"2021-12-22 12:59:59"}"#,
        missing: SHINHAN_MISSING,
        wrong_type: (
            r#"{"ret_code":0,"tid":"T-1","tx_stat":"approved"}"#,
            "tx_stat",
        ),
        business: Some(SHINHAN_998),
        unknown_codes: Some((r#"{"ret_code":0,"tid":"T-1","tx_stat":9}"#, |a| {
            a.downcast_ref::<shinhan_spg::ConfirmInfoResponse>()
                .is_some_and(|r| r.tx_stat == Some(shinhan_spg::TxStat::Unknown(9)))
        })),
        token: None,
    },
    Op {
        name: "list_card_companies",
        retryable: true,
        call: call!(shinhan.list_card_companies(
            shinhan_spg::CardListRequest::builder()
                .client_id("o2o")
                .pgcode(shinhan_spg::PgCode::Card)
                .build()
        )),
        ok: r#"{"ret_code":0,"ret_msg":"OK","list":[{"card_cpny_cd":"S001","card_cpny_name":"BC카드","nintr_yn":"Y"}]}"#,
        missing: SHINHAN_MISSING,
        // A string where the list of card companies is.
        wrong_type: (r#"{"ret_code":0,"list":"S001"}"#, "list"),
        business: Some(SHINHAN_998),
        unknown_codes: Some((
            r#"{"ret_code":0,"list":[{"card_cpny_cd":"S001","nintr_yn":"X","notice_list":[{"notice_type":7}],"prmt_list":[{"max_cnt_aply_type":9}]}]}"#,
            |a| {
                use shinhan_spg::{MaxCountPeriod, NoticeType, YesNo};
                let Some(list) = a
                    .downcast_ref::<shinhan_spg::CardListResponse>()
                    .and_then(|r| r.list.as_ref())
                else {
                    return false;
                };
                let card = &list[0];
                card.nintr_yn == Some(YesNo::Unknown("X".into()))
                    && card
                        .notice_list
                        .as_ref()
                        .is_some_and(|n| n[0].notice_type == Some(NoticeType::Unknown(7)))
                    && card
                        .prmt_list
                        .as_ref()
                        .is_some_and(|p| p[0].max_cnt_aply_type == Some(MaxCountPeriod::Unknown(9)))
            },
        )),
        token: None,
    },
    Op {
        name: "list_terms",
        retryable: true,
        call: call!(shinhan.list_terms(
            shinhan_spg::TermsInfoListRequest::builder()
                .client_id("o2o")
                .pgcode(shinhan_spg::PgCode::Card)
                .build()
        )),
        ok: r#"{"ret_code":0,"ret_msg":"OK","list":[{"terms_no":1,"terms_nm":"전자금융거래 이용약관","terms_ctnt":"<p>약관</p>"}]}"#,
        missing: SHINHAN_MISSING,
        // An object where an integer is, one level down.
        wrong_type: (
            r#"{"ret_code":0,"list":[{"terms_no":{"n":1}}]}"#,
            "list[0].terms_no",
        ),
        business: Some(SHINHAN_998),
        unknown_codes: None,
        token: None,
    },
];

// ---------------------------------------------------------------------------------------------
// The rows
// ---------------------------------------------------------------------------------------------

type Check = Box<dyn Fn(&Outcome) -> bool + Send + Sync>;

/// One fault against one operation.
struct Row {
    name: String,
    call: Call,
    token: Option<&'static str>,
    /// `None`: nothing listens.
    script: Option<Vec<Reply>>,
    timeout: Duration,
    max_response_bytes: usize,
    /// How many requests the server must have read.
    requests: usize,
    expect: Check,
}

/// Generous, so that only the stalling rows time out, however loaded the machine is.
const PATIENT: Duration = Duration::from_secs(10);
const STALL_TIMEOUT: Duration = Duration::from_millis(300);
const SMALL_LIMIT: usize = 1024;

impl Row {
    fn new(
        op: &Op,
        fault: &str,
        script: Option<Vec<Reply>>,
        requests: usize,
        expect: Check,
    ) -> Row {
        Row {
            name: format!("{}: {fault}", op.name),
            call: op.call,
            token: op.token,
            script,
            timeout: PATIENT,
            max_response_bytes: 1024 * 1024,
            requests,
            expect,
        }
    }

    fn answering(op: &Op, fault: &str, status: u16, body: &str, expect: Check) -> Row {
        let script = vec![Reply::Full(status, body.as_bytes().to_vec())];
        Row::new(op, fault, Some(script), 1, expect)
    }
}

fn fails(check: impl Fn(&Error) -> bool + Send + Sync + 'static) -> Check {
    Box::new(move |outcome| outcome.as_ref().err().is_some_and(&check))
}

/// A failure after the request may have reached the gateway: a safe call reports the cause
/// itself; an unsafe write must report `OutcomeUnknown` naming itself, with the cause inside.
fn after_sending(op: &Op, cause: impl Fn(&Error) -> bool + Send + Sync + 'static) -> Check {
    let (name, retryable) = (op.name, op.retryable);
    fails(move |err| match err {
        Error::OutcomeUnknown {
            operation,
            cause: inner,
        } => !retryable && *operation == name && cause(inner),
        other => retryable && cause(other),
    })
}

fn decode_error(
    category: DecodeCategory,
    at: &'static str,
) -> impl Fn(&Error) -> bool + Send + Sync + 'static {
    move |err| matches!(err, Error::Decode { status: 200, category: c, path, .. } if *c == category && path == at)
}

fn transport(err: &Error) -> bool {
    matches!(err, Error::Transport(_))
}

/// The rows every operation gets.
fn rows(op: &Op) -> Vec<Row> {
    // A safe call is sent again after a transport error or a 5xx; an unsafe one never.
    let attempts = if op.retryable { 3 } else { 1 };
    let mut half = op.ok.len() / 2;
    while !op.ok.is_char_boundary(half) {
        half -= 1;
    }
    let cut = |reset| {
        Some(vec![Reply::Cut {
            body: op.ok.as_bytes()[..half].to_vec(),
            reset,
        }])
    };
    let retried = if op.retryable {
        Box::new(|o: &Outcome| o.is_ok()) as Check
    } else {
        after_sending(op, |e| matches!(e, Error::HttpStatus { status: 500, .. }))
    };
    let mut rows = vec![
        // Never delivered, so never an unknown outcome, even for an unsafe write.
        Row::new(
            op,
            "connection refused",
            None,
            0,
            fails(|e| matches!(e, Error::Transport(t) if t.is_connect())),
        ),
        Row::new(
            op,
            "reset mid-body",
            cut(true),
            attempts,
            after_sending(op, transport),
        ),
        Row::new(
            op,
            "closed mid-body",
            cut(false),
            attempts,
            after_sending(op, transport),
        ),
        Row {
            timeout: STALL_TIMEOUT,
            ..Row::new(
                op,
                "slow headers past the timeout",
                Some(vec![Reply::Stall]),
                attempts,
                after_sending(op, |e| matches!(e, Error::Transport(t) if t.is_timeout())),
            )
        },
        Row::new(
            op,
            "500 then 200",
            Some(vec![
                Reply::Full(500, Vec::new()),
                Reply::Full(200, op.ok.as_bytes().to_vec()),
            ]),
            if op.retryable { 2 } else { 1 },
            retried,
        ),
        Row::answering(
            op,
            "invalid JSON",
            200,
            "<html><body>502 Bad Gateway</body></html>",
            after_sending(op, decode_error(DecodeCategory::Syntax, ".")),
        ),
        Row::answering(
            op,
            "wrong JSON type",
            200,
            op.wrong_type.0,
            after_sending(op, decode_error(DecodeCategory::Data, op.wrong_type.1)),
        ),
        Row::answering(
            op,
            "truncated body",
            200,
            &op.ok[..half],
            after_sending(op, |e| {
                matches!(
                    e,
                    Error::Decode {
                        category: DecodeCategory::Eof,
                        ..
                    }
                )
            }),
        ),
        Row {
            max_response_bytes: SMALL_LIMIT,
            // Trailing whitespace keeps it valid JSON: only the cap can refuse it.
            ..Row::answering(
                op,
                "oversized body",
                200,
                &format!("{}{}", op.ok, " ".repeat(4 * SMALL_LIMIT)),
                after_sending(op, |e| {
                    matches!(e, Error::ResponseTooLarge { limit: SMALL_LIMIT })
                }),
            )
        },
        Row::answering(
            op,
            "missing required field",
            200,
            op.missing.0,
            after_sending(op, decode_error(DecodeCategory::Data, op.missing.1)),
        ),
        // A 4xx is a refusal, not a lost answer: a plain error even for an unsafe write.
        Row::answering(
            op,
            "404 without a result code",
            404,
            "Not Found",
            fails(|e| matches!(e, Error::HttpStatus { status: 404, .. })),
        ),
        // "한" in EUC-KR (C7 D1) inside a UTF-8 answer: refused, never read as U+FFFD.
        Row::new(
            op,
            "EUC-KR bytes in a UTF-8 answer",
            Some(vec![Reply::Full(
                200,
                [
                    &op.ok.as_bytes()[..half],
                    b"\xc7\xd1",
                    &op.ok.as_bytes()[half..],
                ]
                .concat(),
            )]),
            1,
            after_sending(op, decode_error(DecodeCategory::Charset, ".")),
        ),
        Row::answering(
            op,
            "the documented success",
            200,
            op.ok,
            Box::new(|o| o.is_ok()),
        ),
    ];
    if let Some((status, body, code)) = op.business {
        // The gateway's answer: never retried, never an unknown outcome.
        rows.push(Row::answering(
            op,
            "business error code",
            status,
            body,
            fails(move |e| matches!(e, Error::Api { status: s, failure } if *s == status && failure.code == code)),
        ));
    }
    if let Some((body, check)) = op.unknown_codes {
        rows.push(Row::answering(
            op,
            "unknown enum codes",
            200,
            body,
            Box::new(move |o| o.as_ref().is_ok_and(check)),
        ));
    }
    rows
}

/// Shinhan's confirm answers carry `pay_ispt_hash`, which the client verifies.
fn shinhan_integrity_rows() -> Vec<Row> {
    let confirm = &SHINHAN[1];
    let integrity = || {
        fails(|e| {
            matches!(
                e,
                Error::Integrity {
                    field: "pay_ispt_hash"
                }
            )
        })
    };
    let flipped = CONFIRM_OK.replace("21EA03", "31EA03");
    let tampered_amount = CONFIRM_OK.replace(r#""amount":"1000""#, r#""amount":"100000""#);
    let unhashed = CONFIRM_OK.replace("pay_ispt_hash", "unrelated_field");
    assert!(flipped != CONFIRM_OK && tampered_amount != CONFIRM_OK && unhashed != CONFIRM_OK);
    vec![
        Row::answering(confirm, "wrong pay_ispt_hash", 200, &flipped, integrity()),
        Row::answering(
            confirm,
            "amount changed under the hash",
            200,
            &tampered_amount,
            integrity(),
        ),
        Row::answering(
            confirm,
            "pay_ispt_hash missing",
            200,
            &unhashed,
            integrity(),
        ),
        // A refusal has no hash to check: the gateway's reason must come through.
        Row::answering(
            confirm,
            "refusal without a hash",
            200,
            r#"{"ret_code":1001,"ret_msg":"한도 초과"}"#,
            fails(
                |e| matches!(e, Error::Api { status: 200, failure } if failure.code == "1001" && failure.message == "한도 초과"),
            ),
        ),
    ]
}

/// NICEPAY's access-token answer (common:221-228), for a token kept 30 minutes.
const NICE_TOKEN: &str = r#"{"resultCode":"0000","resultMsg":"정상 처리되었습니다.","accessToken":"T1","tokenType":"Bearer","expireAt":"2026-03-08T10:26:27.000+0900","now":"2026-03-08T09:56:27.000+0900"}"#;

const NICE_TID: &str = "nicuntct1m0101210727200708A058";

/// A payment as the approval and the lookups answer it (window:221-318): its required fields.
const NICE_PAYMENT: &str = r#"{"resultCode":"0000","resultMsg":"결제 성공","tid":"nicuntct1m0101210727200708A058","orderId":"order-1","ediDate":"2026-03-09T09:56:28.000+0900","status":"paid","payMethod":"card","amount":1004,"balanceAmt":1004,"goodsName":"나이스페이-상품","useEscrow":false,"currency":"KRW"}"#;

/// A cancel's answer (cancel:78-112): 2001, a documented success (code:269).
const NICE_CANCELLED: &str = r#"{"resultCode":"2001","resultMsg":"취소 성공","tid":"nicuntct1m0101210727200708A058","orderId":"order-1","ediDate":"2026-03-09T09:56:28.000+0900","status":"cancelled","payMethod":"card","amount":1004,"balanceAmt":0,"goodsName":"나이스페이-상품","useEscrow":false,"currency":"KRW"}"#;

const NICE_MISSING: (&str, &str) = (
    r#"{"resultCode":"0000","resultMsg":"m","orderId":"order-1","ediDate":"2026-03-09T09:56:28.000+0900","status":"paid","payMethod":"card","amount":1004,"balanceAmt":1004,"goodsName":"g","useEscrow":false,"currency":"KRW"}"#,
    "tid",
);

const NICE_WRONG_TYPE: (&str, &str) = (
    r#"{"resultCode":"0000","resultMsg":"m","tid":"T","orderId":"order-1","ediDate":"2026-03-09T09:56:28.000+0900","status":"paid","payMethod":"card","amount":{"won":1004},"balanceAmt":1004,"goodsName":"g","useEscrow":false,"currency":"KRW"}"#,
    "amount",
);

/// A refusal carrying only its code and message (A123, code:316): the issue's "done when".
const NICE_REFUSAL: (u16, &str, &str) = (
    200,
    r#"{"resultCode":"A123","resultMsg":"거래금액 불일치(인증된 금액과 승인요청 금액 불일치)"}"#,
    "A123",
);

const NICEPAY: &[Op] = &[
    Op {
        name: "issue_access_token",
        retryable: true,
        call: call!(nice.issue_access_token(nicepay::AccessTokenRequest::builder().build())),
        ok: NICE_TOKEN,
        missing: (
            r#"{"resultCode":"0000","resultMsg":"m","tokenType":"Bearer","expiredAt":"2026-03-08T10:26:27.000+0900","now":"2026-03-08T09:56:27.000+0900"}"#,
            "accessToken",
        ),
        wrong_type: (
            r#"{"resultCode":"0000","resultMsg":"m","accessToken":["T1"],"tokenType":"Bearer","expiredAt":"2026-03-08T10:26:27.000+0900","now":"2026-03-08T09:56:27.000+0900"}"#,
            "accessToken",
        ),
        business: Some((
            401,
            r#"{"resultCode":"U304","resultMsg":"BASIC AUTHENTICATION 실패"}"#,
            "U304",
        )),
        unknown_codes: None,
        token: None,
    },
    Op {
        name: "approve_payment",
        retryable: false,
        call: call!(nice.approve_payment(
            nicepay::ApprovePaymentRequest::builder()
                .tid(NICE_TID)
                .amount(1004)
                .build()
        )),
        ok: NICE_PAYMENT,
        missing: NICE_MISSING,
        wrong_type: NICE_WRONG_TYPE,
        business: Some(NICE_REFUSAL),
        unknown_codes: None,
        token: Some(NICE_TOKEN),
    },
    Op {
        name: "cancel_payment",
        retryable: false,
        call: call!(nice.cancel_payment(
            nicepay::CancelPaymentRequest::builder()
                .tid(NICE_TID)
                .reason("고객 요청")
                .order_id("order-1-c1")
                .build()
        )),
        ok: NICE_CANCELLED,
        missing: NICE_MISSING,
        wrong_type: NICE_WRONG_TYPE,
        business: Some((
            200,
            r#"{"resultCode":"2013","resultMsg":"취소 완료 거래"}"#,
            "2013",
        )),
        unknown_codes: None,
        token: Some(NICE_TOKEN),
    },
    Op {
        name: "net_cancel_payment",
        retryable: false,
        call: call!(nice.net_cancel_payment(
            nicepay::NetCancelRequest::builder()
                .order_id("order-1")
                .build()
        )),
        ok: NICE_CANCELLED,
        missing: NICE_MISSING,
        wrong_type: NICE_WRONG_TYPE,
        business: Some((
            200,
            r#"{"resultCode":"2013","resultMsg":"취소 완료 거래"}"#,
            "2013",
        )),
        unknown_codes: None,
        token: Some(NICE_TOKEN),
    },
    Op {
        name: "get_payment",
        retryable: true,
        call: call!(nice.get_payment(nicepay::GetPaymentRequest::builder().tid(NICE_TID).build())),
        ok: NICE_PAYMENT,
        missing: NICE_MISSING,
        wrong_type: NICE_WRONG_TYPE,
        business: Some((
            200,
            r#"{"resultCode":"A118","resultMsg":"조회 결과데이터 없음"}"#,
            "A118",
        )),
        unknown_codes: Some((
            r#"{"resultCode":"0000","resultMsg":"m","tid":"T","orderId":"order-1","status":"refunding","payMethod":"crypto","amount":1004,"balanceAmt":1004,"goodsName":"g","useEscrow":false,"currency":"KRW"}"#,
            |a| {
                a.downcast_ref::<nicepay::Payment>().is_some_and(|p| {
                    p.status == nicepay::PaymentStatus::Unknown("refunding".into())
                        && p.pay_method == nicepay::PayMethod::Unknown("crypto".into())
                })
            },
        )),
        token: Some(NICE_TOKEN),
    },
    Op {
        name: "get_payment_by_order_id",
        retryable: true,
        call: call!(nice.get_payment_by_order_id(
            nicepay::GetPaymentByOrderIdRequest::builder()
                .order_id("order-1")
                .order_date("20260309")
                .build()
        )),
        ok: NICE_PAYMENT,
        missing: NICE_MISSING,
        wrong_type: NICE_WRONG_TYPE,
        business: Some((
            200,
            r#"{"resultCode":"A118","resultMsg":"조회 결과데이터 없음"}"#,
            "A118",
        )),
        unknown_codes: None,
        token: Some(NICE_TOKEN),
    },
];

/// Toss Pay's refusal: code -1 with its reason in msg and errorCode (toss:246, toss:261); the
/// errorCode value is made up, the document lists none.
const TOSS_REFUSAL: (u16, &str, &str) = (
    200,
    r#"{"code":-1,"msg":"결제 금액이 일치하지 않습니다.","errorCode":"COMMON_ERROR"}"#,
    "-1",
);

const TOSS_MISSING: (&str, &str) = (r#"{"msg":"ok"}"#, "code");
const TOSS_WRONG_TYPE: (&str, &str) = (r#"{"code":{"value":0}}"#, "code");

const TOSS: &[Op] = &[
    Op {
        name: "create_payment",
        retryable: false,
        call: call!(toss.create_payment(
            tosspay::CreatePaymentRequest::builder()
                .order_no("1")
                .amount(10000)
                .amount_tax_free(0)
                .product_desc("테스트결제")
                .ret_url("https://shop.example/order-check?orderno=1")
                .ret_cancel_url("https://shop.example/close")
                .build()
        )),
        ok: r#"{"code":0,"checkoutPage":"https://pay.toss.im/payfront/auth?payToken=T","payToken":"T"}"#,
        missing: TOSS_MISSING,
        wrong_type: TOSS_WRONG_TYPE,
        business: Some(TOSS_REFUSAL),
        unknown_codes: None,
        token: None,
    },
    Op {
        name: "execute_payment",
        retryable: false,
        call: call!(toss.execute_payment(
            tosspay::ExecutePaymentRequest::builder()
                .pay_token("T")
                .build()
        )),
        ok: r#"{"code":0,"mode":"LIVE","orderNo":"1","amount":10000}"#,
        missing: TOSS_MISSING,
        wrong_type: TOSS_WRONG_TYPE,
        business: Some(TOSS_REFUSAL),
        unknown_codes: Some((r#"{"code":0,"mode":"SANDBOX"}"#, |a| {
            a.downcast_ref::<tosspay::ExecutePaymentResponse>()
                .is_some_and(|r| r.mode == Some(tosspay::Mode::Unknown("SANDBOX".into())))
        })),
        token: None,
    },
    Op {
        name: "refund_payment",
        retryable: false,
        call: call!(toss.refund_payment(
            tosspay::RefundPaymentRequest::builder()
                .pay_token("T")
                .build()
        )),
        ok: r#"{"code":0,"refundNo":"R-1"}"#,
        missing: TOSS_MISSING,
        wrong_type: TOSS_WRONG_TYPE,
        business: Some(TOSS_REFUSAL),
        unknown_codes: None,
        token: None,
    },
    Op {
        name: "get_payment_status",
        retryable: true,
        call: call!(toss.get_payment_status(
            tosspay::PaymentStatusRequest::builder()
                .pay_token("T")
                .build()
        )),
        ok: r#"{"code":0,"payToken":"T","orderNo":"1","payStatus":"PAY_COMPLETE","amount":10000}"#,
        missing: TOSS_MISSING,
        wrong_type: TOSS_WRONG_TYPE,
        business: Some(TOSS_REFUSAL),
        unknown_codes: Some((r#"{"code":0,"payStatus":"PAY_ON_HOLD"}"#, |a| {
            a.downcast_ref::<tosspay::PaymentStatusResponse>()
                .is_some_and(|r| {
                    r.pay_status == Some(tosspay::PayStatus::Unknown("PAY_ON_HOLD".into()))
                })
        })),
        token: None,
    },
];

/// Runs one row; `Err` says what went wrong with it.
async fn run(row: Row) -> Result<(), String> {
    let (url, seen, _reserved) = match row.script {
        Some(script) => {
            let server = serve(script, row.token).await;
            (server.url, Some(server.seen), None)
        }
        None => {
            let refused = paygen_tests::refused();
            (refused.url.clone(), None, Some(refused))
        }
    };
    let settings = Settings {
        url,
        timeout: row.timeout,
        max_response_bytes: row.max_response_bytes,
    };
    let outcome = (row.call)(settings).await;
    let seen = seen.map(|s| s.lock().unwrap().clone()).unwrap_or_default();
    let mut problems = Vec::new();
    if !(row.expect)(&outcome) {
        match &outcome {
            Ok(_) => problems.push("unexpected answer".to_owned()),
            Err(err) => problems.push(format!("unexpected error {err:?}")),
        }
    }
    if seen.len() != row.requests {
        problems.push(format!(
            "server saw {} requests, expected {}",
            seen.len(),
            row.requests
        ));
    }
    // A retry resends the same bytes, and so the same signature and idempotency key.
    if seen.windows(2).any(|pair| pair[0] != pair[1]) {
        problems.push("a retry did not resend the same bytes".to_owned());
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!("{}: {}", row.name, problems.join("; ")))
    }
}

/// Runs every row at once (only the stalling rows wait, and they wait in parallel) and
/// reports every failing row, not just the first.
async fn matrix(rows: Vec<Row>) {
    let total = rows.len();
    let tasks: Vec<_> = rows.into_iter().map(|row| tokio::spawn(run(row))).collect();
    let mut failures = Vec::new();
    for task in tasks {
        if let Err(problem) = task.await.expect("a row panicked") {
            failures.push(problem);
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {total} rows failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

fn every_row(ops: &[Op]) -> Vec<Row> {
    ops.iter().flat_map(rows).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kicc_wechatpay_fault_matrix() {
    matrix(every_row(KICC)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn linenext_unifipay_fault_matrix() {
    matrix(every_row(UNIFI)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shinhan_spg_fault_matrix() {
    let mut rows = every_row(SHINHAN);
    rows.extend(shinhan_integrity_rows());
    matrix(rows).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nicepay_fault_matrix() {
    matrix(every_row(NICEPAY)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tosspay_fault_matrix() {
    matrix(every_row(TOSS)).await;
}
