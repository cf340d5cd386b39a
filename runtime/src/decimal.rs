//! Exact decimal amounts on the wire: read from a JSON number or a string without ever passing
//! through `f64`, and written in the form the gateway's document shows (a JSON number or a
//! string).
//!
//! A float cannot hold most decimal amounts (`12.03` is not a binary fraction), and a payment
//! amount that changes on the way in is a wrong payment. serde_json parses numbers to `f64`
//! unless asked for the number's text; these functions ask for it the way serde_json's own
//! `RawValue` does, so a JSON number `12.03` becomes exactly 12.03, and a number with more digits
//! than a [`Decimal`] holds is an error, never a rounded value. Form bodies hand over strings,
//! read exactly too. A `serde_json::Value` has already parsed its numbers to `f64`, so decoding
//! from one reads the float's shortest text: decode from the bytes to keep every digit. A source
//! that hands over a bare float is refused.
//!
//! Generated code uses them as `#[serde(with = "...::decimal::number")]` (or `string`,
//! `option_number`, `option_string`).

pub use rust_decimal::Decimal;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::ser::Serializer;
use std::fmt;

/// The name under which serde_json hands a value's raw text to a visitor (its `RawValue`
/// protocol, with the `raw_value` feature). A test fails if serde_json ever changes it.
const RAW_VALUE_TOKEN: &str = "$serde_json::private::RawValue";

/// Reads a decimal from its exact text: `12.03`, `-5`, `1.5e3`, `"12.03"`.
fn parse<E: de::Error>(text: &str) -> Result<Decimal, E> {
    let text = text.trim();
    let parsed = if text.contains(['e', 'E']) {
        Decimal::from_scientific(text)
    } else {
        Decimal::from_str_exact(text)
    };
    parsed.map_err(|_| E::custom("not a decimal number this client can hold exactly"))
}

struct DecimalVisitor;

impl<'de> Visitor<'de> for DecimalVisitor {
    type Value = Decimal;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a decimal number, as a JSON number or a string")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Decimal, E> {
        parse(v)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Decimal, E> {
        Ok(Decimal::from(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Decimal, E> {
        Ok(Decimal::from(v))
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Decimal, E> {
        Err(E::custom(
            "a decimal arrived as a float, which cannot be read exactly",
        ))
    }

    /// serde_json's raw-value protocol: one entry whose value is the number's text. A JSON
    /// string arrives here quoted, and is unquoted (and unescaped) first.
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Decimal, A::Error> {
        let Some(_token) = map.next_key::<String>()? else {
            return Err(de::Error::invalid_type(de::Unexpected::Map, &self));
        };
        let raw: String = map.next_value()?;
        if raw.starts_with('"') {
            let text: String = serde_json::from_str(&raw).map_err(de::Error::custom)?;
            parse(&text)
        } else {
            parse(&raw)
        }
    }

    /// A deserializer that does not know the raw-value protocol passes the value through as a
    /// newtype: read it as whatever it is.
    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<Decimal, D::Error> {
        d.deserialize_any(self)
    }
}

fn deserialize_exact<'de, D: Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
    d.deserialize_newtype_struct(RAW_VALUE_TOKEN, DecimalVisitor)
}

/// Sent as a JSON number (`"payAmount": 12.03`), read from a number or a string.
pub mod number {
    use super::*;

    /// Writes the decimal as a JSON number with exactly its digits.
    pub fn serialize<S: Serializer>(value: &Decimal, s: S) -> Result<S::Ok, S::Error> {
        let raw = serde_json::value::RawValue::from_string(value.to_string())
            .map_err(serde::ser::Error::custom)?;
        serde::Serialize::serialize(&raw, s)
    }

    /// Reads the decimal exactly.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
        deserialize_exact(d)
    }
}

/// Sent as a string (`"orderAmount": "12.03"`), read from a number or a string.
pub mod string {
    use super::*;

    /// Writes the decimal as a string of exactly its digits.
    pub fn serialize<S: Serializer>(value: &Decimal, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(value)
    }

    /// Reads the decimal exactly.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
        deserialize_exact(d)
    }
}

struct Exact(Decimal);

impl<'de> serde::Deserialize<'de> for Exact {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        deserialize_exact(d).map(Exact)
    }
}

fn deserialize_option<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Decimal>, D::Error> {
    Ok(<Option<Exact> as serde::Deserialize>::deserialize(d)?.map(|Exact(v)| v))
}

/// [`number`] for an optional field (`null` or absent is `None`).
pub mod option_number {
    use super::*;

    /// Writes the decimal as a JSON number; `None` as `null` (generated code skips it).
    pub fn serialize<S: Serializer>(value: &Option<Decimal>, s: S) -> Result<S::Ok, S::Error> {
        match value {
            Some(v) => number::serialize(v, s),
            None => s.serialize_none(),
        }
    }

    /// Reads the decimal exactly, or `None` for `null`.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Decimal>, D::Error> {
        deserialize_option(d)
    }
}

/// [`string`] for an optional field (`null` or absent is `None`).
pub mod option_string {
    use super::*;

    /// Writes the decimal as a string; `None` as `null` (generated code skips it).
    pub fn serialize<S: Serializer>(value: &Option<Decimal>, s: S) -> Result<S::Ok, S::Error> {
        match value {
            Some(v) => s.collect_str(v),
            None => s.serialize_none(),
        }
    }

    /// Reads the decimal exactly, or `None` for `null`.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Decimal>, D::Error> {
        deserialize_option(d)
    }
}

/// A decimal written as a JSON number, for serializers that write fields one by one.
#[derive(Debug, Clone, Copy)]
pub struct AsNumber<'a>(pub &'a Decimal);

impl serde::Serialize for AsNumber<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        number::serialize(self.0, s)
    }
}

/// A decimal written as a string, for serializers that write fields one by one.
#[derive(Debug, Clone, Copy)]
pub struct AsString<'a>(pub &'a Decimal);

impl serde::Serialize for AsString<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        string::serialize(self.0, s)
    }
}

#[cfg(test)]
mod tests {
    use super::Decimal;
    use serde::{Deserialize, Serialize};
    use std::str::FromStr;

    #[derive(Debug, Serialize, Deserialize, PartialEq)]
    struct Amounts {
        #[serde(with = "super::number")]
        pay: Decimal,
        #[serde(with = "super::string")]
        order: Decimal,
        #[serde(
            with = "super::option_number",
            default,
            skip_serializing_if = "Option::is_none"
        )]
        discount: Option<Decimal>,
    }

    fn dec(text: &str) -> Decimal {
        Decimal::from_str(text).unwrap()
    }

    #[test]
    fn json_numbers_are_read_exactly_not_through_a_float() {
        let a: Amounts =
            serde_json::from_str(r#"{"pay": 12.03, "order": "12.03", "discount": 0.1}"#).unwrap();
        assert_eq!(a.pay, dec("12.03"));
        assert_eq!(a.pay.to_string(), "12.03");
        assert_eq!(a.order, dec("12.03"));
        assert_eq!(a.discount, Some(dec("0.1")));
        // 0.1 + 0.2 is 0.30000000000000004 in f64; exactly 0.3 here.
        let b: Amounts = serde_json::from_str(r#"{"pay": 0.30, "order": 0.3}"#).unwrap();
        assert_eq!(b.pay.to_string(), "0.30");
        assert_eq!(b.order, dec("0.3"));
        // Twenty significant digits: an f64 would keep only about sixteen of them.
        let c: Amounts =
            serde_json::from_str(r#"{"pay": 12345678901234567.891, "order": "1e2"}"#).unwrap();
        assert_eq!(c.pay.to_string(), "12345678901234567.891");
        assert_eq!(c.order, dec("100"));
    }

    #[test]
    fn amounts_are_sent_in_the_documented_form() {
        let a = Amounts {
            pay: dec("12.03"),
            order: dec("1250.50"),
            discount: None,
        };
        assert_eq!(
            serde_json::to_string(&a).unwrap(),
            r#"{"pay":12.03,"order":"1250.50"}"#
        );
    }

    #[test]
    fn what_cannot_be_held_exactly_is_an_error_not_a_rounded_amount() {
        for json in [
            r#"{"pay": 1.0000000000000000000000000000001, "order": "1"}"#,
            r#"{"pay": "12.0.3", "order": "1"}"#,
            r#"{"pay": true, "order": "1"}"#,
            r#"{"pay": "", "order": "1"}"#,
        ] {
            assert!(serde_json::from_str::<Amounts>(json).is_err(), "{json}");
        }
        // A `serde_json::Value` parsed its numbers to f64 before any of this runs: what it hands
        // over is the float's shortest text, the best that is left.
        let value = serde_json::json!({"pay": 12.03, "order": "1"});
        assert_eq!(
            serde_json::from_value::<Amounts>(value).unwrap().pay,
            dec("12.03")
        );
        let value = serde_json::json!({"pay": "12.03", "order": 7});
        assert_eq!(
            serde_json::from_value::<Amounts>(value).unwrap().order,
            dec("7")
        );
    }

    #[test]
    fn form_bodies_and_error_paths_read_decimals_too() {
        let a: Amounts = serde_urlencoded::from_str("pay=12.03&order=4.5").unwrap();
        assert_eq!((a.pay, a.order), (dec("12.03"), dec("4.5")));
        let mut de = serde_json::Deserializer::from_str(r#"{"pay": 9.99, "order": "x"}"#);
        let err = serde_path_to_error::deserialize::<_, Amounts>(&mut de).unwrap_err();
        assert_eq!(err.path().to_string(), "order");
        let mut de = serde_json::Deserializer::from_str(r#"{"pay": 9.99, "order": "1"}"#);
        let ok: Amounts = serde_path_to_error::deserialize(&mut de).unwrap();
        assert_eq!(ok.pay, dec("9.99"));
    }
}
