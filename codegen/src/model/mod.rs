//! The checked model every backend reads: one vendor's spec with every name resolved, every
//! Rust name and type decided, and every template split into pieces.
//!
//! It owns its data and holds no reference back into the spec, so a backend cannot reach past
//! it to the raw YAML: what the model does not say, no backend decides. Cross-references are
//! indices (a field of an object, an operation, a credential), resolved once by
//! [`resolve`](self::resolve) when [`crate::check`] has accepted the spec; a name that does not
//! resolve is a spec error there, never a panic in a backend.

pub(crate) mod resolve;

pub(crate) use crate::spec::{
    BodyFormat, Chars, Conflict, DecimalForm, DigestAlgorithm, DigestOutput, EncodingName,
    EnvironmentName, GroupKind, HttpMethod, Location, RefusalKind, Repr, Scalar,
    SignatureAlgorithm, Text, TextFormat,
};
use std::collections::BTreeMap;

/// One vendor's module.
#[derive(Debug)]
pub(crate) struct Model {
    /// The spec's path as the caller names it, for the generated docs.
    pub file: String,
    pub vendor: Vendor,
    /// What the gateway issues to the merchant, in the spec's order.
    pub credentials: Vec<Credential>,
    /// The auth schemes, their templates resolved.
    pub auth: Vec<Auth>,
    pub objects: Vec<Object>,
    pub enums: Vec<Enum>,
    pub operations: Vec<Operation>,
    pub callbacks: Vec<Callback>,
    /// The gateway's documented refusals, in the spec's order.
    pub refusals: Vec<Refusal>,
    /// Whether generated code reads the credentials (a used auth scheme, or a digest over a
    /// credential): only then does a client hold them.
    pub reads_credentials: bool,
}

/// Facts of the gateway as a whole.
#[derive(Debug)]
pub(crate) struct Vendor {
    /// The Rust module name.
    pub module: String,
    /// The gateway's name for people.
    pub name: String,
    /// The documents the spec cites: citation key and file name, in the spec's order.
    pub sources: Vec<(String, String)>,
    /// Where the documents contradict themselves as a whole, and what the spec decided.
    pub conflicts: Vec<Conflict>,
    pub environments: Vec<Environment>,
    pub limits: Option<Limits>,
    /// The encoding byte lengths are counted in.
    pub encoding: EncodingName,
    /// The charset bodies are written and read in.
    pub charset: EncodingName,
}

#[derive(Debug)]
pub(crate) struct Environment {
    pub name: EnvironmentName,
    pub base_url: String,
}

/// The client's default limits.
#[derive(Debug)]
pub(crate) struct Limits {
    pub connect_timeout_ms: u64,
    pub timeout_ms: u64,
    pub read_timeout_ms: Option<u64>,
    pub max_response_bytes: usize,
    /// Why these values, since the documents state none.
    pub why: String,
}

/// What a doc comment says of a node: its description, its citation, its conflict.
#[derive(Debug, Clone)]
pub(crate) struct Docs {
    pub text: Text,
    pub source: Option<String>,
    pub conflict: Option<Conflict>,
}

#[derive(Debug)]
pub(crate) struct Credential {
    /// The Rust field name (the spec's name, checked to be snake_case).
    pub name: String,
    /// Held as a `SecretString` and masked everywhere.
    pub secret: bool,
    pub docs: Docs,
}

/// An auth scheme with its header and signature templates resolved.
#[derive(Debug)]
pub(crate) struct Auth {
    pub name: String,
    pub source: String,
    /// Whether an operation authenticates with it; no method is generated for one none uses.
    pub used: bool,
    /// Header name (as the spec writes it) and the pieces of its value, in the spec's order.
    pub headers: Vec<(String, Vec<HeaderPiece>)>,
    pub signature: Option<Signature>,
    /// The HTTP Basic pair `{basic}` stands for: the user's and the password's pieces (literals
    /// and credentials only).
    pub basic: Option<(Vec<HeaderPiece>, Vec<HeaderPiece>)>,
    /// The bearer token `{token}` stands for.
    pub token: Option<TokenPlan>,
    /// How far the signed time may be from the gateway's clock, where the document says.
    pub timestamp_window_ms: Option<u64>,
}

/// Where a scheme's bearer token comes from and how long the client keeps it.
#[derive(Debug)]
pub(crate) struct TokenPlan {
    /// The issuing operation, by index into [`Model::operations`].
    pub operation: usize,
    /// The token, by index into the fields of that operation's response.
    pub field: usize,
    /// The answer's expiry time and its own current time, by field index.
    pub expires_at: Option<usize>,
    pub issued_at: Option<usize>,
    pub lifetime_ms: Option<u64>,
    pub refresh_before_ms: u64,
    pub refresh_on_status: Vec<u16>,
    pub source: String,
}

/// How a scheme signs.
#[derive(Debug)]
pub(crate) struct Signature {
    pub algorithm: SignatureAlgorithm,
    /// The key: a credential, by index into [`Model::credentials`].
    pub key: usize,
    pub output: DigestOutput,
    /// The pieces of the signed message.
    pub message: Vec<MessagePiece>,
}

/// A piece of a header value template.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum HeaderPiece {
    Literal(String),
    /// `{timestamp_ms}`: the client's clock in milliseconds.
    Timestamp,
    /// `{signature}`: the scheme's signature.
    Signature,
    /// `{basic}`: base64 of the scheme's `user:password`.
    Basic,
    /// `{token}`: the scheme's bearer token.
    Token,
    /// `{credential}`, by index into [`Model::credentials`].
    Credential(usize),
}

/// A piece of a signed message template.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum MessagePiece {
    Literal(String),
    /// `{method}`.
    Method,
    /// `{uri}`: path and query as sent.
    Uri,
    /// `{body}`: the exact body bytes sent.
    Body,
    /// `{timestamp_ms}`.
    Timestamp,
    /// `{credential}`, by index into [`Model::credentials`].
    Credential(usize),
}

/// An object type.
#[derive(Debug)]
pub(crate) struct Object {
    /// The Rust type name (the spec's, checked to be UpperCamelCase).
    pub name: String,
    pub docs: Docs,
    pub fields: Vec<ObjectField>,
    /// Reachable from a request: gets `#[derive(Validate)]` and its rules.
    pub validated: bool,
    /// Reachable from a response or callback: what the gateway sends.
    pub received: bool,
    /// Rules over several fields: how many of each group must be present.
    pub groups: Vec<Group>,
}

/// A group of an object's fields of which exactly one, or at least one, must be present.
#[derive(Debug)]
pub(crate) struct Group {
    pub kind: GroupKind,
    /// The fields, by index into the object's `fields`.
    pub fields: Vec<usize>,
    pub source: String,
}

/// A field of an object type.
#[derive(Debug)]
pub(crate) struct ObjectField {
    pub wire: String,
    pub rust: String,
    pub ty: RustType,
    /// `Option<ty>`: anything not required always, including conditionally required fields.
    pub optional: bool,
    pub location: Location,
    pub requirement: Requirement,
    pub rules: Rules,
    /// Minimums that apply only for some values of another field.
    pub minimum_if: Vec<ConditionalMinimum>,
    /// The value checks itself (an object, or an open enum that rejects unknown codes in
    /// requests), so validation must descend into it.
    pub validates_itself: bool,
    /// The digest the client computes into this field before sending.
    pub computed: Option<Digest>,
    /// The credential, by index into [`Model::credentials`], the client sends in this field.
    pub credential: Option<usize>,
    /// The digest the client checks this field against on receipt.
    pub verify: Option<Digest>,
    /// The time the client writes into this field from its clock.
    pub clock: Option<ClockPlan>,
    /// The value names the charset the answer comes in.
    pub answer_charset: bool,
    /// Personal data: masked in `Debug`.
    pub personal: bool,
    /// Other spellings accepted on receipt.
    pub aliases: Vec<String>,
    /// A value received to mean "none", decoded as `None`, and what the document says of it.
    pub sentinel: Option<(Scalar, String)>,
    pub example: Option<Scalar>,
    pub docs: Docs,
}

/// Whether a field must be present.
#[derive(Debug)]
pub(crate) enum Requirement {
    Always,
    Optional,
    /// Required under a condition the document states (`text`); `check` is set where the
    /// document is precise enough to enforce it.
    When {
        text: String,
        check: Option<FieldCondition>,
    },
}

/// Another field of the same object holding one of some values.
#[derive(Debug)]
pub(crate) struct FieldCondition {
    /// The other field, by index into its object's `fields`.
    pub field: usize,
    pub values: Vec<Scalar>,
}

/// A minimum that applies under a [`FieldCondition`].
#[derive(Debug)]
pub(crate) struct ConditionalMinimum {
    pub when: FieldCondition,
    pub minimum: i64,
    pub source: String,
}

/// The documented limits of a value.
#[derive(Debug, Default)]
pub(crate) struct Rules {
    pub min_bytes: Option<usize>,
    pub max_bytes: Option<usize>,
    pub minimum: Option<i64>,
    pub maximum: Option<i64>,
    pub max_chars: Option<usize>,
    pub min_chars: Option<usize>,
    pub max_digits: Option<usize>,
    pub max_scale: Option<u32>,
    pub chars: Option<Chars>,
    pub extra_chars: Option<String>,
    pub forbidden_chars: Option<String>,
    pub format: Option<TextFormat>,
}

/// A time written from the client's clock: its format and UTC offset in minutes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ClockPlan {
    pub format: TextFormat,
    pub offset_minutes: i32,
}

/// A digest recipe with its inputs resolved against the object it belongs to.
#[derive(Debug)]
pub(crate) struct Digest {
    pub algorithm: DigestAlgorithm,
    /// The credential keying an HMAC, by index into [`Model::credentials`].
    pub key: Option<usize>,
    pub output: DigestOutput,
    pub inputs: Vec<DigestInput>,
}

/// One input of a digest, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DigestInput {
    /// The field of the same object at this index of its `fields`.
    Field(usize),
    /// The credential at this index of [`Model::credentials`].
    Credential(usize),
}

/// The Rust type of a field, before `Option`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum RustType {
    String,
    Integer,
    /// An exact decimal, sent in this form.
    Decimal(DecimalForm),
    Boolean,
    /// A named object type.
    Object(String),
    /// A named enum type.
    Enum(String),
    Vec(Box<RustType>),
    /// A fixed value written by generated code; not a struct field.
    Const(Scalar),
}

/// An enum type.
#[derive(Debug)]
pub(crate) struct Enum {
    pub name: String,
    pub docs: Docs,
    pub repr: Repr,
    /// Received from the gateway: unknown codes are kept in an `Unknown` variant rather than
    /// failing the whole response.
    pub open: bool,
    pub variants: Vec<Variant>,
}

#[derive(Debug)]
pub(crate) struct Variant {
    /// The Rust variant name.
    pub rust: String,
    /// The wire code.
    pub value: Scalar,
    pub description: Text,
}

/// An operation, with everything its method needs decided.
#[derive(Debug)]
pub(crate) struct Operation {
    /// The Rust method name (the spec's, checked to be snake_case).
    pub name: String,
    pub summary: Text,
    pub source: String,
    pub method: HttpMethod,
    /// The path as the spec writes it, for the docs.
    pub path_template: String,
    /// The path, its placeholders resolved to request fields.
    pub path: Vec<PathSegment>,
    /// The request type, by index into [`Model::objects`].
    pub request: usize,
    /// The response type, by index into [`Model::objects`].
    pub response: usize,
    /// The declared type of error answers, by index into [`Model::objects`].
    pub error: Option<usize>,
    /// The auth scheme, by index into [`Model::auth`].
    pub auth: Option<usize>,
    /// The request field the gateway deduplicates by, as the spec names it.
    pub idempotency_key: Option<String>,
    /// The header the gateway deduplicates the call by, one key per logical call.
    pub idempotency_header: Option<String>,
    /// Whether resending cannot pay twice: a read, a call the spec declares `safe`, or a write
    /// with an idempotency key.
    pub retryable: bool,
    /// Whether it changes nothing: a `GET`, or declared `safe` (why, then).
    pub safe: Option<String>,
    /// How the request and the answer bodies are written.
    pub request_format: BodyFormat,
    pub response_format: BodyFormat,
    pub success: Success,
    /// What the operation's answer says of a payment (`reports`).
    pub reports: Option<Report>,
    /// How the operation reverses another's approval (`net_cancel`).
    pub net_cancel: Option<NetCancelPlan>,
    /// What a cancel does to an approval's state (`cancels`), for the mock.
    pub cancels: Option<CancelEffect>,
}

/// A cancel's `cancels`: the approval it names and the state it leaves.
#[derive(Debug)]
pub(crate) struct CancelEffect {
    /// The approving operation, in [`Model::operations`].
    pub approving: usize,
    /// Each cancel request field (wire name) and the approval's field naming the same payment.
    pub matches: BTreeMap<String, Fill>,
    pub leaves: Scalar,
    /// The request field (wire name) whose presence makes it partial, and the state that leaves.
    pub partial: Option<(String, Scalar)>,
}

/// A piece of an operation's path.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum PathSegment {
    /// Text sent as it is.
    Literal(String),
    /// The request field at this index of its object's `fields`, percent-encoded.
    Field(usize),
}

/// How an answer tells success from failure.
#[derive(Debug)]
pub(crate) enum Success {
    /// Any 2xx status; the body carries no result code.
    Http2xx,
    /// A result code; fields by index into the response object's `fields`.
    Code {
        field: usize,
        /// The codes that mean success: one, or several the document lists; all of one type.
        equals: Vec<Scalar>,
        message: usize,
        detail: Option<usize>,
    },
}

/// A status read's `reports`.
#[derive(Debug)]
pub(crate) struct Report {
    /// The response field holding the state, in the response object's `fields`.
    pub state: usize,
    /// The enum of that field, in [`Model::enums`].
    pub state_enum: usize,
    pub approved: Vec<Scalar>,
    pub not_approved: Vec<Scalar>,
    pub source: String,
    pub why: String,
    pub resolves: Vec<Resolve>,
}

/// A write the read resolves, and how the read's request is built from the write's.
#[derive(Debug)]
pub(crate) struct Resolve {
    /// The write, in [`Model::operations`].
    pub write: usize,
    /// Each read request field (wire name) and the write request field it copies, by index.
    pub inputs: BTreeMap<String, usize>,
}

/// A cancel's `net_cancel`.
#[derive(Debug)]
pub(crate) struct NetCancelPlan {
    /// The approving operation, in [`Model::operations`].
    pub approving: usize,
    /// Each cancel request field (wire name) and where its value comes from.
    pub fills: BTreeMap<String, Fill>,
    pub source: String,
}

/// Where a net cancel field comes from: a field of the approving request or of its answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Fill {
    /// The approving request's field at this index.
    Request(usize),
    /// The approval's (the response's) field at this index.
    Response(usize),
}

/// A documented refusal: the answer a mock gives a request one of its checks refused.
#[derive(Debug)]
pub(crate) struct Refusal {
    pub kind: RefusalKind,
    pub status: u16,
    pub code: Option<Scalar>,
    pub message: Option<String>,
    pub detail: Option<String>,
    /// The operations it answers, by index into [`Model::operations`]; all when empty.
    pub operations: Vec<usize>,
    pub source: String,
}

/// A callback the merchant receives.
#[derive(Debug)]
pub(crate) struct Callback {
    pub name: String,
    /// The object type it carries, by index into [`Model::objects`].
    pub ty: usize,
    pub summary: Text,
    pub source: String,
    /// The answer the gateway expects: status, body, content type, and where that is stated.
    pub answer: Option<(u16, String, String, String)>,
    /// How the gateway writes it, where the document says.
    pub format: Option<BodyFormat>,
}

impl Model {
    /// The object type named `name`, if there is one.
    #[cfg(test)]
    pub(crate) fn object_named(&self, name: &str) -> Option<&Object> {
        self.objects.iter().find(|o| o.name == name)
    }

    /// The enum type named `name`, if there is one.
    pub(crate) fn enum_named(&self, name: &str) -> Option<&Enum> {
        self.enums.iter().find(|e| e.name == name)
    }

    /// The request type of `op`.
    pub(crate) fn request(&self, op: &Operation) -> &Object {
        &self.objects[op.request]
    }

    /// The response type of `op`.
    pub(crate) fn response(&self, op: &Operation) -> &Object {
        &self.objects[op.response]
    }

    /// The operations whose response types differ, the first of each.
    pub(crate) fn outcomes(&self) -> Vec<&Operation> {
        let mut seen = std::collections::BTreeSet::new();
        self.operations
            .iter()
            .filter(|op| seen.insert(op.response))
            .collect()
    }

    /// Whether a used auth scheme reads the clock: only then does the client hold one.
    pub(crate) fn uses_clock(&self) -> bool {
        self.auth
            .iter()
            .any(|auth| auth.used && (auth.uses_timestamp() || auth.token.is_some()))
            || (self.objects.iter())
                .flat_map(|o| &o.fields)
                .any(|f| f.clock.is_some())
    }

    /// The used auth schemes whose `{token}` the client fetches and keeps.
    pub(crate) fn token_schemes(&self) -> impl Iterator<Item = (&Auth, &TokenPlan)> {
        (self.auth.iter())
            .filter(|auth| auth.used)
            .filter_map(|auth| Some((auth, auth.token.as_ref()?)))
    }

    /// Whether a value of type `ty` is `Copy` in generated code.
    pub(crate) fn is_copy(&self, ty: &RustType) -> bool {
        match ty {
            RustType::Integer | RustType::Decimal(_) | RustType::Boolean => true,
            RustType::Enum(name) => self.enum_named(name).is_some_and(|e| !e.open),
            _ => false,
        }
    }
}

impl Auth {
    /// Whether a header or the signed message carries `{timestamp_ms}`.
    pub(crate) fn uses_timestamp(&self) -> bool {
        let in_headers = self
            .headers
            .iter()
            .any(|(_, pieces)| pieces.contains(&HeaderPiece::Timestamp));
        let in_message = self
            .signature
            .iter()
            .any(|s| s.message.contains(&MessagePiece::Timestamp));
        in_headers || in_message
    }
}

impl Signature {
    /// Whether the signed message contains `piece`.
    pub(crate) fn signs(&self, piece: &MessagePiece) -> bool {
        self.message.contains(piece)
    }
}

impl Object {
    /// The fields the client computes before sending, with their digests.
    #[cfg(test)]
    pub(crate) fn computed_fields(&self) -> Vec<(&ObjectField, &Digest)> {
        self.fields
            .iter()
            .filter_map(|f| f.computed.as_ref().map(|digest| (f, digest)))
            .collect()
    }

    /// The fields the client fills before sending: computed digests and credentials.
    pub(crate) fn filled_fields(&self) -> Vec<&ObjectField> {
        self.fields
            .iter()
            .filter(|f| f.filled_by_client())
            .collect()
    }

    /// The fields the client verifies on receipt, with their digests.
    pub(crate) fn verified_fields(&self) -> Vec<(&ObjectField, &Digest)> {
        self.fields
            .iter()
            .filter_map(|f| f.verify.as_ref().map(|digest| (f, digest)))
            .collect()
    }
}

impl ObjectField {
    pub(crate) fn is_const(&self) -> bool {
        matches!(self.ty, RustType::Const(_))
    }

    /// Whether the caller sets the field: consts and computed fields are filled in by
    /// generated code and are not struct fields.
    pub(crate) fn is_struct_field(&self) -> bool {
        !self.is_const() && !self.filled_by_client()
    }

    /// Whether generated code fills the field from other fields or credentials.
    pub(crate) fn filled_by_client(&self) -> bool {
        self.computed.is_some() || self.credential.is_some() || self.clock.is_some()
    }

    /// Whether the field is required whatever the other fields hold.
    pub(crate) fn always_required(&self) -> bool {
        matches!(self.requirement, Requirement::Always)
    }
}

impl RustType {
    /// The type as a spec writes it (`string`, `array`, ...), for the docs.
    pub(crate) fn spec_name(&self) -> &'static str {
        match self {
            RustType::String => "string",
            RustType::Integer => "integer",
            RustType::Decimal(_) => "decimal",
            RustType::Boolean => "boolean",
            RustType::Object(_) => "object",
            RustType::Enum(_) => "enum",
            RustType::Vec(_) => "array",
            RustType::Const(_) => "const",
        }
    }
}
