//! Snapshots of the generator's output for test specs: the spec that uses every feature, and the
//! diff a switch to EUC-KR makes. The vendor modules have one golden copy, `generated/src`,
//! which the drift test compares with what the specs produce; snapshotting them too would only
//! make every spec edit a double review. The every-feature output also compiles, through
//! tests/build.rs.

use paygen_codegen::{Settings, SpecSource};
use paygen_tests::repo_root;

fn generate(relative: &str) -> String {
    let text = std::fs::read_to_string(repo_root().join(relative)).unwrap();
    generate_text(relative, &text)
}

fn generate_text(path: &str, text: &str) -> String {
    Settings::new()
        .generate(&SpecSource {
            path,
            text,
            documents: paygen_tests::documents_beside(path),
        })
        .unwrap_or_else(|err| panic!("{err}"))
        .contents
}

/// Switching a vendor to EUC-KR changes exactly the validation: the struct-level encoding of
/// each request type and the facts in the docs. The snapshot is the diff.
#[test]
fn kicc_switched_to_euc_kr() {
    let path = "specs/kicc_wechatpay.yaml";
    let text = std::fs::read_to_string(repo_root().join(path)).unwrap();
    let euc_kr = text.replace("  encoding: utf-8\n", "  encoding: euc-kr\n");
    assert_ne!(euc_kr, text);
    let (before, after) = (generate_text(path, &text), generate_text(path, &euc_kr));
    let diff = similar::TextDiff::from_lines(&before, &after)
        .unified_diff()
        .context_radius(1)
        .to_string();
    insta::assert_snapshot!(diff);
}

#[test]
fn every_spec_feature() {
    insta::assert_snapshot!(generate("tests/specs/everything.yaml"));
}
