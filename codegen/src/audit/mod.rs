//! The audit: a spec read against its own documents, row by row.
//!
//! Loading already proves that every citation names a line that exists. The audit goes further,
//! on what its reader (`audit/read.rs`) finds in the documents: the data rows of pipe tables (`| name | type | size
//! | required | ... |`), whose header says which column holds what, and the endpoints the
//! documents name (`POST /path`). Each rule of [`RULES`] compares one kind of thing:
//!
//! - a field's cited lines hold its wire name, its cited row is a row of a table, and on that
//!   row the size, required mark and type agree with the spec;
//! - an enum's cited code table lists exactly its codes, described as the spec describes them;
//! - every endpoint is an operation with the same method and credential, and every operation's
//!   cited lines name its endpoint;
//! - every data row of a table and every endpoint is cited by some field, operation, conflict or
//!   `untranscribed` entry;
//!
//! unless a `conflict` citing the row says why the spec differs (the field's own for a field, the
//! vendor's for an operation or a code). A row that lost cells against its header is read by
//! what its cells can only be (a size, a required mark, a type word), and a missing cell stays
//! unknown; so is a line whose cells a flattening copy glued together (`mallIdString8Byte...`).
//! What the audit cannot read it says, per document: other text (prose, examples) is counted as
//! not read, never guessed at.

mod read;

use crate::cite::{citations, Citation, Documents};
use crate::spec::{Field, FieldType, Operation, Required, Scalar, Spec, TypeDef, TypeKind};
use crate::yaml::{self, Step, Step::Index, Step::Key};
use read::{Column, Mark, Tables};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

/// The audit's rules: name, then when it finds something. specs/README.md's table is
/// [`rules_table`], checked by a test.
pub const RULES: [(&str, &str); 14] = [
    ("wire-name-not-on-cited-line", "none of the lines a field's `source` cites holds its wire name as the document spells it (a shifted citation, a misspelt name)"),
    ("field-not-in-table", "a field's cited lines hold its name, but none is a table row of it, in a document that has tables (an invented field, or one cited from an example or a URL without a conflict saying so)"),
    ("size-differs", "on a string field's table row, the size is not its `max_bytes`"),
    ("required-differs", "the row's mark (`✅`, `필수`, `Y`, `Required`: required; `선택적 필수`, `조건부`: required when; empty, `선택`, `N`, `Optional`: optional) is not the field's `required` (`true`, `{when: ...}`, `false`)"),
    ("required-unread", "a field's row lost its required mark (its table has the column, the row no readable mark), yet the spec makes the field required: a lost cell is not evidence of 필수"),
    ("type-differs", "the row's type (string, number, object, array, boolean) is not the field's (an enum or const may be a string or a number)"),
    ("row-uncovered", "a data row of a table (its first cell a name) is cited by no field, no enum, no conflict citing at most a few lines, and no `untranscribed` entry"),
    ("code-missing", "a row of the code table an enum's `source` cites (a table whose rows' first cells are its codes) has a code the enum lacks"),
    ("code-not-on-cited-line", "none of the lines an enum's `source` cites holds one of its codes"),
    ("description-differs", "a code's description on its row is not its variant's Korean description"),
    ("endpoint-uncovered", "an endpoint the document names (a method and a path: a table row with a path cell and a method cell, a line `POST https://{host}/v1/pay`, or `post` on the line above `/v1/pay`) is no operation's, and no callback, vendor conflict or `untranscribed` entry cites it"),
    ("method-differs", "an operation's `source` cites an endpoint with its path and another method"),
    ("auth-differs", "an endpoint row an operation cites names a credential of the spec's `vendor.auth` other than the operation's `auth`"),
    ("operation-not-in-document", "none of an operation's cited lines names its method and path, though its documents name endpoints"),
];

/// [`RULES`] as the Markdown table specs/README.md shows.
pub fn rules_table() -> String {
    let mut out = String::from("| finding | when |\n|---|---|\n");
    for (name, when) in RULES {
        let _ = writeln!(out, "| `{name}` | {when} |");
    }
    out
}

/// One disagreement between a spec and a document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// What kind: a name of [`RULES`].
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
    /// Lines outside pipe tables read as a row whose cells were glued together
    /// (`mallIdString8Byte...`, `orderIdstringRequired`): a name, a type word, then a size and a
    /// required mark if there are any. Counted in `rows` too.
    pub glued_rows: usize,
    /// Lines outside pipe tables read as a row printed one cell per line (a name, then `string
    /// 필수`, then `Max Length: 30`, as Toss Pay's page does). Counted in `rows` too.
    pub cell_per_line_rows: usize,
    /// Endpoints read (a method and a path, on a table row or a line of their own).
    pub endpoints: usize,
    /// Other non-empty lines: not read (prose, examples), never guessed at.
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
                "{}: {} table rows read ({} of them lost cells, {} were glued into one text, {} printed one cell per line: these read by content), {} endpoints; {} other lines not read",
                c.document, c.rows, c.rows_lost_cells, c.glued_rows, c.cell_per_line_rows, c.endpoints, c.lines_outside_tables
            );
        }
        out
    }
}

/// The most lines a conflict's citation may span and still account for the rows it covers.
const CONFLICT_ROWS: usize = 6;

/// Document lines, as (citation key, 1-based line).
type Lines = BTreeSet<(String, usize)>;

/// Every line `text` cites (`ko:3-5` cites 3, 4 and 5); with `short`, only citations spanning
/// fewer than [`CONFLICT_ROWS`] lines: one citing a whole section speaks of the section, not of
/// each row in it.
fn lines_cited(text: &str, short: bool) -> Lines {
    (citations(text).iter())
        .filter(|c| !short || c.last - c.first < CONFLICT_ROWS)
        .flat_map(|c| (c.first..=c.last).map(|n| (c.key.to_owned(), n)))
        .collect()
}

fn conflict_text(c: &crate::spec::Conflict) -> String {
    format!("{} {} {}", c.doc, c.decision, c.why)
}

/// What the rules share: the documents read, where the spec's nodes are, and what is cited.
struct Context<'a> {
    file: &'a str,
    text: &'a str,
    /// Per citation key: the document as shown, and what was read of it.
    tables: BTreeMap<&'a str, (String, Tables<'a>)>,
    /// Lines the vendor's conflicts cite a few at a time: rows they account for.
    vendor_conflicts: Lines,
    /// Lines `untranscribed` entries cite: left out on purpose, with a reason. The only way to
    /// leave out a code of a code table or a documented endpoint, since a conflict that merely
    /// mentions a line (for another reason) must not silence a check on it.
    untranscribed: Lines,
    findings: Vec<Finding>,
}

impl Context<'_> {
    /// `file:line:column` of the spec node at `path`. Looked up only for findings: walking the
    /// YAML is the costly part.
    fn at(&self, path: &[Step]) -> String {
        let p = yaml::locate(self.text, path);
        let (line, column) = p.map_or((1, 1), |p| (p.line, p.column));
        format!("{}:{line}:{column}", self.file)
    }

    fn shown(&self, key: &str, line: usize) -> String {
        let name = self.tables.get(key).map_or(key, |(name, _)| name.as_str());
        format!("{name}:{line}")
    }

    fn find(
        &mut self,
        rule: &'static str,
        spec: String,
        document: String,
        message: String,
        values: (Option<String>, Option<String>),
    ) {
        debug_assert!(RULES.iter().any(|(name, _)| *name == rule));
        self.findings.push(Finding {
            rule,
            spec,
            document,
            message,
            documented: values.0,
            transcribed: values.1,
        });
    }
}

/// Audits `spec` (written as `text`, reported as `file`) against `documents`.
pub(crate) fn audit(spec: &Spec, file: &str, text: &str, documents: &Documents) -> Audit {
    // Documents are shown where they are: in `sources/` beside the spec.
    let folder = file
        .rsplit_once('/')
        .map_or(String::new(), |(dir, _)| format!("{dir}/"));
    let mut tables = BTreeMap::new();
    for doc in spec.vendor.sources.iter() {
        if let Some(body) = documents.get(&doc.file) {
            let shown = format!("{folder}sources/{}", doc.file);
            let read = read::read_tables(&shown, body);
            tables.insert(doc.key.as_str(), (shown, read));
        }
    }
    let vendor_conflicts = (spec.conflicts.iter())
        .flat_map(|c| lines_cited(&conflict_text(c), true))
        .collect();
    let untranscribed = (spec.untranscribed.iter())
        .flat_map(|u| lines_cited(&u.rows, false))
        .collect();
    let mut cx = Context {
        file,
        text,
        tables,
        vendor_conflicts,
        untranscribed,
        findings: Vec::new(),
    };
    for (ti, ty) in spec.types.iter().enumerate() {
        match ty.kind {
            TypeKind::Object => {
                for (fi, field) in ty.fields.iter().flatten().enumerate() {
                    audit_field(&mut cx, ti, fi, field);
                }
            }
            TypeKind::Enum => audit_codes(&mut cx, ti, ty),
        }
    }
    audit_endpoints(&mut cx, spec);
    uncovered_rows(&mut cx, spec);
    Audit {
        coverage: (cx.tables.values())
            .map(|(_, t)| t.coverage.clone())
            .collect(),
        findings: cx.findings,
    }
}

/// Rows no field, conflict or `untranscribed` entry cites.
fn uncovered_rows(cx: &mut Context<'_>, spec: &Spec) {
    let mut cited: Lines = cx
        .vendor_conflicts
        .union(&cx.untranscribed)
        .cloned()
        .collect();
    for ty in &spec.types {
        for field in ty.fields.iter().flatten() {
            cited.extend(lines_cited(&field.source, false));
            if let Some(c) = &field.conflict {
                cited.extend(lines_cited(&conflict_text(c), true));
            }
        }
        if ty.kind == TypeKind::Enum {
            // A code table's rows are its enum's: checked by `audit_codes`.
            cited.extend(lines_cited(&ty.source, false));
        }
    }
    let mut uncovered = Vec::new();
    for (key, (name, t)) in &cx.tables {
        for (line, row) in &t.rows {
            let first = row.name();
            if read::names_a_field(first) && !cited.contains(&((*key).to_owned(), *line)) {
                uncovered.push((format!("{name}:{line}"), format!("{key}:{line}"), first));
            }
        }
    }
    let at = cx.at(&[Key("vendor"), Key("sources")]);
    for (document, cite, first) in uncovered {
        cx.find(
            "row-uncovered",
            at.clone(),
            document,
            format!("the row of `{first}` ({cite}) is cited by no field, no conflict and no `untranscribed` entry"),
            (Some(first.to_owned()), None),
        );
    }
}

/// The spec's mark for a field.
fn mark_of(required: &Required) -> Mark {
    match required {
        Required::Yes => Mark::Yes,
        Required::When(_) => Mark::When,
        Required::No => Mark::No,
    }
}

/// The documented families a spec type agrees with.
fn agrees(ty: FieldType, family: &str) -> bool {
    match ty {
        FieldType::String => family == "string",
        FieldType::Integer => family == "number",
        // An exact decimal is written as a number or as a string of digits.
        FieldType::Decimal => matches!(family, "number" | "string"),
        FieldType::Boolean => family == "boolean",
        FieldType::Object => family == "object",
        FieldType::Array => family == "array",
        // A code or a fixed value is written as the document's string or number.
        FieldType::Enum | FieldType::Const => matches!(family, "string" | "number"),
    }
}

/// A field against the lines it cites: its name there, its table row, and that row's cells.
fn audit_field(cx: &mut Context<'_>, ti: usize, fi: usize, field: &Field) {
    let path = [
        Key("types"),
        Index(ti),
        Key("fields"),
        Index(fi),
        Key("source"),
    ];
    // What the field's own conflict cites is explained there, whatever differs on it.
    let explained = (field.conflict.as_ref())
        .map_or_else(Lines::new, |c| lines_cited(&conflict_text(c), false));
    let is_explained =
        |c: &Citation<'_>, line: usize| explained.contains(&(c.key.to_owned(), line));
    let found = citations(&field.source);
    let readable: Vec<&Citation<'_>> = (found.iter())
        .filter(|c| cx.tables.contains_key(c.key))
        .collect();
    let Some(&first) = readable.first() else {
        return;
    };
    let on_line = (readable.iter()).any(|c| cx.tables[c.key].1.holds(c.first, c.last, &field.wire));
    if !on_line {
        if !(readable.iter()).any(|c| (c.first..=c.last).any(|n| is_explained(c, n))) {
            let (at, document) = (cx.at(&path), cx.shown(first.key, first.first));
            cx.find(
                "wire-name-not-on-cited-line",
                at,
                document,
                format!(
                    "`{}` is not on the line it cites ({})",
                    field.wire, first.text
                ),
                (None, Some(field.wire.clone())),
            );
        }
        return;
    }
    // The field's table row: a cited line (a range may add the row's wrapped lines) that is a
    // row naming it.
    let mut own_rows = Vec::new();
    for c in &readable {
        let t = &cx.tables[c.key].1;
        for (line, row) in t.rows_in(c.first, c.last) {
            if row.name() == field.wire {
                own_rows.push((*c, line, row));
            }
        }
    }
    let has_tables = (readable.iter()).any(|c| cx.tables[c.key].1.coverage.rows > 0);
    if own_rows.is_empty() && has_tables {
        if !(readable.iter()).any(|c| (c.first..=c.last).any(|n| is_explained(c, n))) {
            let (at, document) = (cx.at(&path), cx.shown(first.key, first.first));
            cx.find(
                "field-not-in-table",
                at,
                document,
                format!(
                    "`{}`: its cited lines ({}) hold its name but no table row of it; cite its row, or say in its conflict (citing those lines) where the field comes from",
                    field.wire,
                    field.source
                ),
                (None, Some(field.wire.clone())),
            );
        }
        return;
    }
    let mut found_here = Vec::new();
    for (c, line, row) in own_rows {
        if is_explained(c, line) {
            continue;
        }
        let document = cx.shown(c.key, line);
        if let Some(size) = row.value(Column::Size).and_then(read::size_of) {
            if field.ty == FieldType::String && field.max_bytes != Some(size) {
                found_here.push((
                    "size-differs",
                    document.clone(),
                    format!(
                        "`{}`: the document's size is not the spec's max_bytes",
                        field.wire
                    ),
                    (
                        Some(size.to_string()),
                        Some(field.max_bytes.map_or("none".to_owned(), |m| m.to_string())),
                    ),
                ));
            }
        }
        let mark = row.value(Column::Required).and_then(read::required_of);
        if mark.is_none() && row.has_column(Column::Required) && field.required != Required::No {
            found_here.push((
                "required-unread",
                document.clone(),
                format!(
                    "`{}`: the row's required mark cannot be read (a lost cell), and the spec makes the field required; say why in the field's conflict, citing the row",
                    field.wire
                ),
                (None, Some(mark_of(&field.required).name().to_owned())),
            ));
        }
        if let Some(cell) = row.value(Column::Required) {
            if let Some(mark) = read::required_of(cell) {
                let spec_mark = mark_of(&field.required);
                if mark != spec_mark {
                    found_here.push((
                        "required-differs",
                        document.clone(),
                        format!(
                            "`{}`: the document's required mark is not the spec's",
                            field.wire
                        ),
                        (
                            Some(format!("{cell} ({})", mark.name())),
                            Some(spec_mark.name().to_owned()),
                        ),
                    ));
                }
            }
        }
        if let Some(cell) = row.value(Column::Type) {
            if read::family_of(cell).is_some_and(|family| !agrees(field.ty, family)) {
                found_here.push((
                    "type-differs",
                    document.clone(),
                    format!("`{}`: the document's type is not the spec's", field.wire),
                    (Some(cell.to_owned()), Some(field.ty.name().to_owned())),
                ));
            }
        }
    }
    if !found_here.is_empty() {
        let at = cx.at(&path);
        for (rule, document, message, values) in found_here {
            cx.find(rule, at.clone(), document, message, values);
        }
    }
}

fn code_of(value: &Scalar) -> String {
    match value {
        Scalar::Str(s) => s.clone(),
        Scalar::Int(i) => i.to_string(),
        Scalar::Bool(b) => b.to_string(),
    }
}

/// Collapses runs of white space, so a wrapped or re-spaced description compares equal.
fn words(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// An enum against the lines its `source` cites: where those lines include a table whose rows
/// are its codes (a row's first cell is one of them), every row of that table within the
/// citation is a code of the enum, described as the variant is; and every code stands on some
/// cited line. A vendor conflict citing a row explains it.
fn audit_codes(cx: &mut Context<'_>, ti: usize, ty: &TypeDef) {
    let variants = ty.variants.as_deref().unwrap_or_default();
    let codes: Vec<String> = variants.iter().map(|v| code_of(&v.value)).collect();
    let found = citations(&ty.source);
    let readable: Vec<&Citation<'_>> = (found.iter())
        .filter(|c| cx.tables.contains_key(c.key))
        .collect();
    if readable.is_empty() {
        return;
    }
    let mut problems = Vec::new();
    for c in &readable {
        let t = &cx.tables[c.key].1;
        let rows: Vec<_> = t.rows_in(c.first, c.last).collect();
        if !rows
            .iter()
            .any(|(_, r)| codes.iter().any(|code| code == r.name()))
        {
            continue;
        }
        for (line, row) in rows {
            if cx.untranscribed.contains(&(c.key.to_owned(), line)) {
                continue;
            }
            let document = cx.shown(c.key, line);
            let Some(at) = codes.iter().position(|code| code == row.name()) else {
                problems.push((
                    "code-missing",
                    Some(0),
                    document,
                    format!(
                        "the code `{}` ({}:{line}) is not a variant of {}",
                        row.name(),
                        c.key,
                        ty.name
                    ),
                    (Some(row.name().to_owned()), None),
                ));
                continue;
            };
            let (Some(cell), Some(ko)) = (row.cells.get(1), variants[at].description.ko.as_deref())
            else {
                continue;
            };
            if !cell.is_empty() && words(cell) != words(ko) {
                problems.push((
                    "description-differs",
                    Some(at),
                    document,
                    format!(
                        "{}::{}: the document describes the code otherwise",
                        ty.name, codes[at]
                    ),
                    (Some((*cell).to_owned()), Some(ko.to_owned())),
                ));
            }
        }
    }
    for (at, code) in codes.iter().enumerate() {
        if !(readable.iter()).any(|c| cx.tables[c.key].1.holds_word(c.first, c.last, code)) {
            problems.push((
                "code-not-on-cited-line",
                Some(at),
                cx.shown(readable[0].key, readable[0].first),
                format!(
                    "{}::{code}: no line {} cites holds the code",
                    ty.name, ty.source
                ),
                (None, Some(code.clone())),
            ));
        }
    }
    for (rule, variant, document, message, values) in problems {
        let at = match variant {
            Some(v) if rule != "code-missing" => {
                cx.at(&[Key("types"), Index(ti), Key("variants"), Index(v)])
            }
            _ => cx.at(&[Key("types"), Index(ti), Key("source")]),
        };
        cx.find(rule, at, document, message, values);
    }
}

fn method_of(op: &Operation) -> String {
    format!("{:?}", op.method).to_ascii_uppercase()
}

/// Endpoints against operations, both ways.
fn audit_endpoints(cx: &mut Context<'_>, spec: &Spec) {
    let schemes: Vec<&str> = spec.vendor.auth.iter().map(|s| s.name.as_str()).collect();
    let mut accounted = Lines::new();
    for callback in &spec.callbacks {
        accounted.extend(lines_cited(&callback.source, false));
    }
    let op_lines: Vec<Lines> = (spec.operations.iter())
        .map(|op| lines_cited(&op.source, false))
        .collect();
    let mut problems = Vec::new();
    for (key, (name, t)) in &cx.tables {
        for (&line, endpoint) in &t.endpoints {
            let here = ((*key).to_owned(), line);
            let document = format!("{name}:{line}");
            let shown = format!("{} {}", endpoint.method, endpoint.path);
            let same_path: Vec<usize> = (0..spec.operations.len())
                .filter(|&i| read::same_path(&endpoint.path, &spec.operations[i].path))
                .collect();
            let same: Vec<usize> = (same_path.iter().copied())
                .filter(|&i| method_of(&spec.operations[i]) == endpoint.method)
                .collect();
            if cx.untranscribed.contains(&here) {
                continue;
            }
            if same.is_empty() {
                if let Some(&i) = same_path.iter().find(|&&i| op_lines[i].contains(&here)) {
                    let op = &spec.operations[i];
                    problems.push((
                        "method-differs",
                        (i, "method"),
                        document,
                        format!("operation {}: {key}:{line} gives {shown}", op.name),
                        (Some(endpoint.method.clone()), Some(method_of(op))),
                    ));
                } else if !accounted.contains(&here) {
                    problems.push((
                        "endpoint-uncovered",
                        (usize::MAX, ""),
                        document,
                        format!("{shown} ({key}:{line}) is no operation's method and path, and nothing else cites it"),
                        (Some(shown.clone()), None),
                    ));
                }
                continue;
            }
            let Some(named) = (endpoint.cells.iter()).find(|c| schemes.contains(c)) else {
                continue;
            };
            for &i in same.iter().filter(|&&i| op_lines[i].contains(&here)) {
                let op = &spec.operations[i];
                if op.auth.as_deref() != Some(named) {
                    problems.push((
                        "auth-differs",
                        (i, "auth"),
                        document.clone(),
                        format!(
                            "operation {}: {key}:{line} names the credential `{named}`",
                            op.name
                        ),
                        (
                            Some((*named).to_owned()),
                            Some(op.auth.clone().unwrap_or_else(|| "none".into())),
                        ),
                    ));
                }
            }
        }
    }
    // Each operation's cited lines name its endpoint, where its documents name endpoints at all.
    for (i, op) in spec.operations.iter().enumerate() {
        let cited: Vec<&str> = (citations(&op.source).iter())
            .map(|c| c.key)
            .filter(|k| cx.tables.contains_key(k))
            .collect();
        let has_endpoints = cited.iter().any(|k| !cx.tables[k].1.endpoints.is_empty());
        let named = (op_lines[i].iter()).any(|(key, line)| {
            (cx.tables
                .get(key.as_str())
                .and_then(|(_, t)| t.endpoints.get(line)))
            .is_some_and(|e| e.method == method_of(op) && read::same_path(&e.path, &op.path))
        });
        if has_endpoints && !named {
            problems.push((
                "operation-not-in-document",
                (i, "source"),
                cx.shown(cited[0], citations(&op.source)[0].first),
                format!(
                    "operation {}: none of its cited lines ({}) names {} {}",
                    op.name,
                    op.source,
                    method_of(op),
                    op.path
                ),
                (None, Some(format!("{} {}", method_of(op), op.path))),
            ));
        }
    }
    for (rule, (op, key), document, message, values) in problems {
        let at = if op == usize::MAX {
            cx.at(&[Key("vendor"), Key("sources")])
        } else {
            cx.at(&[Key("operations"), Index(op), Key(key)])
        };
        cx.find(rule, at, document, message, values);
    }
}
