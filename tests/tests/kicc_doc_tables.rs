//! Every row of the Korean KICC document's tables is in the spec with its documented length and
//! required flag, cited by line; where the spec departs from a row, the field says why.
//!
//! The rows are read straight from the document, independently of the spec, so a transcription
//! slip (a wrong length, a lost ✅, a field left out or invented) fails here.

use paygen_codegen::spec::{Field, Required, Spec};
use paygen_codegen::SpecSource;
use paygen_tests::{repo_root, vendor_doc};

/// The spec's object types, in the order the document prints their tables.
const TABLES: [&str; 4] = [
    "CreateTransactionRequest",
    "AmountInfo",
    "CustomerInfo",
    "CreateTransactionResponse",
];

struct Row {
    line: usize,
    wire: String,
    bytes: Option<usize>,
    required: Option<bool>,
}

/// The document's tables, each a list of rows. A table's required flags are known only if its
/// header has the 필수여부 column (the response table has none).
fn doc_tables() -> Vec<Vec<Row>> {
    let doc = vendor_doc("kicc-wechatpay-create-transaction.ko.txt");
    let mut tables: Vec<Vec<Row>> = Vec::new();
    let mut has_required_column = false;
    for (index, line) in doc.lines().enumerate() {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        if cells.get(1) == Some(&"필드명") {
            has_required_column = cells.contains(&"필수여부");
            tables.push(Vec::new());
            continue;
        }
        let Some(name) = cells.get(1).filter(|c| is_identifier(c)) else {
            continue;
        };
        let bytes = cells
            .iter()
            .find_map(|c| c.strip_suffix("Byte").and_then(|n| n.parse().ok()));
        tables.last_mut().expect("rows follow a header").push(Row {
            line: index + 1,
            wire: (*name).to_owned(),
            bytes,
            required: has_required_column.then(|| cells.contains(&"✅")),
        });
    }
    tables
}

fn is_identifier(cell: &str) -> bool {
    !cell.is_empty() && cell.chars().all(|c| c.is_ascii_alphanumeric())
}

fn spec() -> Spec {
    let text = std::fs::read_to_string(repo_root().join("specs/kicc_wechatpay.yaml")).unwrap();
    paygen_codegen::load(&SpecSource {
        path: "specs/kicc_wechatpay.yaml",
        text: &text,
        documents: paygen_tests::documents_beside("specs/kicc_wechatpay.yaml"),
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

#[test]
fn the_document_has_the_four_tables_this_test_expects() {
    let sizes: Vec<usize> = doc_tables().iter().map(Vec::len).collect();
    assert_eq!(sizes, [9, 2, 5, 7]);
}

#[test]
fn every_row_is_in_the_spec_as_documented_or_with_a_conflict() {
    let spec = spec();
    for (rows, type_name) in doc_tables().iter().zip(TABLES) {
        let fields = fields(&spec, type_name);
        for row in rows {
            let field = fields
                .iter()
                .find(|f| f.wire == row.wire)
                .unwrap_or_else(|| panic!("ko:{} `{}` is not in {type_name}", row.line, row.wire));
            let cite = format!("ko:{}", row.line);
            assert!(
                field.source.contains(&cite),
                "{type_name}.{} cites `{}`, not {cite}",
                row.wire,
                field.source
            );
            let length_differs = row.bytes != field.max_bytes;
            let required_differs = row
                .required
                .is_some_and(|doc| doc != (field.required == Required::Yes));
            if length_differs || required_differs {
                let conflict = field.conflict.as_ref().unwrap_or_else(|| {
                    panic!(
                        "{type_name}.{}: document says {:?} bytes / required {:?}, spec says {:?} / {:?}, and no conflict explains it",
                        row.wire, row.bytes, row.required, field.max_bytes, field.required
                    )
                });
                assert!(
                    conflict.doc.contains(&cite),
                    "{type_name}.{}: the conflict does not cite {cite}",
                    row.wire
                );
            }
        }
    }
}

#[test]
fn the_spec_invents_no_field_the_document_lacks() {
    let spec = spec();
    for (rows, type_name) in doc_tables().iter().zip(TABLES) {
        for field in fields(&spec, type_name) {
            assert!(
                rows.iter().any(|r| r.wire == field.wire),
                "{type_name}.{} is not in the document's table",
                field.wire
            );
        }
    }
}
