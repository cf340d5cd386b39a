//! Run-time support for the payment-gateway clients that `paygen-codegen` generates.
//!
//! Generated code depends on this crate alone: it re-exports the validation derive, and the
//! serde / reqwest versions the generated structs and clients are built against. Everything here
//! is hand-written and vendor-neutral:
//!
//! - [`validate`]: the [`Validate`] trait, field paths, and the [`ValidationErrors`] that list
//!   every violation of a request at once (never a field's value, which may be personal data);
//! - [`bytes`]: byte counting in the encoding a gateway sizes its fields in;
//! - [`charset`]: bodies read and written strictly in UTF-8 or EUC-KR;
//! - [`auth`]: clocks, HMAC and SHA-256 recipes, sensitive headers, constant-time digest checks;
//! - [`token`]: bearer tokens a gateway issues, kept, shared and refreshed;
//! - [`idempotency`]: the keys of writes a gateway deduplicates by a header;
//! - [`time`]: ISO 8601 times read, and the client's clock written, as documents state them;
//! - [`lenient`]: decoding of numbers sent as strings and strings sent as numbers;
//! - [`http`]: the connection limits and retry policy a client is built with (the plumbing that
//!   sends, caps, decodes and interprets is generated code's, under `__private`);
//! - [`recovery`]: the [`recovery::Resolution`] a status query gives an unknown outcome;
//! - [`redact`]: the marker that masks personal data in `Debug` output;
//! - `mock` (feature `mock`): the loopback server behind every generated `MockGateway`;
//! - [`error`]: the one [`Error`] enum a generated client returns, and its [`Result`] alias.

pub mod auth;
pub mod bytes;
pub mod charset;
pub mod decimal;
pub mod error;
pub mod idempotency;
pub mod lenient;
#[cfg(feature = "mock")]
pub mod mock;
pub mod recovery;
pub mod redact;
pub mod time;
pub mod token;
mod transport;
pub mod validate;

/// The settings of a client's connection to its gateway: limits and retries. Each generated
/// module's `DEFAULT_LIMITS` is a [`Limits`](http::Limits); `ClientBuilder::retry` takes a
/// [`RetryPolicy`](http::RetryPolicy).
pub mod http {
    pub use crate::transport::{Limits, RetryPolicy};
    /// The `reqwest` generated clients are built on: `ClientBuilder::http_client` takes its
    /// `Client`, so an app that builds its own (proxies, connection pool, default headers) names
    /// this one, or depends on the same `reqwest` version.
    pub use reqwest;
}

pub use bytes::Encoding;
pub use decimal::Decimal;
/// The answer a gateway expects back from a callback, as its document states it: the merchant's
/// handler returns it once it has taken the callback in (a generated callback type's `ANSWER`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CallbackAnswer {
    /// The HTTP status.
    pub status: u16,
    /// The body, exactly.
    pub body: &'static str,
    /// Its `Content-Type`.
    pub content_type: &'static str,
}

pub use error::{AnswerBody, ApiFailure, DecodeCategory, Error, Result, UnknownCode};
/// Derives [`Validate`] from `#[validate(...)]` field attributes; see the `paygen-macros` crate.
pub use paygen_macros::Validate;
pub use validate::{Format, GroupKind, Path, Rule, Validate, ValidationErrors, Violation};

/// Re-exports for generated code, so a crate holding generated code needs no direct dependency
/// on these crates (and cannot drift to another version of them). Not a public API.
#[doc(hidden)]
pub mod __private {
    /// The HTTP plumbing generated clients call: preparing, sending, capping, decoding and
    /// interpreting a call.
    pub mod http {
        pub use crate::transport::{
            content_type, decode, decode_error_body, decode_form_answer, decode_form_in,
            decode_json_callback_in, encode_form, encode_form_filled, encode_form_in, encode_json,
            encode_json_filled, encode_json_in, interpret, interpret_form, interpret_write,
            interpret_write_form, path_segment, query_string, Call, Outcome, Prepared, RawResponse,
            ResultCode, Safety, Transport, FORM_CONTENT_TYPE,
        };
    }
    pub use bon;
    pub use reqwest;
    pub use secrecy;
    pub use serde;
    pub use serde_json;
}
