//! Byte counting in the encoding a gateway sizes its fields in.
//!
//! Korean gateways state field sizes in bytes, and the same text has a different size in
//! different encodings (a Hangul syllable is 3 bytes in UTF-8). The encoding is a property of the
//! vendor, declared in its spec, so every length check names the encoding it counted in.

use serde::Serialize;
use std::fmt;

/// The character encoding in which a gateway counts the bytes of a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[non_exhaustive]
pub enum Encoding {
    /// UTF-8: the byte count is the length of the Rust string.
    #[serde(rename = "utf-8")]
    Utf8,
}

impl Encoding {
    /// The number of bytes `text` takes in this encoding.
    pub fn count(self, text: &str) -> usize {
        match self {
            Encoding::Utf8 => text.len(),
        }
    }

    /// The encoding's name as specs and error messages write it.
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "utf-8",
        }
    }
}

impl fmt::Display for Encoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::Encoding;

    #[test]
    fn utf8_counts_hangul_as_three_bytes() {
        // U+AC00..U+D7A3 are three-byte sequences in UTF-8 (1110xxxx 10xxxxxx 10xxxxxx).
        assert_eq!(Encoding::Utf8.count("가나다"), 9);
        assert_eq!(Encoding::Utf8.count("abc"), 3);
        assert_eq!(Encoding::Utf8.count("a가"), 4);
        assert_eq!(Encoding::Utf8.count(""), 0);
    }
}
