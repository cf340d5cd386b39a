//! The one module that parses YAML.
//!
//! serde_yaml is frozen upstream; keeping it behind two functions means replacing it touches only
//! this file. Besides typed parsing, this module can locate any node of a document by its path:
//! semantic checks run on the typed spec, which has no positions, so a failed check asks for the
//! position of the node it is about.

use serde::de::{
    self, DeserializeOwned, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor,
};
use std::fmt;

/// A position in a YAML document, 1-based.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Position {
    pub line: usize,
    pub column: usize,
}

/// A YAML syntax or typing error with its message and position.
#[derive(Debug)]
pub(crate) struct ParseError {
    pub message: String,
    pub position: Option<Position>,
}

/// One step of a path into a YAML document: a mapping key or a sequence index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Step {
    Key(&'static str),
    Index(usize),
}

/// Parses `text` as a `T`, reporting the first problem with its position.
pub(crate) fn parse<T: DeserializeOwned>(text: &str) -> Result<T, ParseError> {
    serde_yaml::from_str(text).map_err(|err| {
        let position = err.location().map(|loc| Position {
            line: loc.line(),
            column: loc.column(),
        });
        ParseError {
            message: strip_position(&err.to_string()),
            position,
        }
    })
}

/// The position of the node at `path`, or of its nearest ancestor that exists.
pub(crate) fn locate(text: &str, path: &[Step]) -> Option<Position> {
    (0..=path.len())
        .rev()
        .find_map(|len| locate_exact(text, &path[..len]))
}

// serde_yaml stamps a custom error with the position of the node being deserialized when the
// error was raised, so walking to the node and failing there yields exactly its position.
fn locate_exact(text: &str, path: &[Step]) -> Option<Position> {
    let deserializer = serde_yaml::Deserializer::from_str(text);
    let err = match (Locate { path }).deserialize(deserializer) {
        Ok(()) => return None,
        Err(err) => err,
    };
    if !err.to_string().contains(FOUND) {
        return None;
    }
    err.location().map(|loc| Position {
        line: loc.line(),
        column: loc.column(),
    })
}

const FOUND: &str = "paygen-locate: found";

fn strip_position(message: &str) -> String {
    match message.rsplit_once(" at line ") {
        Some((head, _)) => head.to_owned(),
        None => message.to_owned(),
    }
}

struct Locate<'p> {
    path: &'p [Step],
}

impl<'de> DeserializeSeed<'de> for Locate<'_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        match self.path.first() {
            None => deserializer.deserialize_any(Found),
            Some(Step::Key(_)) => deserializer.deserialize_map(self),
            Some(Step::Index(_)) => deserializer.deserialize_seq(self),
        }
    }
}

impl<'de> Visitor<'de> for Locate<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a mapping or sequence on the path")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let Some(Step::Key(wanted)) = self.path.first() else {
            return Err(de::Error::custom("not a mapping"));
        };
        while let Some(key) = map.next_key::<String>()? {
            if key == *wanted {
                return map.next_value_seed(Locate {
                    path: &self.path[1..],
                });
            }
            map.next_value::<IgnoredAny>()?;
        }
        Err(de::Error::custom("key not found"))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let Some(Step::Index(wanted)) = self.path.first() else {
            return Err(de::Error::custom("not a sequence"));
        };
        for _ in 0..*wanted {
            if seq.next_element::<IgnoredAny>()?.is_none() {
                return Err(de::Error::custom("index out of range"));
            }
        }
        match seq.next_element_seed(Locate {
            path: &self.path[1..],
        })? {
            Some(()) => Ok(()),
            None => Err(de::Error::custom("index out of range")),
        }
    }
}

/// Fails on whatever node it is given, so that the error carries that node's position.
struct Found;

impl<'de> Visitor<'de> for Found {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any node")
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        Err(E::custom(FOUND))
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        Err(E::custom(FOUND))
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        Err(E::custom(FOUND))
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        Err(E::custom(FOUND))
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        Err(E::custom(FOUND))
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Err(E::custom(FOUND))
    }
    fn visit_map<A: MapAccess<'de>>(self, _: A) -> Result<(), A::Error> {
        Err(de::Error::custom(FOUND))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, _: A) -> Result<(), A::Error> {
        Err(de::Error::custom(FOUND))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "a: 1\nlist:\n  - x: one\n  - x: two\n    y: [3, 4]\n";

    #[test]
    fn locates_keys_indices_and_scalars() {
        let at = |path: &[Step]| locate(DOC, path).map(|p| (p.line, p.column));
        assert_eq!(at(&[Step::Key("a")]), Some((1, 4)));
        assert_eq!(
            at(&[Step::Key("list"), Step::Index(1), Step::Key("x")]),
            Some((4, 8))
        );
        assert_eq!(
            at(&[
                Step::Key("list"),
                Step::Index(1),
                Step::Key("y"),
                Step::Index(1)
            ]),
            Some((5, 12))
        );
    }

    #[test]
    fn missing_nodes_fall_back_to_the_nearest_ancestor() {
        let pos = locate(DOC, &[Step::Key("list"), Step::Index(0), Step::Key("nope")]).unwrap();
        assert_eq!((pos.line, pos.column), (3, 5));
    }

    #[test]
    fn parse_errors_carry_positions_without_the_suffix() {
        #[derive(serde::Deserialize, Debug)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct T {
            a: u32,
        }
        let err = parse::<T>("a: 1\nb: 2\n").unwrap_err();
        assert_eq!(err.position, Some(Position { line: 2, column: 1 }));
        assert!(err.message.contains("unknown field `b`"), "{}", err.message);
        assert!(!err.message.contains("at line"), "{}", err.message);
    }
}
