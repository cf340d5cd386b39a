//! Snapshots of the generator's output: the KICC spec and the test spec that uses every feature.
//! Both outputs also compile: KICC as the `paygen` crate, the test spec through build.rs.

use paygen_codegen::{Settings, SpecSource};
use paygen_tests::repo_root;

fn generate(relative: &str) -> String {
    let text = std::fs::read_to_string(repo_root().join(relative)).unwrap();
    Settings::new()
        .generate(&SpecSource {
            path: relative,
            text: &text,
        })
        .unwrap_or_else(|err| panic!("{err}"))
        .contents
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
