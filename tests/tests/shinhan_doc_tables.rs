//! Every row of every table in the Korean Shinhan SPG document is in the spec with its documented
//! size and required flag, cited by line; where the spec departs from a row, a conflict says why;
//! and the spec has no field, type, operation or payment-method code the document lacks.
//!
//! The rows are read straight from the document, independently of the spec, so a transcription
//! slip (a wrong size, a wrong 필수 여부, a wrong citation, a field left out or invented) fails
//! here. The document's tables are messy: rows lost cells (the 필수 여부 cell or the 크기 cell,
//! with the cells to its right slid left), rows wrap onto a following `|` or `||` line, section
//! headings sit inside tables, and nested objects are flattened into their parent's table. So the
//! tables are mapped by hand below, line range by line range, and every irregular row is listed
//! explicitly with its line and the reason.
//!
//! The generic rule for a row: its name is the first cell if that is an identifier; its size is
//! the cell (after the name) that is a plain integer, if any; its required flag, when its table
//! has a 필수 여부 column, is the second cell: 필수 → required, 선택적 필수 → required when,
//! 선택 or anything else (the cell was lost) → optional.

use paygen_codegen::spec::{Field, Operation, Required, Scalar, Spec, TypeKind};
use paygen_codegen::SpecSource;
use paygen_tests::{repo_root, vendor_doc};

const DOC: &str = "shinhan-spg-payments.ko.txt";

/// A run of table lines, `first..=last` (1-based, as cited `ko:N`), whose rows are fields of the
/// spec type `ty`; `rows` is how many rows the range holds, so no row is skipped silently.
struct Range {
    first: usize,
    last: usize,
    ty: &'static str,
    rows: usize,
}

const fn range(first: usize, last: usize, ty: &'static str, rows: usize) -> Range {
    Range {
        first,
        last,
        ty,
        rows,
    }
}

/// The field tables, in document order. A range starts at its table's header line unless it is
/// the nested part of a flattened table.
const RANGES: [Range; 25] = [
    // 결제 요청 (general payment request) and its response.
    range(19, 63, "PaymentRequest", 29),
    range(92, 96, "PaymentRequestResponse", 3),
    // 개인/법인용 통합결제창 (unified window) request; its response table repeats ko:92-96.
    range(116, 172, "UnifiedPaymentRequest", 39),
    range(230, 234, "PaymentRequestResponse", 3),
    // The return_url POST the merchant receives.
    range(269, 284, "ReturnUrlCallback", 14),
    // 결제 승인 (confirm). The response table's rows after the 신용카드(pay_info) heading (ko:335)
    // are the elements of pay_info.
    range(307, 312, "ConfirmRequest", 4),
    range(313, 335, "ConfirmResponse", 16),
    range(336, 341, "CardPayInfo", 5),
    // 결제 취소 / 부분 취소; both responses are CancelResponse.
    range(377, 387, "CancelRequest", 9),
    range(388, 395, "CancelResponse", 6),
    range(418, 428, "PartialCancelRequest", 8),
    range(429, 436, "CancelResponse", 6),
    // 거래 확인서 (receipt).
    range(459, 463, "ReceiptRequest", 3),
    range(464, 468, "ReceiptResponse", 3),
    // 결제 거래정보 조회 (confirm-info).
    range(488, 491, "ConfirmInfoRequest", 2),
    range(492, 502, "ConfirmInfoResponse", 9),
    // 카드사 목록 조회 (card-list): the flattened response is list (ko:536) of card companies
    // (ko:537-550, ko:553), each with notice_list of notices (ko:551-552) and prmt_list of
    // promotions (ko:554-561).
    range(528, 531, "CardListRequest", 2),
    range(532, 536, "CardListResponse", 3),
    range(537, 550, "CardCompany", 13),
    range(551, 552, "CardNotice", 2),
    range(553, 553, "CardCompany", 1),
    range(554, 561, "CardPromotion", 7),
    // PG약관 조회 (terms-info-list): list (ko:593) of terms (ko:594-596).
    range(585, 588, "TermsInfoListRequest", 2),
    range(589, 593, "TermsInfoListResponse", 3),
    range(594, 596, "TermsInfo", 3),
];

/// The error-response tables (only ret_code and ret_msg) printed after each response table, and
/// the response type whose first two fields they are. The spec gives them no type of its own and
/// says so in a vendor-level conflict that cites each table.
const ERROR_TABLES: [(usize, usize, &str); 9] = [
    (97, 100, "PaymentRequestResponse"),
    (235, 238, "PaymentRequestResponse"),
    (342, 345, "ConfirmResponse"),
    (396, 399, "CancelResponse"),
    (437, 440, "CancelResponse"),
    (469, 472, "ReceiptResponse"),
    (503, 506, "ConfirmInfoResponse"),
    (562, 565, "CardListResponse"),
    (597, 600, "TermsInfoListResponse"),
];

/// The API resource table (ko:2-11): one `METHOD path` per API.
const RESOURCE_TABLE: (usize, usize) = (2, 11);

/// The URL tables: path, method, auth header and key type of each API.
const URL_TABLES: [(usize, usize); 9] = [
    (16, 18),
    (113, 115),
    (304, 306),
    (374, 376),
    (415, 417),
    (456, 458),
    (485, 487),
    (525, 527),
    (582, 584),
];

/// The browser redirects (ko:262-264: redirect_url GET, the PG screen; ko:266-268: return_url
/// POST, the callback). They are not API operations: the first is a page the buyer opens, the
/// second is the spec's `return_url` callback, checked by name.
const REDIRECT_TABLES: [(usize, usize); 2] = [(262, 264), (266, 268)];

/// The payment-method code table (ko:616-621), the enum PgCode.
const CODE_TABLE: (usize, usize) = (616, 621);

/// Section-heading rows inside field tables: a label in the first cell, the other cells empty.
/// They are not fields (except ko:335, see `HEADING_FIELDS`).
const SECTION_HEADINGS: [usize; 7] = [
    21,  // 공통필수영역
    36,  // 공통부가영역
    118, // 공통(개인/법인)필수영역
    131, // 법인대출연계요청영역 (법인대출연계시 필수)
    147, // 개인부가영역
    162, // 통합결제창(개인)전용
    335, // 신용카드(pay_info)
];

/// Section headings that name a field: ko:335 `신용카드(pay_info)` heads the card rows and is the
/// only place the confirm response's pay_info array appears in a table (the example, ko:363-366,
/// shows it as an array). It counts as a row with no size.
const HEADING_FIELDS: [(usize, &str); 1] = [(335, "pay_info")];

/// Rows with no name cell, and the wire name the spec gives them. ko:280 reads
/// `| string | 20 | (가상계좌) 이메일 | |`: the name cell is lost and the rest slid left; the
/// example puts "email" in the same position (ko:296). The field's conflict must cite the row.
const NAMELESS_ROWS: [(usize, &str); 1] = [(280, "email")];

/// Rows whose name the spec corrects, as (line, document name, spec wire). ko:462 spells the
/// receipt amount `amunt`; the spec decided `amount`. The field's conflict must cite the row.
const RENAMED_ROWS: [(usize, &str, &str); 1] = [(462, "amunt", "amount")];

/// Spec fields in no table row, as (type, wire, line the field comes from, reason). Each must
/// have a conflict citing that line.
const NOT_IN_ANY_TABLE: [(&str, &str, usize, &str); 2] = [
    (
        "PaymentRequest",
        "prepay_amount",
        90,
        "only in the general-request example: “prepay_amount”: 2000 // 선불전자지급수단을 사용할 경우 필수 설정",
    ),
    (
        "ReceiptRequest",
        "tid",
        458,
        "the {tid} segment of the URL v1.0/receipt/info/{tid}; the parameter table has no tid row",
    ),
];

/// PgCode variants that are not rows of the code table, as (code, line, reason).
const CODES_NOT_IN_TABLE: [(&str, usize, &str); 1] = [(
    "shpay",
    37,
    "named as a 결제수단 only in the user_ci row: *결제수단이 shpay일 때 필수 값 입니다.",
)];

/// A required flag as the document gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DocRequired {
    /// 필수.
    Yes,
    /// 선택적 필수.
    When,
    /// 선택, or the cell was lost.
    No,
}

/// One row of a field table.
#[derive(Debug)]
struct Row {
    /// The 1-based line, as cited `ko:N`.
    line: usize,
    /// The spec wire name the row stands for (after the explicit exceptions above).
    wire: String,
    /// The plain-integer cell, if any.
    size: Option<usize>,
    /// The 필수 여부 flag, if the table has that column.
    required: Option<DocRequired>,
    /// Whether the table has a 필수 여부 column but the row lost that cell.
    required_cell_lost: bool,
}

fn doc_lines() -> Vec<String> {
    let doc = vendor_doc(DOC);
    let lines: Vec<String> = doc.lines().map(str::to_owned).collect();
    assert_eq!(
        lines.len(),
        621,
        "{DOC} should have 621 lines (cited ko:1-621)"
    );
    lines
}

/// The cells of a table line, trimmed, without the empty text before the leading `|`.
fn cells(line: &str) -> Vec<&str> {
    line.split('|').skip(1).map(str::trim).collect()
}

fn is_identifier(cell: &str) -> bool {
    !cell.is_empty() && cell.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

fn is_plain_integer(cell: &str) -> bool {
    !cell.is_empty() && cell.chars().all(|c| c.is_ascii_digit())
}

fn is_header(cells: &[&str]) -> bool {
    cells.first() == Some(&"파라미터")
}

fn is_separator(cells: &[&str]) -> bool {
    cells.first().is_some_and(|c| c.starts_with("---"))
}

/// A line that only continues the row above it (`|`, `||`): every cell empty.
fn is_continuation(cells: &[&str]) -> bool {
    cells.iter().all(|c| c.is_empty())
}

fn line_at(lines: &[String], line: usize) -> &str {
    &lines[line - 1]
}

/// Whether the table that `line` belongs to has a 필수 여부 column: read from the nearest header
/// line at or above it.
fn has_required_column(lines: &[String], line: usize) -> bool {
    (1..=line)
        .rev()
        .map(|n| cells(line_at(lines, n)))
        .find(|c| is_header(c))
        .unwrap_or_else(|| panic!("ko:{line} has no table header above it"))
        .contains(&"필수 여부")
}

/// The rows of `first..=last`. Panics on a line that is neither a row, a header, a separator, a
/// continuation nor a listed section heading, so nothing is skipped unnoticed.
fn rows(lines: &[String], first: usize, last: usize) -> Vec<Row> {
    let mut rows = Vec::new();
    for line in first..=last {
        let text = line_at(lines, line);
        assert!(
            text.starts_with('|'),
            "ko:{line} is not a table line: {text}"
        );
        let cells = cells(text);
        if is_header(&cells) || is_separator(&cells) || is_continuation(&cells) {
            continue;
        }
        let heading_field = HEADING_FIELDS.iter().find(|(l, _)| *l == line);
        if SECTION_HEADINGS.contains(&line) {
            assert!(
                !is_identifier(cells[0]) && cells[1..].iter().all(|c| c.is_empty()),
                "ko:{line} is listed as a section heading but is not one: {text}"
            );
            if let Some((_, wire)) = heading_field {
                assert!(
                    cells[0].contains(&format!("({wire})")),
                    "ko:{line} should be the heading naming {wire}: {text}"
                );
                rows.push(Row {
                    line,
                    wire: (*wire).to_owned(),
                    size: None,
                    required: None,
                    required_cell_lost: false,
                });
            }
            continue;
        }
        let wire = if let Some((_, wire)) = NAMELESS_ROWS.iter().find(|(l, _)| *l == line) {
            // The lost name cell let the type cell slide into the name column.
            assert!(
                ["string", "number"].contains(&cells[0]),
                "ko:{line} is listed as nameless but starts with `{}`",
                cells[0]
            );
            (*wire).to_owned()
        } else if let Some((_, doc_name, wire)) = RENAMED_ROWS.iter().find(|(l, ..)| *l == line) {
            assert_eq!(cells[0], *doc_name, "ko:{line} should name {doc_name}");
            (*wire).to_owned()
        } else {
            assert!(
                is_identifier(cells[0]),
                "ko:{line} is neither a field row nor a listed heading: {text}"
            );
            cells[0].to_owned()
        };
        let size = cells[1..]
            .iter()
            .find(|c| is_plain_integer(c))
            .map(|c| c.parse().unwrap());
        let required = has_required_column(lines, line).then(|| match cells[1] {
            "필수" => DocRequired::Yes,
            "선택적 필수" => DocRequired::When,
            _ => DocRequired::No,
        });
        rows.push(Row {
            line,
            wire,
            size,
            required,
            required_cell_lost: required.is_some()
                && !["필수", "선택적 필수", "선택"].contains(&cells[1]),
        });
    }
    rows
}

/// Whether `text` cites line `line` as `ko:<line>` (a range `ko:<line>-M` cites its first line
/// only; `ko:1430` does not cite 143).
fn cites(text: &str, line: usize) -> bool {
    text.match_indices("ko:").any(|(at, _)| {
        let digits: String = text[at + 3..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        digits.parse() == Ok(line)
    })
}

fn spec() -> Spec {
    let text = std::fs::read_to_string(repo_root().join("specs/shinhan_spg.yaml")).unwrap();
    paygen_codegen::load(&SpecSource {
        path: "specs/shinhan_spg.yaml",
        text: &text,
        documents: paygen_tests::documents_beside("specs/shinhan_spg.yaml"),
    })
    .unwrap()
}

fn fields<'s>(spec: &'s Spec, type_name: &str) -> &'s [Field] {
    spec.types
        .iter()
        .find(|t| t.name == type_name)
        .and_then(|t| t.fields.as_deref())
        .unwrap_or_else(|| panic!("the spec has no object type {type_name}"))
}

fn spec_required(required: &Required) -> DocRequired {
    match required {
        Required::Yes => DocRequired::Yes,
        Required::When(_) => DocRequired::When,
        Required::No => DocRequired::No,
    }
}

fn conflict_cites(field: &Field, line: usize) -> bool {
    field.conflict.as_ref().is_some_and(|c| cites(&c.doc, line))
}

fn vendor_conflict_cites(spec: &Spec, line: usize) -> bool {
    spec.conflicts.iter().any(|c| cites(&c.doc, line))
}

fn fail_if_any(problems: &[String]) {
    assert!(
        problems.is_empty(),
        "{} discrepancy(ies) between {DOC} and specs/shinhan_spg.yaml:\n  {}",
        problems.len(),
        problems.join("\n  ")
    );
}

#[test]
fn every_table_line_of_the_document_is_in_exactly_one_mapped_range() {
    let lines = doc_lines();
    let mut ranges: Vec<(usize, usize, String)> = RANGES
        .iter()
        .map(|r| (r.first, r.last, r.ty.to_owned()))
        .collect();
    ranges.extend(
        ERROR_TABLES
            .iter()
            .map(|&(f, l, ty)| (f, l, format!("error table of {ty}"))),
    );
    ranges.push((RESOURCE_TABLE.0, RESOURCE_TABLE.1, "resource table".into()));
    ranges.extend(URL_TABLES.iter().map(|&(f, l)| (f, l, "URL table".into())));
    ranges.extend(
        REDIRECT_TABLES
            .iter()
            .map(|&(f, l)| (f, l, "redirect table".into())),
    );
    ranges.push((
        CODE_TABLE.0,
        CODE_TABLE.1,
        "payment-method code table".into(),
    ));
    for (number, text) in lines.iter().enumerate().map(|(i, t)| (i + 1, t)) {
        let covering: Vec<&str> = ranges
            .iter()
            .filter(|(f, l, _)| (*f..=*l).contains(&number))
            .map(|(_, _, name)| name.as_str())
            .collect();
        if text.starts_with('|') {
            assert_eq!(
                covering.len(),
                1,
                "table line ko:{number} should be in exactly one range, is in {covering:?}: {text}"
            );
        } else {
            assert!(
                covering.is_empty(),
                "ko:{number} is in {covering:?} but is not a table line: {text}"
            );
        }
    }
}

#[test]
fn each_range_parses_to_the_expected_number_of_rows() {
    let lines = doc_lines();
    let counts: Vec<(usize, &str, usize)> = RANGES
        .iter()
        .map(|r| (r.first, r.ty, rows(&lines, r.first, r.last).len()))
        .collect();
    let expected: Vec<(usize, &str, usize)> =
        RANGES.iter().map(|r| (r.first, r.ty, r.rows)).collect();
    assert_eq!(counts, expected);
    assert_eq!(RANGES.iter().map(|r| r.rows).sum::<usize>(), 195);
}

#[test]
fn every_row_is_in_the_spec_as_documented_or_with_a_conflict() {
    let lines = doc_lines();
    let spec = spec();
    let mut problems = Vec::new();
    for range in &RANGES {
        let ty = range.ty;
        let fields = fields(&spec, ty);
        for row in rows(&lines, range.first, range.last) {
            let line = row.line;
            let Some(field) = fields.iter().find(|f| f.wire == row.wire) else {
                problems.push(format!("ko:{line} `{}` is not a field of {ty}", row.wire));
                continue;
            };
            let name = format!("{ty}.{}", row.wire);
            // Rows the spec names differently must say so in the field's own conflict.
            let irregular_name = NAMELESS_ROWS.iter().any(|(l, _)| *l == line)
                || RENAMED_ROWS.iter().any(|(l, ..)| *l == line);
            if irregular_name && !conflict_cites(field, line) {
                problems.push(format!(
                    "{name}: ko:{line} names it differently, and no field conflict cites ko:{line}"
                ));
            }
            if !cites(&field.source, line) {
                problems.push(format!(
                    "{name}: source `{}` does not cite its row ko:{line}",
                    field.source
                ));
            }
            // A difference needs the field's own conflict citing the row. The one exception: a
            // row that lost its 필수 여부 cell may have its flag explained once, at vendor level
            // (the spec's lost-cell conflict lists such rows), but never its size.
            let size_differs = row.size != field.max_bytes;
            let required_differs = row
                .required
                .is_some_and(|doc| doc != spec_required(&field.required));
            let explained = conflict_cites(field, line)
                || (!size_differs && row.required_cell_lost && vendor_conflict_cites(&spec, line));
            if (size_differs || required_differs) && !explained {
                problems.push(format!(
                    "{name}: ko:{line} says size {:?}, required {:?}; the spec says \
                     max_bytes {:?}, required {:?}; no field conflict cites ko:{line} (a \
                     vendor conflict counts only for a lost 필수 여부 cell)",
                    row.size,
                    row.required,
                    field.max_bytes,
                    spec_required(&field.required)
                ));
            }
        }
    }
    fail_if_any(&problems);
}

#[test]
fn the_spec_invents_no_field_the_document_lacks() {
    let lines = doc_lines();
    let spec = spec();
    let mut problems = Vec::new();
    let mut mapped: Vec<&str> = RANGES.iter().map(|r| r.ty).collect();
    mapped.sort_unstable();
    mapped.dedup();
    for ty in &mapped {
        let wires: Vec<String> = RANGES
            .iter()
            .filter(|r| r.ty == *ty)
            .flat_map(|r| rows(&lines, r.first, r.last))
            .map(|r| r.wire)
            .collect();
        for field in fields(&spec, ty) {
            let in_rows = wires.contains(&field.wire);
            let exception = NOT_IN_ANY_TABLE
                .iter()
                .find(|(t, w, ..)| t == ty && *w == field.wire);
            match (in_rows, exception) {
                (true, None) => {}
                (true, Some(_)) => problems.push(format!(
                    "{ty}.{} is listed as in no table, but a row has it: drop the exception",
                    field.wire
                )),
                (false, None) => problems.push(format!(
                    "{ty}.{} is in none of the document's rows for {ty}",
                    field.wire
                )),
                (false, Some((_, _, line, why))) => {
                    if !conflict_cites(field, *line) {
                        problems.push(format!(
                            "{ty}.{} is in no table ({why}), and its conflict does not \
                             cite ko:{line}",
                            field.wire
                        ));
                    }
                }
            }
        }
    }
    for (ty, wire, ..) in NOT_IN_ANY_TABLE {
        if !fields(&spec, ty).iter().any(|f| f.wire == wire) {
            problems.push(format!(
                "{ty}.{wire} is listed as an exception but is not in the spec"
            ));
        }
    }
    for def in spec.types.iter().filter(|t| t.kind == TypeKind::Object) {
        if !mapped.contains(&def.name.as_str()) {
            problems.push(format!(
                "object type {} is mapped to no table of the document",
                def.name
            ));
        }
    }
    fail_if_any(&problems);
}

#[test]
fn the_error_tables_are_the_first_two_fields_of_their_response_types() {
    let lines = doc_lines();
    let spec = spec();
    let mut problems = Vec::new();
    for (first, last, ty) in ERROR_TABLES {
        let rows = rows(&lines, first, last);
        let shape: Vec<(&str, Option<usize>)> =
            rows.iter().map(|r| (r.wire.as_str(), r.size)).collect();
        assert_eq!(
            shape,
            [("ret_code", None), ("ret_msg", Some(100))],
            "the error table ko:{first}-{last}"
        );
        let fields = fields(&spec, ty);
        for (row, field) in rows.iter().zip(fields) {
            if field.wire != row.wire || field.max_bytes != row.size {
                problems.push(format!(
                    "ko:{}: error-table row {} {:?} is not {ty}'s field {} {:?}",
                    row.line, row.wire, row.size, field.wire, field.max_bytes
                ));
            }
        }
        if !vendor_conflict_cites(&spec, first) {
            problems.push(format!(
                "no vendor conflict cites the error table ko:{first}-{last}"
            ));
        }
    }
    fail_if_any(&problems);
}

fn method_name(op: &Operation) -> String {
    format!("{:?}", op.method).to_uppercase()
}

#[test]
fn the_resource_and_url_tables_are_the_operations() {
    let lines = doc_lines();
    let spec = spec();
    let mut problems = Vec::new();
    let ops = |method: &str, path: &str| -> Vec<&Operation> {
        spec.operations
            .iter()
            .filter(|op| method_name(op) == method && op.path == format!("/{path}"))
            .collect()
    };
    // ko:4-11: `| API 구분 | METHOD path |`.
    let mut listed = Vec::new();
    for line in RESOURCE_TABLE.0 + 2..=RESOURCE_TABLE.1 {
        let cells = cells(line_at(&lines, line));
        let (method, path) = cells[1].split_once(' ').expect("METHOD path");
        if ops(method, path).is_empty() {
            problems.push(format!("ko:{line}: no operation {method} /{path}"));
        }
        listed.push((method.to_owned(), format!("/{path}")));
    }
    assert_eq!(listed.len(), 8, "the resource table ko:4-11 lists 8 APIs");
    for op in &spec.operations {
        if !listed.contains(&(method_name(op), op.path.clone())) {
            problems.push(format!(
                "operation {} ({} {}) is not in the resource table ko:4-11",
                op.name,
                method_name(op),
                op.path
            ));
        }
    }
    // `| path | METHOD | Authorization: SPGKEY {API Key} | key type |`, one row per table.
    for (first, last) in URL_TABLES {
        assert_eq!(last, first + 2, "URL table ko:{first} has one row");
        let cells = cells(line_at(&lines, last));
        assert_eq!(cells[2], "Authorization: SPGKEY {API Key}", "ko:{last}");
        let found = ops(cells[1], cells[0]);
        if found.is_empty() {
            problems.push(format!(
                "ko:{last}: no operation {} /{}",
                cells[1], cells[0]
            ));
        }
        for op in found {
            if op.auth.as_deref() != Some(cells[3]) {
                problems.push(format!(
                    "operation {}: auth {:?}, but ko:{last} gives key type {}",
                    op.name, op.auth, cells[3]
                ));
            }
        }
    }
    // ko:268: the return_url POST is the spec's callback, not an operation.
    assert_eq!(cells(line_at(&lines, 268))[..2], ["return_url", "POST"]);
    if !spec.callbacks.iter().any(|c| c.name == "return_url") {
        problems.push("ko:268: the spec has no return_url callback".into());
    }
    fail_if_any(&problems);
}

#[test]
fn the_payment_method_code_table_is_pg_code() {
    let lines = doc_lines();
    let spec = spec();
    let pg_code = spec
        .types
        .iter()
        .find(|t| t.name == "PgCode")
        .expect("the spec has PgCode");
    let variants = pg_code.variants.as_deref().expect("PgCode is an enum");
    let code = |v: &paygen_codegen::spec::Variant| match &v.value {
        Scalar::Str(s) => s.clone(),
        Scalar::Int(i) => i.to_string(),
    };
    let mut problems = Vec::new();
    let mut listed = Vec::new();
    for line in CODE_TABLE.0 + 2..=CODE_TABLE.1 {
        let cells = cells(line_at(&lines, line));
        listed.push(cells[0].to_owned());
        match variants.iter().find(|v| code(v) == cells[0]) {
            None => problems.push(format!("ko:{line}: PgCode has no code {}", cells[0])),
            Some(v) if v.description.ko.as_deref() != Some(cells[1]) => problems.push(format!(
                "ko:{line}: PgCode {} is described {:?}, the document says {:?}",
                cells[0], v.description.ko, cells[1]
            )),
            Some(_) => {}
        }
    }
    assert_eq!(listed.len(), 4, "the code table ko:618-621 has 4 codes");
    for v in variants {
        let value = code(v);
        if listed.contains(&value) {
            continue;
        }
        match CODES_NOT_IN_TABLE.iter().find(|(c, ..)| *c == value) {
            Some((_, line, _why)) if cites(&pg_code.source, *line) => {}
            Some((_, line, why)) => problems.push(format!(
                "PgCode {value} ({why}) but PgCode's source does not cite ko:{line}"
            )),
            None => problems.push(format!(
                "PgCode {value} is not in the code table ko:616-621"
            )),
        }
    }
    fail_if_any(&problems);
}
