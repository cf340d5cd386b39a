//! The spec format, version 1, as typed Rust: what a maintainer writes in `specs/*.yaml`.
//!
//! Every struct denies unknown keys, so a misspelt key is an error at its line instead of a
//! silently ignored fact. specs/README.md documents each key; keep the two in step.

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::Deserialize;
use std::fmt;

pub use paygen_vocab::{
    CharClass as Chars, DigestAlgorithm, DigestOutput, Encoding as EncodingName,
    Format as TextFormat, SignatureAlgorithm,
};

/// A whole spec file: one vendor, its operations and its types.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Spec {
    /// The spec format version; must be 1.
    pub paygen: u32,
    /// Who the gateway is and where it lives.
    pub vendor: Vendor,
    /// Discrepancies in the documents that concern the vendor as a whole.
    #[serde(default)]
    pub conflicts: Vec<Conflict>,
    /// The API calls.
    pub operations: Vec<Operation>,
    /// Requests the gateway (or the buyer's browser, sent by it) makes to the merchant.
    #[serde(default)]
    pub callbacks: Vec<Callback>,
    /// Request, response and enum types.
    pub types: Vec<TypeDef>,
    /// Table rows of the documents that no field transcribes, on purpose, each with the reason:
    /// the audit does not report them as uncovered.
    #[serde(default)]
    pub untranscribed: Vec<Untranscribed>,
    /// How the gateway answers a request it refuses, by kind, as its documents state: what a
    /// generated mock answers when one of its checks fails.
    #[serde(default)]
    pub refusals: Vec<Refusal>,
}

/// One documented refusal: the answer the gateway gives a request of one kind of fault.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Refusal {
    /// What the request got wrong.
    pub kind: RefusalKind,
    /// The HTTP status; where the document states none, the spec's decision, with a
    /// `conflict` saying so.
    pub status: u16,
    /// The result code, written into the operation's `success.field`; none for an operation
    /// whose success is a 2xx status, or where the document gives no code.
    #[serde(default)]
    pub code: Option<Scalar>,
    /// The message, written into `success.message`, exactly as the document words it.
    #[serde(default)]
    pub message: Option<String>,
    /// The detail, written into `success.detail` (e.g. Toss Pay's `errorCode`).
    #[serde(default)]
    pub detail: Option<String>,
    /// The operations (by name) it is the refusal of; every operation when empty. The first
    /// entry of a kind that names an operation, else the first that names none, answers it.
    #[serde(default)]
    pub operations: Vec<String>,
    /// Where the document states it.
    pub source: String,
    /// Where the documents contradict themselves, or say less than an answer needs.
    #[serde(default)]
    pub conflict: Option<Conflict>,
}

/// The kinds of fault a documented refusal answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum RefusalKind {
    /// Wrong or missing credentials, signature, timestamp or token.
    Auth,
    /// A digest the merchant computes into the request does not match.
    Digest,
    /// A field missing, too long or of the wrong form.
    Invalid,
    /// The payment the request names does not exist.
    NotFound,
}

impl RefusalKind {
    /// The variant of `paygen_runtime::mock::Kind` it is.
    pub(crate) fn rust_name(self) -> &'static str {
        match self {
            RefusalKind::Auth => "Auth",
            RefusalKind::Digest => "Digest",
            RefusalKind::Invalid => "Invalid",
            RefusalKind::NotFound => "NotFound",
        }
    }
}

/// Rows of a document deliberately left out of the spec.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Untranscribed {
    /// The rows, as citations (`ko:264`, `ko:262-264`).
    pub rows: String,
    /// Why no field transcribes them.
    pub why: String,
}

/// Vendor metadata.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Vendor {
    /// The Rust module the vendor's code goes into, in snake_case.
    pub module: String,
    /// The vendor and product, for humans.
    pub name: String,
    /// The documents the spec was transcribed from, each under a short key that citations use
    /// (`ko: shinhan-spg-payments.ko.txt` makes `ko:120` cite line 120 of that file). File
    /// names are relative to the `sources/` folder beside the spec. Kept in the spec's order.
    pub sources: Sources,
    /// The encoding in which the gateway counts field bytes.
    #[serde(default)]
    pub encoding: EncodingName,
    /// The charset request bodies are written in and answers and callbacks are read in
    /// (UTF-8 when absent). An answer whose `Content-Type` names a charset is read in that one.
    pub charset: Option<EncodingName>,
    /// Base URLs of the gateway's environments (empty when the documents name none; callers
    /// then pass the base URL themselves).
    pub environments: Vec<Environment>,
    /// The keys and ids a merchant is issued, which the client holds.
    #[serde(default)]
    pub credentials: Vec<Credential>,
    /// How requests are authenticated: named header recipes that operations refer to.
    #[serde(default)]
    pub auth: Vec<AuthScheme>,
    /// The client's default timeouts and response cap (the runtime's when absent).
    pub limits: Option<VendorLimits>,
}

/// A vendor's default connection limits; callers may override each on the client builder.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct VendorLimits {
    /// How long to wait for a connection, in milliseconds.
    pub connect_timeout_ms: u64,
    /// How long a whole call may take, in milliseconds.
    pub timeout_ms: u64,
    /// How long to wait for the next bytes of an answer (its headers included), in
    /// milliseconds, where the document gives a read timeout apart from the call's (NICEPAY:
    /// connect 5 s, read 30 s).
    pub read_timeout_ms: Option<u64>,
    /// The most response-body bytes read before a call fails.
    pub max_response_bytes: usize,
    /// Why these values: the document line they come from, or the reasoning when the
    /// documents are silent.
    pub why: String,
}

/// A key or id the gateway issues to a merchant.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Credential {
    /// The Rust field name, snake_case; templates refer to it as `{name}`.
    pub name: String,
    /// Whether the value is secret (kept in a `SecretString`, masked everywhere).
    pub secret: bool,
    /// What it is.
    pub description: Text,
    /// Where the document describes it.
    pub source: String,
}

/// A named way of authenticating a request: headers built from templates, optionally with a
/// signature over the request.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct AuthScheme {
    /// The name operations use in `auth:`.
    pub name: String,
    /// Header name to value template. Placeholders: `{credential}`, `{timestamp_ms}` (the
    /// client's clock in milliseconds) and `{signature}`.
    pub headers: std::collections::BTreeMap<String, String>,
    /// The signature `{signature}` stands for.
    pub signature: Option<Signature>,
    /// The HTTP Basic pair `{basic}` stands for: base64 of `user:password`
    /// (`Authorization: "Basic {basic}"`).
    pub basic: Option<BasicAuth>,
    /// The bearer token `{token}` stands for, issued by one of the gateway's own operations
    /// (`Authorization: "Bearer {token}"`).
    pub token: Option<TokenSource>,
    /// How far `{timestamp_ms}` may be from the gateway's clock before it refuses the request,
    /// where the document says: a generated mock refuses a time outside it.
    #[serde(default)]
    pub timestamp_window: Option<TimestampWindow>,
    /// Where the document describes it.
    pub source: String,
}

/// The window a signed request's time must fall in, either side of the gateway's clock.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct TimestampWindow {
    /// Its width each side, in milliseconds: a time this far off or more is refused.
    pub ms: u64,
    /// Where the document states it.
    pub source: String,
}

/// Where a bearer token comes from and how long it is kept: NICEPAY's `/v1/access-token`.
/// The client fetches it when it has none, once for any number of calls waiting, keeps it until
/// `refresh_before_ms` before it expires, and fetches a fresh one once when the gateway refuses
/// it with one of `refresh_on_status`.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct TokenSource {
    /// The operation that issues it: a `GET` or a `safe` operation of this spec whose request
    /// the client can build alone (no required field the caller sets), authenticated by another
    /// scheme.
    pub operation: String,
    /// The wire name of the token in that operation's response: a required string marked
    /// `personal`, so that the answer's `Debug` never shows it.
    pub field: String,
    /// The wire name of the response's expiry time (ISO 8601), if it has one.
    pub expires_at: Option<String>,
    /// The wire name of the response's own current time (ISO 8601), if it has one: the
    /// lifetime is then `expires_at - issued_at`, whatever the client's clock says.
    pub issued_at: Option<String>,
    /// The lifetime the document states, in milliseconds; when the answer gives an expiry too,
    /// the shorter is kept. Without either, the token is used for the calls waiting and not
    /// kept.
    pub lifetime_ms: Option<u64>,
    /// How long before expiry a fresh token is fetched.
    pub refresh_before_ms: u64,
    /// HTTP statuses by which the gateway refuses a token (NICEPAY: 401).
    pub refresh_on_status: Vec<u16>,
    /// Where the document describes it.
    pub source: String,
}

/// An HTTP Basic pair (RFC 7617), each part a template of credentials and text: NICEPAY's
/// `{client_key}:{secret_key}`, Toss Payments' `{secret_key}:` (an empty password).
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct BasicAuth {
    /// The user part: `"{client_key}"`.
    pub user: String,
    /// The password part: `"{secret_key}"`, or `""`.
    pub password: String,
}

/// A keyed signature over parts of the request.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Signature {
    /// The algorithm; `hmac-sha256`.
    pub algorithm: SignatureAlgorithm,
    /// The credential that keys it.
    pub key: String,
    /// The signed text as a template: `{method}`, `{uri}` (path and query as sent), `{body}`
    /// (the exact body bytes sent, empty without a body), `{timestamp_ms}` and credentials.
    pub message: String,
    /// How the signature is written into the header.
    pub output: DigestOutput,
}

/// A digest over fields of the same object and credentials.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct DigestRecipe {
    /// The algorithm: `sha256`, `sha512` or `hmac-sha256`.
    pub algorithm: DigestAlgorithm,
    /// The credential that keys an `hmac-sha256`; not with the plain digests.
    pub key: Option<String>,
    /// How the digest is written: `hex` (verified in either case) or `base64`.
    pub output: DigestOutput,
    /// What is digested, concatenated in order: wire names of fields of the same object (as
    /// their text: integers in decimal, enums as their codes) and `{credential}`s.
    pub inputs: Vec<String>,
}

/// A time the client writes into a request field from its clock.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ClockValue {
    /// How it is written: `iso8601` (`2024-01-31T14:05:09+09:00`) or `yyyymmddhhmmss`.
    pub format: TextFormat,
    /// The UTC offset it is written in, `+09:00` for Korean time.
    pub offset: String,
}

/// One environment of a gateway.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Environment {
    /// `sandbox` or `production`.
    pub name: EnvironmentName,
    /// The base URL, `https://host` with an optional path prefix.
    pub base_url: String,
    /// Where the URL was found.
    pub source: String,
}

/// The environments a generated client can select by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum EnvironmentName {
    /// The vendor's test environment.
    Sandbox,
    /// The vendor's live environment.
    Production,
}

/// Text in both documentation languages; at least one must be given.
#[derive(Debug, Default, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Text {
    /// Korean.
    pub ko: Option<String>,
    /// English.
    pub en: Option<String>,
}

/// A place where a document contradicts itself or is silent, and what the spec decided.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Conflict {
    /// What the document says, with its line.
    pub doc: String,
    /// What the spec does instead.
    pub decision: String,
    /// Why.
    pub why: String,
}

/// One API call.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Operation {
    /// The client method's name, in snake_case.
    pub name: String,
    /// What the call does.
    pub summary: Text,
    /// The HTTP method.
    pub method: HttpMethod,
    /// The path below the base URL, starting with `/`.
    pub path: String,
    /// The request body type (an object type).
    pub request: String,
    /// The response body type (an object type).
    pub response: String,
    /// The object type the gateway's error answers are written as, when it differs from the
    /// response type: apps read it from an `Error::Api` or `Error::HttpStatus` with
    /// `<Type>::from_error`.
    pub error: Option<String>,
    /// The wire name of the top-level request field the gateway treats as an idempotency key.
    pub idempotency_key: Option<String>,
    /// A header the gateway deduplicates writes by (`Idempotency-Key`): the client sends one
    /// key per logical call, its own or the caller's, unchanged on every retry.
    pub idempotency_header: Option<IdempotencyHeader>,
    /// The `auth` scheme the call uses, if any.
    pub auth: Option<String>,
    /// How the request body is written: `json` (the default) or `form`
    /// (`application/x-www-form-urlencoded`).
    #[serde(default)]
    pub request_format: BodyFormat,
    /// How the answer's body is written: `json` (the default) or `form`.
    #[serde(default)]
    pub response_format: BodyFormat,
    /// A call that changes nothing, though it is not a `GET` (Toss Pay's status query is a
    /// `POST`): it is retried like a read and may carry `reports`. `why` says where the
    /// document shows it changes nothing.
    pub safe: Option<Safe>,
    /// How a response says it succeeded.
    pub success: Success,
    /// For a read that reports a payment's state: which states mean approved and not approved,
    /// and which writes' unknown outcomes it resolves.
    pub reports: Option<Reports>,
    /// For a cancel: how to cancel an approval another operation returned (a net cancel).
    pub net_cancel: Option<NetCancel>,
    /// For a cancel or refund: which payment of an approving operation it acts on and the
    /// state a status read reports of it afterwards. Only generated mocks read it, to keep
    /// their state as the gateway does.
    #[serde(default)]
    pub cancels: Option<Cancels>,
    /// Where the call is documented.
    pub source: String,
}

/// What a cancel does to the payment it names, as a status read then reports it.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Cancels {
    /// The approving operation.
    pub of: String,
    /// Each field of this request (wire name) and the field of the approving request
    /// (`request.<wire>`) or of its answer (`response.<wire>`) that names the same payment.
    #[serde(rename = "match")]
    pub matches: std::collections::BTreeMap<String, String>,
    /// The state a status read reports afterwards: a code of its `reports.state` enum.
    pub leaves: Scalar,
    /// When this request carries the field `when`, the cancel is partial and leaves the state
    /// `leaves` instead.
    #[serde(default)]
    pub partial: Option<PartialCancel>,
    /// Where the document states the states.
    pub source: String,
}

/// A partial cancel's state.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct PartialCancel {
    /// The request field (wire name) whose presence makes the cancel partial.
    pub when: String,
    /// The state it leaves.
    pub leaves: Scalar,
}

/// How a body is written on the wire.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum BodyFormat {
    /// JSON, UTF-8.
    #[default]
    Json,
    /// `application/x-www-form-urlencoded`, UTF-8: `key=value&key=value` (common in Korean
    /// PGs; KG Inicis INIAPI is form-only). Fields are strings, numbers, booleans, codes.
    Form,
}

/// Why an operation that is not a `GET` is safe to send again.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Safe {
    /// The document's words, cited: "결제 상태 확인 (toss:1218)", a query that changes nothing.
    pub why: String,
}

/// The header a gateway deduplicates writes by.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct IdempotencyHeader {
    /// The header's name, as the document spells it (`Idempotency-Key`).
    pub name: String,
    /// Where the document says the gateway deduplicates by it.
    pub source: String,
}

/// How a status read classifies a payment, so that an unknown outcome can be resolved.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Reports {
    /// The wire name of the response's enum field holding the payment's state.
    pub state: String,
    /// The state codes meaning the payment was approved (money was taken).
    pub approved: Vec<Scalar>,
    /// The state codes meaning no charge stands (failed, or cancelled).
    pub not_approved: Vec<Scalar>,
    /// Writes whose unknown outcome this read resolves, and how to build the read from them.
    #[serde(default)]
    pub resolves: Vec<Resolves>,
    /// Where the states are documented.
    pub source: String,
    /// Why each state is in its class (a partial cancel, say, still leaves a charge).
    pub why: String,
}

/// A write whose unknown outcome a status read resolves.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Resolves {
    /// The write operation.
    pub operation: String,
    /// Each field of the read's request (wire name) and the write request's field it is
    /// copied from (wire name).
    pub inputs: std::collections::BTreeMap<String, String>,
}

/// How a cancel operation reverses an approval that another operation returned.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct NetCancel {
    /// The approving operation.
    pub of: String,
    /// Each field of the cancel request (wire name) and where its value comes from:
    /// `request.<wire>` (the approving request) or `response.<wire>` (its response).
    pub fill: std::collections::BTreeMap<String, String>,
    /// Where the document says how to cancel.
    pub source: String,
}

/// A request the merchant receives, such as a return_url POST.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Callback {
    /// A name for humans, snake_case.
    pub name: String,
    /// The object type its body decodes into; it gets `from_form` and `from_json`.
    #[serde(rename = "type")]
    pub ty: String,
    /// What it is.
    pub summary: Text,
    /// The answer the gateway expects back, when the document states one (NICEPAY's webhook:
    /// HTTP 200 with the body `OK`, or it sends again).
    pub answer: Option<CallbackAnswer>,
    /// How the gateway writes its body, where the document says: a generated mock sends it
    /// so (a callback without it is not sent by the mock).
    #[serde(default)]
    pub sent_as: Option<CallbackFormat>,
    /// Where the document describes it.
    pub source: String,
}

/// How a callback's body is written, and where the document says so.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct CallbackFormat {
    /// `json` or `form`.
    pub format: BodyFormat,
    /// Where the document states it.
    pub source: String,
    /// Where the document leaves it open, and what the spec decided.
    #[serde(default)]
    pub conflict: Option<Conflict>,
}

/// What the merchant answers a callback with.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct CallbackAnswer {
    /// The HTTP status.
    pub status: u16,
    /// The body, exactly.
    pub body: String,
    /// Its `Content-Type` (`text/plain; charset=utf-8` when absent).
    pub content_type: Option<String>,
    /// Where the document states it.
    pub source: String,
}

/// HTTP methods a spec can use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum HttpMethod {
    /// `GET`.
    #[serde(rename = "GET")]
    Get,
    /// `POST`.
    #[serde(rename = "POST")]
    Post,
    /// `PUT`.
    #[serde(rename = "PUT")]
    Put,
    /// `PATCH`.
    #[serde(rename = "PATCH")]
    Patch,
    /// `DELETE`.
    #[serde(rename = "DELETE")]
    Delete,
}

/// How a response says it succeeded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Success {
    /// `success: http_2xx`: the body carries no result code; any 2xx status is success.
    Http2xx,
    /// `success: {field, equals, message, detail}`: a result code in the body.
    Code(SuccessCode),
}

/// The success criterion `field == equals`, with the fields that explain a failure.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct SuccessCode {
    /// The wire name of the result-code field.
    pub field: String,
    /// The code that means success (a string or an integer, as the field is), or a list of
    /// them when the document gives several (NICEPAY's cancel: `2001` or `2211`).
    pub equals: Codes,
    /// The wire name of the message field.
    pub message: String,
    /// The wire name of the detail field, if the gateway has one.
    pub detail: Option<String>,
}

/// One code, or a list of codes, where a spec may write either: `equals: "0000"` or
/// `equals: ["2001", "2211"]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Codes(pub Vec<Scalar>);

impl<'de> Deserialize<'de> for Codes {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum OneOrMany {
            One(Scalar),
            Many(Vec<Scalar>),
        }
        Ok(Codes(match OneOrMany::deserialize(deserializer)? {
            OneOrMany::One(code) => vec![code],
            OneOrMany::Many(codes) => codes,
        }))
    }
}

/// A named type: an object with fields, or an enum of codes.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct TypeDef {
    /// The Rust type name, in UpperCamelCase.
    pub name: String,
    /// `object` or `enum`.
    pub kind: TypeKind,
    /// What the type is.
    pub description: Text,
    /// Where the type is documented.
    pub source: String,
    /// An object's fields, in wire order.
    pub fields: Option<Vec<Field>>,
    /// An enum's code type: `string` or `integer`.
    pub repr: Option<Repr>,
    /// An enum's codes.
    pub variants: Option<Vec<Variant>>,
    /// An object's rules over several of its fields.
    #[serde(default)]
    pub groups: Vec<Group>,
}

/// The kinds of named type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum TypeKind {
    /// A JSON object with named fields.
    Object,
    /// A closed set of string or integer codes.
    Enum,
}

/// The code type of an enum.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum Repr {
    /// Codes are JSON strings.
    String,
    /// Codes are JSON integers.
    Integer,
}

/// One code of an enum.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Variant {
    /// The code on the wire.
    pub value: Scalar,
    /// The Rust variant name; derived from the value when absent.
    pub rust: Option<String>,
    /// What the code means.
    pub description: Text,
}

/// A string, integer or boolean literal in a spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scalar {
    /// A string.
    Str(String),
    /// An integer.
    Int(i64),
    /// A boolean: a `const` a document fixes (`"autoExecute": true`), or the value a condition
    /// names.
    Bool(bool),
}

/// One field of an object type.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Field {
    /// The JSON key (or path / query parameter name).
    pub wire: String,
    /// Where a request field goes: the JSON body (default), the path or the query string.
    #[serde(default, rename = "in")]
    pub location: Location,
    /// The Rust field name; derived from `wire` when absent.
    pub rust: Option<String>,
    /// The field's type.
    #[serde(rename = "type")]
    pub ty: FieldType,
    /// The named type of an `object` or `enum` field.
    #[serde(rename = "ref")]
    pub reference: Option<String>,
    /// The element type of an `array` field.
    pub items: Option<Items>,
    /// The value of a `const` field.
    pub value: Option<Scalar>,
    /// The most bytes the gateway accepts, counted in the vendor's encoding.
    pub max_bytes: Option<usize>,
    /// The fewest bytes (with `max_bytes`, a fixed width when equal).
    pub min_bytes: Option<usize>,
    /// The least value of an integer field.
    pub minimum: Option<i64>,
    /// The greatest value of an integer field.
    pub maximum: Option<i64>,
    /// Larger minimums that apply when another field has given values.
    #[serde(default)]
    pub minimum_if: Vec<ConditionalMinimum>,
    /// Whether the field must be present.
    pub required: Required,
    /// The most characters (Unicode scalar values) of a string: the documents' "50자 이내".
    /// Counted beside `max_bytes`; both may apply.
    pub max_chars: Option<usize>,
    /// The fewest characters of a string.
    pub min_chars: Option<usize>,
    /// The most decimal digits of an integer, or of a decimal before its point, not counting
    /// the sign: the documents' "number, size 13".
    pub max_digits: Option<usize>,
    /// The most digits of a decimal after its point.
    pub max_scale: Option<u32>,
    /// A character class the value must keep to.
    pub chars: Option<Chars>,
    /// Characters allowed beside `chars`' class: the documents' "특수문자 _-:.^@만".
    pub extra_chars: Option<String>,
    /// Characters the value must not hold: the documents' "큰따옴표(\")는 이용불가".
    pub forbidden_chars: Option<String>,
    /// How a `decimal` field is written on the wire, as the document shows it: `number`
    /// (`12.03`) or `string` (`"12.03"`). Either is read.
    pub sent_as: Option<DecimalForm>,
    /// Other spellings under which a received field is accepted (the document's example spells
    /// it otherwise than its table). Outbound fields send only `wire`.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// A value a received field carries to mean "none" (the docs' "결제완료가 아닐 경우 0"): it is
    /// decoded as `None`.
    pub sentinel: Option<Sentinel>,
    /// A fixed text format the value must keep to.
    pub format: Option<TextFormat>,
    /// On a request string: the client fills it from its clock, the time the request is
    /// prepared (NICEPAY's `ediDate`), so a digest can sign it.
    pub clock: Option<ClockValue>,
    /// A request field the client computes (never the caller), such as a parameter hash.
    pub computed: Option<DigestRecipe>,
    /// A request field the client fills with a credential (never the caller; never printed):
    /// Toss Pay's `apiKey`, sent in the body.
    pub credential: Option<String>,
    /// A response field the client checks against its own computation of the same recipe.
    pub verify: Option<DigestRecipe>,
    /// On a request field: its value names the charset the gateway answers in (NICEPAY's
    /// `returnCharSet`: `utf-8` or `euc-kr`), so the client reads the answer in it.
    #[serde(default)]
    pub answer_charset: bool,
    /// Whether the field holds personal data (masked in Debug output).
    #[serde(default)]
    pub personal: bool,
    /// What the field is.
    pub description: Text,
    /// A realistic value, checked against the field's own rules.
    pub example: Option<Scalar>,
    /// Where the field is documented.
    pub source: String,
    /// What the document says that the spec does not follow, and why.
    pub conflict: Option<Conflict>,
}

/// Where a request field is sent.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum Location {
    /// In the JSON body.
    #[default]
    Body,
    /// As the `{wire}` segment of the operation's path.
    Path,
    /// As a query parameter.
    Query,
    /// As a request header named `wire` (a value the client computes, such as a digest, or one
    /// the caller sets).
    Header,
}

/// The types a field can have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum FieldType {
    /// A JSON string.
    String,
    /// A JSON integer (amounts are integers of minor units).
    Integer,
    /// An exact decimal number (amounts in units with a fraction, such as USD), read from a
    /// JSON number or string without passing through a float; written as `sent_as` says.
    Decimal,
    /// A JSON boolean.
    Boolean,
    /// A named object type (`ref`).
    Object,
    /// A JSON array (`items`).
    Array,
    /// A named enum type (`ref`).
    Enum,
    /// A fixed value (`value`) that generated code fills in.
    Const,
}

/// A documented value that stands for "no value".
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Sentinel {
    /// The value, as the field's type writes it (`0`, `"0"`, `""`).
    pub value: Scalar,
    /// What the document says it means, in its words.
    pub means: String,
}

/// How a decimal is written on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum DecimalForm {
    /// A JSON number: `12.03`.
    Number,
    /// A JSON string: `"12.03"`.
    String,
}

/// A rule over several fields of one object: how many of them must be present.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Group {
    /// `exactly_one` ("payToken 또는 orderNo 중 하나만") or `at_least_one` ("중 하나 필수").
    pub kind: GroupKind,
    /// The fields, by wire name; each is optional on its own.
    pub fields: Vec<String>,
    /// Where the document states it.
    pub source: String,
}

/// How many fields of a [`Group`] must be present.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum GroupKind {
    /// Exactly one.
    ExactlyOne,
    /// One or more.
    AtLeastOne,
}

/// The element type of an array field.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Items {
    /// `string`, `integer`, `boolean`, `object` or `enum`.
    #[serde(rename = "type")]
    pub ty: FieldType,
    /// The named type of `object` or `enum` elements.
    #[serde(rename = "ref")]
    pub reference: Option<String>,
}

/// Whether a field must be present.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Required {
    /// Always (`required: true`).
    Yes,
    /// Never (`required: false`).
    No,
    /// Under a condition the document states (`required: {when: "...", field?, in?}`).
    When(Condition),
}

/// A minimum that applies when another field of the same object has one of `in`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ConditionalMinimum {
    /// The wire name of the other field.
    pub field: String,
    /// The values of that field for which `minimum` applies.
    #[serde(rename = "in")]
    pub values: Vec<Scalar>,
    /// The least value then.
    pub minimum: i64,
    /// Where the document states it.
    pub source: String,
}

/// When a conditionally required field is required.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Condition {
    /// The condition as the document states it; it goes into the field's docs.
    pub when: String,
    /// Where the document is precise: the wire name of a field of the same object whose value
    /// makes this one required ...
    pub field: Option<String>,
    /// ... when it is one of these values. Validation then enforces the requirement.
    #[serde(default, rename = "in")]
    pub values: Vec<Scalar>,
}

// Hand-written rather than `#[serde(untagged)]`: untagged enums buffer their input and lose
// serde_yaml's positions, and their error message ("did not match any variant") says nothing.
impl<'de> Deserialize<'de> for Scalar {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ScalarVisitor;
        impl Visitor<'_> for ScalarVisitor {
            type Value = Scalar;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string, an integer or a boolean")
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Scalar, E> {
                Ok(Scalar::Bool(v))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Scalar, E> {
                Ok(Scalar::Str(v.to_owned()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Scalar, E> {
                Ok(Scalar::Int(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Scalar, E> {
                i64::try_from(v)
                    .map(Scalar::Int)
                    .map_err(|_| E::custom("integer out of range"))
            }
        }
        deserializer.deserialize_any(ScalarVisitor)
    }
}

impl<'de> Deserialize<'de> for Success {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct SuccessVisitor;
        impl<'de> Visitor<'de> for SuccessVisitor {
            type Value = Success;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("`http_2xx` or `{field, equals, message, detail}`")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Success, E> {
                match v {
                    "http_2xx" => Ok(Success::Http2xx),
                    other => Err(E::invalid_value(de::Unexpected::Str(other), &self)),
                }
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Success, A::Error> {
                SuccessCode::deserialize(de::value::MapAccessDeserializer::new(map))
                    .map(Success::Code)
            }
        }
        deserializer.deserialize_any(SuccessVisitor)
    }
}

impl<'de> Deserialize<'de> for Required {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct RequiredVisitor;
        impl<'de> Visitor<'de> for RequiredVisitor {
            type Value = Required;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("`true`, `false` or `{when: \"condition from the document\"}`")
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Required, E> {
                Ok(if v { Required::Yes } else { Required::No })
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Required, A::Error> {
                Condition::deserialize(de::value::MapAccessDeserializer::new(map))
                    .map(Required::When)
            }
        }
        deserializer.deserialize_any(RequiredVisitor)
    }
}

/// The `vendor.sources` mapping: citation key to document file, in the order written.
#[derive(Debug, Default)]
pub struct Sources(pub Vec<SourceDoc>);

/// One document a spec cites.
#[derive(Debug)]
pub struct SourceDoc {
    /// The key citations name it by (`ko` in `ko:12`).
    pub key: String,
    /// The file name, relative to the `sources/` folder beside the spec.
    pub file: String,
}

impl Sources {
    /// The document cited as `key`.
    pub fn get(&self, key: &str) -> Option<&SourceDoc> {
        self.0.iter().find(|doc| doc.key == key)
    }

    /// The documents, in the order the spec lists them.
    pub fn iter(&self) -> std::slice::Iter<'_, SourceDoc> {
        self.0.iter()
    }

    /// Whether the spec names no document.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<'de> Deserialize<'de> for Sources {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct SourcesVisitor;
        impl<'de> Visitor<'de> for SourcesVisitor {
            type Value = Sources;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(
                    "a mapping of citation keys to document files, such as `{ko: doc.ko.txt}`",
                )
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Sources, A::Error> {
                let mut docs: Vec<SourceDoc> = Vec::new();
                while let Some((key, file)) = map.next_entry::<String, String>()? {
                    if docs.iter().any(|doc| doc.key == key) {
                        return Err(de::Error::custom(format_args!(
                            "duplicate source key `{key}`"
                        )));
                    }
                    docs.push(SourceDoc { key, file });
                }
                Ok(Sources(docs))
            }
        }
        deserializer.deserialize_map(SourcesVisitor)
    }
}

impl fmt::Display for Scalar {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Scalar::Str(s) => f.write_str(s),
            Scalar::Int(i) => write!(f, "{i}"),
            Scalar::Bool(b) => write!(f, "{b}"),
        }
    }
}

impl Text {
    /// Korean first, then English, joined for a doc comment.
    pub fn paragraphs(&self) -> Vec<&str> {
        [self.ko.as_deref(), self.en.as_deref()]
            .into_iter()
            .flatten()
            .collect()
    }
}

impl HttpMethod {
    /// The method as written on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Post => "POST",
            HttpMethod::Put => "PUT",
            HttpMethod::Patch => "PATCH",
            HttpMethod::Delete => "DELETE",
        }
    }
}

impl FieldType {
    /// The name as a spec writes it.
    pub fn name(self) -> &'static str {
        match self {
            FieldType::String => "string",
            FieldType::Integer => "integer",
            FieldType::Decimal => "decimal",
            FieldType::Boolean => "boolean",
            FieldType::Object => "object",
            FieldType::Array => "array",
            FieldType::Enum => "enum",
            FieldType::Const => "const",
        }
    }
}

impl Field {
    /// The Rust name of the field: its `rust:` or its wire name in snake_case.
    pub(crate) fn rust_name(&self) -> String {
        self.rust
            .clone()
            .unwrap_or_else(|| crate::naming::snake(&self.wire))
    }
}

impl TypeDef {
    /// The field of this object type with wire name `wire`.
    pub(crate) fn field(&self, wire: &str) -> Option<&Field> {
        self.fields.as_ref()?.iter().find(|f| f.wire == wire)
    }
}

/// JSON Schemas of the types whose `Deserialize` is written by hand: the schema says what each
/// accepts, as the visitor above does.
#[cfg(feature = "schema")]
mod schema {
    use super::{Codes, Condition, Required, Scalar, Sources, Success, SuccessCode};
    use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
    use std::borrow::Cow;

    impl JsonSchema for Scalar {
        fn schema_name() -> Cow<'static, str> {
            "Scalar".into()
        }

        fn json_schema(_: &mut SchemaGenerator) -> Schema {
            json_schema!({
                "description": "A string, an integer or a boolean.",
                "type": ["string", "integer", "boolean"],
            })
        }
    }

    impl JsonSchema for Codes {
        fn schema_name() -> Cow<'static, str> {
            "Codes".into()
        }

        fn json_schema(generator: &mut SchemaGenerator) -> Schema {
            let scalar = generator.subschema_for::<Scalar>();
            json_schema!({
                "description": "One code, or a list of the codes that all mean the same.",
                "anyOf": [scalar, {"type": "array", "items": scalar, "minItems": 1}],
            })
        }
    }

    impl JsonSchema for Success {
        fn schema_name() -> Cow<'static, str> {
            "Success".into()
        }

        fn json_schema(generator: &mut SchemaGenerator) -> Schema {
            let code = generator.subschema_for::<SuccessCode>();
            json_schema!({
                "description": "`http_2xx` (any 2xx status is success) or a result code in the body.",
                "anyOf": [{"const": "http_2xx"}, code],
            })
        }
    }

    impl JsonSchema for Required {
        fn schema_name() -> Cow<'static, str> {
            "Required".into()
        }

        fn json_schema(generator: &mut SchemaGenerator) -> Schema {
            let condition = generator.subschema_for::<Condition>();
            json_schema!({
                "description": "`true`, `false`, or `{when: \"the document's condition\", field?, in?}`.",
                "anyOf": [{"type": "boolean"}, condition],
            })
        }
    }

    impl JsonSchema for Sources {
        fn schema_name() -> Cow<'static, str> {
            "Sources".into()
        }

        fn json_schema(_: &mut SchemaGenerator) -> Schema {
            json_schema!({
                "description": "Citation key to document file in `sources/`, such as `{ko: doc.ko.txt}`.",
                "type": "object",
                "additionalProperties": {"type": "string"},
            })
        }
    }
}
