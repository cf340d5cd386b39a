//! paygen-codegen turns YAML specs of payment-gateway APIs into Rust: typed request and response
//! structs whose fields validate their documented byte lengths, enums of documented codes, and
//! an async client per gateway.
//!
//! The library does no I/O: hand it a spec's text and the name to report it by, and it returns
//! the formatted source of one module. The `paygen-codegen` binary (`generate`, `check`) and a
//! `build.rs` are thin wrappers around [`Settings::generate`]:
//!
//! ```
//! let text = r#"
//! paygen: 1
//! vendor:
//!   module: demo
//!   name: Demo Pay
//!   sources: {demo: demo.txt}
//!   environments:
//!     - {name: sandbox, base_url: "https://sandbox.demo.example", source: "demo:1"}
//! operations:
//!   - name: pay
//!     summary: {en: Pay.}
//!     method: POST
//!     path: /pay
//!     request: PayRequest
//!     response: PayResponse
//!     success: {field: code, equals: "00", message: message}
//!     source: demo:2
//! types:
//!   - name: PayRequest
//!     kind: object
//!     description: {en: A payment.}
//!     source: demo:3
//!     fields:
//!       - {wire: amount, type: integer, required: true, description: {en: Amount in won.}, source: demo:4}
//!   - name: PayResponse
//!     kind: object
//!     description: {en: The answer.}
//!     source: demo:5
//!     fields:
//!       - {wire: code, type: string, max_bytes: 2, required: true, description: {en: Result code.}, source: demo:6}
//!       - {wire: message, type: string, required: false, description: {en: Result message.}, source: demo:7}
//! "#;
//! // The documents a spec cites are the caller's to read: here, a seven-line document.
//! let mut documents = paygen_codegen::Documents::new();
//! documents.insert("demo.txt", "a line of the document\n".repeat(7));
//! let file = paygen_codegen::Settings::new()
//!     .generate(&paygen_codegen::SpecSource { path: "specs/demo.yaml", text, documents: &documents })
//!     .unwrap();
//! assert_eq!(file.module, "demo");
//! assert!(file.contents.starts_with("// @generated"));
//! assert!(file.contents.contains("pub async fn pay("));
//! ```

pub mod audit;
mod check;
mod cite;
pub mod diff;
mod emit;
mod error;
mod layout;
mod model;
mod naming;
mod prose;
pub mod spec;
mod template;
pub mod wiring;
mod yaml;

pub use cite::Documents;
pub use error::{Diagnostic, Error, Result};
pub use yaml::{MAX_NESTING, MAX_SPEC_BYTES};

use proc_macro2::TokenStream;
use std::str::FromStr;

/// A spec's text, the path to name it by in errors and in the `@generated` header, and the
/// documents it cites.
#[derive(Debug, Clone, Copy)]
pub struct SpecSource<'a> {
    /// The path as it should appear in messages, such as `specs/kicc_wechatpay.yaml`.
    pub path: &'a str,
    /// The YAML text.
    pub text: &'a str,
    /// The documents in the `sources/` folder beside the spec, by file name. Every file the
    /// spec's `vendor.sources` names must be here, and every citation must name one of its
    /// lines.
    pub documents: &'a Documents,
}

/// The formatted Rust source generated from one spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    /// The module name the spec declares (`vendor.module`).
    pub module: String,
    /// The file name to write it to: `<module>.rs`.
    pub file_name: String,
    /// The source, starting with the `// @generated` header.
    pub contents: String,
}

/// Generator settings; [`Settings::new`] gives the defaults the workspace uses.
#[derive(Debug, Clone)]
pub struct Settings {
    runtime_crate: String,
    inner_attributes: bool,
    public_prepare: bool,
    examples_in: Option<String>,
    mock: Option<String>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            runtime_crate: "paygen_runtime".to_owned(),
            inner_attributes: true,
            public_prepare: false,
            examples_in: None,
            mock: None,
        }
    }
}

impl Settings {
    /// The default settings.
    pub fn new() -> Self {
        Self::default()
    }

    /// The name under which the generated code's crate depends on `paygen-runtime`
    /// (default `paygen_runtime`), for crates that rename the dependency. Every path the
    /// generated code names starts there, including those the `Validate` derive emits (through
    /// `#[validate(crate = "...")]`) and serde's (through `#[serde(crate = "...")]`). A name that
    /// is not a Rust identifier fails [`Settings::generate`].
    pub fn runtime_crate(mut self, name: impl Into<String>) -> Self {
        self.runtime_crate = name.into();
        self
    }

    /// Whether the module opens with inner `//!` docs (default `true`). Turn it off for a file a
    /// `build.rs` writes to `OUT_DIR` and brings in with `include!`, which rejects inner
    /// attributes; the docs then go on the `mod` item that includes the file.
    pub fn inner_attributes(mut self, enabled: bool) -> Self {
        self.inner_attributes = enabled;
        self
    }

    /// Whether each operation's prepare step (validate, serialise, compute digests, sign:
    /// everything but sending) is a public `prepare_<operation>` method returning the
    /// `__private::http::Prepared` call (default `false`: a private step of the operation).
    /// For benchmarks and tests that measure or inspect that step on a copy of the module they
    /// generate for themselves; the published crate keeps it private.
    pub fn public_prepare(mut self, enabled: bool) -> Self {
        self.public_prepare = enabled;
        self
    }

    /// The path an app names the generated module's parent by (`paygen` for the published
    /// crate, whose modules are `paygen::<module>`; `my_app::gateways` for a module included
    /// there). When set, the docs of each client method carry a short example that rustdoc
    /// compiles (`no_run`) against `<path>::<module>`; unset (the default), they carry none,
    /// since an example naming the wrong path would not compile. The path must be Rust paths
    /// joined by `::`, or [`Settings::generate`] fails.
    pub fn examples_in(mut self, path: impl Into<String>) -> Self {
        self.examples_in = Some(path.into());
        self
    }

    /// Whether each module carries a `mock` submodule, and the cargo feature it is behind
    /// (default: none). `Some("mock")` gives the published crate's `mock` feature, which must
    /// turn on `paygen-runtime/mock`; `Some("")` emits the mock ungated, for a crate that
    /// always wants it (its tests, say) and depends on `paygen-runtime` with `mock` on.
    pub fn mock(mut self, feature: Option<&str>) -> Self {
        self.mock = feature.map(str::to_owned);
        self
    }

    /// Loads, checks and generates one spec.
    ///
    /// A bad spec fails with [`Error::Spec`], listing every problem found with its line and
    /// column; nothing is generated from it.
    pub fn generate(&self, source: &SpecSource<'_>) -> Result<GeneratedFile> {
        if !naming::is_snake(&self.runtime_crate) {
            return Err(Error::Settings(format!(
                "runtime_crate `{}` is not a crate name; write it as Rust code names it (`my_runtime`, not `my-runtime`)",
                self.runtime_crate
            )));
        }
        if let Some(path) = &self.examples_in {
            if !path.split("::").all(naming::is_snake) {
                return Err(Error::Settings(format!(
                    "examples_in `{path}` is not a module path; write it as Rust code names it (`my_app::gateways`)"
                )));
            }
        }
        let (_, model) = checked(source)?;
        let tokens = emit::module(&model, self);
        let file = syn::parse2::<syn::File>(tokens).map_err(|err| Error::Syntax {
            file: source.path.to_owned(),
            source: err,
        })?;
        let module = model.vendor.module.clone();
        Ok(GeneratedFile {
            file_name: format!("{module}.rs"),
            module,
            contents: format!(
                "{}{}",
                header(source.path),
                layout::spaced(&prettyplease::unparse(&file))
            ),
        })
    }

    fn runtime_path(&self) -> TokenStream {
        TokenStream::from_str(&format!("::{}", self.runtime_crate)).expect("a crate name is a path")
    }
}

/// Audits one spec against the documents it cites (see [`mod@audit`]): every field's cited line holds
/// its wire name; on a field's table row the size, required mark and type agree with the spec;
/// every table row is cited. A field with a `conflict` is not compared. The spec must load.
pub fn audit(source: &SpecSource<'_>) -> Result<audit::Audit> {
    let (spec, _) = checked(source)?;
    Ok(audit::audit(
        &spec,
        source.path,
        source.text,
        source.documents,
    ))
}

/// The changes from the specs `old` to the specs `new` (one spec each, or a whole folder's),
/// each classified by a rule of [`diff::RULES`]: the semver bump it requires of the generated
/// crate and its effect on the wire. Specs are paired by module name; a module only in `new` is
/// added, one only in `old` removed. Every spec must load; the problems of all that do not are
/// returned together.
pub fn diff(old: &[SpecSource<'_>], new: &[SpecSource<'_>]) -> Result<diff::Diff> {
    let mut problems = Vec::new();
    let mut load_all = |sources: &[SpecSource<'_>]| {
        let mut models = std::collections::BTreeMap::new();
        for source in sources {
            match checked(source) {
                Ok((_, model)) => {
                    models.insert(model.vendor.module.clone(), model);
                }
                Err(Error::Spec(diagnostics)) => problems.extend(diagnostics),
                Err(other) => return Err(other),
            }
        }
        Ok(models)
    };
    let (old, new) = (load_all(old)?, load_all(new)?);
    if !problems.is_empty() {
        return Err(Error::Spec(problems));
    }
    let mut result = diff::Diff::default();
    let modules: std::collections::BTreeSet<&String> = old.keys().chain(new.keys()).collect();
    for module in modules {
        diff::compare(old.get(module), new.get(module), &mut result);
    }
    Ok(result)
}

/// Parses and checks a spec without generating anything: its YAML, its semantics, the documents
/// it names and every citation it makes.
pub fn load(source: &SpecSource<'_>) -> Result<spec::Spec> {
    checked(source).map(|(spec, _)| spec)
}

/// The spec and the model its check produced.
fn checked(source: &SpecSource<'_>) -> Result<(spec::Spec, model::Model)> {
    let spec: spec::Spec = yaml::parse(source.text).map_err(|err| {
        let (line, column) = err.position.map_or((1, 1), |p| (p.line, p.column));
        Error::Spec(vec![Diagnostic {
            file: source.path.to_owned(),
            line,
            column,
            help: Some(parse_help(&err.message).to_owned()),
            message: err.message,
        }])
    })?;
    let checked = check::check(&spec, source.path);
    let cited = cite::check(&spec.vendor.sources, source.text, source.documents);
    let issues = match checked {
        Ok(model) if cited.is_empty() => return Ok((spec, model)),
        Ok(_) => cited,
        Err(mut issues) => {
            issues.extend(cited);
            issues
        }
    };
    Err(Error::Spec(
        issues
            .into_iter()
            .map(|issue| {
                let at = yaml::locate(source.text, &issue.path);
                let (line, column) = at.map_or((1, 1), |p| (p.line, p.column));
                Diagnostic {
                    file: source.path.to_owned(),
                    line,
                    column,
                    message: issue.message,
                    help: issue.help,
                }
            })
            .collect(),
    ))
}

/// The JSON Schema (draft-07) of the spec format, as pretty JSON ending in a newline: what
/// `paygen-codegen generate` writes to `specs/paygen.schema.json`, so that an editor running
/// yaml-language-server completes and checks spec keys (each spec's first line names it). It is
/// derived from the same types the loader reads, so the two cannot disagree on a key.
#[cfg(feature = "schema")]
pub fn spec_schema() -> String {
    let schema = schemars::generate::SchemaSettings::draft07()
        .into_generator()
        .into_root_schema_for::<spec::Spec>();
    let mut text = serde_json::to_string_pretty(&schema).expect("a schema is JSON");
    text.push('\n');
    text
}

/// What to do about a YAML or typing error.
fn parse_help(message: &str) -> &'static str {
    // `{en: Amount, in won}` splits at the comma into a key `in won`: a common slip in flow style.
    let unknown_field_with_space = message
        .split_once("unknown field `")
        .and_then(|(_, rest)| rest.split_once('`'))
        .is_some_and(|(field, _)| field.contains(' '));
    if message.contains("the loader refuses deeper nesting") {
        "real specs nest two or three deep: write deeper structure in block style (`key:` and `- item` lines), or look for an unclosed `[` or `{`"
    } else if message.contains("bytes the loader reads") {
        "a spec this large is not a transcription of one gateway's documents; check that the right file was named"
    } else if unknown_field_with_space {
        "text containing `,` or `: ` inside `{...}` must be quoted: `{en: \"a, b\"}`"
    } else {
        "specs/README.md documents every key of the format"
    }
}

/// The first lines of every generated file.
pub fn header(spec_path: &str) -> String {
    format!(
        "// @generated by paygen-codegen from {spec_path}. Do not edit by hand:\n\
         // edit the spec and run `cargo run -p paygen-codegen -- generate`.\n\n"
    )
}

/// Whether `contents` is a file the generator wrote (and may overwrite or remove).
pub fn is_generated(contents: &str) -> bool {
    contents.starts_with("// @generated")
}
