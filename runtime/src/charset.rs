//! The charset a body travels in: UTF-8, or EUC-KR as many Korean gateways still send and expect
//! (NICEPAY answers in it when asked with `returnCharSet`, and posts its payment window's
//! result in it when opened so).
//!
//! Decoding is strict: bytes that are not valid in the charset are an error, never U+FFFD text,
//! since a name or an amount silently replaced by `�` is worse than a refusal. Transcoding goes
//! through `encoding_rs`, the WHATWG implementation browsers use, so EUC-KR here means the
//! CP949 / windows-949 repertoire, as it does for byte counting ([`crate::bytes`]).

use crate::Encoding;
use std::borrow::Cow;

/// Bytes that are not valid in the charset a body was declared to be in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InvalidBytes {
    /// The charset the body was read in.
    pub charset: Encoding,
}

/// The charset a `charset` label names (`utf-8`, `euc-kr`, and their WHATWG aliases such as
/// `ks_c_5601-1987`, `cp949` or `utf8`); `None` for any other.
pub fn from_label(label: &str) -> Option<Encoding> {
    let encoding = encoding_rs::Encoding::for_label(label.trim().as_bytes())?;
    if encoding == encoding_rs::UTF_8 {
        Some(Encoding::Utf8)
    } else if encoding == encoding_rs::EUC_KR {
        Some(Encoding::EucKr)
    } else {
        None
    }
}

/// The charset a `Content-Type` value declares (`application/json; charset=euc-kr`), if it
/// declares one this module reads.
pub fn of_content_type(value: &str) -> Option<Encoding> {
    value.split(';').skip(1).find_map(|parameter| {
        let (name, label) = parameter.split_once('=')?;
        (name.trim().eq_ignore_ascii_case("charset"))
            .then(|| from_label(label.trim().trim_matches('"')))
            .flatten()
    })
}

/// `bytes` read in `charset`, or [`InvalidBytes`] if any of them is not valid there.
pub fn decode(bytes: &[u8], charset: Encoding) -> Result<Cow<'_, str>, InvalidBytes> {
    let invalid = InvalidBytes { charset };
    match charset {
        Encoding::Utf8 => std::str::from_utf8(bytes)
            .map(Cow::Borrowed)
            .map_err(|_| invalid),
        Encoding::EucKr => encoding_rs::EUC_KR
            .decode_without_bom_handling_and_without_replacement(bytes)
            .ok_or(invalid),
    }
}

/// `text` written in `charset`, or `None` if it holds a character the charset cannot hold
/// (`encoding_rs` would write it as an HTML numeric reference, which no gateway reads back).
pub fn encode(text: &str, charset: Encoding) -> Option<Cow<'_, [u8]>> {
    match charset {
        Encoding::Utf8 => Some(Cow::Borrowed(text.as_bytes())),
        Encoding::EucKr => {
            let (bytes, _, unmappable) = encoding_rs::EUC_KR.encode(text);
            (!unmappable).then_some(bytes)
        }
    }
}

/// A form body (`a=1&b=%C7%D1`) whose percent-escaped bytes are in `charset`, rewritten with
/// UTF-8 escapes, so that a UTF-8 form decoder reads it without loss. Keys and values are
/// checked alike: a byte invalid in `charset` is [`InvalidBytes`].
pub fn form_to_utf8(body: &[u8], charset: Encoding) -> Result<String, InvalidBytes> {
    let mut out = form_urlencoded::Serializer::new(String::new());
    for pair in body.split(|&b| b == b'&').filter(|pair| !pair.is_empty()) {
        let (key, value) = match pair.iter().position(|&b| b == b'=') {
            Some(at) => (&pair[..at], &pair[at + 1..]),
            None => (pair, &[][..]),
        };
        out.append_pair(
            &decode(&unescape(key), charset)?,
            &decode(&unescape(value), charset)?,
        );
    }
    Ok(out.finish())
}

/// A UTF-8 form body rewritten with its values' bytes in `charset`, or `None` if a key or value
/// holds a character `charset` cannot hold. Pairs keep their order.
pub fn form_from_utf8(body: &str, charset: Encoding) -> Option<String> {
    if charset == Encoding::Utf8 {
        return Some(body.to_owned());
    }
    let mut out = String::with_capacity(body.len());
    for (key, value) in form_urlencoded::parse(body.as_bytes()) {
        if !out.is_empty() {
            out.push('&');
        }
        out.extend(form_urlencoded::byte_serialize(&encode(&key, charset)?));
        out.push('=');
        out.extend(form_urlencoded::byte_serialize(&encode(&value, charset)?));
    }
    Some(out)
}

/// The bytes of a form key or value: `+` is a space and `%XY` the byte XY.
fn unescape(text: &[u8]) -> Vec<u8> {
    let spaced: Vec<u8> = text
        .iter()
        .map(|&b| if b == b'+' { b' ' } else { b })
        .collect();
    percent_encoding::percent_decode(&spaced).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    // "한글" in EUC-KR is C7 D1 B1 DB (KS X 1001; Python: "한글".encode("euc-kr")).
    const HANGUL_EUC_KR: &[u8] = &[0xC7, 0xD1, 0xB1, 0xDB];

    #[test]
    fn labels_and_content_types_name_the_two_charsets() {
        assert_eq!(from_label("EUC-KR"), Some(Encoding::EucKr));
        assert_eq!(from_label("ks_c_5601-1987"), Some(Encoding::EucKr));
        assert_eq!(from_label("utf8"), Some(Encoding::Utf8));
        assert_eq!(from_label("iso-8859-1"), None);
        assert_eq!(
            of_content_type("application/json; charset=\"euc-kr\""),
            Some(Encoding::EucKr)
        );
        assert_eq!(
            of_content_type("text/html;CHARSET=UTF-8"),
            Some(Encoding::Utf8)
        );
        assert_eq!(of_content_type("application/json"), None);
    }

    #[test]
    fn decoding_is_strict() {
        assert_eq!(decode(HANGUL_EUC_KR, Encoding::EucKr).unwrap(), "한글");
        // A lead byte without its trail byte, and UTF-8 read as EUC-KR or the other way round.
        for (bytes, charset) in [
            (&HANGUL_EUC_KR[..3], Encoding::EucKr),
            ("한글".as_bytes(), Encoding::EucKr),
            (HANGUL_EUC_KR, Encoding::Utf8),
        ] {
            assert_eq!(decode(bytes, charset), Err(InvalidBytes { charset }));
        }
    }

    #[test]
    fn encoding_refuses_what_the_charset_cannot_hold() {
        assert_eq!(encode("한글", Encoding::EucKr).unwrap(), HANGUL_EUC_KR);
        assert_eq!(encode("😀", Encoding::EucKr), None);
        assert_eq!(encode("😀", Encoding::Utf8).unwrap(), "😀".as_bytes());
    }

    #[test]
    fn forms_are_rewritten_between_charsets_without_loss() {
        let euc_kr = b"name=%C7%D1%B1%DB&note=a+b%26c&empty=&flag";
        let utf8 = form_to_utf8(euc_kr, Encoding::EucKr).unwrap();
        let pairs: Vec<(String, String)> = form_urlencoded::parse(utf8.as_bytes())
            .into_owned()
            .collect();
        let expected = [
            ("name", "한글"),
            ("note", "a b&c"),
            ("empty", ""),
            ("flag", ""),
        ];
        assert_eq!(pairs, expected.map(|(k, v)| (k.to_owned(), v.to_owned())));
        assert_eq!(
            form_from_utf8(&utf8, Encoding::EucKr).unwrap(),
            "name=%C7%D1%B1%DB&note=a+b%26c&empty=&flag="
        );
        assert_eq!(
            form_to_utf8(b"name=%C7%D1%B1", Encoding::EucKr),
            Err(InvalidBytes {
                charset: Encoding::EucKr
            })
        );
        // The same escapes read as UTF-8 are invalid there: never U+FFFD.
        assert!(form_to_utf8(b"name=%C7%D1", Encoding::Utf8).is_err());
        assert_eq!(form_from_utf8("name=%F0%9F%98%80", Encoding::EucKr), None);
    }
}
