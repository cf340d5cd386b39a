//! Generates tests/specs/everything.yaml into OUT_DIR with the library API, the way an app that
//! keeps its own specs would from its build.rs, so the generator's output for every spec feature
//! is compiled and exercised by the tests.

use paygen_codegen::{Settings, SpecSource};
use std::path::PathBuf;

fn main() {
    let spec = "specs/everything.yaml";
    println!("cargo:rerun-if-changed={spec}");
    let text = std::fs::read_to_string(spec).expect("tests/specs/everything.yaml is readable");
    let file = Settings::new()
        .inner_attributes(false)
        .generate(&SpecSource {
            path: spec,
            text: &text,
        })
        .unwrap_or_else(|err| panic!("{err}"));
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(out.join(&file.file_name), file.contents).expect("OUT_DIR is writable");

    // The same gateway counting its bytes in EUC-KR: only the `encoding` line differs.
    let euc_kr = text
        .replace("module: everything\n", "module: everything_euc_kr\n")
        .replace("encoding: utf-8\n", "encoding: euc-kr\n");
    assert_ne!(
        euc_kr, text,
        "everything.yaml declares its module and encoding"
    );
    let file = Settings::new()
        .inner_attributes(false)
        .generate(&SpecSource {
            path: spec,
            text: &euc_kr,
        })
        .unwrap_or_else(|err| panic!("{err}"));
    std::fs::write(out.join(&file.file_name), file.contents).expect("OUT_DIR is writable");
}
