//! Lenient decoding of what gateways plausibly send, for generated response and callback types.
//!
//! Documents and servers disagree about JSON types: a field documented as a number arrives as
//! `"1000"`, a string as `1000`, a boolean as `"true"`. Requests are sent exactly as documented;
//! inbound values accept both spellings, so a payment's answer is not lost to a quoting
//! difference. Anything else (a fraction, `"10,00"`, `"yes"`) is still an error.

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

/// Deserializes a boolean given as a JSON boolean or as the string `"true"` or `"false"` (as a
/// form always sends it, and as NICEPAY types `canPartCancel` a String).
pub fn boolean<'de, D: Deserializer<'de>>(deserializer: D) -> Result<bool, D::Error> {
    deserializer.deserialize_any(BooleanVisitor)
}

/// [`boolean`] for an optional field; `null` is `None`.
pub fn option_boolean<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<bool>, D::Error> {
    deserializer.deserialize_option(OptionVisitor(BooleanVisitor))
}

struct BooleanVisitor;

impl Visitor<'_> for BooleanVisitor {
    type Value = bool;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a boolean, or \"true\" or \"false\"")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<bool, E> {
        Ok(v)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<bool, E> {
        match v {
            "true" => Ok(true),
            "false" => Ok(false),
            // The text is not quoted back: it may be personal data.
            _ => Err(E::custom("expected a boolean")),
        }
    }
}

/// Deserializes an array, or a single object standing for a one-element array (as some
/// documents print a list with one entry).
pub fn one_or_many<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: serde::Deserialize<'de>,
{
    deserializer.deserialize_any(OneOrManyVisitor(std::marker::PhantomData))
}

/// [`one_or_many`] for an optional field; `null` is `None`.
pub fn option_one_or_many<'de, D, T>(deserializer: D) -> Result<Option<Vec<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: serde::Deserialize<'de>,
{
    deserializer.deserialize_option(OptionVisitor(OneOrManyVisitor(std::marker::PhantomData)))
}

struct OneOrManyVisitor<T>(std::marker::PhantomData<T>);

impl<'de, T: serde::Deserialize<'de>> Visitor<'de> for OneOrManyVisitor<T> {
    type Value = Vec<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array, or one object")
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(items)
    }

    fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<Vec<T>, A::Error> {
        T::deserialize(de::value::MapAccessDeserializer::new(map)).map(|item| vec![item])
    }
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

    #[derive(Deserialize, Debug, PartialEq)]
    struct Item {
        x: i64,
    }

    #[derive(Deserialize, Debug, PartialEq)]
    struct List {
        #[serde(default, deserialize_with = "super::option_one_or_many")]
        list: Option<Vec<Item>>,
    }

    #[derive(Deserialize, Debug, PartialEq)]
    struct Flags {
        #[serde(deserialize_with = "super::boolean")]
        a: bool,
        #[serde(default, deserialize_with = "super::option_boolean")]
        b: Option<bool>,
    }

    #[test]
    fn a_boolean_may_come_as_its_json_literal_or_its_text() {
        let read = |json: &str| serde_json::from_str::<Flags>(json);
        assert_eq!(
            read(r#"{"a": true, "b": "false"}"#).unwrap(),
            Flags {
                a: true,
                b: Some(false)
            }
        );
        assert_eq!(
            read(r#"{"a": "true", "b": null}"#).unwrap(),
            Flags { a: true, b: None }
        );
        assert_eq!(
            read(r#"{"a": false}"#).unwrap(),
            Flags { a: false, b: None }
        );
        for bad in [r#"{"a": "yes"}"#, r#"{"a": 1}"#, r#"{"a": "TRUE"}"#] {
            let err = read(bad).unwrap_err().to_string();
            assert!(!err.contains("yes") && !err.contains("TRUE"), "{err}");
        }
    }

    #[test]
    fn a_single_object_is_a_one_element_array() {
        let one: List = serde_json::from_str(r#"{"list": {"x": 1}}"#).unwrap();
        assert_eq!(one.list, Some(vec![Item { x: 1 }]));
        let many: List = serde_json::from_str(r#"{"list": [{"x": 1}, {"x": 2}]}"#).unwrap();
        assert_eq!(many.list.map(|l| l.len()), Some(2));
        let none: List = serde_json::from_str(r#"{"list": null}"#).unwrap();
        assert_eq!(none.list, None);
        assert!(serde_json::from_str::<List>(r#"{"list": 3}"#).is_err());
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
