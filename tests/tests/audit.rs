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
