//! Generates tests/specs/everything.yaml into OUT_DIR with the library API, the way an app that
//! keeps its own specs would from its build.rs, so the generator's output for every spec feature
//! is compiled and exercised by the tests.

use paygen_codegen::{Documents, Settings, SpecSource};
use std::path::{Path, PathBuf};

fn main() {
    let spec = "specs/everything.yaml";
    println!("cargo:rerun-if-changed={spec}");
    println!("cargo:rerun-if-changed=specs/sources");
    let text = std::fs::read_to_string(spec).expect("tests/specs/everything.yaml is readable");
    let documents = documents(Path::new("specs/sources"));
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    generate(spec, &text, &documents, &out);

    // The same gateway in EUC-KR: it counts its bytes in it, and sends and answers in it.
    let euc_kr = text
        .replace("module: everything\n", "module: everything_euc_kr\n")
        .replace(
            "  encoding: utf-8\n",
            "  encoding: euc-kr\n  charset: euc-kr\n",
        );
    assert_ne!(
        euc_kr, text,
        "everything.yaml declares its module and encoding"
    );
    generate(spec, &euc_kr, &documents, &out);

    corpus(&out);
    bench_copies(&out);
}

/// The Unifi Pay, Shinhan, NICEPAY and Toss Pay modules as generated/src has them, but with
/// public prepare steps, for tests/benches/client.rs to time.
fn bench_copies(out: &Path) {
    let documents = documents(Path::new("../specs/sources"));
    let folder = out.join("bench");
    std::fs::create_dir_all(&folder).expect("OUT_DIR is writable");
    for spec in ["linenext_unifipay", "shinhan_spg", "nicepay", "tosspay"] {
        let path = format!("../specs/{spec}.yaml");
        println!("cargo:rerun-if-changed={path}");
        let text = std::fs::read_to_string(&path).expect("a vendor spec is readable");
        let file = Settings::new()
            .inner_attributes(false)
            .public_prepare(true)
            .generate(&SpecSource {
                path: &format!("specs/{spec}.yaml"),
                text: &text,
                documents: &documents,
            })
            .unwrap_or_else(|err| panic!("{err}"));
        std::fs::write(folder.join(&file.file_name), file.contents).expect("OUT_DIR is writable");
    }
}

/// The feature-combination corpus, `specs/corpus/*.yaml`: each spec becomes a module of
/// `corpus.rs`, which tests/src/lib.rs includes, so every combination is compiled and linted.
fn corpus(out: &Path) {
    let folder = Path::new("specs/corpus");
    println!("cargo:rerun-if-changed={}", folder.display());
    let documents = documents(&folder.join("sources"));
    let mut specs: Vec<_> = std::fs::read_dir(folder)
        .expect("tests/specs/corpus is readable")
        .map(|entry| entry.expect("a folder entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "yaml"))
        .collect();
    specs.sort();
    let mut modules = String::new();
    for path in &specs {
        println!("cargo:rerun-if-changed={}", path.display());
        let text = std::fs::read_to_string(path).expect("a readable corpus spec");
        let shown = path.display().to_string();
        let module = generate(&shown, &text, &documents, out);
        modules.push_str(&format!(
            "/// Generated from `tests/{shown}`.\npub mod {module} {{\n    include!(concat!(env!(\"OUT_DIR\"), \"/{module}.rs\"));\n}}\n"
        ));
    }
    std::fs::write(out.join("corpus.rs"), modules).expect("OUT_DIR is writable");
}

/// Generates one spec into `out` and returns its module name.
fn generate(path: &str, text: &str, documents: &Documents, out: &Path) -> String {
    // With the mock, ungated: every feature combination's mock is compiled and linted too.
    let file = Settings::new()
        .inner_attributes(false)
        .mock(Some(""))
        .generate(&SpecSource {
            path,
            text,
            documents,
        })
        .unwrap_or_else(|err| panic!("{err}"));
    std::fs::write(out.join(&file.file_name), file.contents).expect("OUT_DIR is writable");
    file.module
}

/// The documents the spec cites: every file of its `sources/` folder, by file name.
fn documents(folder: &Path) -> Documents {
    let mut documents = Documents::new();
    for entry in std::fs::read_dir(folder).expect("tests/specs/sources is readable") {
        let path = entry.expect("a folder entry").path();
        let name = path.file_name().expect("a file name").to_string_lossy();
        let text = std::fs::read_to_string(&path).expect("a readable document");
        documents.insert(name, text);
    }
    documents
}
