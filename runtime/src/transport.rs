//! HTTP plumbing for generated clients (public as `http` for the limits and retry policy, and as
//! `__private::http` for what only generated code calls): one configured `reqwest` client per gateway client, a
//! capped body read, and the interpretation of an answer as success, API error or decode error.

use crate::error::{ApiFailure, DecodeCategory, Error, Result};
use crate::Encoding;
use reqwest::header::HeaderMap;
use reqwest::Method;
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::borrow::Cow;
use std::time::Duration;

/// Connection and size limits of a gateway client.
#[derive(Debug, Clone)]
pub struct Limits {
    /// How long to wait for a TCP + TLS connection.
    pub connect_timeout: Duration,
    /// How long a whole call may take, from sending to the last byte of the response.
    pub timeout: Duration,
    /// How long to wait for the next bytes of the answer, its headers included, when the
    /// gateway documents a read timeout of its own (`None`: only the whole call's limit). Set on
    /// the client [`Transport::new`] builds; an app's own client keeps its own.
    pub read_timeout: Option<Duration>,
    /// The most response-body bytes read before the call fails.
    pub max_response_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            connect_timeout: Duration::from_secs(5),
            timeout: Duration::from_secs(30),
            read_timeout: None,
            max_response_bytes: 1024 * 1024,
        }
    }
}

/// Whether an operation may be sent again after a failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Safety {
    /// A read, or a write the gateway deduplicates by an idempotency key: retried on connection
    /// errors and 5xx answers, with the same bytes (and so the same key).
    Retryable,
    /// A write without that protection: never sent twice. A failure after the request may have
    /// left is [`Error::OutcomeUnknown`], never a plain failure.
    Unsafe,
}

/// How often and how patiently [`Safety::Retryable`] calls are retried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included; 1 turns retries off.
    pub max_attempts: u32,
    /// The delay before the first retry; it doubles each time, up to `max_delay`, and each
    /// delay is jittered down by up to half so that many clients do not retry in step.
    pub base_delay: Duration,
    /// The longest delay between attempts.
    pub max_delay: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 3,
            base_delay: Duration::from_millis(200),
            max_delay: Duration::from_secs(2),
        }
    }
}

impl RetryPolicy {
    /// No retries at all.
    pub fn none() -> Self {
        RetryPolicy {
            max_attempts: 1,
            ..RetryPolicy::default()
        }
    }

    /// The jittered delay after failed attempt number `attempt` (1-based).
    pub fn delay(&self, attempt: u32) -> Duration {
        let doubled = self
            .base_delay
            .saturating_mul(1u32 << attempt.saturating_sub(1).min(16));
        let capped = doubled.min(self.max_delay);
        capped.mul_f64(0.5 + fastrand::f64() / 2.0)
    }
}

/// A request as a generated operation sends it: validated, serialised and signed. Its `Debug`
/// shows the body's length only (it holds the request's personal data).
pub struct Prepared {
    /// The HTTP method.
    pub method: Method,
    /// Path and query below the base URL, exactly as signed.
    pub path_and_query: String,
    /// The JSON body, exactly as signed.
    pub body: Option<Vec<u8>>,
    /// Auth and other headers; those built from secrets are marked sensitive.
    pub headers: HeaderMap,
}

impl std::fmt::Debug for Prepared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Prepared")
            .field("method", &self.method)
            .field("path_and_query", &self.path_and_query)
            .field("body_len", &self.body.as_ref().map(Vec::len))
            .field("headers", &self.headers)
            .finish()
    }
}

/// One call as a generated operation hands it to the [`Transport`].
pub struct Call<'a> {
    /// The client method's name, for [`Error::OutcomeUnknown`].
    pub operation: &'static str,
    /// Whether it may be retried.
    pub safety: Safety,
    /// The HTTP method.
    pub method: Method,
    /// Path and query below the base URL, exactly as signed.
    pub path_and_query: &'a str,
    /// The JSON body, exactly as signed.
    pub body: Option<Vec<u8>>,
    /// Auth and other headers.
    pub headers: HeaderMap,
    /// The charset to read the answer in, unless its `Content-Type` names one.
    pub charset: Encoding,
    /// Whether the answer is a form (`a=1&b=2`) rather than JSON: a form's charset is that of
    /// the bytes behind its escapes.
    pub form_answer: bool,
}

impl std::fmt::Debug for Call<'_> {
    // The body holds the request's personal data; its size is what debugging needs. Header
    // values built from secrets are marked sensitive, which `HeaderMap`'s Debug masks.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Call")
            .field("operation", &self.operation)
            .field("safety", &self.safety)
            .field("method", &self.method)
            .field("path_and_query", &self.path_and_query)
            .field("body_len", &self.body.as_ref().map(Vec::len))
            .field("headers", &self.headers)
            .field("charset", &self.charset)
            .field("form_answer", &self.form_answer)
            .finish()
    }
}

/// A response whose interpretation is up to the operation: HTTP status and body bytes. A
/// successful answer's body is UTF-8 by the time it is here (a form's escapes too), whatever
/// charset it was sent in.
#[derive(Clone)]
pub struct RawResponse {
    /// The HTTP status code.
    pub status: u16,
    /// The body, at most [`Limits::max_response_bytes`] long.
    pub body: Vec<u8>,
}

impl std::fmt::Debug for RawResponse {
    // The body may hold personal data; its size is what debugging needs.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RawResponse")
            .field("status", &self.status)
            .field("body_len", &self.body.len())
            .finish()
    }
}

/// A response type that says whether the gateway reported success, from the success criterion
/// in its spec (such as `resCd == "0000"`).
pub trait Outcome {
    /// Where the answer's result code is, and which codes mean success: read from the raw body
    /// when the whole answer does not decode, so that a refusal lacking the fields a success
    /// carries is still [`Error::Api`] with its code, not a decode error. `None` when success is
    /// the HTTP status alone.
    const RESULT: Option<ResultCode> = None;

    /// `None` on success, else the gateway's code, message and detail.
    fn failure(&self) -> Option<ApiFailure>;
}

/// The wire names of an answer's result code, message and detail, and the success codes, as
/// the spec's `success` gives them.
#[derive(Debug, Clone, Copy)]
pub struct ResultCode {
    /// The result code's wire name.
    pub field: &'static str,
    /// The codes that mean success, as text (`"0000"`, `"0"`).
    pub success: &'static [&'static str],
    /// The message's wire name.
    pub message: &'static str,
    /// The detail's wire name, if the gateway has one.
    pub detail: Option<&'static str>,
}

impl ResultCode {
    /// The failure a body states, read field by field from a JSON object or a form, when it
    /// holds a result code that is not a success code. `None` when it holds none, or a success
    /// code (the answer is then an unreadable success: a decode error).
    fn failure_in(&self, body: &[u8], form: bool) -> Option<ApiFailure> {
        let fields: std::collections::HashMap<String, String> = if form {
            form_urlencoded::parse(body)
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect()
        } else {
            match serde_json::from_slice::<serde_json::Value>(body) {
                Ok(serde_json::Value::Object(object)) => (object.into_iter())
                    .filter_map(|(k, v)| {
                        let text = match v {
                            serde_json::Value::String(s) => s,
                            serde_json::Value::Number(n) => n.to_string(),
                            serde_json::Value::Bool(b) => b.to_string(),
                            _ => return None,
                        };
                        Some((k, text))
                    })
                    .collect(),
                _ => return None,
            }
        };
        let code = fields.get(self.field)?;
        if self.success.contains(&code.as_str()) {
            return None;
        }
        Some(ApiFailure {
            code: code.clone(),
            message: fields.get(self.message).cloned().unwrap_or_default(),
            detail: self.detail.and_then(|d| fields.get(d).cloned()),
            body: crate::error::AnswerBody(body.to_vec()),
        })
    }
}

/// The HTTP side of a generated client: base URL, `reqwest` client and limits.
#[derive(Debug, Clone)]
pub struct Transport {
    client: reqwest::Client,
    base_url: String,
    limits: Limits,
    retry: RetryPolicy,
    /// Set on each request when the client is the app's, whose own timeout is not ours.
    request_timeout: Option<Duration>,
}

impl Transport {
    /// A transport for `base_url` (scheme and host, optionally a path prefix; no trailing `/`
    /// needed) with rustls and the given limits.
    pub fn new(base_url: &str, limits: Limits, retry: RetryPolicy) -> Result<Self> {
        let mut builder = reqwest::Client::builder()
            .use_rustls_tls()
            .connect_timeout(limits.connect_timeout)
            .timeout(limits.timeout);
        if let Some(read) = limits.read_timeout {
            builder = builder.read_timeout(read);
        }
        let client = builder.build().map_err(Error::Config)?;
        Ok(Transport {
            request_timeout: None,
            ..Self::with_client(client, base_url, limits, retry)
        })
    }

    /// A transport on the app's own `client` (its proxies, pool, TLS and default headers).
    ///
    /// The limits still hold for every call: [`Limits::timeout`] is set on each request and
    /// [`Limits::max_response_bytes`] caps each body as it is read. Only
    /// [`Limits::connect_timeout`] and [`Limits::read_timeout`] are the client's own settings,
    /// which a built `reqwest::Client` cannot change; the per-request timeout bounds them too.
    pub fn with_client(
        client: reqwest::Client,
        base_url: &str,
        limits: Limits,
        retry: RetryPolicy,
    ) -> Self {
        Transport {
            client,
            base_url: base_url.trim_end_matches('/').to_owned(),
            request_timeout: Some(limits.timeout),
            limits,
            retry,
        }
    }

    /// The base URL every operation path is appended to.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Sends `call`, retrying it as its [`Safety`] and the [`RetryPolicy`] allow.
    ///
    /// Generated operations validate and sign before calling this, so nothing reaches the
    /// network before the request has passed its checks. A business error code is never retried:
    /// only connection failures and 5xx answers are.
    pub async fn send(&self, call: Call<'_>) -> Result<RawResponse> {
        let mut attempt = 1;
        loop {
            let result = self.attempt(&call).await;
            let transient = match &result {
                Ok(raw) => raw.status >= 500,
                Err(err) => matches!(err, Error::Transport(_)),
            };
            let retry =
                transient && call.safety == Safety::Retryable && attempt < self.retry.max_attempts;
            if !retry {
                return outcome(&call, result);
            }
            tokio::time::sleep(self.retry.delay(attempt)).await;
            attempt += 1;
        }
    }

    async fn attempt(&self, call: &Call<'_>) -> Result<RawResponse> {
        let url = format!("{}{}", self.base_url, call.path_and_query);
        let mut builder = self
            .client
            .request(call.method.clone(), url)
            .header(reqwest::header::ACCEPT, "application/json")
            .headers(call.headers.clone());
        if let Some(timeout) = self.request_timeout {
            builder = builder.timeout(timeout);
        }
        if let Some(body) = &call.body {
            // JSON unless the operation's headers say otherwise (a form body sets its own).
            if !call.headers.contains_key(reqwest::header::CONTENT_TYPE) {
                builder = builder.header(
                    reqwest::header::CONTENT_TYPE,
                    "application/json; charset=utf-8",
                );
            }
            builder = builder.body(body.clone());
        }
        self.execute(builder, call).await
    }

    async fn execute(
        &self,
        builder: reqwest::RequestBuilder,
        call: &Call<'_>,
    ) -> Result<RawResponse> {
        let mut response = builder.send().await.map_err(Error::Transport)?;
        let status = response.status().as_u16();
        let declared = (response.headers().get(reqwest::header::CONTENT_TYPE))
            .and_then(|value| value.to_str().ok())
            .and_then(crate::charset::of_content_type);
        let limit = self.limits.max_response_bytes;
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(Error::Transport)? {
            if body.len() + chunk.len() > limit {
                return Err(Error::ResponseTooLarge { limit });
            }
            body.extend_from_slice(&chunk);
        }
        let charset = declared.unwrap_or(call.charset);
        let body = match in_utf8(body, charset, call.form_answer) {
            Ok(body) => body,
            // An error page need not be in the API's charset; it is kept as it came.
            Err((body, _)) if !(200..300).contains(&status) => body,
            Err(_) => {
                return Err(Error::Decode {
                    status,
                    path: ".".to_owned(),
                    category: DecodeCategory::Charset,
                    line: 0,
                    column: 0,
                })
            }
        };
        Ok(RawResponse { status, body })
    }
}

/// `body` in UTF-8: a JSON body transcoded from `charset` (or checked, if it is UTF-8), a
/// form's escapes rewritten. On failure the bytes come back.
fn in_utf8(
    body: Vec<u8>,
    charset: Encoding,
    form: bool,
) -> std::result::Result<Vec<u8>, (Vec<u8>, crate::charset::InvalidBytes)> {
    let converted = if form {
        crate::charset::form_to_utf8(&body, charset).map(String::into_bytes)
    } else if charset == Encoding::Utf8 {
        return match std::str::from_utf8(&body) {
            Ok(_) => Ok(body),
            Err(_) => Err((body, crate::charset::InvalidBytes { charset })),
        };
    } else {
        crate::charset::decode(&body, charset).map(|text| text.into_owned().into_bytes())
    };
    converted.map_err(|invalid| (body, invalid))
}

/// For an unsafe write, a failure after the request may have left the process means the
/// gateway may have acted on it: that is an unknown outcome, not a failure.
fn outcome(call: &Call<'_>, result: Result<RawResponse>) -> Result<RawResponse> {
    if call.safety == Safety::Retryable {
        return result;
    }
    let maybe_processed = match &result {
        // A refused or failed connection never delivered the request.
        Err(Error::Transport(err)) => !err.is_connect(),
        Err(Error::ResponseTooLarge { .. } | Error::Decode { .. }) => true,
        _ => false,
    };
    match result {
        Err(cause) if maybe_processed => Err(Error::OutcomeUnknown {
            operation: call.operation,
            cause: Box::new(cause),
        }),
        other => other,
    }
}

/// [`interpret`] for a write that must not be resent: an answer that cannot be read, or a 5xx
/// without a readable result code, leaves the outcome unknown.
pub fn interpret_write<R: DeserializeOwned + Outcome>(
    raw: &RawResponse,
    operation: &'static str,
) -> Result<R> {
    unknown_unless_read(interpret(raw), operation)
}

/// [`interpret_write`] for an answer sent as a form.
pub fn interpret_write_form<R: DeserializeOwned + Outcome>(
    raw: &RawResponse,
    operation: &'static str,
) -> Result<R> {
    unknown_unless_read(interpret_form(raw), operation)
}

fn unknown_unless_read<R>(result: Result<R>, operation: &'static str) -> Result<R> {
    match result {
        Err(cause @ Error::Decode { .. }) => Err(Error::OutcomeUnknown {
            operation,
            cause: Box::new(cause),
        }),
        Err(Error::HttpStatus { status, body }) if status >= 500 => Err(Error::OutcomeUnknown {
            operation,
            cause: Box::new(Error::HttpStatus { status, body }),
        }),
        other => other,
    }
}

/// The `application/x-www-form-urlencoded` body of a request (UTF-8, fields in wire order),
/// exactly the bytes that are signed and sent.
pub fn encode_form<T: Serialize>(value: &T) -> Result<Vec<u8>> {
    serde_urlencoded::to_string(value)
        .map(String::into_bytes)
        .map_err(Error::EncodeForm)
}

/// [`encode_form`] with `filled` (wire name, text) appended, in order: the fields the client
/// fills in (digests, clock times, credentials).
pub fn encode_form_filled<T: Serialize>(value: &T, filled: &[(&str, &str)]) -> Result<Vec<u8>> {
    let mut form = serde_urlencoded::to_string(value).map_err(Error::EncodeForm)?;
    let mut pairs = form_urlencoded::Serializer::for_suffix(&mut form, 0);
    // `for_suffix` at 0 separates with `&` only if the form already holds a pair.
    for (name, text) in filled {
        pairs.append_pair(name, text);
    }
    pairs.finish();
    Ok(form.into_bytes())
}

/// [`encode_form_filled`] with the values' bytes in `charset`.
pub fn encode_form_in<T: Serialize>(
    value: &T,
    filled: &[(&str, &str)],
    charset: Encoding,
) -> Result<Vec<u8>> {
    let utf8 = encode_form_filled(value, filled)?;
    let utf8 = std::str::from_utf8(&utf8).expect("a form serialiser writes ASCII");
    crate::charset::form_from_utf8(utf8, charset)
        .map(String::into_bytes)
        .ok_or(Error::Unencodable { charset })
}

/// The `Content-Type` of a form body.
pub const FORM_CONTENT_TYPE: &str = "application/x-www-form-urlencoded; charset=utf-8";

/// The `Content-Type` of a request body in `charset`: a form or JSON.
pub fn content_type(form: bool, charset: Encoding) -> &'static str {
    match (form, charset) {
        (true, Encoding::Utf8) => FORM_CONTENT_TYPE,
        (true, Encoding::EucKr) => "application/x-www-form-urlencoded; charset=euc-kr",
        (false, Encoding::Utf8) => "application/json; charset=utf-8",
        (false, Encoding::EucKr) => "application/json; charset=euc-kr",
    }
}

/// The JSON body of a request, exactly the bytes that are signed and sent.
pub fn encode_json<T: Serialize>(value: &T) -> Result<Vec<u8>> {
    serde_json::to_vec(value).map_err(Error::Encode)
}

/// [`encode_json`] of a request (a JSON object) with `filled` (wire name, text) appended as
/// string members, in order: the fields the client fills in. Written into the request's own
/// bytes, rather than through a wrapper type, which costs a map serialisation per call.
pub fn encode_json_filled<T: Serialize>(value: &T, filled: &[(&str, &str)]) -> Result<Vec<u8>> {
    let mut body = serde_json::to_vec(value).map_err(Error::Encode)?;
    if filled.is_empty() {
        return Ok(body);
    }
    if body.pop() != Some(b'}') {
        // A request type is a struct, which serde_json writes as an object.
        return Err(Error::Encode(serde::ser::Error::custom(
            "a request with filled-in fields must be a JSON object",
        )));
    }
    let mut empty = body == b"{";
    // `"name":"text",` each, and the closing brace: one allocation at most.
    body.reserve(
        filled
            .iter()
            .map(|(name, text)| name.len() + text.len() + 6)
            .sum::<usize>()
            + 1,
    );
    for (name, text) in filled {
        if !empty {
            body.push(b',');
        }
        empty = false;
        push_json_str(&mut body, name)?;
        body.push(b':');
        push_json_str(&mut body, text)?;
    }
    body.push(b'}');
    Ok(body)
}

/// Appends `text` as a JSON string, exactly as serde_json writes it. Filled-in values are
/// digests, keys and clock texts with nothing to escape, so they are copied as they are after
/// one branch-free scan; only a text with a quote, a backslash or a control character goes
/// through serde_json's escaping.
#[inline]
fn push_json_str(body: &mut Vec<u8>, text: &str) -> Result<()> {
    let plain = text.bytes().fold(true, |plain, b| {
        plain & (b >= 0x20) & (b != b'"') & (b != b'\\')
    });
    if plain {
        body.push(b'"');
        body.extend_from_slice(text.as_bytes());
        body.push(b'"');
        Ok(())
    } else {
        serde_json::to_writer(body, text).map_err(Error::Encode)
    }
}

/// [`encode_json_filled`] in `charset`.
pub fn encode_json_in<T: Serialize>(
    value: &T,
    filled: &[(&str, &str)],
    charset: Encoding,
) -> Result<Vec<u8>> {
    let utf8 = encode_json_filled(value, filled)?;
    let utf8 = std::str::from_utf8(&utf8).expect("serde_json writes UTF-8");
    crate::charset::encode(utf8, charset)
        .map(std::borrow::Cow::into_owned)
        .ok_or(Error::Unencodable { charset })
}

/// Decodes a callback body sent as `application/x-www-form-urlencoded`, its escapes in
/// `charset`: a byte invalid there is [`DecodeCategory::Charset`], never U+FFFD.
pub fn decode_form_in<T: DeserializeOwned>(body: &[u8], charset: Encoding) -> Result<T> {
    let utf8 = crate::charset::form_to_utf8(body, charset).map_err(charset_refused)?;
    let de = serde_urlencoded::Deserializer::new(form_urlencoded::parse(utf8.as_bytes()));
    serde_path_to_error::deserialize(de).map_err(|err| Error::Callback {
        path: error_path(err.path(), &err.inner().to_string()),
        category: DecodeCategory::Data,
    })
}

/// An operation's declared error type, read from the body an [`Error::Api`] or
/// [`Error::HttpStatus`] kept (looking through [`Error::OutcomeUnknown`]); `None` for any other
/// error, or a body that is not that type.
pub fn decode_error_body<T: DeserializeOwned>(error: &Error, form: bool) -> Option<T> {
    let body = match error {
        Error::Api { failure, .. } => failure.body.bytes(),
        Error::HttpStatus { body, .. } => body.bytes(),
        Error::OutcomeUnknown { cause, .. } => return decode_error_body(cause, form),
        _ => return None,
    };
    if form {
        serde_urlencoded::from_bytes(body).ok()
    } else {
        serde_json::from_slice(body).ok()
    }
}

/// Decodes a callback body sent as JSON in `charset`.
pub fn decode_json_callback_in<T: DeserializeOwned>(body: &[u8], charset: Encoding) -> Result<T> {
    let text = crate::charset::decode(body, charset).map_err(charset_refused)?;
    decode_json_callback(text.as_bytes())
}

/// A callback whose bytes are not valid in its charset.
fn charset_refused(_: crate::charset::InvalidBytes) -> Error {
    Error::Callback {
        path: ".".to_owned(),
        category: DecodeCategory::Charset,
    }
}

/// Decodes a callback body sent as JSON.
fn decode_json_callback<T: DeserializeOwned>(body: &[u8]) -> Result<T> {
    let mut de = serde_json::Deserializer::from_slice(body);
    let value = serde_path_to_error::deserialize(&mut de).map_err(|err| Error::Callback {
        path: error_path(err.path(), &err.inner().to_string()),
        category: err.inner().classify().into(),
    })?;
    de.end().map_err(|err| Error::Callback {
        path: ".".to_owned(),
        category: err.classify().into(),
    })?;
    Ok(value)
}

/// Where decoding failed: the path serde_path_to_error tracked, and, when a field was missing,
/// that field. serde reports a missing field at the object that lacks it (`.` for the body
/// itself); the field is what a developer needs. Its name is the type's own (a wire name from the
/// spec), not a key the body chose, so naming it leaks nothing.
fn error_path(path: &serde_path_to_error::Path, message: &str) -> String {
    let path = safe_path(path);
    let Some(field) = missing_field(message) else {
        return path;
    };
    if path == "." {
        field.to_owned()
    } else {
        format!("{path}.{field}")
    }
}

/// The field of serde's "missing field `name`" message, if it is one and shaped like a name.
fn missing_field(message: &str) -> Option<&str> {
    let rest = message.strip_prefix("missing field `")?;
    let (field, _) = rest.split_once('`')?;
    is_field_name(field).then_some(field)
}

/// Where decoding stopped, as `a.b[0].c` (`.` for the document itself). A key is kept only if it
/// is shaped like a field name: decoding can stop inside a key the type does not know, and a
/// body's keys are the gateway's to choose (a phone number used as a key would otherwise end up
/// in an error message and the logs).
fn safe_path(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::new();
    for segment in path.iter() {
        match segment {
            Segment::Seq { index } => out.push_str(&format!("[{index}]")),
            Segment::Map { key } | Segment::Enum { variant: key } => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(if is_field_name(key) { key } else { "?" });
            }
            Segment::Unknown => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push('?');
            }
        }
    }
    if out.is_empty() {
        out.push('.');
    }
    out
}

fn is_field_name(key: &str) -> bool {
    let mut chars = key.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && key.len() <= 64
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

/// `value` percent-encoded for use as one path segment.
pub fn path_segment(value: &str) -> Cow<'_, str> {
    // Borrowed, without a copy, when nothing needs escaping (gateways' ids mostly).
    percent_encoding::utf8_percent_encode(value, PATH_SEGMENT).into()
}

// RFC 3986 segment characters stay; everything else, including `/`, `?` and `%`, is escaped.
const PATH_SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// `?k=v&...` for the present pairs, form-encoded, or an empty string when none is present.
pub fn query_string(pairs: &[(&str, Option<String>)]) -> String {
    let mut query = form_urlencoded::Serializer::new(String::new());
    let mut any = false;
    for (key, value) in pairs {
        if let Some(value) = value {
            query.append_pair(key, value);
            any = true;
        }
    }
    if any {
        format!("?{}", query.finish())
    } else {
        String::new()
    }
}

/// Reads `raw` as the operation's response type and applies its success criterion.
///
/// The order matters: a body that carries a result code is reported as [`Error::Api`] whatever
/// the HTTP status, so the gateway's reason is never lost; a non-success status without a
/// readable body is [`Error::HttpStatus`]; a success status with an unreadable body is
/// [`Error::Decode`].
pub fn interpret<R: DeserializeOwned + Outcome>(raw: &RawResponse) -> Result<R> {
    interpret_with(raw, decode::<R>, false)
}

/// [`interpret`] for an answer sent as `application/x-www-form-urlencoded`.
pub fn interpret_form<R: DeserializeOwned + Outcome>(raw: &RawResponse) -> Result<R> {
    interpret_with(raw, decode_form_answer::<R>, true)
}

fn interpret_with<R: Outcome>(
    raw: &RawResponse,
    decode: fn(&RawResponse) -> Result<R>,
    form: bool,
) -> Result<R> {
    let success_status = (200..300).contains(&raw.status);
    let parsed = match decode(raw) {
        Ok(parsed) => parsed,
        Err(err) => {
            // A refusal need not carry what a success does: its code still says what happened.
            if let Some(failure) = R::RESULT.and_then(|result| result.failure_in(&raw.body, form)) {
                return Err(Error::Api {
                    status: raw.status,
                    failure,
                });
            }
            if !success_status {
                return Err(http_status(raw));
            }
            return Err(err);
        }
    };
    if let Some(mut failure) = parsed.failure() {
        failure.body = crate::error::AnswerBody(raw.body.clone());
        return Err(Error::Api {
            status: raw.status,
            failure,
        });
    }
    if !success_status {
        return Err(http_status(raw));
    }
    Ok(parsed)
}

/// [`Error::HttpStatus`] of `raw`, its body kept.
fn http_status(raw: &RawResponse) -> Error {
    Error::HttpStatus {
        status: raw.status,
        body: crate::error::AnswerBody(raw.body.clone()),
    }
}

/// Decodes a form body, keeping the path of a failure but not serde's message, which quotes the
/// input. A form has no lines: the position is 0, 0.
pub fn decode_form_answer<R: DeserializeOwned>(raw: &RawResponse) -> Result<R> {
    let de = serde_urlencoded::Deserializer::new(form_urlencoded::parse(&raw.body));
    serde_path_to_error::deserialize(de).map_err(|err| Error::Decode {
        status: raw.status,
        path: error_path(err.path(), &err.inner().to_string()),
        category: DecodeCategory::Data,
        line: 0,
        column: 0,
    })
}

/// Decodes a JSON body, keeping the path and position of a failure but not serde's message,
/// which quotes the input.
pub fn decode<R: DeserializeOwned>(raw: &RawResponse) -> Result<R> {
    let decode_error = |path: String, err: &serde_json::Error| Error::Decode {
        status: raw.status,
        path,
        category: err.classify().into(),
        line: err.line(),
        column: err.column(),
    };
    // Most answers decode: only one that fails is decoded again, tracking paths, to say where.
    let mut fast = serde_json::Deserializer::from_slice(&raw.body);
    if let Ok(value) = <R as serde::Deserialize>::deserialize(&mut fast) {
        if fast.end().is_ok() {
            return Ok(value);
        }
    }
    let mut de = serde_json::Deserializer::from_slice(&raw.body);
    let value: R = serde_path_to_error::deserialize(&mut de).map_err(|err| {
        decode_error(
            error_path(err.path(), &err.inner().to_string()),
            err.inner(),
        )
    })?;
    // Trailing bytes after the JSON value mean the body is not what the gateway documents.
    de.end().map_err(|err| decode_error(".".to_owned(), &err))?;
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_body_in_euc_kr_refuses_what_euc_kr_cannot_hold() {
        #[derive(Serialize)]
        struct Note<'a> {
            note: &'a str,
        }
        let hangul = Note { note: "한글" };
        assert_eq!(
            encode_json_in(&hangul, &[("key", "한")], Encoding::EucKr).unwrap(),
            b"{\"note\":\"\xc7\xd1\xb1\xdb\",\"key\":\"\xc7\xd1\"}"
        );
        assert_eq!(
            encode_form_in(&hangul, &[], Encoding::EucKr).unwrap(),
            b"note=%C7%D1%B1%DB"
        );
        let emoji = Note { note: "😀" };
        for result in [
            encode_json_in(&emoji, &[], Encoding::EucKr),
            encode_form_in(&emoji, &[], Encoding::EucKr),
        ] {
            assert!(
                matches!(
                    result,
                    Err(Error::Unencodable {
                        charset: Encoding::EucKr
                    })
                ),
                "{result:?}"
            );
        }
    }

    #[test]
    fn filled_fields_are_appended_to_the_requests_own_in_order() {
        #[derive(Serialize)]
        struct Empty {}
        #[derive(Serialize)]
        struct Pay<'a> {
            id: &'a str,
            amount: i64,
        }
        let pay = Pay {
            id: "P \"1\"",
            amount: 1000,
        };
        let filled = [("apiKey", "k\\1"), ("sign", "ab")];
        // The texts are JSON-escaped, like every other string of the body.
        assert_eq!(
            String::from_utf8(encode_json_filled(&pay, &filled).unwrap()).unwrap(),
            r#"{"id":"P \"1\"","amount":1000,"apiKey":"k\\1","sign":"ab"}"#
        );
        assert_eq!(
            encode_json_filled(&Empty {}, &filled[1..]).unwrap(),
            br#"{"sign":"ab"}"#
        );
        assert_eq!(
            encode_form_filled(&pay, &filled).unwrap(),
            b"id=P+%221%22&amount=1000&apiKey=k%5C1&sign=ab"
        );
        assert_eq!(
            encode_form_filled(&Empty {}, &filled[1..]).unwrap(),
            b"sign=ab"
        );
    }

    #[test]
    fn decode_paths_keep_field_names_and_hide_other_keys() {
        let decode = |body: &str| {
            let raw = RawResponse {
                status: 200,
                body: body.as_bytes().to_vec(),
            };
            match decode::<std::collections::BTreeMap<String, Vec<u8>>>(&raw) {
                Err(Error::Decode { path, .. }) => path,
                other => panic!("expected a decode error, got {other:?}"),
            }
        };
        assert_eq!(decode(r#"{"list":[1,"x"]}"#), "list[1]");
        assert_eq!(decode(r#"{"01098765432":[1,"x"]}"#), "?[1]");
        assert_eq!(decode(r#"{"":"x"}"#), "?");
        assert_eq!(decode(r#"[]"#), ".");
    }

    #[test]
    fn a_missing_field_is_named_in_the_path() {
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Inner {
            code: String,
        }
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Outer {
            #[serde(rename = "resCd")]
            res_cd: String,
            items: Vec<Inner>,
        }
        let decode = |body: &str| {
            let raw = RawResponse {
                status: 200,
                body: body.as_bytes().to_vec(),
            };
            match decode::<Outer>(&raw) {
                Err(Error::Decode { path, .. }) => path,
                other => panic!("expected a decode error, got {other:?}"),
            }
        };
        assert_eq!(decode(r#"{"items":[]}"#), "resCd");
        assert_eq!(
            decode(r#"{"resCd":"0000","items":[{"code":"a"},{}]}"#),
            "items[1].code"
        );
        // A wrong type is reported where it is, as before.
        assert_eq!(decode(r#"{"resCd":1,"items":[]}"#), "resCd");
        let form = decode_form_in::<Inner>(b"other=1", Encoding::Utf8).unwrap_err();
        assert!(
            matches!(&form, Error::Callback { path, .. } if path == "code"),
            "{form:?}"
        );
        // serde's message names the type's own field, never a key the body sent.
        assert_eq!(missing_field("missing field `a b`"), None);
        assert_eq!(missing_field("invalid type: string \"x\""), None);
    }

    #[test]
    fn retry_delays_double_up_to_the_cap_with_jitter() {
        let policy = RetryPolicy::default();
        for _ in 0..100 {
            let first = policy.delay(1);
            assert!(first >= Duration::from_millis(100) && first <= Duration::from_millis(200));
            let third = policy.delay(3);
            assert!(third >= Duration::from_millis(400) && third <= Duration::from_millis(800));
            let late = policy.delay(30);
            assert!(late >= Duration::from_secs(1) && late <= Duration::from_secs(2));
        }
        assert_eq!(RetryPolicy::none().max_attempts, 1);
    }

    #[test]
    fn path_segments_escape_separators() {
        assert_eq!(path_segment("tpay_test-2021.08~x"), "tpay_test-2021.08~x");
        assert_eq!(path_segment("a/b?c%d e"), "a%2Fb%3Fc%25d%20e");
        assert_eq!(path_segment("거래"), "%EA%B1%B0%EB%9E%98");
    }

    proptest::proptest! {
        // The fast path is checked against serde_json, which it stands in for, on any text,
        // including the quotes, backslashes, control characters and Hangul that take the slow one.
        #[test]
        fn filled_texts_are_written_as_serde_json_writes_them(
            name in "[a-zA-Z\"\\\\\u{0}-\u{1f}가]{0,8}",
            text in proptest::prelude::any::<String>(),
        ) {
            let mut fast = Vec::new();
            push_json_str(&mut fast, &name).unwrap();
            push_json_str(&mut fast, &text).unwrap();
            let mut slow = serde_json::to_vec(&name).unwrap();
            slow.extend(serde_json::to_vec(&text).unwrap());
            proptest::prop_assert_eq!(fast, slow);
        }
    }

    #[test]
    fn query_strings_skip_absent_pairs() {
        assert_eq!(query_string(&[("a", None)]), "");
        assert_eq!(
            query_string(&[
                ("client_id", Some("o2o".into())),
                ("x", None),
                ("order_no", Some("1 2&3".into()))
            ]),
            "?client_id=o2o&order_no=1+2%263"
        );
    }
}
