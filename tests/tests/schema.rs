//! The spec format's JSON Schema (`specs/paygen.schema.json`, draft-07, for yaml-language-server):
//! it is what the generator derives from the spec types, every spec in the repository validates
//! against it and names it on its first line, and it refuses what the loader refuses by key.

use paygen_tests::repo_root;
use serde_json::Value;
use std::fs;
use std::path::PathBuf;

fn committed() -> Value {
    let text = fs::read_to_string(repo_root().join("specs/paygen.schema.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn validator() -> jsonschema::Validator {
    jsonschema::draft7::new(&committed()).expect("the committed schema is a draft-07 schema")
}

/// Every spec of the repository: the gateways', the every-feature spec and the corpus.
fn specs() -> Vec<PathBuf> {
    let root = repo_root();
    let mut specs = Vec::new();
    for folder in ["specs", "tests/specs", "tests/specs/corpus"] {
        for entry in fs::read_dir(root.join(folder)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "yaml") {
                specs.push(path);
            }
        }
    }
    specs.sort();
    assert!(specs.len() >= 6, "{specs:?}");
    specs
}

fn as_json(yaml: &str) -> Value {
    serde_yaml::from_str(yaml).expect("a spec is YAML")
}

#[test]
fn the_committed_schema_is_the_generators() {
    assert!(
        fs::read_to_string(repo_root().join("specs/paygen.schema.json")).unwrap()
            == paygen_codegen::spec_schema(),
        "specs/paygen.schema.json is stale: run `cargo run -p paygen-codegen -- generate`"
    );
    assert_eq!(
        committed()["$schema"],
        "http://json-schema.org/draft-07/schema#"
    );
}

#[test]
fn every_spec_validates_and_names_the_schema() {
    let validator = validator();
    for path in specs() {
        let text = fs::read_to_string(&path).unwrap();
        let first = text.lines().next().unwrap_or_default();
        assert!(
            first.starts_with("# yaml-language-server: $schema=")
                && first.ends_with("paygen.schema.json"),
            "{}: first line is {first:?}",
            path.display()
        );
        let errors: Vec<String> = validator
            .iter_errors(&as_json(&text))
            .map(|e| format!("{} at {}", e, e.instance_path))
            .collect();
        assert!(errors.is_empty(), "{}: {errors:#?}", path.display());
    }
}

#[test]
fn a_misspelt_key_or_a_wrong_value_fails_the_schema() {
    let validator = validator();
    let text = fs::read_to_string(repo_root().join("specs/kicc_wechatpay.yaml")).unwrap();
    assert!(validator.is_valid(&as_json(&text)));
    for (from, to) in [
        // A misspelt key, as the loader's deny_unknown_fields refuses it.
        ("max_bytes: 8", "max_byte: 8"),
        // A value outside a vocabulary.
        ("type: string", "type: text"),
        // A required key removed.
        ("paygen: 1\n", "\n"),
    ] {
        assert!(text.contains(from), "{from}");
        let broken = text.replacen(from, to, 1);
        assert!(
            !validator.is_valid(&as_json(&broken)),
            "`{from}` -> `{to}` still validates"
        );
    }
}
