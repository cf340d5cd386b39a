//! HTTP plumbing for generated clients: one configured `reqwest` client per gateway client, a
//! capped body read, and the interpretation of an answer as success, API error or decode error.

use crate::error::{ApiFailure, DecodeCategory, Error, Result};
use reqwest::header::HeaderMap;
use reqwest::Method;
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::time::Duration;

/// Connection and size limits of a gateway client.
#[derive(Debug, Clone)]
pub struct Limits {
    /// How long to wait for a TCP + TLS connection.
    pub connect_timeout: Duration,
    /// How long a whole call may take, from sending to the last byte of the response.
    pub timeout: Duration,
    /// The most response-body bytes read before the call fails.
    pub max_response_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            connect_timeout: Duration::from_secs(5),
            timeout: Duration::from_secs(30),
            max_response_bytes: 1024 * 1024,
        }
    }
}

/// A response whose interpretation is up to the operation: HTTP status and body bytes.
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
    /// `None` on success, else the gateway's code, message and detail.
    fn failure(&self) -> Option<ApiFailure>;
}

/// The HTTP side of a generated client: base URL, `reqwest` client and limits.
#[derive(Debug, Clone)]
pub struct Transport {
    client: reqwest::Client,
    base_url: String,
    limits: Limits,
}

impl Transport {
    /// A transport for `base_url` (scheme and host, optionally a path prefix; no trailing `/`
    /// needed) with rustls and the given limits.
    pub fn new(base_url: &str, limits: Limits) -> Result<Self> {
        let client = reqwest::Client::builder()
            .use_rustls_tls()
            .connect_timeout(limits.connect_timeout)
            .timeout(limits.timeout)
            .build()
            .map_err(Error::Config)?;
        Ok(Transport {
            client,
            base_url: base_url.trim_end_matches('/').to_owned(),
            limits,
        })
    }

    /// The base URL every operation path is appended to.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Sends `method base_url + path_and_query` with `headers` and, if given, a JSON body.
    ///
    /// Generated operations validate and sign before calling this, so nothing reaches the
    /// network before the request has passed its checks.
    pub async fn send(
        &self,
        method: Method,
        path_and_query: &str,
        body: Option<Vec<u8>>,
        headers: HeaderMap,
    ) -> Result<RawResponse> {
        let url = format!("{}{}", self.base_url, path_and_query);
        let mut builder = self
            .client
            .request(method, url)
            .header(reqwest::header::ACCEPT, "application/json")
            .headers(headers);
        if let Some(body) = body {
            builder = builder
                .header(
                    reqwest::header::CONTENT_TYPE,
                    "application/json; charset=utf-8",
                )
                .body(body);
        }
        self.execute(builder).await
    }

    async fn execute(&self, builder: reqwest::RequestBuilder) -> Result<RawResponse> {
        let mut response = builder.send().await.map_err(Error::Transport)?;
        let status = response.status().as_u16();
        let limit = self.limits.max_response_bytes;
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(Error::Transport)? {
            if body.len() + chunk.len() > limit {
                return Err(Error::ResponseTooLarge { limit });
            }
            body.extend_from_slice(&chunk);
        }
        Ok(RawResponse { status, body })
    }
}

/// The JSON body of a request, exactly the bytes that are signed and sent.
pub fn encode_json<T: Serialize>(value: &T) -> Result<Vec<u8>> {
    serde_json::to_vec(value).map_err(Error::Encode)
}

/// Decodes a callback body sent as `application/x-www-form-urlencoded`.
pub fn decode_form<T: DeserializeOwned>(body: &[u8]) -> Result<T> {
    let de = serde_urlencoded::Deserializer::new(form_urlencoded::parse(body));
    serde_path_to_error::deserialize(de).map_err(|err| Error::Callback {
        path: err.path().to_string(),
        category: DecodeCategory::Data,
    })
}

/// Decodes a callback body sent as JSON.
pub fn decode_json_callback<T: DeserializeOwned>(body: &[u8]) -> Result<T> {
    let mut de = serde_json::Deserializer::from_slice(body);
    let value = serde_path_to_error::deserialize(&mut de).map_err(|err| Error::Callback {
        path: err.path().to_string(),
        category: err.inner().classify().into(),
    })?;
    de.end().map_err(|err| Error::Callback {
        path: ".".to_owned(),
        category: err.classify().into(),
    })?;
    Ok(value)
}

/// `value` percent-encoded for use as one path segment.
pub fn path_segment(value: &str) -> String {
    percent_encoding::utf8_percent_encode(value, PATH_SEGMENT).to_string()
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
    let success_status = (200..300).contains(&raw.status);
    let parsed = match decode::<R>(raw) {
        Ok(parsed) => parsed,
        Err(_) if !success_status => return Err(Error::HttpStatus { status: raw.status }),
        Err(err) => return Err(err),
    };
    if let Some(failure) = parsed.failure() {
        return Err(Error::Api {
            status: raw.status,
            failure,
        });
    }
    if !success_status {
        return Err(Error::HttpStatus { status: raw.status });
    }
    Ok(parsed)
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
    let mut de = serde_json::Deserializer::from_slice(&raw.body);
    let value: R = serde_path_to_error::deserialize(&mut de)
        .map_err(|err| decode_error(err.path().to_string(), err.inner()))?;
    // Trailing bytes after the JSON value mean the body is not what the gateway documents.
    de.end().map_err(|err| decode_error(".".to_owned(), &err))?;
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_segments_escape_separators() {
        assert_eq!(path_segment("tpay_test-2021.08~x"), "tpay_test-2021.08~x");
        assert_eq!(path_segment("a/b?c%d e"), "a%2Fb%3Fc%25d%20e");
        assert_eq!(path_segment("거래"), "%EA%B1%B0%EB%9E%98");
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
