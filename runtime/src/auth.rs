//! Authentication and integrity primitives that generated clients compose from their specs'
//! recipes: clocks, HMAC-SHA256 signatures, SHA-256 digests, header construction, and the
//! constant-time comparison of digests a gateway sends back.
//!
//! Credentials are held as [`SecretString`]: they print as `[REDACTED]` in Debug output, and
//! headers built from them are marked sensitive so HTTP-level logging hides them too.

use crate::error::{Error, Result};
use base64::Engine as _;
use hmac::{Hmac, Mac};
pub use secrecy::{ExposeSecret, SecretString};
use sha2::{Digest, Sha256};
use std::fmt::Debug;
use std::time::{SystemTime, UNIX_EPOCH};
use subtle::ConstantTimeEq;

/// Where a client reads the time for timestamped signatures; injectable so tests are exact.
pub trait Clock: Debug + Send + Sync {
    /// Milliseconds since the Unix epoch.
    fn now_millis(&self) -> u64;
}

/// The system clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now_millis(&self) -> u64 {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
    }
}

/// A clock stopped at one instant, for tests and replays.
#[derive(Debug, Clone, Copy)]
pub struct FixedClock(pub u64);

impl Clock for FixedClock {
    fn now_millis(&self) -> u64 {
        self.0
    }
}

/// HMAC-SHA256 of the concatenation of `parts` under `key`.
pub fn hmac_sha256(key: &[u8], parts: &[&[u8]]) -> [u8; 32] {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key).expect("HMAC accepts any key length");
    for part in parts {
        mac.update(part);
    }
    mac.finalize().into_bytes().into()
}

/// SHA-256 of the concatenation of `parts`.
pub fn sha256(parts: &[&[u8]]) -> [u8; 32] {
    let mut hasher = Sha256::new();
    for part in parts {
        hasher.update(part);
    }
    hasher.finalize().into()
}

/// SHA-512 of the concatenation of `parts`.
pub fn sha512(parts: &[&[u8]]) -> [u8; 64] {
    let mut hasher = sha2::Sha512::new();
    for part in parts {
        hasher.update(part);
    }
    hasher.finalize().into()
}

/// Whether `received` is `expected` written as hex (in either case) or, when `base64` is set,
/// as standard base64; compared in constant time.
pub fn digest_matches(expected: &[u8], received: &str, base64: bool) -> bool {
    let decoded = if base64 {
        base64::engine::general_purpose::STANDARD
            .decode(received)
            .ok()
    } else {
        hex::decode(received).ok()
    };
    // A length mismatch says nothing about the digest's bytes, so it may end early.
    decoded.is_some_and(|bytes| bytes.len() == expected.len() && bool::from(expected.ct_eq(&bytes)))
}

/// Standard base64 with padding.
pub fn base64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// The HTTP Basic credentials of `user` and `password` (RFC 7617): base64 of `user:password`,
/// the text after `Basic ` in an `Authorization` header.
pub fn basic(user: &str, password: &str) -> String {
    let mut pair = Vec::with_capacity(user.len() + 1 + password.len());
    pair.extend_from_slice(user.as_bytes());
    pair.push(b':');
    pair.extend_from_slice(password.as_bytes());
    base64(&pair)
}

/// Lower-case hexadecimal.
pub fn hex_lower(bytes: &[u8]) -> String {
    hex::encode(bytes)
}

/// Whether `received` is the hex form of `expected`, in either case, compared in constant time.
pub fn hex_digest_matches(expected: &[u8; 32], received: &str) -> bool {
    digest_matches(expected, received, false)
}

/// A request header built from a recipe; `sensitive` hides the value from HTTP-level logging.
pub fn header(
    name: &'static str,
    value: &str,
    sensitive: bool,
) -> Result<(reqwest::header::HeaderName, reqwest::header::HeaderValue)> {
    let header_name = reqwest::header::HeaderName::from_static(name);
    let mut header_value =
        reqwest::header::HeaderValue::from_str(value).map_err(|_| Error::InvalidHeader { name })?;
    header_value.set_sensitive(sensitive);
    Ok((header_name, header_value))
}

#[cfg(test)]
mod tests {

    #[test]
    fn basic_credentials_are_the_rfc_7617_pair() {
        // RFC 7617 section 2's example, and Toss Payments' secret key with an empty password
        // (python3 -c 'import base64; print(base64.b64encode(b"test_sk_123:").decode())').
        assert_eq!(
            super::basic("Aladdin", "open sesame"),
            "QWxhZGRpbjpvcGVuIHNlc2FtZQ=="
        );
        assert_eq!(super::basic("test_sk_123", ""), "dGVzdF9za18xMjM6");
    }

    use super::*;

    // RFC 4231, test case 2: key "Jefe", data "what do ya want for nothing?".
    #[test]
    fn hmac_matches_rfc_4231_case_2() {
        let mac = hmac_sha256(b"Jefe", &[b"what do ya want ", b"for nothing?"]);
        assert_eq!(
            hex_lower(&mac),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    // FIPS 180-2 appendix B.1: SHA-256("abc").
    #[test]
    fn sha256_matches_fips_180_2() {
        assert_eq!(
            hex_lower(&sha256(&[b"a", b"bc"])),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn digests_compare_in_either_case_and_reject_garbage() {
        let digest = sha256(&[b"abc"]);
        let lower = hex_lower(&digest);
        assert!(hex_digest_matches(&digest, &lower));
        assert!(hex_digest_matches(&digest, &lower.to_uppercase()));
        assert!(!hex_digest_matches(&digest, &lower[..62]));
        assert!(!hex_digest_matches(&digest, "zz"));
        assert!(!hex_digest_matches(&digest, &format!(" {lower}")));
        let mut other = lower.into_bytes();
        other[0] = if other[0] == b'b' { b'c' } else { b'b' };
        assert!(!hex_digest_matches(
            &digest,
            std::str::from_utf8(&other).unwrap()
        ));
    }

    // FIPS 180-2 appendix C.1: SHA-512("abc"); and its base64 from Python's
    // base64.b64encode(hashlib.sha512(b"abc").digest()).
    #[test]
    fn sha512_matches_fips_180_2_and_verifies_as_hex_or_base64() {
        let digest = sha512(&[b"ab", b"c"]);
        let hex = "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f";
        assert_eq!(hex_lower(&digest), hex);
        assert!(digest_matches(&digest, hex, false));
        assert!(digest_matches(&digest, &hex.to_uppercase(), false));
        let b64 = "3a81oZNherrMQXNJriBBMRLm+k6JqX6iCp7u5ktV05ohkpkqJ0/BqDa6PCOj/uu9RU1EI2Q86A4qmslPpUyknw==";
        assert_eq!(base64(&digest), b64);
        assert!(digest_matches(&digest, b64, true));
        assert!(!digest_matches(&digest, hex, true));
        assert!(!digest_matches(&digest, &hex[..64], false));
        assert!(!digest_matches(&sha256(&[b"abc"]), hex, false));
    }

    #[test]
    fn header_values_with_control_characters_are_refused_without_the_value() {
        let err = header("x-api-key", "abc\ndef", true).unwrap_err();
        assert_eq!(
            err.to_string(),
            "header `x-api-key` has characters HTTP does not allow"
        );
        let (_, value) = header("authorization", "SPGKEY k", true).unwrap();
        assert!(value.is_sensitive());
    }
}
