//! The documentation's examples are real: the complete spec in specs/README.md is a valid spec.

use paygen_codegen::{Documents, Settings, SpecSource};
use paygen_tests::repo_root;

#[test]
fn the_complete_example_in_the_spec_readme_generates() {
    let readme = std::fs::read_to_string(repo_root().join("specs/README.md")).unwrap();
    let (_, rest) = readme
        .split_once("## A complete example")
        .and_then(|(_, rest)| rest.split_once("```yaml\n"))
        .expect("specs/README.md has a complete example");
    let (yaml, _) = rest.split_once("```").unwrap();
    // The example cites a made-up document; any text with enough lines stands in for it.
    let mut documents = Documents::new();
    documents.insert("demo-pay.ko.txt", "a line\n".repeat(100));
    let file = Settings::new()
        .generate(&SpecSource {
            path: "specs/README.md",
            text: yaml,
            documents: &documents,
        })
        .unwrap_or_else(|err| panic!("the README's example spec is invalid:\n{err}"));
    assert_eq!(file.module, "demo_pay");
    for expected in [
        "pub async fn create_payment(",
        "pub const CURRENCY: &'static str = \"KRW\";",
        "#[validate(max_bytes = 11, digits)]",
        "BankTransfer",
    ] {
        assert!(file.contents.contains(expected), "missing {expected}");
    }
}
