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
    /// A key the spec format defines.
    Key(&'static str),
    /// A key the spec's author chose (a source key, say).
    Name(String),
    Index(usize),
}

impl Step {
    fn key(&self) -> Option<&str> {
        match self {
            Step::Key(key) => Some(key),
            Step::Name(key) => Some(key),
            Step::Index(_) => None,
        }
    }
}

/// The largest spec the loader reads, in bytes: 16 MiB. The largest real spec is about 120 KB;
/// the codegen benchmark's 1,000-operation synthetic spec is 9.5 MiB and generates in seconds,
/// since the loader's time is linear in size once nesting is bounded.
pub const MAX_SPEC_BYTES: usize = 16 * 1024 * 1024;

/// The deepest nesting of flow collections (`[...]`, `{...}`) the loader reads. Real specs
/// nest two or three deep.
///
/// serde_yaml's parser spends time quadratic in this depth (a 128 KB spec of 64,000 nested
/// brackets took 24 s), so deeper input is refused before it reaches the parser. Brackets are
/// counted conservatively: outside quoted strings and comments, and also inside plain text, where
/// YAML would take them literally, so only text with hundreds of unclosed brackets is refused
/// wrongly.
pub const MAX_NESTING: usize = 256;

/// Parses `text` as a `T`, reporting the first problem with its position.
///
/// Input larger than [`MAX_SPEC_BYTES`] or nested deeper than [`MAX_NESTING`] is refused before
/// parsing, so that no spec can make the loader hang.
pub(crate) fn parse<T: DeserializeOwned>(text: &str) -> Result<T, ParseError> {
    guard(text)?;
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

/// Refuses input too large or too deeply nested to parse in bounded time.
fn guard(text: &str) -> Result<(), ParseError> {
    if text.len() > MAX_SPEC_BYTES {
        return Err(ParseError {
            message: format!(
                "the spec is {} bytes, more than the {MAX_SPEC_BYTES} bytes the loader reads",
                text.len()
            ),
            position: Some(Position { line: 1, column: 1 }),
        });
    }
    match deepest_flow(text) {
        Some(at) => Err(ParseError {
            message: format!(
                "flow collections (`[`, `{{`) nest more than {MAX_NESTING} deep here; the loader refuses deeper nesting"
            ),
            position: Some(at),
        }),
        None => Ok(()),
    }
}

/// The position of the first bracket that opens a flow collection deeper than [`MAX_NESTING`].
fn deepest_flow(text: &str) -> Option<Position> {
    // Fewer brackets in all than the limit cannot nest past it.
    if text.bytes().filter(|b| matches!(b, b'[' | b'{')).count() <= MAX_NESTING {
        return None;
    }
    let mut depth = 0usize;
    for (line_index, line) in text.lines().enumerate() {
        // Every character that matters is ASCII, so the line is read as bytes, jumping from one
        // bracket, quote or `#` to the next.
        let bytes = line.as_bytes();
        let mut quote: Option<u8> = None;
        let mut i = 0;
        while let Some(offset) = bytes[i..]
            .iter()
            .position(|b| matches!(b, b'[' | b'{' | b']' | b'}' | b'"' | b'\'' | b'#' | b'\\'))
        {
            let at = i + offset;
            let c = bytes[at];
            let previous = if at == 0 { b' ' } else { bytes[at - 1] };
            i = at + 1;
            match (quote, c) {
                (Some(b'"'), b'\\') => i += 1,
                (Some(b'\''), b'\'') if bytes.get(at + 1) == Some(&b'\'') => i += 1,
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, b'"' | b'\'') if b" \t[{,:".contains(&previous) => quote = Some(c),
                (None, b'#') if previous.is_ascii_whitespace() => break,
                (None, b'[' | b'{') => {
                    depth += 1;
                    if depth > MAX_NESTING {
                        let column = line[..at].chars().count() + 1;
                        return Some(Position {
                            line: line_index + 1,
                            column,
                        });
                    }
                }
                (None, b']' | b'}') => depth = depth.saturating_sub(1),
                (None, _) => {}
            }
        }
    }
    None
}

/// Every string scalar of a document (mapping values and sequence items, not keys) with its
/// path. The document must already have parsed.
pub(crate) fn strings(text: &str) -> Vec<(Vec<Step>, String)> {
    let mut found = Vec::new();
    let mut path = Vec::new();
    let deserializer = serde_yaml::Deserializer::from_str(text);
    // A document that parsed once walks again; should it not, there is nothing to report on.
    let _ = (Strings {
        path: &mut path,
        found: &mut found,
    })
    .deserialize(deserializer);
    found
}

struct Strings<'a> {
    path: &'a mut Vec<Step>,
    found: &'a mut Vec<(Vec<Step>, String)>,
}

impl<'de> DeserializeSeed<'de> for Strings<'_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Strings<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any node")
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<(), E> {
        self.found.push((self.path.clone(), v.to_owned()));
        Ok(())
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<String>()? {
            self.path.push(Step::Name(key));
            map.next_value_seed(Strings {
                path: self.path,
                found: self.found,
            })?;
            self.path.pop();
        }
        Ok(())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut index = 0;
        loop {
            self.path.push(Step::Index(index));
            let more = seq
                .next_element_seed(Strings {
                    path: self.path,
                    found: self.found,
                })?
                .is_some();
            self.path.pop();
            if !more {
                return Ok(());
            }
            index += 1;
        }
    }
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
            Some(Step::Key(_) | Step::Name(_)) => deserializer.deserialize_map(self),
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
        let Some(wanted) = self.path.first().and_then(Step::key) else {
            return Err(de::Error::custom("not a mapping"));
        };
        while let Some(key) = map.next_key::<String>()? {
            if key == wanted {
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
