//! Lenient decoding of what gateways plausibly send, for generated response and callback types.
//!
//! Documents and servers disagree about JSON types: a field documented as a number arrives as
//! `"1000"`, a string as `1000`. Requests are sent exactly as documented; inbound values accept
//! both spellings, so a payment's answer is not lost to a quoting difference. Anything else
//! (a fraction, `"10,00"`, a boolean) is still an error.

use serde::de::{self, Deserializer, Visitor};
use std::fmt;

/// Deserializes an integer given as a JSON number or as a string of digits.
pub fn integer<'de, D: Deserializer<'de>>(deserializer: D) -> Result<i64, D::Error> {
    deserializer.deserialize_any(IntegerVisitor)
}

/// [`integer`] for an optional field; `null` is `None`.
pub fn option_integer<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<i64>, D::Error> {
    deserializer.deserialize_option(OptionVisitor(IntegerVisitor))
}

/// Deserializes a string given as a JSON string or as a number (kept as its decimal text).
pub fn string<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    deserializer.deserialize_any(StringVisitor)
}

/// [`string`] for an optional field; `null` is `None`.
pub fn option_string<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<String>, D::Error> {
    deserializer.deserialize_option(OptionVisitor(StringVisitor))
}

struct IntegerVisitor;

impl Visitor<'_> for IntegerVisitor {
    type Value = i64;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an integer, as a number or a string of digits")
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<i64, E> {
        Ok(v)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<i64, E> {
        i64::try_from(v).map_err(|_| E::custom("integer out of range"))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<i64, E> {
        let digits = v.strip_prefix('-').unwrap_or(v);
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            // The text is not quoted back: it may be personal data.
            return Err(E::custom("expected an integer"));
        }
        v.parse().map_err(|_| E::custom("integer out of range"))
    }
}

struct StringVisitor;

impl Visitor<'_> for StringVisitor {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string or a number")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
        Ok(v.to_owned())
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<String, E> {
        Ok(v)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<String, E> {
        Ok(v.to_string())
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<String, E> {
        Ok(v.to_string())
    }
}

struct OptionVisitor<V>(V);

impl<'de, V: Visitor<'de>> Visitor<'de> for OptionVisitor<V> {
    type Value = Option<V::Value>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.expecting(f)?;
        f.write_str(" or null")
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self.0).map(Some)
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    #[derive(Deserialize, Debug, PartialEq)]
    struct T {
        #[serde(deserialize_with = "super::integer")]
        a: i64,
        #[serde(default, deserialize_with = "super::option_integer")]
        b: Option<i64>,
        #[serde(default, deserialize_with = "super::option_string")]
        c: Option<String>,
    }

    fn parse(json: &str) -> Result<T, serde_json::Error> {
        serde_json::from_str(json)
    }

    #[test]
    fn numbers_and_numeric_strings_are_both_integers() {
        let t = parse(r#"{"a": 1000, "b": "-46000", "c": 1203}"#).unwrap();
        assert_eq!(
            t,
            T {
                a: 1000,
                b: Some(-46000),
                c: Some("1203".into())
            }
        );
        let t = parse(r#"{"a": "1000", "b": null}"#).unwrap();
        assert_eq!(
            t,
            T {
                a: 1000,
                b: None,
                c: None
            }
        );
    }

    #[test]
    fn anything_else_is_still_an_error_that_does_not_quote_the_input() {
        for bad in [
            r#"{"a": "10,00"}"#,
            r#"{"a": 1.5}"#,
            r#"{"a": ""}"#,
            r#"{"a": true}"#,
            r#"{"a": "99999999999999999999"}"#,
        ] {
            let err = parse(bad).unwrap_err();
            assert!(!err.to_string().contains("10,00"), "{err}");
        }
    }
}
