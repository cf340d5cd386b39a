//! Generates the every-feature test spec with `runtime_crate("rt")`, as a crate that renamed its
//! paygen-runtime dependency would from its build.rs.

use paygen_codegen::{Documents, Settings, SpecSource};
use std::path::PathBuf;

fn main() {
    let spec = "../specs/everything.yaml";
    let document = "../specs/sources/everything.txt";
    println!("cargo:rerun-if-changed={spec}");
    println!("cargo:rerun-if-changed={document}");
    let text = std::fs::read_to_string(spec).expect("tests/specs/everything.yaml is readable");
    let mut documents = Documents::new();
    documents.insert(
        "everything.txt",
        std::fs::read_to_string(document).expect("its document is readable"),
    );
    let file = Settings::new()
        .runtime_crate("rt")
        .inner_attributes(false)
        .generate(&SpecSource {
            path: "specs/everything.yaml",
            text: &text,
            documents: &documents,
        })
        .unwrap_or_else(|err| panic!("{err}"));
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(out.join(&file.file_name), file.contents).expect("OUT_DIR is writable");
}
