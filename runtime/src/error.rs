//! The one error type of every generated client.
//!
//! Each variant says how far a call got, because that decides what a payments team does next:
//! a [`Error::Validation`] was never sent; a [`Error::Api`] was answered with a business error
//! code; a [`Error::Decode`] was answered, but the answer could not be read. No variant carries a
//! request value, a secret or a raw response body. The one text taken from a response is the
//! gateway's own result message in [`Error::Api`] (its reason for refusing), kept verbatim
//! because support needs it; nothing else from the answer comes along.

use crate::validate::ValidationErrors;
use serde::Serialize;
use std::fmt;

/// The result of a generated client call.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything a generated client call can fail with.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The request broke the gateway's documented rules; nothing was sent. The message lists
    /// every violation, so the violations are not also a `source()` (a reporter that prints the
    /// chain would print them twice).
    #[error("request failed validation and was not sent: {0}")]
    Validation(ValidationErrors),
    /// The request could not be serialised; nothing was sent.
    #[error("request could not be encoded and was not sent")]
    Encode(#[source] serde_json::Error),
    /// The request could not be written as a form body (a value a form cannot hold); nothing
    /// was sent.
    #[error("request could not be encoded as a form and was not sent")]
    EncodeForm(#[source] serde_urlencoded::ser::Error),
    /// The request holds a character the charset it is sent in cannot hold (an emoji in a body
    /// sent as EUC-KR); nothing was sent. Which field is not said: the value may be personal.
    #[error("request has a character {} cannot hold and was not sent", charset.name())]
    Unencodable {
        /// The charset the body is sent in.
        charset: crate::Encoding,
    },
    /// The HTTP client could not be built from the configuration given.
    #[error("HTTP client could not be configured")]
    Config(#[source] reqwest::Error),
    /// A credential could not be put into a request header; nothing was sent.
    #[error("header `{name}` has characters HTTP does not allow")]
    InvalidHeader {
        /// The header's name.
        name: &'static str,
    },
    /// The request did not complete at the transport level (connect, TLS, timeout, reset).
    #[error("transport error talking to the gateway")]
    Transport(#[source] reqwest::Error),
    /// The response body was larger than the client accepts.
    #[error("gateway response exceeded the {limit}-byte limit")]
    ResponseTooLarge {
        /// The most bytes the client reads.
        limit: usize,
    },
    /// A write the gateway does not deduplicate (an approval, a cancel) may have been processed,
    /// but no answer was read: the request timed out, the connection broke after sending, or the
    /// answer was unreadable. It is NOT known to have failed, and it was not retried. Resolve it
    /// with the gateway's status query before doing anything else (see the README's recovery
    /// flow); sending it again could charge or cancel twice.
    /// What went wrong after the request left is its `source()`.
    #[error("outcome of `{operation}` is unknown: the gateway may have processed it")]
    OutcomeUnknown {
        /// The operation, as the client method is named.
        operation: &'static str,
        /// What went wrong after the request left.
        #[source]
        cause: Box<Error>,
    },
    /// The gateway answered with a non-success HTTP status and no result code could be read.
    #[error("gateway answered HTTP {status}")]
    HttpStatus {
        /// The HTTP status code.
        status: u16,
        /// What the answer's body held, for the app to inspect (a gateway's error page, a proxy's
        /// message); printed only as its size, since it may echo request data.
        body: AnswerBody,
    },
    /// The gateway answered with a result code other than its documented success code.
    #[error("gateway returned error code `{}` (HTTP {status}): {}{}", failure.code, failure.message, DetailSuffix(&failure.detail))]
    Api {
        /// The HTTP status code.
        status: u16,
        /// The gateway's code, message and detail.
        failure: ApiFailure,
    },
    /// The gateway answered with a success code, but a digest it sent does not match the one
    /// computed from the answer and the merchant's key: the answer may have been tampered with
    /// or mixed up. Do not treat the payment as settled; confirm its state through a status
    /// query before acting on it.
    #[error("gateway response failed its integrity check: `{field}` does not match")]
    Integrity {
        /// The wire name of the digest field.
        field: &'static str,
    },
    /// A callback the merchant received (such as Shinhan's return_url POST) could not be decoded.
    #[error("callback body could not be decoded at `{path}`: {category}")]
    Callback {
        /// The field at which decoding stopped (`.` for the body itself).
        path: String,
        /// What kind of problem it was.
        category: DecodeCategory,
    },
    /// The gateway answered, but its response body is not what its documentation describes.
    #[error("gateway response could not be decoded at `{path}`: {category} (line {line}, column {column})")]
    Decode {
        /// The HTTP status code.
        status: u16,
        /// The JSON path at which decoding stopped (`.` for the document itself).
        path: String,
        /// What kind of problem it was.
        category: DecodeCategory,
        /// The line of the response body at which decoding stopped.
        line: usize,
        /// The column at which decoding stopped.
        column: usize,
    },
}

/// The bytes of an answer kept on an error: reachable with [`AnswerBody::bytes`], never printed
/// (its `Debug` shows the size alone).
#[derive(Clone, Default, PartialEq, Eq)]
pub struct AnswerBody(pub Vec<u8>);

impl AnswerBody {
    /// The body as received.
    pub fn bytes(&self) -> &[u8] {
        &self.0
    }
}

impl std::fmt::Debug for AnswerBody {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "AnswerBody({} bytes)", self.0.len())
    }
}

impl From<ValidationErrors> for Error {
    fn from(errors: ValidationErrors) -> Self {
        Error::Validation(errors)
    }
}

/// A gateway's business error: its result code, message and detail, as it sent them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ApiFailure {
    /// The result code, such as KICC's `resCd`.
    pub code: String,
    /// The gateway's message for the code (empty if it sent none).
    pub message: String,
    /// The gateway's detail message, if it sent one.
    pub detail: Option<String>,
    /// The answer's body as received, for an operation's declared error type to read
    /// (`<ErrorType>::from_error`); never serialised, and printed only as its size.
    #[serde(skip)]
    pub body: AnswerBody,
}

/// What kind of problem stopped decoding a response.
///
/// serde_json's own messages quote the offending input, which may be personal data, so only the
/// category, path and position are kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub enum DecodeCategory {
    /// The body is not valid JSON.
    Syntax,
    /// The JSON is valid, but a field is missing or of the wrong type.
    Data,
    /// The body ended in the middle of a JSON value.
    Eof,
    /// The body could not be read.
    Io,
    /// The body holds bytes that are not valid in the charset it was read in (EUC-KR read as
    /// UTF-8, or a truncated character): refused rather than read with U+FFFD in their place.
    Charset,
}

impl fmt::Display for DecodeCategory {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            DecodeCategory::Syntax => "not valid JSON",
            DecodeCategory::Data => "a field is missing or has the wrong type",
            DecodeCategory::Eof => "the body ends early",
            DecodeCategory::Io => "the body could not be read",
            DecodeCategory::Charset => "bytes that are not valid in the body's charset",
        })
    }
}

impl From<serde_json::error::Category> for DecodeCategory {
    fn from(category: serde_json::error::Category) -> Self {
        use serde_json::error::Category;
        match category {
            Category::Syntax => DecodeCategory::Syntax,
            Category::Data => DecodeCategory::Data,
            Category::Eof => DecodeCategory::Eof,
            Category::Io => DecodeCategory::Io,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::{check, Path};

    /// Every message of an error's `source()` chain, outermost first.
    fn chain(error: &Error) -> Vec<String> {
        let mut messages = vec![error.to_string()];
        let mut next = std::error::Error::source(error);
        while let Some(source) = next {
            messages.push(source.to_string());
            next = source.source();
        }
        messages
    }

    #[test]
    fn validation_lists_its_violations_once_in_the_chain() {
        let mut errors = ValidationErrors::default();
        check::chars(
            &mut errors,
            &Path::root().field("goodsName"),
            "상품",
            crate::validate::CharClass::Ascii,
        );
        let error = Error::from(errors);
        let messages = chain(&error);
        assert_eq!(messages.len(), 1, "{messages:?}");
        assert_eq!(messages[0].matches("goodsName").count(), 1, "{messages:?}");
    }

    #[test]
    fn a_business_error_shows_the_gateways_detail_when_it_sent_one() {
        let api = |detail: Option<&str>| Error::Api {
            status: 200,
            failure: ApiFailure {
                code: "R102".into(),
                message: "한도초과".into(),
                detail: detail.map(str::to_owned),
                body: AnswerBody::default(),
            },
        };
        assert_eq!(
            api(Some("card limit exceeded")).to_string(),
            "gateway returned error code `R102` (HTTP 200): 한도초과 (detail: card limit exceeded)"
        );
        assert_eq!(
            api(None).to_string(),
            "gateway returned error code `R102` (HTTP 200): 한도초과"
        );
        assert_eq!(api(Some("")).to_string(), api(None).to_string());
    }

    #[test]
    fn an_unknown_outcome_exposes_its_cause_as_its_source() {
        let error = Error::OutcomeUnknown {
            operation: "confirm_payment",
            cause: Box::new(Error::HttpStatus {
                status: 502,
                body: AnswerBody::default(),
            }),
        };
        let messages = chain(&error);
        assert_eq!(
            messages,
            [
                "outcome of `confirm_payment` is unknown: the gateway may have processed it",
                "gateway answered HTTP 502",
            ]
        );
    }
}

/// A text that is not one of an enum's documented codes, from a generated enum's `FromStr`.
///
/// It names the enum, not the text, which may have come from anywhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("not a documented `{type_name}` code")]
pub struct UnknownCode {
    /// The enum's name, such as `TradeType`.
    pub type_name: &'static str,
}

/// `; detail: ...` when the gateway sent a detail, for [`Error::Api`]'s message.
struct DetailSuffix<'a>(&'a Option<String>);

impl fmt::Display for DetailSuffix<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(detail) if !detail.is_empty() => write!(f, " (detail: {detail})"),
            _ => Ok(()),
        }
    }
}
