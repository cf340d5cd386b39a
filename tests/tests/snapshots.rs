//! Snapshots of the generator's output: the KICC spec and the test spec that uses every feature.
//! Both outputs also compile: KICC as the `paygen` crate, the test spec through build.rs.

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
fn kicc_wechatpay() {
    insta::assert_snapshot!(generate("specs/kicc_wechatpay.yaml"));
}

#[test]
fn linenext_unifipay() {
    insta::assert_snapshot!(generate("specs/linenext_unifipay.yaml"));
}

#[test]
fn shinhan_spg() {
    insta::assert_snapshot!(generate("specs/shinhan_spg.yaml"));
}

#[test]
fn every_spec_feature() {
    insta::assert_snapshot!(generate("tests/specs/everything.yaml"));
}
