//! Reading a document the way the audit compares it: the data rows of its pipe tables (and the
//! rows a flattening copy glued into one text), and the endpoints it names (`POST /path`).
//!
//! Nothing here knows a spec: the rules in the parent module compare what this reads with one.

use super::Coverage;
use std::collections::BTreeMap;

/// A data row of a pipe table, with the header it falls under.
pub(super) struct Row<'d> {
    pub cells: Vec<&'d str>,
    header: Vec<String>,
    /// Fewer cells than the header: the cells left no longer line up with its columns.
    lost: bool,
}

/// A column the audit compares.
#[derive(Clone, Copy)]
pub(super) enum Column {
    Size,
    Required,
    Type,
}

impl<'d> Row<'d> {
    /// The row's first cell without code marks: the field's (or the code's) name.
    pub fn name(&self) -> &'d str {
        self.cells.first().map_or("", |c| c.trim_matches('`'))
    }

    /// Whether the row's table has a column for `column` (a glued row's table is unknown).
    pub fn has_column(&self, column: Column) -> bool {
        let names = match column {
            Column::Size => SIZE,
            Column::Required => REQUIRED,
            Column::Type => TYPE,
        };
        (self.header.iter()).any(|h| names.iter().any(|n| h.contains(n)))
    }

    /// The row's value for `column`: the cell under the header column of that name; or, in a row
    /// that lost cells, the first cell (after the name) that can only be such a value (a size, a
    /// required mark, a type word). An empty cell of such a row is a lost one, never "optional".
    pub fn value(&self, column: Column) -> Option<&'d str> {
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

const SIZE: &[&str] = &["길이", "크기", "Length", "Size", "Byte"];
const REQUIRED: &[&str] = &["필수", "Required", "required"];
const TYPE: &[&str] = &["타입", "자료형", "Type", "type"];

/// An endpoint a document names: a method and a path on one line (`| v1/pay | POST |`,
/// `POST https://{host}/api/pay`), or a method alone on a line with the path on the next
/// (`post` / `/api/v1/payment`, as a rendered API page prints it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Endpoint<'d> {
    /// `GET`, `POST`, ...
    pub method: String,
    /// The path as written, without scheme and host, with a leading `/`.
    pub path: String,
    /// The line's other cells (a table row's), where a credential's name may stand.
    pub cells: Vec<&'d str>,
}

/// The methods an endpoint line can name.
const METHODS: &[&str] = &["GET", "POST", "PUT", "PATCH", "DELETE"];

/// The pipe tables and endpoints of one document, by line number (1-based).
pub(super) struct Tables<'d> {
    pub lines: Vec<&'d str>,
    pub rows: BTreeMap<usize, Row<'d>>,
    pub endpoints: BTreeMap<usize, Endpoint<'d>>,
    pub coverage: Coverage,
}

impl Tables<'_> {
    /// Whether lines `first..=last` (1-based) hold `text`.
    pub fn holds(&self, first: usize, last: usize, text: &str) -> bool {
        let from = first.saturating_sub(1).min(self.lines.len());
        let to = last.min(self.lines.len()).max(from);
        self.lines[from..to].iter().any(|line| line.contains(text))
    }

    /// Whether lines `first..=last` (1-based) hold `word` as a word of its own: not inside a
    /// longer name (`card` is not in `nauthcard`).
    pub fn holds_word(&self, first: usize, last: usize, word: &str) -> bool {
        let from = first.saturating_sub(1).min(self.lines.len());
        let to = last.min(self.lines.len()).max(from);
        let part = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_');
        self.lines[from..to].iter().any(|line| {
            line.match_indices(word).any(|(at, _)| {
                !part(line[..at].chars().next_back())
                    && !part(line[at + word.len()..].chars().next())
            })
        })
    }

    /// The data rows of lines `first..=last`.
    pub fn rows_in(&self, first: usize, last: usize) -> impl Iterator<Item = (usize, &Row<'_>)> {
        self.rows.range(first..=last).map(|(n, r)| (*n, r))
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

/// Reads the document `name` (as it is shown in findings).
pub(super) fn read_tables<'d>(name: &str, text: &'d str) -> Tables<'d> {
    let lines: Vec<&str> = text.lines().collect();
    let mut rows = BTreeMap::new();
    let mut coverage = Coverage {
        document: name.to_owned(),
        rows: 0,
        rows_lost_cells: 0,
        glued_rows: 0,
        cell_per_line_rows: 0,
        endpoints: 0,
        lines_outside_tables: 0,
    };
    let endpoints = endpoints(&lines);
    coverage.endpoints = endpoints.len();
    let mut header: Option<Vec<String>> = None;
    // Whether one-cell-per-line rows here mark 필수: under a `parameters` heading, not under
    // `response`.
    let mut marks = true;
    for (i, line) in lines.iter().enumerate() {
        let t = line.trim();
        match t {
            "parameters" | "Parameters" => marks = true,
            "response" | "Response" => marks = false,
            _ => {}
        }
        if !t.starts_with('|') {
            header = None;
            if let Some(row) = cell_per_line(&lines, i, marks) {
                coverage.cell_per_line_rows += 1;
                coverage.rows += 1;
                rows.insert(i + 1, row);
            } else if let Some(glued) = unglue(t) {
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
            } else if !t.is_empty() && !endpoints.contains_key(&(i + 1)) {
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
            if !endpoints.contains_key(&(i + 1)) {
                coverage.lines_outside_tables += 1;
            }
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
        endpoints,
        coverage,
    }
}

/// The endpoints of a document's lines, by line number (1-based; the method's line when the path
/// follows on the next).
fn endpoints<'d>(lines: &[&'d str]) -> BTreeMap<usize, Endpoint<'d>> {
    let mut found = BTreeMap::new();
    for (i, line) in lines.iter().enumerate() {
        let t = line.trim();
        let endpoint = if t.starts_with('|') {
            table_endpoint(cells(t))
        } else if let Some(method) = lone_method(t) {
            // A method alone on its line (`post`, `(POST)`), the path or URL on the next.
            let next = lines.get(i + 1).map_or("", |l| l.trim());
            let url = next.starts_with('/') || next.contains("://");
            path_of(next).filter(|_| url).map(|path| Endpoint {
                method,
                path,
                cells: Vec::new(),
            })
        } else {
            match t.split_once(' ') {
                Some((m, rest)) if METHODS.contains(&m) => {
                    path_of(first_word(rest.trim())).map(|path| Endpoint {
                        method: m.to_owned(),
                        path,
                        cells: Vec::new(),
                    })
                }
                _ => None,
            }
        };
        if let Some(endpoint) = endpoint {
            found.insert(i + 1, endpoint);
        }
    }
    found
}

/// The method a line holds alone, as rendered pages print it: `post`, `GET`, `(POST)`.
fn lone_method(line: &str) -> Option<String> {
    let word = (line.strip_prefix('(').and_then(|l| l.strip_suffix(')'))).unwrap_or(line);
    (METHODS.iter())
        .find(|m| m.eq_ignore_ascii_case(word))
        .map(|m| (*m).to_owned())
}

/// A table row naming an endpoint: a cell that is a method and a cell that is a path, or one
/// cell `METHOD path`.
fn table_endpoint(cells: Vec<&str>) -> Option<Endpoint<'_>> {
    // Markdown copies mark methods and paths as code: `` `POST` ``, `` `/v1/pay` ``.
    let cells: Vec<&str> = cells.into_iter().map(|c| c.trim_matches('`')).collect();
    for (at, cell) in cells.iter().enumerate() {
        if let Some((m, url)) = cell.split_once(' ') {
            if METHODS.contains(&m) {
                if let Some(path) = path_of(url.trim()) {
                    let rest = others(&cells, &[at]);
                    return Some(Endpoint {
                        method: m.to_owned(),
                        path,
                        cells: rest,
                    });
                }
            }
        }
    }
    let method = cells.iter().position(|c| METHODS.contains(c))?;
    let path_at = cells.iter().position(|c| path_of(c).is_some())?;
    Some(Endpoint {
        method: cells[method].to_owned(),
        path: path_of(cells[path_at])?,
        cells: others(&cells, &[method, path_at]),
    })
}

fn others<'d>(cells: &[&'d str], but: &[usize]) -> Vec<&'d str> {
    (cells.iter().enumerate())
        .filter(|(i, _)| !but.contains(i))
        .map(|(_, c)| *c)
        .collect()
}

/// The first word of `text`, where a space inside `{...}` (`https://{API Domain}/pay`) does not
/// end it.
fn first_word(text: &str) -> &str {
    let mut depth = 0usize;
    for (at, c) in text.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth = depth.saturating_sub(1),
            c if c.is_whitespace() && depth == 0 => return &text[..at],
            _ => {}
        }
    }
    text
}

/// The path of a URL or a path (`https://{host}/api/pay` and `v1.0/pay` give `/api/pay` and
/// `/v1.0/pay`); `None` for a word that is neither (no `/`, spaces, quotes, a query).
fn path_of(word: &str) -> Option<String> {
    let ok = |c: char| c.is_ascii_alphanumeric() || "/-_.{}~%".contains(c);
    let rest = match word.split_once("://") {
        Some((_, after)) => after.find('/').map(|at| &after[at..])?,
        None => word,
    };
    if !rest.contains('/') || rest.starts_with("//") || !rest.chars().all(ok) {
        return None;
    }
    let path = rest.trim_end_matches('/');
    Some(if path.starts_with('/') {
        path.to_owned()
    } else {
        format!("/{path}")
    })
}

/// Whether a documented path is a spec's operation path: equal once every `{name}` is set
/// aside, or ending in it (the environment's base URL holding the prefix).
pub(super) fn same_path(documented: &str, spec: &str) -> bool {
    let (d, s) = (placeholders_erased(documented), placeholders_erased(spec));
    d == s || d.ends_with(&s) && s.starts_with('/') && !s.trim_matches('/').is_empty()
}

fn placeholders_erased(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut depth = 0usize;
    for c in path.chars() {
        match c {
            '{' => {
                depth += 1;
                if depth == 1 {
                    out.push_str("{}");
                }
            }
            '}' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out.trim_end_matches('/').to_owned()
}

/// The header a one-cell-per-line row is read under: the layout always gives its cells in this
/// order, each on a line of its own.
const CELL_PER_LINE: [&str; 4] = ["name", "type", "Max Length", "필수"];

/// A row printed one cell per line, as Toss Pay's rendered page does: the name alone on its
/// line, then a type line (`string`, with ` 필수` when required) and a `Max Length: N` line,
/// either of which may be missing, then the description. `None` unless line `i` is such a name
/// followed by one of those lines: prose never is. `marks` says whether the rows of this part of
/// the page are marked 필수 when required (under `parameters`), so that no mark means optional;
/// under `response` no row is marked, and the mark is unknown.
fn cell_per_line<'d>(lines: &[&'d str], i: usize, marks: bool) -> Option<Row<'d>> {
    let name = lines[i].trim();
    // A bare type word is the type line of the row above, not a name.
    if !names_a_field(name) || TYPE_WORDS.contains(&name) {
        return None;
    }
    let next = |k: usize| lines.get(i + k).map_or("", |l| l.trim());
    let type_line = |line: &'d str| {
        let (ty, mark) = line.split_once(' ').unwrap_or((line, ""));
        (TYPE_WORDS.contains(&ty) && matches!(mark, "" | "필수")).then_some((ty, mark))
    };
    let size_line = |line: &'d str| {
        let n = line.strip_prefix("Max Length:")?.trim();
        (!n.is_empty() && n.chars().all(|c| c.is_ascii_digit())).then_some(n)
    };
    let mut at = 1;
    let typed = type_line(next(at));
    if typed.is_some() {
        at += 1;
    }
    let size = size_line(next(at));
    if typed.is_none() && size.is_none() {
        return None;
    }
    let (ty, mark) = typed.unwrap_or_default();
    let columns = if marks { 4 } else { 3 };
    Some(Row {
        cells: [name, ty, size.unwrap_or_default(), mark][..columns].to_vec(),
        header: CELL_PER_LINE[..columns]
            .iter()
            .map(|h| (*h).to_owned())
            .collect(),
        // Without its type line the row's required mark is unknown, not "optional": the mark
        // stands on that line.
        lost: typed.is_none(),
    })
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
pub(super) fn unglue(line: &str) -> Option<Vec<&str>> {
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
    // Glued cells run on without a space: after the type comes nothing, a size, a mark or a
    // description starting with a capital. A lowercase letter is a word running on
    // (`objective`); a space or a sign is code or prose (`org.json.simple.JSONObject body = ...`).
    if rest
        .chars()
        .next()
        .is_some_and(|c| !(c.is_ascii_uppercase() || c.is_ascii_digit()))
    {
        return None;
    }
    if !rest.trim().is_empty() {
        cells.push(rest.trim());
    }
    Some(cells)
}

/// Whether a first cell names a field or a code (rather than a section title or prose).
pub(super) fn names_a_field(cell: &str) -> bool {
    let cell = cell.trim_matches('`');
    let mut chars = cell.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.')
}

/// The byte size a cell states: `8`, `8Byte`, `60 bytes`.
pub(super) fn size_of(cell: &str) -> Option<usize> {
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

/// A required mark as a document gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Mark {
    /// 필수, ✅, Required.
    Yes,
    /// 선택적 필수, 조건부: required under a condition the text states.
    When,
    /// 선택, Optional, or an empty cell of a row that kept its cells.
    No,
}

impl Mark {
    pub fn name(self) -> &'static str {
        match self {
            Mark::Yes => "required",
            Mark::When => "required when",
            Mark::No => "optional",
        }
    }
}

/// The mark a cell gives, or `None` when it says none in a way the audit reads.
pub(super) fn required_of(cell: &str) -> Option<Mark> {
    Some(match cell.trim() {
        "✅" | "Y" | "O" | "필수" | "Required" | "required" | "Yes" => Mark::Yes,
        "선택적 필수" | "조건부 필수" | "조건부" | "Conditional" | "conditional" => {
            Mark::When
        }
        "" | "N" | "X" | "선택" | "Optional" | "optional" | "No" => Mark::No,
        _ => return None,
    })
}

/// The family of a documented type: `string`, `number`, `object`, `array`, `boolean`.
pub(super) fn family_of(cell: &str) -> Option<&'static str> {
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

#[cfg(test)]
mod tests {
    use super::{endpoints, path_of, same_path, unglue};

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
        assert_eq!(
            unglue("org.json.simple.JSONObject body = new JSONObject();"),
            None
        );
    }

    #[test]
    fn endpoints_are_read_in_the_three_layouts() {
        let lines = [
            "| 결제 요청 | POST v1.0/payments/request |",
            "| v1.0/receipt/info/{tid} | GET | Authorization: SPGKEY {API Key} | search |",
            "POST https://{API Domain}/api/trades/wechatpay",
            "post",
            "/api/v1/payment",
            "| redirect_url | GET |",
            "| [취소 요청](/api/cancel.md#취소환불망취소) | `POST` | /v1/payments/{tid}/cancel |",
            "curl_setopt($ch, CURLOPT_CUSTOMREQUEST, \"POST\");",
            "POST is how it is sent",
        ];
        let found = endpoints(&lines);
        let shown: Vec<(usize, &str, &str)> = (found.iter())
            .map(|(n, e)| (*n, e.method.as_str(), e.path.as_str()))
            .collect();
        assert_eq!(
            shown,
            [
                (1, "POST", "/v1.0/payments/request"),
                (2, "GET", "/v1.0/receipt/info/{tid}"),
                (3, "POST", "/api/trades/wechatpay"),
                (4, "POST", "/api/v1/payment"),
                (7, "POST", "/v1/payments/{tid}/cancel"),
            ]
        );
        assert_eq!(
            found[&2].cells,
            ["Authorization: SPGKEY {API Key}", "search"]
        );
    }

    #[test]
    fn rows_printed_one_cell_per_line_are_read() {
        let text = "parameters\napiKey\nstring 필수\nMax Length: 30\n가맹점 key\nautoExecute\nMax Length: 5\n자동 승인 여부\nretAppScheme\nstring\nMax Length: 255\n앱 스킴\nendpoint\n(POST)\nhttps://pay.toss.im/api/v2/execute\nresponse\ncode\ninteger\nMax Length: 2\n";
        let t = super::read_tables("toss", text);
        let rows: Vec<(usize, Vec<&str>)> = (t.rows.iter())
            .map(|(n, r)| (*n, r.cells.clone()))
            .collect();
        assert_eq!(
            rows,
            [
                (2, vec!["apiKey", "string", "30", "필수"]),
                (6, vec!["autoExecute", "", "5", ""]),
                (9, vec!["retAppScheme", "string", "255", ""]),
                (17, vec!["code", "integer", "2"]),
            ]
        );
        use super::{required_of, Column, Mark};
        let mark = |n: usize| t.rows[&n].value(Column::Required).and_then(required_of);
        assert_eq!(mark(2), Some(Mark::Yes));
        assert_eq!(mark(9), Some(Mark::No));
        // No type line: the mark is unknown, never "optional".
        assert_eq!(mark(6), None);
        // Under `response` no row is marked: the mark is not read at all.
        assert!(!t.rows[&17].has_column(Column::Required));
        assert_eq!(t.coverage.cell_per_line_rows, 4);
        assert_eq!(t.endpoints[&14].path, "/api/v2/execute");
        assert_eq!(t.endpoints[&14].method, "POST");
    }

    #[test]
    fn paths_compare_without_host_prefix_or_placeholder_names() {
        assert_eq!(
            path_of("https://pay.toss.im/api/v2/payments").as_deref(),
            Some("/api/v2/payments")
        );
        assert_eq!(path_of("redirect_url"), None);
        assert_eq!(path_of("\"https://x/y\","), None);
        assert!(same_path(
            "/v1.0/receipt/info/{tid}",
            "/v1.0/receipt/info/{transaction_id}"
        ));
        assert!(same_path("/api/trades/wechatpay", "/trades/wechatpay"));
        assert!(!same_path(
            "/v1.0/payments/cancel/partial",
            "/v1.0/payments/cancel"
        ));
        assert!(!same_path("/api/v1/payment", "/"));
    }
}
