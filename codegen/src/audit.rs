//! The audit: a spec read against its own documents, row by row.
//!
//! Loading already proves that every citation names a line that exists. The audit goes further,
//! on the documents' pipe tables (`| name | type | size | required | ... |`), whose header row
//! says which column holds what:
//!
//! - a field's cited lines hold its wire name, as the document spells it;
//! - on a field's table row, the size, required mark and type agree with the spec;
//! - every data row of a table is cited by some field or conflict;
//!
//! unless the field records a `conflict`, which is where a spec says why it differs. A row that
//! lost cells against its header is read by what its cells can only be (a size, a required mark,
//! a type word), and a missing cell stays unknown; so is a line whose cells a flattening copy
//! glued together (`mallIdString8Byte...`). What the audit cannot read it says, per document:
//! other text outside pipe tables (prose, examples) is counted as not read, never guessed at.

use crate::cite::{citations, Citation, Documents};
use crate::spec::{Field, FieldType, Required, Spec, TypeKind};
use crate::yaml::{self, Step, Step::Index, Step::Key};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

/// One disagreement between a spec and a document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// What kind: `wire-name-not-on-cited-line`, `size-differs`, `required-differs`,
    /// `type-differs` or `row-uncovered`.
    pub rule: &'static str,
    /// The spec, as `file:line:column` of the node concerned (the vendor's `sources` for an
    /// uncovered row).
    pub spec: String,
    /// The document line, as `sources/<file>:<line>`.
    pub document: String,
    /// What differs.
    pub message: String,
    /// The document's value, when there is one.
    pub documented: Option<String>,
    /// The spec's value, when there is one.
    pub transcribed: Option<String>,
}

/// What the audit of one document could and could not read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Coverage {
    /// The document's file name.
    pub document: String,
    /// Data rows of pipe tables read.
    pub rows: usize,
    /// Of those, rows with fewer cells than their table's header, read by what their cells hold
    /// (a size, a required mark, a type word), since their cells no longer line up.
    pub rows_lost_cells: usize,
    /// Lines outside pipe tables read as a row whose cells were glued together (`mallIdString8Byte`
    /// ..., `orderIdstringRequired`): a name, a type word, then a size and a required mark if
    /// there are any. Counted in `rows` too.
    pub glued_rows: usize,
    /// Non-empty lines outside pipe tables and not glued rows: not read (prose, examples, or a table flattened into
    /// glued text, which the audit does not guess at).
    pub lines_outside_tables: usize,
}

/// The audit of one spec.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Audit {
    /// Every disagreement found.
    pub findings: Vec<Finding>,
    /// Per document, what was read.
    pub coverage: Vec<Coverage>,
}

impl Audit {
    /// The findings, each naming both places and both values, then a line per document.
    pub fn text(&self) -> String {
        let mut out = String::new();
        for f in &self.findings {
            let _ = writeln!(out, "{}: audit: {} [{}]", f.spec, f.message, f.rule);
            let _ = writeln!(out, "  = document: {}", f.document);
            if let (Some(d), Some(t)) = (&f.documented, &f.transcribed) {
                let _ = writeln!(out, "  = documented `{d}`, transcribed `{t}`");
            }
        }
        for c in &self.coverage {
            let _ = writeln!(
                out,
                "{}: {} table rows read ({} of them lost cells and {} were glued into one text, read by content); {} other lines not read",
                c.document, c.rows, c.rows_lost_cells, c.glued_rows, c.lines_outside_tables
            );
        }
        out
    }
}

/// A data row of a pipe table, with the header it falls under.
struct Row<'d> {
    cells: Vec<&'d str>,
    header: Vec<String>,
    /// Fewer cells than the header: the cells left no longer line up with its columns.
    lost: bool,
}

/// A column the audit compares.
#[derive(Clone, Copy)]
enum Column {
    Size,
    Required,
    Type,
}

impl Row<'_> {
    /// The row's value for `column`: the cell under the header column of that name; or, in a row
    /// that lost cells, the first cell (after the name) that can only be such a value (a size, a
    /// required mark, a type word). An empty cell of such a row is a lost one, never "optional".
    fn value(&self, column: Column) -> Option<&str> {
        let (names, reads): (&[&str], fn(&str) -> bool) = match column {
            Column::Size => (SIZE, |c| size_of(c).is_some()),
            Column::Required => (REQUIRED, |c| !c.is_empty() && required_of(c).is_some()),
            Column::Type => (TYPE, |c| family_of(c).is_some()),
        };
        if self.lost {
            return self.cells.iter().skip(1).copied().find(|c| reads(c));
        }
        let at = (self.header.iter()).position(|h| names.iter().any(|n| h.contains(n)))?;
        self.cells.get(at).copied()
    }
}

/// The most lines a conflict's citation may span and still account for the rows it covers.
const CONFLICT_ROWS: usize = 6;

const SIZE: &[&str] = &["길이", "크기", "Length", "Size", "Byte"];
const REQUIRED: &[&str] = &["필수", "Required", "required"];
const TYPE: &[&str] = &["타입", "자료형", "Type", "type"];

/// The pipe tables of one document: data rows by line number (1-based), and what was not read.
struct Tables<'d> {
    lines: Vec<&'d str>,
    rows: BTreeMap<usize, Row<'d>>,
    coverage: Coverage,
}

impl Tables<'_> {
    /// Whether lines `first..=last` (1-based) hold `text`.
    fn holds(&self, first: usize, last: usize, text: &str) -> bool {
        let from = first.saturating_sub(1).min(self.lines.len());
        let to = last.min(self.lines.len()).max(from);
        self.lines[from..to].iter().any(|line| line.contains(text))
    }
}

fn cells(line: &str) -> Vec<&str> {
    let inner = line.trim().trim_start_matches('|');
    let inner = inner.strip_suffix('|').unwrap_or(inner);
    inner.split('|').map(str::trim).collect()
}

fn is_separator(line: &str) -> bool {
    let t = line.trim();
    t.starts_with('|') && t.contains('-') && t.chars().all(|c| matches!(c, '|' | '-' | ':' | ' '))
}

fn read_tables<'d>(name: &str, text: &'d str) -> Tables<'d> {
    let lines: Vec<&str> = text.lines().collect();
    let mut rows = BTreeMap::new();
    let mut coverage = Coverage {
        document: name.to_owned(),
        rows: 0,
        rows_lost_cells: 0,
        glued_rows: 0,
        lines_outside_tables: 0,
    };
    let mut header: Option<Vec<String>> = None;
    for (i, line) in lines.iter().enumerate() {
        let t = line.trim();
        if !t.starts_with('|') {
            header = None;
            if let Some(glued) = unglue(t) {
                coverage.glued_rows += 1;
                coverage.rows += 1;
                rows.insert(
                    i + 1,
                    Row {
                        cells: glued,
                        header: Vec::new(),
                        lost: true,
                    },
                );
            } else if !t.is_empty() {
                coverage.lines_outside_tables += 1;
            }
            continue;
        }
        if is_separator(t) {
            continue;
        }
        if lines.get(i + 1).is_some_and(|next| is_separator(next)) {
            header = Some(cells(t).into_iter().map(str::to_owned).collect());
            continue;
        }
        let Some(h) = &header else {
            coverage.lines_outside_tables += 1;
            continue;
        };
        let row = cells(t);
        let lost = row.len() < h.len();
        if lost {
            coverage.rows_lost_cells += 1;
        }
        coverage.rows += 1;
        rows.insert(
            i + 1,
            Row {
                cells: row,
                header: h.clone(),
                lost,
            },
        );
    }
    Tables {
        lines,
        rows,
        coverage,
    }
}

/// The type words a glued row's type cell can be, as the documents write them.
const TYPE_WORDS: &[&str] = &[
    "String", "string", "Number", "number", "Integer", "integer", "Object", "object", "Array",
    "array", "Boolean", "boolean",
];

/// The cells of a line whose table cells were glued together by a flattening copy: a name, then
/// a type word, then a size (`8Byte`) and a required mark (`Required`, `Optional`) if present,
/// then the description. `None` for any other line. The name ends where the first type word
/// begins, so a name holding a type word (`myString`) would be cut short: such a row then fails
/// the wire-name and row checks loudly, not silently.
fn unglue(line: &str) -> Option<Vec<&str>> {
    let (at, word) = (TYPE_WORDS.iter())
        .filter_map(|word| line.find(word).map(|at| (at, *word)))
        .filter(|&(at, _)| at > 0)
        .min()?;
    let name = &line[..at];
    let starts = name.chars().next().is_some_and(|c| c.is_ascii_alphabetic());
    if !starts
        || !name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_-.".contains(c))
    {
        return None;
    }
    let mut cells = vec![name, word];
    let mut rest = &line[at + word.len()..];
    let digits = rest.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && rest[digits..].starts_with("Byte") {
        cells.push(&rest[..digits + 4]);
        rest = &rest[digits + 4..];
    }
    for mark in ["Required", "Optional"] {
        if let Some(after) = rest.strip_prefix(mark) {
            cells.push(mark);
            rest = after;
        }
    }
    // Nothing after the type but prose that starts with a lowercase letter would be a word
    // running on (`objective`), not a glued row.
    if rest.chars().next().is_some_and(|c| c.is_ascii_lowercase()) {
        return None;
    }
    if !rest.trim().is_empty() {
        cells.push(rest.trim());
    }
    Some(cells)
}

/// Whether a first cell names a field (rather than a section title or a code value).
fn names_a_field(cell: &str) -> bool {
    let cell = cell.trim_matches('`');
    let mut chars = cell.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.')
}

/// The byte size a cell states: `8`, `8Byte`, `60 bytes`.
fn size_of(cell: &str) -> Option<usize> {
    let digits: String = cell
        .trim()
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    let rest = cell.trim()[digits.len()..].trim().to_ascii_lowercase();
    if digits.is_empty() || !(rest.is_empty() || rest.starts_with("byte")) {
        return None;
    }
    digits.parse().ok()
}

/// Whether a cell marks its row required (`Some(true)`), optional (`Some(false)`), or says
/// neither in a way the audit reads (`None`).
fn required_of(cell: &str) -> Option<bool> {
    match cell.trim() {
        "✅" | "Y" | "O" | "필수" | "Required" | "required" | "Yes" => Some(true),
        "" | "N" | "X" | "선택" | "Optional" | "optional" | "No" => Some(false),
        _ => None,
    }
}

/// The family of a documented type: `string`, `number`, `object`, `array`, `boolean`.
fn family_of(cell: &str) -> Option<&'static str> {
    let lower = cell.trim().to_ascii_lowercase();
    Some(match lower.as_str() {
        "string" | "str" | "varchar" | "char" | "문자" | "문자열" => "string",
        "number" | "int" | "integer" | "long" | "numeric" | "숫자" => "number",
        "object" | "json" => "object",
        "array" | "list" => "array",
        "boolean" | "bool" => "boolean",
        _ => return None,
    })
}

/// The documented families a spec type agrees with.
fn agrees(ty: FieldType, family: &str) -> bool {
    match ty {
        FieldType::String => family == "string",
        FieldType::Integer => family == "number",
        FieldType::Boolean => family == "boolean",
        FieldType::Object => family == "object",
        FieldType::Array => family == "array",
        // A code or a fixed value is written as the document's string or number.
        FieldType::Enum | FieldType::Const => matches!(family, "string" | "number"),
    }
}

/// Audits `spec` (written as `text`, reported as `file`) against `documents`.
pub(crate) fn audit(spec: &Spec, file: &str, text: &str, documents: &Documents) -> Audit {
    let mut audit = Audit::default();
    // Documents are shown where they are: in `sources/` beside the spec.
    let folder = file
        .rsplit_once('/')
        .map_or(String::new(), |(dir, _)| format!("{dir}/"));
    let mut tables: BTreeMap<&str, (String, Tables<'_>)> = BTreeMap::new();
    for doc in spec.vendor.sources.iter() {
        if let Some(body) = documents.get(&doc.file) {
            let shown = format!("{folder}sources/{}", doc.file);
            let read = read_tables(&shown, body);
            tables.insert(doc.key.as_str(), (shown, read));
        }
    }
    let at = |path: &[Step]| {
        let p = yaml::locate(text, path);
        let (line, column) = p.map_or((1, 1), |p| (p.line, p.column));
        format!("{file}:{line}:{column}")
    };
    // Lines a field or a conflict cites: those rows are accounted for. A conflict accounts for
    // rows it cites a few lines at a time (a short table it explains, such as an error table);
    // one citing a whole section speaks of the section, so its rows still need their fields.
    let mut cited: BTreeSet<(String, usize)> = BTreeSet::new();
    let mut cite =
        |c: &Citation<'_>| cited.extend((c.first..=c.last).map(|n| (c.key.to_owned(), n)));
    for skipped in &spec.untranscribed {
        citations(&skipped.rows).iter().for_each(&mut cite);
    }
    for conflict in conflict_texts(spec) {
        (citations(&conflict).iter())
            .filter(|c| c.last - c.first < CONFLICT_ROWS)
            .for_each(&mut cite);
    }
    for (ti, ty) in spec.types.iter().enumerate() {
        if ty.kind != TypeKind::Object {
            continue;
        }
        for (fi, field) in ty.fields.iter().flatten().enumerate() {
            let path = [
                Key("types"),
                Index(ti),
                Key("fields"),
                Index(fi),
                Key("source"),
            ];
            let found = citations(&field.source);
            found.iter().for_each(&mut cite);
            if field.conflict.is_some() {
                continue;
            }
            // Positions are looked up only for findings: walking the YAML is the costly part.
            audit_field(&mut audit, &tables, &|| at(&path), field, &found);
        }
    }
    for (key, (name, t)) in &tables {
        for (line, row) in &t.rows {
            let first = row.cells.first().copied().unwrap_or_default();
            if names_a_field(first) && !cited.contains(&((*key).to_owned(), *line)) {
                audit.findings.push(Finding {
                    rule: "row-uncovered",
                    spec: at(&[Key("vendor"), Key("sources")]),
                    document: format!("{name}:{line}"),
                    message: format!(
                        "the row of `{}` ({key}:{line}) is cited by no field, no conflict and no `untranscribed` entry",
                        first.trim_matches('`')
                    ),
                    documented: Some(first.trim_matches('`').to_owned()),
                    transcribed: None,
                });
            }
        }
        audit.coverage.push(t.coverage.clone());
    }
    audit
}

/// Every conflict's text (vendor and field), where the spec explains rows it does not transcribe.
fn conflict_texts(spec: &Spec) -> Vec<String> {
    let mut texts: Vec<String> = (spec.conflicts.iter())
        .map(|c| format!("{} {} {}", c.doc, c.decision, c.why))
        .collect();
    for ty in &spec.types {
        for field in ty.fields.iter().flatten() {
            if let Some(c) = &field.conflict {
                texts.push(format!("{} {} {}", c.doc, c.decision, c.why));
            }
        }
    }
    texts
}

fn audit_field(
    audit: &mut Audit,
    tables: &BTreeMap<&str, (String, Tables<'_>)>,
    spec_at: &dyn Fn() -> String,
    field: &Field,
    found: &[Citation<'_>],
) {
    let mut finding = |rule, document: String, message: String, documented, transcribed| {
        audit.findings.push(Finding {
            rule,
            spec: spec_at(),
            document,
            message,
            documented,
            transcribed,
        })
    };
    let readable: Vec<_> = (found.iter())
        .filter_map(|c| tables.get(c.key).map(|(name, t)| (c, name, t)))
        .collect();
    if readable.is_empty() {
        return;
    }
    // The wire name on the cited lines, as the document spells it.
    let on_line = (readable.iter()).any(|(c, _, t)| t.holds(c.first, c.last, &field.wire));
    if !on_line {
        let (c, name, _) = readable[0];
        finding(
            "wire-name-not-on-cited-line",
            format!("{name}:{}", c.first),
            format!("`{}` is not on the line it cites ({})", field.wire, c.text),
            None,
            Some(field.wire.clone()),
        );
        return;
    }
    // A cited line that is this field's table row (a range may add the row's wrapped lines):
    // compare its cells.
    for (c, name, t) in readable {
        let Some(row) = t.rows.get(&c.first) else {
            continue;
        };
        if row.cells.first().map(|s| s.trim_matches('`')) != Some(field.wire.as_str()) {
            continue;
        }
        let document = format!("{name}:{}", c.first);
        if let Some(size) = row.value(Column::Size).and_then(size_of) {
            if field.ty == FieldType::String && field.max_bytes != Some(size) {
                finding(
                    "size-differs",
                    document.clone(),
                    format!(
                        "`{}`: the document's size is not the spec's max_bytes",
                        field.wire
                    ),
                    Some(size.to_string()),
                    Some(field.max_bytes.map_or("none".to_owned(), |m| m.to_string())),
                );
            }
        }
        if let Some(required) = row.value(Column::Required).and_then(required_of) {
            let spec_required = field.required == Required::Yes;
            if required != spec_required {
                let show = |r: bool| if r { "required" } else { "optional" }.to_owned();
                finding(
                    "required-differs",
                    document.clone(),
                    format!(
                        "`{}`: the document's required mark is not the spec's",
                        field.wire
                    ),
                    Some(format!(
                        "{} ({})",
                        row.value(Column::Required).unwrap_or_default(),
                        show(required)
                    )),
                    Some(show(spec_required)),
                );
            }
        }
        if let Some(cell) = row.value(Column::Type) {
            if let Some(family) = family_of(cell) {
                if !agrees(field.ty, family) {
                    finding(
                        "type-differs",
                        document.clone(),
                        format!("`{}`: the document's type is not the spec's", field.wire),
                        Some(cell.to_owned()),
                        Some(field.ty.name().to_owned()),
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::unglue;

    #[test]
    fn glued_cells_come_apart_at_the_type_word() {
        assert_eq!(
            unglue("mallIdString8ByteMerchant ID assigned by KICC"),
            Some(vec![
                "mallId",
                "String",
                "8Byte",
                "Merchant ID assigned by KICC"
            ])
        );
        assert_eq!(
            unglue("countryCodestringRequired"),
            Some(vec!["countryCode", "string", "Required"])
        );
        assert_eq!(
            unglue("X-AppIdstringRequired").map(|c| c[0]),
            Some("X-AppId")
        );
        // Prose is not a row: no type word after a bare name, or a word running on.
        assert_eq!(unglue("Parameters"), None);
        assert_eq!(unglue("The objective is"), None);
        assert_eq!(unglue("An objective"), None);
        assert_eq!(unglue("String values only"), None);
    }
}
