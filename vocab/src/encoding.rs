//! Byte counting in the encoding a gateway sizes its fields in.
//!
//! Korean gateways state field sizes in bytes, and the same text has a different size in
//! different encodings (a Hangul syllable is 3 bytes in UTF-8). The encoding is a property of the
//! vendor, declared in its spec, so every length check names the encoding it counted in.

use crate::Encoding;

/// What a text measures in an encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Measure {
    /// The bytes the encodable characters take.
    pub bytes: usize,
    /// How many characters the encoding cannot represent at all.
    pub unencodable: usize,
}

include!(concat!(env!("OUT_DIR"), "/euc_kr_bmp.rs"));

impl Encoding {
    /// The bytes `text` takes in this encoding and the characters it cannot represent.
    /// Allocates nothing.
    #[inline]
    pub fn measure(self, text: &str) -> Measure {
        match self {
            Encoding::Utf8 => Measure {
                bytes: text.len(),
                unencodable: 0,
            },
            Encoding::EucKr => euc_kr(text),
        }
    }

    /// The bytes `text` takes in this encoding, or `None` when it holds a character the
    /// encoding cannot represent (what a spec's example or a derive's `one_of` value must fit).
    pub fn encoded_len(self, text: &str) -> Option<usize> {
        let measure = self.measure(text);
        (measure.unencodable == 0).then_some(measure.bytes)
    }

    /// The number of bytes the encodable characters of `text` take in this encoding.
    #[inline]
    pub fn count(self, text: &str) -> usize {
        self.measure(text).bytes
    }
}

/// The length of the run of ASCII bytes `bytes` starts with, 16 bytes at a time.
fn ascii_prefix(bytes: &[u8]) -> usize {
    let mut n = 0;
    for chunk in bytes.chunks_exact(16) {
        if !chunk.is_ascii() {
            break;
        }
        n += 16;
    }
    n + bytes[n..].iter().take_while(|b| b.is_ascii()).count()
}

#[inline(never)]
fn euc_kr(text: &str) -> Measure {
    let mut measure = Measure {
        bytes: 0,
        unencodable: 0,
    };
    // ASCII is one byte in both encodings: skip runs of it without decoding characters.
    let mut rest = text;
    while !rest.is_empty() {
        let ascii = ascii_prefix(rest.as_bytes());
        measure.bytes += ascii;
        rest = &rest[ascii..];
        let mut chars = rest.chars();
        for c in chars.by_ref() {
            let cp = c as usize;
            if cp < 0x80 {
                // Back to ASCII: hand the rest to the fast loop.
                measure.bytes += 1;
                break;
            }
            if cp <= 0xFFFF && EUC_KR_BMP[cp / 64] >> (cp % 64) & 1 == 1 {
                measure.bytes += 2;
            } else {
                measure.unencodable += 1;
            }
        }
        rest = chars.as_str();
    }
    measure
}

#[cfg(test)]
mod tests {
    use super::{Encoding, Measure};
    use proptest::prelude::*;

    fn encoding_rs_len(text: &str) -> (usize, bool) {
        let (bytes, _, unmappable) = encoding_rs::EUC_KR.encode(text);
        (bytes.len(), unmappable)
    }

    #[test]
    fn euc_kr_counts_hangul_as_two_bytes_and_ascii_as_one() {
        let m = |s| Encoding::EucKr.measure(s);
        assert_eq!(
            m("가나다"),
            Measure {
                bytes: 6,
                unencodable: 0
            }
        );
        assert_eq!(
            m("a가b"),
            Measure {
                bytes: 4,
                unencodable: 0
            }
        );
        // 똠 (U+B620) is outside KS X 1001 but inside CP949, which encoding_rs implements.
        assert_eq!(
            m("똠"),
            Measure {
                bytes: 2,
                unencodable: 0
            }
        );
        assert_eq!(
            m("😀a"),
            Measure {
                bytes: 1,
                unencodable: 1
            }
        );
        assert_eq!(
            m("é"),
            Measure {
                bytes: 0,
                unencodable: 1
            }
        );
        assert_eq!(
            m(""),
            Measure {
                bytes: 0,
                unencodable: 0
            }
        );
    }

    proptest! {
        #[test]
        fn euc_kr_count_matches_encoding_rs(text in any::<String>()) {
            let measure = Encoding::EucKr.measure(&text);
            let (len, unmappable) = encoding_rs_len(&text);
            prop_assert_eq!(measure.unencodable > 0, unmappable);
            if !unmappable {
                prop_assert_eq!(measure.bytes, len);
            }
        }

        #[test]
        fn euc_kr_count_matches_encoding_rs_on_korean_text(
            text in "[가-힣a-zA-Z0-9 .,()\\-]{0,64}"
        ) {
            let (len, unmappable) = encoding_rs_len(&text);
            prop_assert!(!unmappable);
            prop_assert_eq!(Encoding::EucKr.count(&text), len);
        }

        #[test]
        fn utf8_count_is_the_string_length(text in any::<String>()) {
            prop_assert_eq!(Encoding::Utf8.count(&text), text.len());
        }
    }

    #[test]
    fn utf8_counts_hangul_as_three_bytes() {
        // U+AC00..U+D7A3 are three-byte sequences in UTF-8 (1110xxxx 10xxxxxx 10xxxxxx).
        assert_eq!(Encoding::Utf8.count("가나다"), 9);
        assert_eq!(Encoding::Utf8.count("abc"), 3);
        assert_eq!(Encoding::Utf8.count("a가"), 4);
        assert_eq!(Encoding::Utf8.count(""), 0);
    }
}
