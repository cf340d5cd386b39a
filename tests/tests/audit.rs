//! `paygen_codegen::audit`: the specs agree with their documents, and the audit catches what a
//! maintainer gets wrong when a document changes, each a mutation of a real spec or document: a
//! changed size, a lost required mark, a shifted citation, an uncited row, an invented field.

use paygen_codegen::audit::Audit;
use paygen_codegen::{Documents, SpecSource};
use paygen_tests::repo_root;
use std::fs;

const SPEC: &str = "specs/kicc_wechatpay.yaml";
const KO: &str = "kicc-wechatpay-create-transaction.ko.txt";

fn documents() -> Documents {
    paygen_tests::documents_in(&repo_root().join("specs/sources"))
}

fn audit_with(spec: &str, documents: &Documents) -> Audit {
    paygen_codegen::audit(&SpecSource {
        path: SPEC,
        text: spec,
        documents,
    })
    .unwrap_or_else(|err| panic!("{err}"))
}

fn kicc() -> String {
    fs::read_to_string(repo_root().join(SPEC)).unwrap()
}

/// The 1-based line of the first occurrence of `needle` in `text`.
fn line_of(text: &str, needle: &str) -> usize {
    text[..text.find(needle).unwrap_or_else(|| panic!("no {needle:?}"))]
        .matches('\n')
        .count()
        + 1
}

#[test]
fn every_spec_agrees_with_its_documents() {
    let documents = documents();
    for entry in fs::read_dir(repo_root().join("specs")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "yaml") {
            continue;
        }
        let text = fs::read_to_string(&path).unwrap();
        let shown = format!("specs/{}", path.file_name().unwrap().to_string_lossy());
        let audit = paygen_codegen::audit(&SpecSource {
            path: &shown,
            text: &text,
            documents: &documents,
        })
        .unwrap();
        assert!(audit.findings.is_empty(), "{}", audit.text());
        // Every document the spec cites is accounted for, read or not.
        assert!(!audit.coverage.is_empty());
    }
}

#[test]
fn a_changed_size_in_the_document_names_the_field_both_places_and_both_values() {
    let mut documents = documents();
    let ko = documents.get(KO).unwrap().replacen(
        "| mallId | String | 8Byte |",
        "| mallId | String | 10Byte |",
        1,
    );
    documents.insert(KO, ko);
    let spec = kicc();
    let audit = audit_with(&spec, &documents);
    assert_eq!(audit.findings.len(), 1, "{}", audit.text());
    let f = &audit.findings[0];
    assert_eq!(f.rule, "size-differs");
    assert!(f.message.contains("`mallId`"), "{}", f.message);
    assert_eq!(f.document, format!("specs/sources/{KO}:12"));
    let source_line = line_of(&spec, "source: \"ko:12, en:23\"");
    assert_eq!(f.spec, format!("{SPEC}:{source_line}:17"));
    assert_eq!(
        (f.documented.as_deref(), f.transcribed.as_deref()),
        (Some("10"), Some("8"))
    );
    let text = audit.text();
    assert!(
        text.contains(&format!("{SPEC}:{source_line}:17: audit:")),
        "{text}"
    );
    assert!(
        text.contains(&format!("= document: specs/sources/{KO}:12")),
        "{text}"
    );
    assert!(text.contains("documented `10`, transcribed `8`"), "{text}");
}

#[test]
fn a_lost_required_mark_is_found() {
    let mut documents = documents();
    let ko = documents
        .get(KO)
        .unwrap()
        .replacen("| 60Byte | ✅ |", "| 60Byte |  |", 1);
    documents.insert(KO, ko);
    let audit = audit_with(&kicc(), &documents);
    assert_eq!(audit.findings.len(), 1, "{}", audit.text());
    assert_eq!(audit.findings[0].rule, "required-differs");
    assert!(audit.findings[0].message.contains("`shopTransactionId`"));
    assert_eq!(audit.findings[0].transcribed.as_deref(), Some("required"));
}

#[test]
fn a_citation_shifted_by_one_line_is_found() {
    let spec = kicc().replacen("source: \"ko:12, en:23\"", "source: \"ko:13, en:24\"", 1);
    let audit = audit_with(&spec, &documents());
    assert!(
        audit
            .findings
            .iter()
            .any(|f| f.rule == "wire-name-not-on-cited-line"
                && f.transcribed.as_deref() == Some("mallId")
                && f.document == format!("specs/sources/{KO}:13")),
        "{}",
        audit.text()
    );
}

#[test]
fn a_field_deleted_from_the_spec_leaves_its_row_uncovered() {
    let spec = kicc();
    let start = spec.find("      - wire: shopOrderNo").unwrap();
    let end = spec[start..].find("      - wire: goodsName").unwrap() + start;
    let deleted = format!("{}{}", &spec[..start], &spec[end..]);
    let audit = audit_with(&deleted, &documents());
    // Its row in the Korean table and its glued row in the English copy.
    let found: Vec<(&str, &str)> = (audit.findings.iter())
        .map(|f| (f.rule, f.document.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            (
                "row-uncovered",
                "specs/sources/kicc-wechatpay-create-transaction.en.txt:25"
            ),
            (
                "row-uncovered",
                "specs/sources/kicc-wechatpay-create-transaction.ko.txt:14"
            ),
        ],
        "{}",
        audit.text()
    );
    assert!(audit
        .findings
        .iter()
        .all(|f| f.message.contains("`shopOrderNo`")));
}

#[test]
fn an_invented_field_is_not_on_the_line_it_cites() {
    let spec = kicc().replacen(
        "      - wire: shopOrderNo\n",
        "      - {wire: shopNickname, type: string, max_bytes: 20, required: false, description: {en: Invented.}, source: \"ko:14\"}\n      - wire: shopOrderNo\n",
        1,
    );
    let audit = audit_with(&spec, &documents());
    assert_eq!(audit.findings.len(), 1, "{}", audit.text());
    assert_eq!(audit.findings[0].rule, "wire-name-not-on-cited-line");
    assert_eq!(
        audit.findings[0].transcribed.as_deref(),
        Some("shopNickname")
    );
}

#[test]
fn glued_rows_of_flattened_copies_are_read() {
    // The English KICC copy glued its cells (`mallIdString8ByteMerchant ID ...`, en:23) and Unifi
    // Pay's has `countryCodestringRequired` (ko:57): both are read as rows.
    let mut documents = documents();
    const EN: &str = "kicc-wechatpay-create-transaction.en.txt";
    let en = documents.get(EN).unwrap();
    assert!(en
        .lines()
        .nth(22)
        .is_some_and(|l| l.starts_with("mallIdString8Byte")));
    let changed = en.replacen("mallIdString8Byte", "mallIdString9Byte", 1);
    documents.insert(EN, changed);
    const UNIFI: &str = "linenext-unifipay-payment.ko.txt";
    let unifi = documents.get(UNIFI).unwrap();
    assert!(unifi.lines().nth(56) == Some("countryCodestringRequired"));
    let changed = unifi.replacen("countryCodestringRequired", "countryCodestringOptional", 1);
    documents.insert(UNIFI, changed);

    let audit = audit_with(&kicc(), &documents);
    assert_eq!(audit.findings.len(), 1, "{}", audit.text());
    assert_eq!(audit.findings[0].rule, "size-differs");
    assert_eq!(audit.findings[0].document, format!("specs/sources/{EN}:23"));

    let spec = fs::read_to_string(repo_root().join("specs/linenext_unifipay.yaml")).unwrap();
    let audit = paygen_codegen::audit(&SpecSource {
        path: "specs/linenext_unifipay.yaml",
        text: &spec,
        documents: &documents,
    })
    .unwrap();
    assert_eq!(audit.findings.len(), 1, "{}", audit.text());
    let f = &audit.findings[0];
    assert_eq!(f.rule, "required-differs");
    assert!(f.message.contains("`countryCode`"), "{}", f.message);
    assert_eq!(f.document, format!("specs/sources/{UNIFI}:57"));
}

#[test]
fn what_the_audit_cannot_read_is_said_per_document() {
    let audit = audit_with(&kicc(), &documents());
    let en = (audit.coverage.iter())
        .find(|c| c.document.ends_with(".en.txt"))
        .expect("the English document is listed");
    // The English copy's tables were flattened into glued cells, read as such; its prose and
    // examples are counted as not read, never guessed at.
    assert!(en.glued_rows >= 20, "{en:?}");
    assert!(en.lines_outside_tables > 20, "{en:?}");
    let ko = (audit.coverage.iter())
        .find(|c| c.document.ends_with(".ko.txt"))
        .unwrap();
    assert!(ko.rows >= 15 && ko.rows_lost_cells >= 1, "{ko:?}");
    assert!(audit.text().contains("lost cells"));
    assert!(audit.text().contains("other lines not read"));
}

#[test]
fn a_row_that_lost_cells_is_still_read_by_what_its_cells_hold() {
    // Shinhan's taxfree_amount row lost its 필수 and 크기 cells (ko:38 has three of five); its
    // type cell is still read, by content.
    const SHINHAN: &str = "shinhan-spg-payments.ko.txt";
    let mut documents = documents();
    let ko = documents.get(SHINHAN).unwrap();
    let row = "| taxfree_amount | number | 비과세 금액";
    assert!(ko.lines().nth(37).is_some_and(|l| l.starts_with(row)));
    let changed = ko.replacen(row, "| taxfree_amount | string | 비과세 금액", 1);
    documents.insert(SHINHAN, changed);
    let spec = fs::read_to_string(repo_root().join("specs/shinhan_spg.yaml")).unwrap();
    let audit = paygen_codegen::audit(&SpecSource {
        path: "specs/shinhan_spg.yaml",
        text: &spec,
        documents: &documents,
    })
    .unwrap();
    assert_eq!(audit.findings.len(), 1, "{}", audit.text());
    let f = &audit.findings[0];
    assert_eq!(f.rule, "type-differs");
    assert_eq!(f.document, format!("specs/sources/{SHINHAN}:38"));
    assert_eq!(
        (f.documented.as_deref(), f.transcribed.as_deref()),
        (Some("string"), Some("integer"))
    );
    // Its lost cells stay unknown: the row is not read as optional for want of a 필수 cell.
    let shinhan = (audit.coverage.iter())
        .find(|c| c.document.ends_with(SHINHAN))
        .unwrap();
    assert!(shinhan.rows_lost_cells > 50, "{shinhan:?}");
}

const SHINHAN_SPEC: &str = "specs/shinhan_spg.yaml";
const SHINHAN: &str = "shinhan-spg-payments.ko.txt";

fn shinhan() -> String {
    fs::read_to_string(repo_root().join(SHINHAN_SPEC)).unwrap()
}

/// The Shinhan spec audited against its document with `from` replaced by `to` on line `line`
/// (1-based; the line must hold `from`), so a mutation cannot land on another line.
fn shinhan_with_line(spec: &str, line: usize, from: &str, to: &str) -> Audit {
    let mut documents = documents();
    let doc = documents.get(SHINHAN).unwrap();
    let mut lines: Vec<String> = doc.lines().map(str::to_owned).collect();
    assert!(
        lines[line - 1].contains(from),
        "ko:{line} should hold {from:?}: {}",
        lines[line - 1]
    );
    lines[line - 1] = lines[line - 1].replacen(from, to, 1);
    documents.insert(SHINHAN, lines.join("\n") + "\n");
    shinhan_audit(spec, &documents)
}

fn shinhan_audit(spec: &str, documents: &Documents) -> Audit {
    paygen_codegen::audit(&SpecSource {
        path: SHINHAN_SPEC,
        text: spec,
        documents,
    })
    .unwrap_or_else(|err| panic!("{err}"))
}

/// The (rule, document line) of every finding.
fn found(audit: &Audit) -> Vec<(&str, String)> {
    (audit.findings.iter())
        .map(|f| (f.rule, f.document.rsplit(':').next().unwrap().to_owned()))
        .collect()
}

fn at(rule: &'static str, line: usize) -> (&'static str, String) {
    (rule, line.to_string())
}

#[test]
fn a_conditional_mark_is_compared_with_required_when() {
    // ko:168 marks app_return_url 선택적 필수, which the spec transcribes as `required: {when}`.
    let audit = shinhan_with_line(&shinhan(), 168, "| 선택적 필수 |", "| 필수 |");
    assert_eq!(
        found(&audit),
        [at("required-differs", 168)],
        "{}",
        audit.text()
    );
    let f = &audit.findings[0];
    assert_eq!(
        (f.documented.as_deref(), f.transcribed.as_deref()),
        (Some("필수 (required)"), Some("required when"))
    );
}

#[test]
fn a_conflict_explains_only_the_rows_it_cites() {
    // The receipt's `amount` is spelt `amunt` on its row (ko:462); the field's conflict cites the
    // row, so the audit accepts it.
    let spec = shinhan();
    let cited = "doc: \"The row's parameter name is \\\"amunt\\\" (ko:462).";
    assert!(spec.contains(cited));
    // A conflict citing another line explains nothing about this row.
    let elsewhere = spec.replacen(cited, &cited.replace("ko:462", "ko:461"), 1);
    let audit = shinhan_audit(&elsewhere, &documents());
    assert_eq!(
        found(&audit),
        [at("wire-name-not-on-cited-line", 462)],
        "{}",
        audit.text()
    );
    // Nor does no conflict.
    let start = spec.find(cited).unwrap();
    let line_start = spec[..spec[..start].rfind("conflict:").unwrap()]
        .rfind('\n')
        .unwrap()
        + 1;
    let why = start + spec[start..].find("why:").unwrap();
    let end = why + spec[why..].find('\n').unwrap() + 1;
    let without = format!("{}{}", &spec[..line_start], &spec[end..]);
    let audit = shinhan_audit(&without, &documents());
    assert_eq!(
        found(&audit),
        [at("wire-name-not-on-cited-line", 462)],
        "{}",
        audit.text()
    );
}

#[test]
fn a_field_cited_from_an_example_line_is_not_in_a_table() {
    // ko:90 is the general request example's `prepay_amount` line; ReceiptRequest gets an
    // invented field citing it, with no conflict saying where it comes from.
    let spec = shinhan().replacen(
        "\n  - name: ReceiptResponse\n",
        "      - {wire: prepay_amount, in: query, type: integer, required: false, description: {en: Invented.}, source: \"ko:90\"}\n\n  - name: ReceiptResponse\n",
        1,
    );
    let audit = shinhan_audit(&spec, &documents());
    assert_eq!(
        found(&audit),
        [at("field-not-in-table", 90)],
        "{}",
        audit.text()
    );
    assert_eq!(
        audit.findings[0].transcribed.as_deref(),
        Some("prepay_amount")
    );
}

#[test]
fn an_endpoint_with_another_method_is_found() {
    let audit = shinhan_with_line(&shinhan(), 458, "| GET |", "| POST |");
    assert_eq!(
        found(&audit),
        [at("method-differs", 458)],
        "{}",
        audit.text()
    );
    let f = &audit.findings[0];
    assert_eq!(
        (f.documented.as_deref(), f.transcribed.as_deref()),
        (Some("POST"), Some("GET"))
    );
    assert!(f.message.contains("receipt"), "{}", f.message);
}

#[test]
fn an_endpoint_naming_another_credential_is_found() {
    let audit = shinhan_with_line(&shinhan(), 458, "| search |", "| payment |");
    assert_eq!(found(&audit), [at("auth-differs", 458)], "{}", audit.text());
    let f = &audit.findings[0];
    assert_eq!(
        (f.documented.as_deref(), f.transcribed.as_deref()),
        (Some("payment"), Some("search"))
    );
}

#[test]
fn an_endpoint_no_operation_has_is_found() {
    let audit = shinhan_with_line(
        &shinhan(),
        11,
        "GET v1.0/payments/info/terms-info-list",
        "GET v1.0/payments/info/terms-list",
    );
    assert_eq!(
        found(&audit),
        [at("endpoint-uncovered", 11)],
        "{}",
        audit.text()
    );
    assert_eq!(
        audit.findings[0].documented.as_deref(),
        Some("GET /v1.0/payments/info/terms-list")
    );
}

#[test]
fn an_operation_whose_endpoint_the_document_lacks_is_found() {
    let spec = shinhan().replacen(
        "path: /v1.0/payments/cancel/partial",
        "path: /v1.0/payments/cancel/part",
        1,
    );
    let audit = shinhan_audit(&spec, &documents());
    let mut rules: Vec<&str> = audit.findings.iter().map(|f| f.rule).collect();
    rules.sort_unstable();
    // The operation names no documented endpoint, and the resource table's and URL table's rows
    // of the real path (ko:7, ko:417) are now no operation's.
    assert_eq!(
        rules,
        [
            "endpoint-uncovered",
            "endpoint-uncovered",
            "operation-not-in-document"
        ],
        "{}",
        audit.text()
    );
    let op = audit
        .findings
        .iter()
        .find(|f| f.rule == "operation-not-in-document")
        .unwrap();
    assert_eq!(
        op.transcribed.as_deref(),
        Some("POST /v1.0/payments/cancel/part")
    );
}

#[test]
fn the_code_table_is_the_enum() {
    // A code the document adds to the table (ko:618 renamed), which is also a code of PgCode the
    // table no longer lists.
    let audit = shinhan_with_line(&shinhan(), 618, "| selpay |", "| kakaopay |");
    // Both enums citing the row lack the new code; PgCode, whose other cited line (ko:37) does
    // not name selpay, no longer has a line holding that code.
    let got: Vec<(&str, &str, &str)> = (audit.findings.iter())
        .map(|f| {
            let ty = if f.message.contains("UnifiedPgCode") {
                "UnifiedPgCode"
            } else {
                "PgCode"
            };
            (f.rule, ty, f.document.rsplit(':').next().unwrap())
        })
        .collect();
    assert_eq!(
        got,
        [
            ("code-missing", "PgCode", "618"),
            ("code-not-on-cited-line", "PgCode", "616"),
            ("code-missing", "UnifiedPgCode", "618"),
        ],
        "{}",
        audit.text()
    );
    assert_eq!(audit.findings[0].documented.as_deref(), Some("kakaopay"));
    // A variant the spec lost: its row is now a code the enum lacks.
    let spec = shinhan();
    let variant = spec.find("      - {value: nauthcard,").unwrap();
    let end = variant + spec[variant..].find('\n').unwrap() + 1;
    let lost = format!("{}{}", &spec[..variant], &spec[end..]);
    let audit = shinhan_audit(&lost, &documents());
    assert_eq!(found(&audit), [at("code-missing", 621)], "{}", audit.text());
    let audit = shinhan_with_line(
        &shinhan(),
        620,
        "| 일반 신용/체크카드 |",
        "| 일반 신용카드 |",
    );
    assert_eq!(
        found(&audit),
        [at("description-differs", 620)],
        "{}",
        audit.text()
    );
}

#[test]
fn the_rules_table_in_the_spec_readme_is_the_rules() {
    let readme = fs::read_to_string(repo_root().join("specs/README.md")).unwrap();
    assert!(
        readme.contains(&paygen_codegen::audit::rules_table()),
        "specs/README.md's audit table differs from audit::RULES; paste audit::rules_table() into it"
    );
}

#[test]
fn the_error_tables_are_read_like_the_response_tables() {
    // The error table after the confirm response (ko:342-345) repeats ret_code and ret_msg; the
    // response type's fields cite both tables, so a size changed in either is found.
    let audit = shinhan_with_line(&shinhan(), 345, "| 100 |", "| 200 |");
    assert_eq!(found(&audit), [at("size-differs", 345)], "{}", audit.text());
    assert!(audit.findings[0].message.contains("`ret_msg`"));
    assert_eq!(
        (
            audit.findings[0].documented.as_deref(),
            audit.findings[0].transcribed.as_deref()
        ),
        (Some("200"), Some("100"))
    );
}

#[test]
fn a_required_field_on_a_row_that_lost_its_mark_needs_a_reason() {
    // ko:38 (taxfree_amount) lost its 필수 여부 cell; the spec reads the blank as optional. Made
    // required without a conflict saying why, the audit asks for one.
    let spec = shinhan();
    let row = "      - {wire: taxfree_amount, type: integer, required: false,";
    assert!(spec.contains(row));
    let changed = spec.replacen(row, &row.replace("required: false", "required: true"), 1);
    let audit = shinhan_audit(&changed, &documents());
    assert_eq!(
        found(&audit),
        [at("required-unread", 38)],
        "{}",
        audit.text()
    );
}

/// A spec of one Toss Pay operation, citing the real page (specs/sources/tosspay-api.txt), to
/// show its one-cell-per-line layout is read.
const TOSS_SPEC: &str = r#"paygen: 1
vendor:
  module: toss_layout
  name: Toss Pay (layout test)
  sources: {toss: tosspay-api.txt}
  environments:
    - {name: production, base_url: "https://pay.toss.im", source: "toss:99"}
operations:
  - name: create_payment
    summary: {en: Create a payment.}
    method: POST
    path: /api/v2/payments
    request: CreatePayment
    response: CreatePaymentResponse
    success: {field: code, equals: 0, message: msg}
    source: "toss:97-99"
types:
  - name: CreatePayment
    kind: object
    description: {en: A payment to create.}
    source: "toss:100"
    fields:
      - {wire: apiKey, type: string, max_bytes: 30, required: true, description: {en: Key.}, source: "toss:101"}
  - name: CreatePaymentResponse
    kind: object
    description: {en: The answer.}
    source: "toss:236"
    fields:
      - {wire: code, type: integer, required: true, description: {en: Code.}, source: "toss:237"}
      - {wire: msg, type: string, max_bytes: 120, required: false, description: {en: Message.}, source: "toss:257"}
"#;

#[test]
fn rows_printed_one_cell_per_line_are_read_from_the_toss_pay_page() {
    let audit_toss = |documents: &Documents| {
        paygen_codegen::audit(&SpecSource {
            path: "specs/toss_layout.yaml",
            text: TOSS_SPEC,
            documents,
        })
        .unwrap_or_else(|err| panic!("{err}"))
    };
    let audit = audit_toss(&documents());
    let toss = &audit.coverage[0];
    assert!(toss.cell_per_line_rows > 100, "{toss:?}");
    // The fields transcribed agree; every other row, and every other endpoint, is reported.
    let transcribed = ["apiKey", "code", "msg"];
    assert!(
        (audit.findings.iter()).all(|f| matches!(f.rule, "row-uncovered" | "endpoint-uncovered")),
        "{}",
        audit.text()
    );
    let uncovered = |name: &str, line: usize| {
        audit.findings.iter().any(|f| {
            f.rule == "row-uncovered"
                && f.documented.as_deref() == Some(name)
                && f.document.ends_with(&format!(":{line}"))
        })
    };
    assert!(
        uncovered("orderNo", 107) && uncovered("amount", 164),
        "{}",
        audit.text()
    );
    assert!(!transcribed.iter().any(|t| uncovered(t, 101)));
    let endpoints: Vec<&str> = (audit.findings.iter())
        .filter(|f| f.rule == "endpoint-uncovered")
        .filter_map(|f| f.documented.as_deref())
        .collect();
    assert!(endpoints.contains(&"POST /api/v2/execute"), "{endpoints:?}");
    assert!(endpoints.contains(&"POST /api/v2/status"), "{endpoints:?}");
    assert!(
        !endpoints.contains(&"POST /api/v2/payments"),
        "{endpoints:?}"
    );

    // A size and a required mark changed on the page are found on the fields that cite them.
    let mut documents = documents();
    let page = documents.get("tosspay-api.txt").unwrap();
    let mut lines: Vec<&str> = page.lines().collect();
    assert_eq!((lines[101], lines[102]), ("string 필수", "Max Length: 30"));
    lines[101] = "string";
    lines[102] = "Max Length: 32";
    documents.insert("tosspay-api.txt", lines.join("\n"));
    let changed = audit_toss(&documents);
    let mut rules: Vec<&str> = (changed.findings.iter())
        .filter(|f| f.document.ends_with(":101"))
        .map(|f| f.rule)
        .collect();
    rules.sort_unstable();
    assert_eq!(
        rules,
        ["required-differs", "size-differs"],
        "{}",
        changed.text()
    );
}
