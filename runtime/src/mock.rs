//! The loopback server behind every generated `MockGateway` (the `mock` feature).
//!
//! A generated mock knows its gateway: which operation a method and path are, how to decode
//! and check a request against the spec, what the gateway answers and how it refuses. This
//! module knows none of that. It owns what is the same for every gateway: a listener on
//! `127.0.0.1` and a free port, reading each request whole (capped), handing it to the
//! generated [`Gateway`], applying what a test scripted for the operation ([`Reply`]: a fixed
//! answer, a status, a delay, a dropped connection), and keeping a [`Record`] of every call
//! with the outcome of each check, for a test to assert on.
//!
//! Nothing here prints a body or a header: a record's `Debug` names the operation, the checks
//! and the answer's status, never the bytes received (they carry keys and personal data).

use std::collections::{HashMap, VecDeque};
use std::fmt;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use http_body_util::{BodyExt, Full, Limited};
use hyper::body::{Bytes, Incoming};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use reqwest::header::HeaderMap;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

/// The largest request body a mock reads; a larger one is refused with 413, as a gateway's
/// front end would.
pub const MAX_REQUEST_BYTES: usize = 1 << 20;

/// A request as the mock received it, before any decoding.
#[derive(Clone)]
pub struct Request {
    /// The method, upper case (`POST`).
    pub method: String,
    /// The path, without the query.
    pub path: String,
    /// The query, without `?`, if the request had one.
    pub query: Option<String>,
    /// The headers as received.
    pub headers: HeaderMap,
    /// The body bytes exactly.
    pub body: Vec<u8>,
}

impl Request {
    /// The path and query as the client sent them: what a signature over `{uri}` signs.
    pub fn uri(&self) -> String {
        match &self.query {
            Some(query) => format!("{}?{query}", self.path),
            None => self.path.clone(),
        }
    }

    /// A header's value as text, if it is present and visible ASCII.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name)?.to_str().ok()
    }
}

impl fmt::Debug for Request {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The headers and the body carry credentials and personal data.
        f.debug_struct("Request")
            .field("method", &self.method)
            .field("path", &self.path)
            .field("body_bytes", &self.body.len())
            .finish_non_exhaustive()
    }
}

/// What a failed check is about: it picks which of the gateway's documented refusals answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// The credentials, the signature over the request or the bearer token.
    Auth,
    /// A digest the merchant computes into the request.
    Digest,
    /// A field missing, too long, of the wrong form, or a body that does not decode.
    Invalid,
    /// The payment asked about does not exist in the mock's state.
    NotFound,
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Kind::Auth => "auth",
            Kind::Digest => "digest",
            Kind::Invalid => "invalid",
            Kind::NotFound => "not_found",
        })
    }
}

/// One check the mock made of a request, and its outcome. `at` names what was checked (a
/// header, a wire field, a field path); `failure` says why it failed, never with the value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Check {
    /// What the check is about.
    pub kind: Kind,
    /// The header, wire field or field path checked.
    pub at: String,
    /// Why it failed; `None` when it passed.
    pub failure: Option<String>,
}

impl Check {
    /// A check that passed.
    pub fn passed(kind: Kind, at: impl Into<String>) -> Self {
        Check {
            kind,
            at: at.into(),
            failure: None,
        }
    }

    /// A check that failed, and why.
    pub fn failed(kind: Kind, at: impl Into<String>, why: impl Into<String>) -> Self {
        Check {
            kind,
            at: at.into(),
            failure: Some(why.into()),
        }
    }

    /// Passed when `ok`, else failed for `why`.
    pub fn of(kind: Kind, at: impl Into<String>, ok: bool, why: &str) -> Self {
        if ok {
            Check::passed(kind, at)
        } else {
            Check::failed(kind, at, why)
        }
    }

    /// Whether it passed.
    pub fn is_passed(&self) -> bool {
        self.failure.is_none()
    }
}

/// An HTTP answer: status, content type and body bytes.
#[derive(Clone, PartialEq, Eq)]
pub struct Answer {
    /// The HTTP status.
    pub status: u16,
    /// The `Content-Type`, if any.
    pub content_type: Option<&'static str>,
    /// The body, exactly.
    pub body: Vec<u8>,
}

impl fmt::Debug for Answer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Answer")
            .field("status", &self.status)
            .field("content_type", &self.content_type)
            .field("body_bytes", &self.body.len())
            .finish()
    }
}

/// What the generated gateway made of one call.
#[derive(Debug)]
pub struct Handled<R> {
    /// The request decoded into its generated type, if it decoded.
    pub received: Option<R>,
    /// Every check made, in order.
    pub checks: Vec<Check>,
    /// The answer the gateway gives: its documented refusal when a check failed.
    pub answer: Answer,
}

/// What a generated mock implements: the gateway's routes, checks, state and answers.
pub trait Gateway: Send + Sync + 'static {
    /// The generated enum of every operation's decoded request.
    type Received: Clone + fmt::Debug + Send + 'static;

    /// The operation a request calls (by its method and path, and where operations share
    /// those, by what it carries), if the gateway has one there.
    fn route(&self, request: &Request) -> Option<&'static str>;

    /// Checks a call of `operation` and answers it, applying its effect on the mock's state
    /// when every check passed.
    fn handle(&self, operation: &'static str, request: &Request) -> Handled<Self::Received>;

    /// Decodes and checks a call of `operation` as [`Gateway::handle`] does, changing nothing:
    /// for a call a test scripted an answer for.
    fn check(
        &self,
        operation: &'static str,
        request: &Request,
    ) -> (Option<Self::Received>, Vec<Check>);
}

/// What a test scripts for an operation, in place of the mock's own answer.
#[derive(Debug, Clone)]
pub enum Reply {
    /// This answer instead, after the checks (a typed answer, a business refusal); the
    /// mock's state is left as it was.
    Answer(Answer),
    /// This HTTP status with an empty body, without looking at the request.
    Status(u16),
    /// The connection closed without an answer, before the request is handled: nothing
    /// happened at the gateway.
    Reset,
    /// Handled as usual, state included, but the answer sent only after this long: past the
    /// client's timeout, the client gives up while the gateway went ahead.
    Delay(Duration),
    /// Handled as usual, state included, then the connection closed without the answer: the
    /// client cannot know that the gateway went ahead.
    LoseAnswer,
}

/// How a recorded call was answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delivery {
    /// An answer with this status was sent (after a delay, if one was scripted).
    Answered(u16),
    /// The connection was closed without an answer.
    Dropped,
}

/// One call the mock received.
#[derive(Debug, Clone)]
pub struct Record<R> {
    /// The operation the method and path route to, if any.
    pub operation: Option<&'static str>,
    /// The request as received (its `Debug` shows no bytes).
    pub request: Request,
    /// The request decoded into its generated type, if it decoded.
    pub received: Option<R>,
    /// Every check made, in order: empty when a scripted reply skipped them.
    pub checks: Vec<Check>,
    /// What the client was sent.
    pub delivery: Delivery,
}

impl<R> Record<R> {
    /// The checks that failed.
    pub fn failures(&self) -> impl Iterator<Item = &Check> {
        self.checks.iter().filter(|c| !c.is_passed())
    }

    /// Whether every check passed.
    pub fn accepted(&self) -> bool {
        self.checks.iter().all(Check::is_passed)
    }
}

/// The scripted replies of the operations: each one's queue of one-off replies, and the reply
/// it keeps giving once the queue is empty.
#[derive(Debug, Default)]
struct Scripts {
    once: HashMap<&'static str, VecDeque<Reply>>,
    always: HashMap<&'static str, Reply>,
}

impl Scripts {
    fn next(&mut self, operation: &'static str) -> Option<Reply> {
        if let Some(reply) = self.once.get_mut(operation).and_then(VecDeque::pop_front) {
            return Some(reply);
        }
        self.always.get(operation).cloned()
    }
}

struct Shared<G: Gateway> {
    gateway: G,
    scripts: Mutex<Scripts>,
    records: Mutex<Vec<Record<G::Received>>>,
}

/// A running mock: a listener on `127.0.0.1`, serving `G` until dropped.
pub struct Server<G: Gateway> {
    shared: Arc<Shared<G>>,
    address: SocketAddr,
    accept: JoinHandle<()>,
}

impl<G: Gateway> fmt::Debug for Server<G> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Server")
            .field("address", &self.address)
            .finish_non_exhaustive()
    }
}

impl<G: Gateway> Drop for Server<G> {
    fn drop(&mut self) {
        self.accept.abort();
    }
}

impl<G: Gateway> Server<G> {
    /// Binds `127.0.0.1` on a free port and serves `gateway` from a task of the current tokio
    /// runtime.
    ///
    /// # Errors
    /// The listener could not be bound.
    pub async fn start(gateway: G) -> std::io::Result<Self> {
        let listener = TcpListener::bind(("127.0.0.1", 0)).await?;
        let address = listener.local_addr()?;
        let shared = Arc::new(Shared {
            gateway,
            scripts: Mutex::new(Scripts::default()),
            records: Mutex::new(Vec::new()),
        });
        let accept = tokio::spawn(accept_loop(listener, Arc::clone(&shared)));
        Ok(Server {
            shared,
            address,
            accept,
        })
    }

    /// `http://127.0.0.1:PORT`, for a client's `Environment::Custom`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.address)
    }

    /// The gateway the server runs, for its state.
    pub fn gateway(&self) -> &G {
        &self.shared.gateway
    }

    /// Every call received so far, in order.
    pub fn records(&self) -> Vec<Record<G::Received>> {
        lock(&self.shared.records).clone()
    }

    /// Forgets the calls received so far.
    pub fn clear_records(&self) {
        lock(&self.shared.records).clear();
    }

    /// Answers the next call of `operation` with `reply` (queued after earlier one-off ones).
    pub fn once(&self, operation: &'static str, reply: Reply) {
        let mut scripts = lock(&self.shared.scripts);
        scripts.once.entry(operation).or_default().push_back(reply);
    }

    /// Answers every call of `operation` with `reply` once its one-off replies are used up.
    pub fn always(&self, operation: &'static str, reply: Reply) {
        lock(&self.shared.scripts).always.insert(operation, reply);
    }

    /// Forgets every scripted reply: the mock answers as the gateway again.
    pub fn clear_scripts(&self) {
        *lock(&self.shared.scripts) = Scripts::default();
    }
}

/// A lock that a panicking test thread cannot make unusable: the data is records and scripts,
/// each change of which is a single push or insert.
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

async fn accept_loop<G: Gateway>(listener: TcpListener, shared: Arc<Shared<G>>) {
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            // Out of file descriptors, say: wait rather than spin until one is free.
            tokio::time::sleep(Duration::from_millis(10)).await;
            continue;
        };
        let shared = Arc::clone(&shared);
        tokio::spawn(async move {
            let service = service_fn(move |request| serve(Arc::clone(&shared), request));
            // A connection ends with an error when a reply drops it on purpose.
            let _ = http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}

/// Why a connection is closed without an answer (hyper drops it when the service fails).
#[derive(Debug)]
struct Dropped;

impl fmt::Display for Dropped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the mock closed the connection without an answer, as scripted")
    }
}

impl std::error::Error for Dropped {}

type Response = hyper::Response<Full<Bytes>>;

async fn serve<G: Gateway>(
    shared: Arc<Shared<G>>,
    incoming: hyper::Request<Incoming>,
) -> Result<Response, Dropped> {
    let (parts, body) = incoming.into_parts();
    let body = match Limited::new(body, MAX_REQUEST_BYTES).collect().await {
        Ok(collected) => collected.to_bytes().to_vec(),
        Err(_) => return Ok(plain(413)),
    };
    let request = Request {
        method: parts.method.as_str().to_owned(),
        path: parts.uri.path().to_owned(),
        query: parts.uri.query().map(str::to_owned),
        headers: parts.headers,
        body,
    };
    let operation = shared.gateway.route(&request);
    let Some(operation) = operation else {
        record(
            &shared,
            None,
            request,
            None,
            Vec::new(),
            Delivery::Answered(404),
        );
        return Ok(plain(404));
    };
    let scripted = lock(&shared.scripts).next(operation);
    match scripted {
        Some(Reply::Status(status)) => {
            record(
                &shared,
                Some(operation),
                request,
                None,
                Vec::new(),
                Delivery::Answered(status),
            );
            Ok(plain(status))
        }
        Some(Reply::Reset) => {
            record(
                &shared,
                Some(operation),
                request,
                None,
                Vec::new(),
                Delivery::Dropped,
            );
            Err(Dropped)
        }
        Some(Reply::Answer(answer)) => {
            // Checked and recorded like any call, but nothing changes at the gateway.
            let (received, checks) = shared.gateway.check(operation, &request);
            let delivery = Delivery::Answered(answer.status);
            record(
                &shared,
                Some(operation),
                request,
                received,
                checks,
                delivery,
            );
            Ok(respond(answer))
        }
        other => {
            let handled = shared.gateway.handle(operation, &request);
            let (delivery, delay) = match other {
                Some(Reply::LoseAnswer) => (Delivery::Dropped, None),
                Some(Reply::Delay(delay)) => {
                    (Delivery::Answered(handled.answer.status), Some(delay))
                }
                _ => (Delivery::Answered(handled.answer.status), None),
            };
            record(
                &shared,
                Some(operation),
                request,
                handled.received,
                handled.checks,
                delivery,
            );
            if delivery == Delivery::Dropped {
                return Err(Dropped);
            }
            if let Some(delay) = delay {
                tokio::time::sleep(delay).await;
            }
            Ok(respond(handled.answer))
        }
    }
}

fn record<G: Gateway>(
    shared: &Shared<G>,
    operation: Option<&'static str>,
    request: Request,
    received: Option<G::Received>,
    checks: Vec<Check>,
    delivery: Delivery,
) {
    lock(&shared.records).push(Record {
        operation,
        request,
        received,
        checks,
        delivery,
    });
}

fn plain(status: u16) -> Response {
    respond(Answer {
        status,
        content_type: None,
        body: Vec::new(),
    })
}

fn respond(answer: Answer) -> Response {
    let mut response = hyper::Response::new(Full::new(Bytes::from(answer.body)));
    *response.status_mut() = hyper::StatusCode::from_u16(answer.status)
        .unwrap_or(hyper::StatusCode::INTERNAL_SERVER_ERROR);
    if let Some(content_type) = answer.content_type {
        response.headers_mut().insert(
            reqwest::header::CONTENT_TYPE,
            reqwest::header::HeaderValue::from_static(content_type),
        );
    }
    response
}

/// The text between a header template's literal `prefix` and `suffix` in `value`: the part a
/// placeholder filled in (`Bearer {token}` gives the token).
pub fn between<'a>(value: &'a str, prefix: &str, suffix: &str) -> Option<&'a str> {
    value.strip_prefix(prefix)?.strip_suffix(suffix)
}

/// Whether a received header equals the expected one, compared in constant time.
pub fn header_matches(received: Option<&str>, expected: &reqwest::header::HeaderValue) -> bool {
    use subtle::ConstantTimeEq;
    let Some(received) = received else {
        return false;
    };
    received.as_bytes().ct_eq(expected.as_bytes()).into()
}

/// Whether a received text equals the expected one, compared in constant time.
pub fn text_matches(received: Option<&str>, expected: &str) -> bool {
    use subtle::ConstantTimeEq;
    received.is_some_and(|r| r.as_bytes().ct_eq(expected.as_bytes()).into())
}

/// Whether a millisecond timestamp lies within `window` of `now_ms`, either side.
pub fn within_window(timestamp_ms: Option<&str>, now_ms: u64, window: Duration) -> bool {
    let Some(timestamp) = timestamp_ms.and_then(|t| t.parse::<u64>().ok()) else {
        return false;
    };
    let window = u64::try_from(window.as_millis()).unwrap_or(u64::MAX);
    timestamp.abs_diff(now_ms) < window
}

/// A JSON or form body's top-level string members by wire name, for the fields a request
/// carries beside its generated type (digests, credentials, clock times).
#[derive(Debug, Clone, Default)]
pub struct Members(HashMap<String, String>);

impl Members {
    /// The members of a JSON object body: strings as they are, numbers and booleans as their
    /// text. Anything else decodes to no members (the typed decode reports why).
    pub fn of_json(text: &str) -> Self {
        match serde_json::from_str(text) {
            Ok(serde_json::Value::Object(map)) => Members::of_map(&map),
            _ => Members::default(),
        }
    }

    fn of_map(map: &serde_json::Map<String, serde_json::Value>) -> Self {
        let members = map.iter().filter_map(|(name, value)| {
            let text = match value {
                serde_json::Value::String(text) => text.clone(),
                serde_json::Value::Number(number) => number.to_string(),
                serde_json::Value::Bool(flag) => flag.to_string(),
                _ => return None,
            };
            Some((name.clone(), text))
        });
        Members(members.collect())
    }

    /// The pairs of a form body (already decoded to UTF-8); the first of a repeated name.
    pub fn of_form(text: &str) -> Self {
        let mut members = HashMap::new();
        for (name, value) in form_urlencoded::parse(text.as_bytes()) {
            members
                .entry(name.into_owned())
                .or_insert_with(|| value.into_owned());
        }
        Members(members)
    }

    /// The member named `wire`, if present.
    pub fn get(&self, wire: &str) -> Option<&str> {
        self.0.get(wire).map(String::as_str)
    }
}

/// A payment as the mock keeps it: the approving call's request and answer members, and
/// the state a status read reports of it (a JSON value of the state field's type).
#[derive(Debug, Clone)]
pub struct Payment {
    /// The approving operation's name.
    pub write: &'static str,
    /// The approving request's members.
    pub request: Members,
    /// The approval's answer members.
    pub answer: Members,
    /// What a status read reports.
    pub state: serde_json::Value,
}

/// The members of an answer the mock wrote (JSON or form, in `charset`).
pub fn answer_members(answer: &Answer, form: bool, charset: crate::Encoding) -> Members {
    let Ok(text) = crate::charset::decode(&answer.body, charset) else {
        return Members::default();
    };
    if form {
        Members::of_form(&text)
    } else {
        Members::of_json(&text)
    }
}

/// Makes up a value for each required text an answer's document gives no example of (an id,
/// a token): `mock` and random hex, cut to the field's documented size, so that two answers do
/// not share one.
pub fn make_up(example: &mut serde_json::Value, fields: &[(&str, Option<usize>)]) {
    let serde_json::Value::Object(map) = example else {
        return;
    };
    for (wire, max_bytes) in fields {
        let mut text = format!("mock{:016x}", nonce());
        text.truncate(max_bytes.unwrap_or(usize::MAX).max(1));
        map.insert((*wire).to_owned(), serde_json::Value::String(text));
    }
}

/// Copies into an example answer the request's values of the fields both carry (`order_no`,
/// `amount`): an answer about the request it answers. `integer` marks fields written as JSON
/// numbers.
pub fn echo(example: &mut serde_json::Value, request: &Members, fields: &[(&str, bool)]) {
    let serde_json::Value::Object(map) = example else {
        return;
    };
    for (wire, integer) in fields {
        let Some(text) = request.get(wire) else {
            continue;
        };
        let value = match text.parse::<i64>() {
            Ok(number) if *integer => serde_json::Value::from(number),
            _ => serde_json::Value::String(text.to_owned()),
        };
        map.insert((*wire).to_owned(), value);
    }
}

/// How badly a request fits an operation, for picking among operations that share a method
/// and path: its failed checks, then its members the operation's request type does not know.
pub fn fit(members: &Members, checks: &[Check], known: &[&str]) -> (usize, usize) {
    let failed = checks.iter().filter(|c| !c.is_passed()).count();
    let unknown = members
        .0
        .keys()
        .filter(|name| !known.contains(&name.as_str()))
        .count();
    (failed, unknown)
}

/// Refusal checks that failed, in the order the gateway looks at them: auth, then the body,
/// then digests, then state. The first kind found picks the refusal.
pub fn first_failure(checks: &[Check]) -> Option<Kind> {
    [Kind::Auth, Kind::Invalid, Kind::Digest, Kind::NotFound]
        .into_iter()
        .find(|kind| checks.iter().any(|c| c.kind == *kind && !c.is_passed()))
}

/// The checks of a validated request: one failed check per violation, at its field path and
/// naming its rule, or one passed check when there is none.
pub fn validation_checks(result: Result<(), crate::ValidationErrors>) -> Vec<Check> {
    match result {
        Ok(()) => vec![Check::passed(Kind::Invalid, "request")],
        Err(errors) => errors
            .violations()
            .iter()
            .map(|violation| {
                Check::failed(
                    Kind::Invalid,
                    violation.path.to_string(),
                    violation.rule.to_string(),
                )
            })
            .collect(),
    }
}

/// An [`Answer`] of JSON text in `charset`, or `None` when the text cannot be written in it.
pub fn json_answer(text: &str, charset: crate::Encoding) -> Option<Answer> {
    let body = crate::charset::encode(text, charset)?.into_owned();
    Some(Answer {
        status: 200,
        content_type: Some(crate::transport::content_type(false, charset)),
        body,
    })
}

/// An [`Answer`] of a form body in `charset`.
pub fn form_answer(text: &str, charset: crate::Encoding) -> Option<Answer> {
    let body = crate::charset::form_from_utf8(text, charset)?.into_bytes();
    Some(Answer {
        status: 200,
        content_type: Some(crate::transport::content_type(true, charset)),
        body,
    })
}

/// A scripted answer: `value` written as an operation's answers are (JSON or form, in
/// `charset`), with HTTP 200.
pub fn answer_of<T: serde::Serialize>(value: &T, form: bool, charset: crate::Encoding) -> Reply {
    let answer = body_of(value, form, charset);
    // A value that cannot be written is a broken test, answered as a broken gateway would.
    Reply::Answer(answer.unwrap_or(Answer {
        status: 500,
        content_type: None,
        body: b"the scripted answer could not be written".to_vec(),
    }))
}

/// `value` written as JSON or a form in `charset`, as an answer of HTTP 200, if it can be.
pub fn body_of<T: serde::Serialize>(
    value: &T,
    form: bool,
    charset: crate::Encoding,
) -> Option<Answer> {
    if form {
        form_text(value).and_then(|text| form_answer(&text, charset))
    } else {
        serde_json::to_string(value)
            .ok()
            .and_then(|text| json_answer(&text, charset))
    }
}

/// Posts a callback the mock wrote to `url`, as the gateway posts it, and returns the status
/// and body the merchant answered with.
///
/// # Errors
/// The callback could not be written (`Error::Encode`), or the merchant's server not reached
/// (`Error::Transport`).
pub async fn send_callback(url: &str, body: Option<Answer>) -> crate::Result<(u16, Vec<u8>)> {
    let Some(body) = body else {
        return Err(crate::Error::Encode(serde::ser::Error::custom(
            "the callback cannot be written in the gateway's format and charset",
        )));
    };
    let mut request = reqwest::Client::new().post(url).body(body.body);
    if let Some(content_type) = body.content_type {
        request = request.header(reqwest::header::CONTENT_TYPE, content_type);
    }
    let answer = request.send().await.map_err(crate::Error::Transport)?;
    let status = answer.status().as_u16();
    let bytes = answer.bytes().await.map_err(crate::Error::Transport)?;
    Ok((status, bytes.to_vec()))
}

/// A scripted business refusal: a JSON answer of HTTP 200 holding `code` and `message` in the
/// operation's code and message fields.
pub fn refusal_of(
    (code_field, code): (&str, serde_json::Value),
    (message_field, message): (&str, &str),
    charset: crate::Encoding,
) -> Reply {
    let mut body = serde_json::Map::new();
    body.insert(code_field.to_owned(), code);
    body.insert(message_field.to_owned(), serde_json::Value::from(message));
    let text = serde_json::Value::Object(body).to_string();
    Reply::Answer(json_answer(&text, charset).unwrap_or(Answer {
        status: 500,
        content_type: None,
        body: b"the scripted refusal could not be written".to_vec(),
    }))
}

/// Answers with `status` instead.
pub fn with_status(mut answer: Answer, status: u16) -> Answer {
    answer.status = status;
    answer
}

/// The mock's clock: the system's, in milliseconds since the Unix epoch.
pub fn now_millis() -> u64 {
    let since = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH);
    since.map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
}

/// A random number for the tokens and ids the mock makes up.
pub fn nonce() -> u64 {
    fastrand::u64(..)
}

/// The values of the query pairs named in `wires`, each paired with its wire name.
pub fn query_values(query: Option<&str>, wires: &[&'static str]) -> Vec<(&'static str, String)> {
    let query = query.unwrap_or_default();
    form_urlencoded::parse(query.as_bytes())
        .filter_map(|(name, value)| {
            let wire = wires.iter().find(|w| **w == name)?;
            Some((*wire, value.into_owned()))
        })
        .collect()
}

/// A value written as a form body, if it is flat enough to be one.
pub fn form_text<T: serde::Serialize>(value: &T) -> Option<String> {
    serde_urlencoded::to_string(value).ok()
}

/// A piece of an operation's path template, for [`match_path`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathPiece {
    /// Text that must be there as it is.
    Literal(&'static str),
    /// One request field: a non-empty segment without `/`, percent-decoded.
    Field,
}

/// The values of a path's fields when `path` is one `pieces` describes, in order.
pub fn match_path(path: &str, pieces: &[PathPiece]) -> Option<Vec<String>> {
    let mut rest = path;
    let mut values = Vec::new();
    for (index, piece) in pieces.iter().enumerate() {
        match piece {
            PathPiece::Literal(text) => rest = rest.strip_prefix(text)?,
            PathPiece::Field => {
                // A field runs to the next literal, or to the end.
                let end = match pieces.get(index + 1) {
                    Some(PathPiece::Literal(next)) => rest.find(next)?,
                    _ => rest.len(),
                };
                let (segment, after) = rest.split_at(end);
                if segment.is_empty() || segment.contains('/') {
                    return None;
                }
                let decoded = percent_encoding::percent_decode_str(segment)
                    .decode_utf8()
                    .ok()?;
                values.push(decoded.into_owned());
                rest = after;
            }
        }
    }
    rest.is_empty().then_some(values)
}

/// A request body decoded into its generated type `T`, with `extra` (wire name, text) added
/// where the body lacks them: the fields sent in the path, the query or headers. Also the
/// body's members, extras included, for the fields the client fills in. A failure names where,
/// never the value.
pub fn decode_request<T: serde::de::DeserializeOwned>(
    body: &[u8],
    form: bool,
    charset: crate::Encoding,
    extra: &[(&str, String)],
) -> (Result<T, String>, Members) {
    let text = match crate::charset::decode(body, charset) {
        Ok(text) => text,
        Err(_) => {
            return (
                Err(format!("the body is not valid {charset:?}")),
                Members::default(),
            )
        }
    };
    if form {
        decode_form(&text, extra)
    } else {
        decode_json(&text, extra)
    }
}

fn decode_json<T: serde::de::DeserializeOwned>(
    text: &str,
    extra: &[(&str, String)],
) -> (Result<T, String>, Members) {
    let text = if text.trim().is_empty() { "{}" } else { text };
    let mut object = match serde_json::from_str::<serde_json::Value>(text) {
        Ok(serde_json::Value::Object(object)) => object,
        Ok(_) => {
            return (
                Err("the body is not a JSON object".to_owned()),
                Members::default(),
            )
        }
        Err(error) => {
            let why = format!(
                "the body is not JSON (line {}, column {})",
                error.line(),
                error.column()
            );
            return (Err(why), Members::default());
        }
    };
    for (wire, value) in extra {
        object
            .entry(*wire)
            .or_insert_with(|| serde_json::Value::String(value.clone()));
    }
    let members = Members::of_map(&object);
    let decoded = serde_path_to_error::deserialize(serde_json::Value::Object(object))
        .map_err(|error| decode_failure(error.path(), &error.inner().to_string()));
    (decoded, members)
}

/// Why a body did not decode: serde's own words for a missing field, which name only the
/// field; for anything else only where, since serde's messages quote the value.
fn decode_failure(path: &serde_path_to_error::Path, serde_message: &str) -> String {
    match serde_message.strip_prefix("missing field ") {
        Some(field) if !field.contains(' ') => format!("missing field {field}"),
        _ => format!("`{path}` does not decode as its documented type"),
    }
}

fn decode_form<T: serde::de::DeserializeOwned>(
    text: &str,
    extra: &[(&str, String)],
) -> (Result<T, String>, Members) {
    let mut pairs: Vec<(String, String)> = form_urlencoded::parse(text.as_bytes())
        .map(|(name, value)| (name.into_owned(), value.into_owned()))
        .collect();
    for (wire, value) in extra {
        if !pairs.iter().any(|(name, _)| name == wire) {
            pairs.push(((*wire).to_owned(), value.clone()));
        }
    }
    let encoded = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(&pairs)
        .finish();
    let members = Members::of_form(&encoded);
    let deserializer =
        serde_urlencoded::Deserializer::new(form_urlencoded::parse(encoded.as_bytes()));
    let decoded = serde_path_to_error::deserialize(deserializer)
        .map_err(|error| decode_failure(error.path(), &error.inner().to_string()));
    (decoded, members)
}

#[cfg(test)]
mod tests {
    use super::{
        between, decode_request, first_failure, match_path, within_window, Check, Kind, Members,
        PathPiece,
    };
    use std::time::Duration;

    #[test]
    fn a_placeholder_is_what_lies_between_the_literals() {
        assert_eq!(between("Bearer abc", "Bearer ", ""), Some("abc"));
        assert_eq!(between("Basic abc", "Bearer ", ""), None);
    }

    #[test]
    fn the_window_holds_either_side_and_refuses_non_numbers() {
        let window = Duration::from_secs(300);
        assert!(within_window(Some("1000000"), 1_299_999, window));
        assert!(!within_window(Some("1000000"), 1_300_000, window));
        assert!(within_window(Some("1299999"), 1_000_000, window));
        assert!(!within_window(Some("13e5"), 1_000_000, window));
        assert!(!within_window(None, 1_000_000, window));
    }

    #[test]
    fn auth_is_refused_before_the_body() {
        let checks = [
            Check::failed(Kind::Invalid, "amount", "max_digits"),
            Check::failed(Kind::Auth, "authorization", "wrong key"),
        ];
        assert_eq!(first_failure(&checks), Some(Kind::Auth));
        assert_eq!(first_failure(&[Check::passed(Kind::Auth, "x")]), None);
    }

    #[test]
    fn members_read_strings_and_numbers_of_json_and_the_first_of_a_form() {
        let json = Members::of_json(r#"{"a":"x","b":12,"c":{"d":1}}"#);
        assert_eq!(json.get("a"), Some("x"));
        assert_eq!(json.get("b"), Some("12"));
        assert_eq!(json.get("c"), None);
        let form = Members::of_form("a=1&a=2&b=%ED%95%9C");
        assert_eq!(form.get("a"), Some("1"));
        assert_eq!(form.get("b"), Some("한"));
    }

    #[test]
    fn a_path_field_runs_to_the_next_literal_and_is_percent_decoded() {
        let pieces = [
            PathPiece::Literal("/v1/payments/"),
            PathPiece::Field,
            PathPiece::Literal("/cancel"),
        ];
        assert_eq!(
            match_path("/v1/payments/T%201/cancel", &pieces),
            Some(vec!["T 1".to_owned()])
        );
        assert_eq!(match_path("/v1/payments//cancel", &pieces), None);
        assert_eq!(match_path("/v1/payments/a/b/cancel", &pieces), None);
        assert_eq!(match_path("/v1/payments/a/cancel/x", &pieces), None);
        let tail = [PathPiece::Literal("/v1/payments/"), PathPiece::Field];
        assert_eq!(
            match_path("/v1/payments/abc", &tail),
            Some(vec!["abc".to_owned()])
        );
    }

    #[derive(Debug, serde::Deserialize)]
    struct Pay {
        tid: String,
        amount: i64,
    }

    #[test]
    fn a_request_decodes_with_its_path_fields_and_a_failure_names_no_value() {
        let extra = [("tid", "T1".to_owned())];
        let (pay, members) = decode_request::<Pay>(
            br#"{"amount":5,"sign":"ab"}"#,
            false,
            crate::Encoding::Utf8,
            &extra,
        );
        let pay = pay.expect("decodes");
        assert_eq!((pay.tid.as_str(), pay.amount), ("T1", 5));
        assert_eq!(members.get("sign"), Some("ab"));
        let (pay, _) = decode_request::<Pay>(
            br#"{"amount":"secret-ish"}"#,
            false,
            crate::Encoding::Utf8,
            &extra,
        );
        let why = pay.expect_err("a string is no amount");
        assert!(
            why.contains("`amount`") && !why.contains("secret-ish"),
            "{why}"
        );
        let (pay, _) =
            decode_request::<Pay>(b"amount=7&tid=T2", true, crate::Encoding::Utf8, &extra);
        assert_eq!(pay.expect("a form decodes").tid, "T2");
    }
}
