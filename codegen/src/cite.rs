//! Citations: the `key:LINE` and `key:FIRST-LAST` references a spec's text makes to the documents
//! it was transcribed from, and the check that each names a document the spec lists and a line
//! that document has.
//!
//! Citations may stand in any string of a spec (a `source`, a conflict's `doc`, a `why`), so
//! every string scalar is scanned. The documents themselves are handed in by the caller
//! ([`Documents`]): the library reads no files.

use crate::error::Issue;
use crate::spec::Sources;
use crate::yaml::Step;
use std::collections::BTreeMap;

/// The texts of the documents specs cite, by file name as a spec's `vendor.sources` writes it
/// (relative to the `sources/` folder beside the spec).
///
/// ```
/// let mut documents = paygen_codegen::Documents::new();
/// documents.insert("demo.ko.txt", "line one\nline two\n");
/// assert_eq!(documents.get("demo.ko.txt").map(|text| text.lines().count()), Some(2));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Documents {
    texts: BTreeMap<String, String>,
}

impl Documents {
    /// No documents.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds (or replaces) the document `name`.
    pub fn insert(&mut self, name: impl Into<String>, text: impl Into<String>) {
        self.texts.insert(name.into(), text.into());
    }

    /// The text of the document `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.texts.get(name).map(String::as_str)
    }

    /// The file names held, sorted.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.texts.keys().map(String::as_str)
    }
}

/// One citation found in a string: `key:first` or `key:first-last`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Citation<'t> {
    /// The citation as written.
    pub text: &'t str,
    pub key: &'t str,
    pub first: usize,
    pub last: usize,
}

/// Whether `key` can be a citation key: a letter, then letters, digits, `_` or `-`.
pub(crate) fn is_key(key: &str) -> bool {
    let mut chars = key.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

fn is_key_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'-'
}

/// The citations in `text`. A key counts only where a word starts (not after a letter, digit,
/// `.`, `/` or `:`), so `host.example:8080` and `https://x:1` are not citations.
pub(crate) fn citations(text: &str) -> Vec<Citation<'_>> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    // Every citation has a colon followed by a digit: look there, then back for the key.
    let mut from = 0;
    while let Some(offset) = bytes[from..].iter().position(|&b| b == b':') {
        let colon = from + offset;
        from = colon + 1;
        let Some((first, mut end)) = number_at(bytes, colon + 1) else {
            continue;
        };
        let key_len = bytes[..colon]
            .iter()
            .rev()
            .take_while(|&&b| is_key_char(b))
            .count();
        let start = colon - key_len;
        // The key is a word of its own: it starts with a letter, after no `.`, `/` or `:`.
        let starts_word = start == 0 || !b"./:".contains(&bytes[start - 1]);
        if key_len == 0 || !bytes[start].is_ascii_alphabetic() || !starts_word {
            continue;
        }
        let mut last = first;
        if bytes.get(end) == Some(&b'-') {
            if let Some((to, to_end)) = number_at(bytes, end + 1) {
                last = to;
                end = to_end;
            }
        }
        found.push(Citation {
            text: &text[start..end],
            key: &text[start..colon],
            first,
            last,
        });
        from = end;
    }
    found
}

/// The decimal number starting at `at`, and where it ends.
fn number_at(bytes: &[u8], at: usize) -> Option<(usize, usize)> {
    let digits = bytes
        .get(at..)?
        .iter()
        .take_while(|b| b.is_ascii_digit())
        .count();
    if digits == 0 {
        return None;
    }
    let end = at + digits;
    let value = std::str::from_utf8(&bytes[at..end]).ok()?.parse().ok()?;
    Some((value, end))
}

/// Checks the sources a spec names against `documents`, and every citation in `strings` (the
/// spec's string scalars with their paths) against the sources.
pub(crate) fn check(sources: &Sources, text: &str, documents: &Documents) -> Vec<Issue> {
    let mut issues = Vec::new();
    let mut lines: BTreeMap<&str, (&str, usize)> = BTreeMap::new();
    for doc in sources.iter() {
        let at = vec![
            Step::Key("vendor"),
            Step::Key("sources"),
            Step::Name(doc.key.clone()),
        ];
        if !is_key(&doc.key) {
            issues.push(Issue {
                path: at.clone(),
                message: format!("source key `{}` cannot be cited", doc.key),
                help: Some(
                    "a key is a letter followed by letters, digits, `_` or `-`, such as `ko` or `approve`"
                        .into(),
                ),
            });
        }
        match documents.get(&doc.file) {
            Some(document) => {
                lines.insert(&doc.key, (&doc.file, document.lines().count()));
            }
            None => issues.push(Issue {
                path: at,
                message: format!(
                    "source `{}` names `{}`, which is not in the sources folder",
                    doc.key, doc.file
                ),
                help: Some(missing_help(documents)),
            }),
        }
    }
    // Every string of the spec is written in its text, so a text without a bad citation has no
    // string with one, and the costly walk that finds each string's position is skipped. (A
    // citation spelt with escape sequences in a quoted string is not one: write them plainly.)
    let bad = |c: &Citation<'_>| citation_problem(c, sources, &lines).is_some();
    if !citations(text).iter().any(bad) {
        return issues;
    }
    for (path, text) in crate::yaml::strings(text) {
        for citation in citations(&text) {
            if let Some(message) = citation_problem(&citation, sources, &lines) {
                let help = if sources.get(citation.key).is_none() {
                    Some(format!(
                        "this spec's source keys are {}; add the document to `vendor.sources` or correct the key",
                        keys(sources)
                    ))
                } else {
                    Some("cite a line of the document as it is in the sources folder".into())
                };
                issues.push(Issue {
                    path: path.clone(),
                    message,
                    help,
                });
            }
        }
    }
    issues
}

fn citation_problem(
    citation: &Citation<'_>,
    sources: &Sources,
    lines: &BTreeMap<&str, (&str, usize)>,
) -> Option<String> {
    let Citation {
        text, first, last, ..
    } = citation;
    if sources.get(citation.key).is_none() {
        return Some(format!("citation `{text}` names no source of this spec"));
    }
    // A source whose file is missing was reported already; its lines cannot be checked.
    let &(file, count) = lines.get(citation.key)?;
    if *first == 0 || last < first {
        return Some(format!(
            "citation `{text}` is not a line or a range of lines (lines count from 1, a range goes forward)"
        ));
    }
    (*last > count)
        .then(|| format!("citation `{text}` is past the end of `{file}`, which has {count} lines"))
}

fn keys(sources: &Sources) -> String {
    if sources.is_empty() {
        return "none".into();
    }
    sources
        .iter()
        .map(|doc| format!("`{}`", doc.key))
        .collect::<Vec<_>>()
        .join(", ")
}

fn missing_help(documents: &Documents) -> String {
    let names: Vec<String> = documents.names().map(|n| format!("`{n}`")).collect();
    let listing = match names.len() {
        0 => "it holds no documents".to_owned(),
        n if n <= 12 => format!("it holds {}", names.join(", ")),
        n => format!("it holds {} and {} more", names[..12].join(", "), n - 12),
    };
    format!("copy the document unchanged into the `sources/` folder beside the spec, or correct the file name; {listing}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<(&str, usize, usize)> {
        citations(text)
            .into_iter()
            .map(|c| (c.key, c.first, c.last))
            .collect()
    }

    #[test]
    fn finds_lines_and_ranges_in_prose() {
        assert_eq!(
            found("ko:1-8, en:3-18 (API 멱등성), approve:227"),
            vec![("ko", 1, 8), ("en", 3, 18), ("approve", 227, 227)]
        );
        assert_eq!(found("(ko:19: | amountInfo |"), vec![("ko", 19, 19)]);
        assert_eq!(found("Ko:621 is"), vec![("Ko", 621, 621)]);
    }

    #[test]
    fn urls_hosts_and_times_are_not_citations() {
        assert!(found("https://host.example:8443/pay and 127.0.0.1:80").is_empty());
        assert!(found("at 10:30, ratio 1:2, key: value, ko:").is_empty());
        assert!(found("doc.txt:3 /path/ko:4").is_empty());
    }

    #[test]
    fn keys_are_identifiers() {
        assert!(is_key("ko") && is_key("approve") && is_key("cancel-v2") && is_key("a_1"));
        assert!(!is_key("") && !is_key("1ko") && !is_key("ko.txt") && !is_key("k o"));
    }
}
