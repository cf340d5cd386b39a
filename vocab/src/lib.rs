//! The vocabulary that paygen's three layers share, defined once: the text formats, encodings,
//! character classes, digest algorithms, signature algorithms and digest outputs a spec can name.
//!
//! The generator reads these names from specs, the `Validate` derive reads them from attributes,
//! and the runtime checks text against them; all three use the types here, so a name cannot mean
//! one thing in a spec and another in the derive. Each type lists its values once, in a
//! `vocabulary!` invocation, which also gives it `ALL`, `NAMES`, `name()`, `from_name()`,
//! `rust_name()` (the variant's name, for code that emits paths to it), `expected()` and
//! `Display` (and, with the `serde` feature, `Serialize`/`Deserialize` by name); the behaviour (a format's
//! check, an encoding's byte count) lives next to its type, in matches the compiler proves
//! complete. Adding a format is its line in `vocabulary!` plus its arm in
//! [`Format::matches`] and [`Format::describe`], and tests.

mod encoding;
mod format;

pub use encoding::Measure;
pub use format::utc_offset_minutes;

/// Defines a vocabulary enum: each variant with the name specs write and a doc line.
macro_rules! vocabulary {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $text:literal, )+
        }
    ) => {
        $(#[$meta])*
        ///
        /// Not `#[non_exhaustive]`: the generator, the derive and the runtime match on it
        /// exhaustively, so that a new value fails to compile wherever it is not handled yet.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )+
        }

        impl $name {
            /// Every value, in the order the vocabulary lists them.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The names specs and attributes write, in the order of [`Self::ALL`].
            pub const NAMES: &'static [&'static str] = &[$($text),+];

            /// The name specs and attributes write, such as `yyyymmdd` or `euc-kr`.
            pub fn name(self) -> &'static str {
                match self {
                    $( $name::$variant => $text, )+
                }
            }

            /// The value written `name`, if there is one.
            pub fn from_name(name: &str) -> Option<Self> {
                match name {
                    $( $text => Some($name::$variant), )+
                    _ => None,
                }
            }

            /// The Rust name of the variant, for generated code that names it.
            pub fn rust_name(self) -> &'static str {
                match self {
                    $( $name::$variant => stringify!($variant), )+
                }
            }

            /// The names, quoted and joined for a message: `` `a`, `b` or `c` ``.
            pub fn expected() -> String {
                let quoted: Vec<String> = Self::NAMES.iter().map(|n| format!("`{n}`")).collect();
                match quoted.split_last() {
                    Some((last, [])) => last.clone(),
                    Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
                    None => String::new(),
                }
            }
        }

        impl ::core::fmt::Display for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.name())
            }
        }

        #[cfg(feature = "schemars")]
        impl ::schemars::JsonSchema for $name {
            fn schema_name() -> ::std::borrow::Cow<'static, str> {
                stringify!($name).into()
            }

            fn json_schema(_: &mut ::schemars::SchemaGenerator) -> ::schemars::Schema {
                ::schemars::json_schema!({
                    "type": "string",
                    "enum": $name::NAMES,
                })
            }
        }

        #[cfg(feature = "serde")]
        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.name())
            }
        }

        #[cfg(feature = "serde")]
        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct NameVisitor;
                impl ::serde::de::Visitor<'_> for NameVisitor {
                    type Value = $name;
                    fn expecting(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                        write!(f, "one of {}", $name::expected())
                    }
                    fn visit_str<E: ::serde::de::Error>(self, v: &str) -> Result<$name, E> {
                        $name::from_name(v).ok_or_else(|| E::unknown_variant(v, $name::NAMES))
                    }
                }
                deserializer.deserialize_str(NameVisitor)
            }
        }
    };
}

vocabulary! {
    /// A fixed text format a document states for a string field.
    pub enum Format {
        /// A calendar date as `YYYYMMDD`.
        Yyyymmdd = "yyyymmdd",
        /// A calendar date as `YYYY-MM-DD`.
        YyyyMmDd = "yyyy-mm-dd",
        /// A date and time as `YYYY-MM-DD HH:MM:SS`.
        DateTime = "datetime",
        /// A colour as six hexadecimal digits, `RRGGBB`.
        HexColor = "hex_color",
        /// A number of months as two digits, `00` to `12`.
        Month = "month",
        /// A date and time as `YYYYMMDDhhmmss` (the documents' "YYYYMMDDHHMMSS").
        Yyyymmddhhmmss = "yyyymmddhhmmss",
        /// An ISO 8601 date and time with its offset from UTC, `2024-01-31T14:05:09+09:00`
        /// (fractions of a second allowed; `Z` for UTC), as NICEPAY's `paidAt`.
        Iso8601 = "iso8601",
    }
}

vocabulary! {
    /// The character encoding in which a gateway counts the bytes of a field.
    pub enum Encoding {
        /// UTF-8: the byte count is the length of the Rust string.
        Utf8 = "utf-8",
        /// EUC-KR as browsers and `encoding_rs` implement it (the CP949 / windows-949
        /// repertoire): ASCII is one byte, every other encodable character (Hangul syllables
        /// included) two.
        EucKr = "euc-kr",
    }
}

vocabulary! {
    /// A character class a string field is restricted to.
    pub enum CharClass {
        /// ASCII only (the documents' "영문만 허용", "English only").
        Ascii = "ascii",
        /// The digits 0-9 only (the documents' "숫자만 허용", "numbers only").
        Digits = "digits",
        /// ASCII letters and digits only (the documents' "영문자, 숫자", "alphanumeric").
        Alphanumeric = "alphanumeric",
    }
}

vocabulary! {
    /// A digest algorithm of a computed or verified field.
    pub enum DigestAlgorithm {
        /// SHA-256.
        Sha256 = "sha256",
        /// SHA-512.
        Sha512 = "sha512",
        /// HMAC-SHA256, keyed by a credential.
        HmacSha256 = "hmac-sha256",
    }
}

vocabulary! {
    /// A keyed signature algorithm of an auth scheme.
    pub enum SignatureAlgorithm {
        /// HMAC with SHA-256.
        HmacSha256 = "hmac-sha256",
    }
}

vocabulary! {
    /// How digest or signature bytes are written as text.
    pub enum DigestOutput {
        /// Standard base64 with padding.
        Base64 = "base64",
        /// Lower-case hexadecimal (compared case-insensitively when verifying).
        Hex = "hex",
    }
}

impl Default for Encoding {
    /// UTF-8, which a spec that names no encoding counts in.
    fn default() -> Self {
        Encoding::Utf8
    }
}

impl CharClass {
    /// Whether every character of `text` is in the class.
    #[inline]
    pub fn matches(self, text: &str) -> bool {
        match self {
            CharClass::Ascii => text.is_ascii(),
            CharClass::Digits => text.bytes().all(|b| b.is_ascii_digit()),
            CharClass::Alphanumeric => text.bytes().all(|b| b.is_ascii_alphanumeric()),
        }
    }

    /// Whether `c` is in the class.
    #[inline]
    pub fn contains(self, c: char) -> bool {
        match self {
            CharClass::Ascii => c.is_ascii(),
            CharClass::Digits => c.is_ascii_digit(),
            CharClass::Alphanumeric => c.is_ascii_alphanumeric(),
        }
    }

    /// What the class is, for messages: `ASCII letters and digits`.
    pub fn describe(self) -> &'static str {
        match self {
            CharClass::Ascii => "ASCII characters",
            CharClass::Digits => "the digits 0-9",
            CharClass::Alphanumeric => "ASCII letters and digits",
        }
    }
}

impl DigestAlgorithm {
    /// The length of the digest in bytes.
    pub fn output_len(self) -> usize {
        match self {
            DigestAlgorithm::Sha256 | DigestAlgorithm::HmacSha256 => 32,
            DigestAlgorithm::Sha512 => 64,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_reads_back_as_its_value_and_unknown_names_do_not() {
        for format in Format::ALL {
            assert_eq!(Format::from_name(format.name()), Some(*format));
        }
        for encoding in Encoding::ALL {
            assert_eq!(Encoding::from_name(encoding.name()), Some(*encoding));
        }
        assert_eq!(Format::from_name("month"), Some(Format::Month));
        assert_eq!(Format::from_name("Month"), None);
        assert_eq!(Format::NAMES.len(), Format::ALL.len());
        assert_eq!(Format::HexColor.rust_name(), "HexColor");
        assert_eq!(Encoding::EucKr.to_string(), "euc-kr");
        assert_eq!(CharClass::expected(), "`ascii`, `digits` or `alphanumeric`");
        assert_eq!(
            DigestAlgorithm::expected(),
            "`sha256`, `sha512` or `hmac-sha256`"
        );
    }

    #[test]
    fn character_classes_check_every_character() {
        assert!(CharClass::Ascii.matches("ORDER-1") && !CharClass::Ascii.matches("주문"));
        assert!(CharClass::Digits.matches("0123") && !CharClass::Digits.matches("12a"));
        assert!(CharClass::Digits.matches(""));
        assert!(
            CharClass::Alphanumeric.matches("Order1") && !CharClass::Alphanumeric.matches("a-1")
        );
        for class in CharClass::ALL {
            for text in ["a", "Z", "5", "-", "주", " "] {
                let c = text.chars().next().unwrap();
                assert_eq!(class.contains(c), class.matches(text), "{class} {text}");
            }
        }
    }

    #[test]
    fn an_offset_reads_as_minutes_east_of_utc_in_either_iso_8601_form() {
        for (text, minutes) in [
            ("+09:00", Some(540)),
            ("+0900", Some(540)),
            ("-05:30", Some(-330)),
        ] {
            assert_eq!(utc_offset_minutes(text.as_bytes()), minutes, "{text}");
        }
        for bad in [
            "KST", "+9:00", "+24:00", "+09:60", "09:00", "+09:0", "Z", "",
        ] {
            assert_eq!(utc_offset_minutes(bad.as_bytes()), None, "{bad}");
        }
        // The format names the extended form only; the offset reader takes both.
        assert!(Format::Iso8601.matches("2024-01-31T14:05:09.123+09:00"));
        assert!(Format::Iso8601.matches("2024-01-31T14:05:09Z"));
        assert!(!Format::Iso8601.matches("2024-01-31T14:05:09+0900"));
        assert!(!Format::Iso8601.matches("2024-01-31T14:05:09+24:00"));
    }
}
