//! `paygen-codegen generate` writes the generated modules (and their wiring) from a project's
//! specs; `paygen-codegen check` fails with a diff when they are not what the specs produce.
//!
//! Paths are those of the project the command runs in, never of the checkout it was built from:
//! relative `--specs` and `--out` are relative to the current folder, and without them the
//! project is found by walking up from the current folder (see [`project`]).

mod project;

use clap::{Parser, Subcommand};
use paygen_codegen::diff::Bump;
use paygen_codegen::wiring::{self, Markers};
use paygen_codegen::{is_generated, Documents, GeneratedFile, Settings, SpecSource};
use project::Project;
use similar::TextDiff;
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The file the spec format's JSON Schema is written to, in the specs folder; each spec's first
/// line names it for yaml-language-server.
const SCHEMA_FILE: &str = "paygen.schema.json";

/// Generate Rust payment-gateway clients from YAML specs.
#[derive(Parser)]
#[command(name = "paygen-codegen", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// The folder holding one `<vendor>.yaml` spec per gateway, and the documents they cite in
    /// its `sources/` subfolder (default: the project's, see `paygen.toml`).
    #[arg(long, global = true)]
    specs: Option<PathBuf>,
    /// The folder the generated modules go into (default: the project's).
    #[arg(long, global = true)]
    out: Option<PathBuf>,
}

#[derive(Subcommand)]
enum Command {
    /// Write one module per spec, wire them into the crate and write the spec format's JSON
    /// Schema beside the specs, touching only files whose contents change.
    Generate,
    /// Exit non-zero, printing a diff, if the modules or their wiring are not what the specs
    /// produce.
    Check,
    /// Read each spec (every spec of the project, or those named) against its own documents:
    /// wire names on cited lines, sizes, required marks and types on table rows, uncited rows.
    /// Exits with status 1 when it finds a disagreement.
    Audit {
        /// Spec files to audit (default: every spec of the project).
        specs: Vec<PathBuf>,
        /// How to print the findings.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Classify every change from OLD to NEW (two spec files, or two folders of specs with
    /// their documents in `sources/`): the semver bump it requires of the generated crate, and
    /// its effect on the wire. The rules are the table in specs/README.md.
    Diff {
        /// The spec or folder of specs before the change.
        old: PathBuf,
        /// The spec or folder of specs after the change.
        new: PathBuf,
        /// How to print the changes.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Exit with status 1 when a change of this kind is present: `major` (a major release),
        /// `minor` (a minor or major one), `wire` (anything that changes what is sent or read).
        #[arg(long, value_enum)]
        fail_on: Option<FailOn>,
    },
}

/// An output format of `diff`.
#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    Text,
    Markdown,
    Json,
}

/// What makes `diff` fail.
#[derive(Clone, Copy, clap::ValueEnum)]
enum FailOn {
    Major,
    Minor,
    Wire,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(&cli) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: &Cli) -> Result<ExitCode, String> {
    let cwd =
        std::env::current_dir().map_err(|e| format!("cannot read the current folder: {e}"))?;
    let project = || Project::resolve(&cwd, cli.specs.as_deref(), cli.out.as_deref());
    match &cli.command {
        Command::Generate => {
            let project = project()?;
            generate(&project, &outputs(&project)?).map(|()| ExitCode::SUCCESS)
        }
        Command::Check => {
            let project = project()?;
            check(&project, &outputs(&project)?)
        }
        Command::Audit { specs, format } if specs.is_empty() => audit(&[project()?.specs], *format),
        Command::Audit { specs, format } => {
            let paths: Vec<PathBuf> = specs.iter().map(|p| cwd.join(p)).collect();
            audit(&paths, *format)
        }
        Command::Diff {
            old,
            new,
            format,
            fail_on,
        } => diff(&cwd.join(old), &cwd.join(new), *format, *fail_on),
    }
}

/// Everything the specs produce: the module files, the wiring files' new texts, and the spec
/// format's JSON Schema beside the specs.
struct Outputs {
    modules: BTreeMap<String, String>,
    wiring: Vec<(PathBuf, String)>,
    schema: (PathBuf, String),
}

fn outputs(project: &Project) -> Result<Outputs, String> {
    let modules = generate_all(&project.specs, project.crate_name())?;
    let names: Vec<&str> = modules
        .keys()
        .filter_map(|file| file.strip_suffix(".rs"))
        .collect();
    let mut wiring = Vec::new();
    for (path, markers, block) in [
        (&project.lib, wiring::LIB_MARKERS, wiring::lib_block(&names)),
        (
            &project.manifest,
            wiring::MANIFEST_MARKERS,
            wiring::manifest_block(&names),
        ),
    ] {
        if let Some(text) = wired(path, markers, &block)? {
            wiring.push((path.clone(), text));
        }
    }
    let schema = (
        project.specs.join(SCHEMA_FILE),
        paygen_codegen::spec_schema(),
    );
    Ok(Outputs {
        modules,
        wiring,
        schema,
    })
}

/// The new text of a wiring file, or `None` when the file does not exist or has no markers.
fn wired(path: &Path, markers: Markers, block: &str) -> Result<Option<String>, String> {
    let Ok(text) = fs::read_to_string(path) else {
        return Ok(None);
    };
    wiring::splice(&text, markers, block).map_err(|e| format!("{}: {e}", path.display()))
}

/// Generates every spec, reporting every bad spec rather than stopping at the first.
fn generate_all(
    specs: &Path,
    crate_name: Option<String>,
) -> Result<BTreeMap<String, String>, String> {
    let (specs_read, documents) = read_specs(specs)?;
    if specs_read.is_empty() {
        return Err(format!("{} holds no `.yaml` spec", specs.display()));
    }
    // The docs' examples name the module by its path in the crate that declares it.
    // Each module's mock is behind the crate's `mock` feature, which the wiring declares.
    let settings = match crate_name {
        Some(name) => Settings::new().examples_in(name),
        None => Settings::new(),
    }
    .mock(Some("mock"));
    let mut files = BTreeMap::new();
    let mut errors = Vec::new();
    for source in sources(&specs_read, &documents) {
        match settings.generate(&source) {
            Ok(GeneratedFile {
                file_name,
                contents,
                ..
            }) => {
                if files.insert(file_name.clone(), contents).is_some() {
                    errors.push(format!(
                        "{}: a second spec declares module file {file_name}",
                        source.path
                    ));
                }
            }
            Err(err) => errors.push(err.to_string()),
        }
    }
    if errors.is_empty() {
        Ok(files)
    } else {
        Err(errors.join("\n"))
    }
}

/// The specs as the library takes them.
fn sources<'a>(specs: &'a [(String, String)], documents: &'a Documents) -> Vec<SpecSource<'a>> {
    specs
        .iter()
        .map(|(path, text)| SpecSource {
            path,
            text,
            documents,
        })
        .collect()
}

/// The specs of `path` (a spec file, or a folder of them) with the documents they cite: each
/// spec's text, the path to show, and the documents of the `sources/` folder beside it.
fn read_specs(path: &Path) -> Result<(Vec<(String, String)>, Documents), String> {
    if !path.exists() {
        return Err(format!("no spec file or spec folder at {}", path.display()));
    }
    let (files, folder) = if path.is_dir() {
        let mut files: Vec<PathBuf> = fs::read_dir(path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?
            .filter_map(|entry| entry.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|ext| ext == "yaml"))
            .collect();
        files.sort();
        (files, path.to_path_buf())
    } else {
        let folder = path.parent().unwrap_or(Path::new(".")).to_path_buf();
        (vec![path.to_path_buf()], folder)
    };
    let mut specs = Vec::new();
    for file in files {
        let text = fs::read_to_string(&file)
            .map_err(|e| format!("cannot read {}: {e}", file.display()))?;
        specs.push((shown_path(&folder, &file), text));
    }
    Ok((specs, documents(&folder.join("sources"))?))
}

/// Audits the specs of `paths` (files, or folders of them), printing every finding.
fn audit(paths: &[PathBuf], format: Format) -> Result<ExitCode, String> {
    let mut findings = 0;
    let mut reports = Vec::new();
    for path in paths {
        let (specs, documents) = read_specs(path)?;
        for source in sources(&specs, &documents) {
            let audit = paygen_codegen::audit(&source).map_err(|e| e.to_string())?;
            findings += audit.findings.len();
            reports.push((source.path.to_owned(), audit));
        }
    }
    match format {
        Format::Json => {
            let all: Vec<_> = (reports.iter())
                .map(|(spec, audit)| serde_json::json!({"spec": spec, "audit": audit}))
                .collect();
            println!("{}", serde_json::to_string_pretty(&all).unwrap_or_default());
        }
        Format::Text | Format::Markdown => {
            for (spec, audit) in &reports {
                println!("== {spec}");
                print!("{}", audit.text());
            }
            println!("{findings} finding(s) in {} spec(s)", reports.len());
        }
    }
    Ok(if findings == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

fn diff(
    old: &Path,
    new: &Path,
    format: Format,
    fail_on: Option<FailOn>,
) -> Result<ExitCode, String> {
    let (old_specs, old_documents) = read_specs(old)?;
    let (new_specs, new_documents) = read_specs(new)?;
    let changes = paygen_codegen::diff(
        &sources(&old_specs, &old_documents),
        &sources(&new_specs, &new_documents),
    )
    .map_err(|e| e.to_string())?;
    print!(
        "{}",
        match format {
            Format::Text => changes.text(),
            Format::Markdown => changes.markdown(),
            Format::Json => changes.json(),
        }
    );
    let bump = changes.bump();
    let fails = match fail_on {
        None => false,
        Some(FailOn::Major) => bump == Some(Bump::Major),
        Some(FailOn::Minor) => bump >= Some(Bump::Minor),
        Some(FailOn::Wire) => changes.changes_wire(),
    };
    Ok(if fails {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// Every file of the sources folder, by file name. A missing folder holds no documents: the
/// specs that cite one are then reported, each at its `sources` entry.
fn documents(folder: &Path) -> Result<Documents, String> {
    let mut documents = Documents::new();
    let Ok(entries) = fs::read_dir(folder) else {
        return Ok(documents);
    };
    for path in entries.filter_map(|e| e.ok().map(|e| e.path())) {
        if !path.is_file() {
            continue;
        }
        let text = fs::read_to_string(&path)
            .map_err(|e| format!("cannot read document {}: {e}", path.display()))?;
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        documents.insert(name, text);
    }
    Ok(documents)
}

/// How a spec is named in messages and in the `@generated` header: `<folder>/<file>`, the same
/// wherever the folder is, so the output does not depend on where the checkout lives.
fn shown_path(specs: &Path, path: &Path) -> String {
    let folder = specs.file_name().unwrap_or_default().to_string_lossy();
    let file = path.file_name().unwrap_or_default().to_string_lossy();
    format!("{folder}/{file}")
}

fn generate(project: &Project, outputs: &Outputs) -> Result<(), String> {
    let out = &project.out;
    fs::create_dir_all(out).map_err(|e| format!("cannot create {}: {e}", out.display()))?;
    let modules = outputs
        .modules
        .iter()
        .map(|(name, contents)| (out.join(name), contents));
    let wiring = outputs
        .wiring
        .iter()
        .chain([&outputs.schema])
        .map(|(path, text)| (path.clone(), text));
    for (path, contents) in modules.chain(wiring) {
        // Unchanged files keep their timestamps, so cargo does not rebuild for nothing.
        if fs::read_to_string(&path).ok().as_deref() == Some(contents.as_str()) {
            continue;
        }
        fs::write(&path, contents)
            .map_err(|e| format!("cannot write {}: {e}", project.show(&path)))?;
        println!("wrote {}", project.show(&path));
    }
    for stale in stale_files(out, &outputs.modules)? {
        fs::remove_file(&stale)
            .map_err(|e| format!("cannot remove {}: {e}", project.show(&stale)))?;
        println!("removed {} (no spec generates it)", project.show(&stale));
    }
    Ok(())
}

/// Generated files in `out` that no spec produces any more.
fn stale_files(out: &Path, files: &BTreeMap<String, String>) -> Result<Vec<PathBuf>, String> {
    let entries = match fs::read_dir(out) {
        Ok(entries) => entries,
        Err(_) => return Ok(Vec::new()),
    };
    let mut stale = Vec::new();
    for path in entries.filter_map(|e| e.ok().map(|e| e.path())) {
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        if !files.contains_key(name)
            && fs::read_to_string(&path).is_ok_and(|text| is_generated(&text))
        {
            stale.push(path);
        }
    }
    stale.sort();
    Ok(stale)
}

fn check(project: &Project, outputs: &Outputs) -> Result<ExitCode, String> {
    let mut drift = Vec::new();
    let modules = outputs
        .modules
        .iter()
        .map(|(name, contents)| (project.out.join(name), contents));
    let wiring = outputs
        .wiring
        .iter()
        .chain([&outputs.schema])
        .map(|(path, text)| (path.clone(), text));
    for (path, expected) in modules.chain(wiring) {
        let actual = fs::read_to_string(&path).unwrap_or_default();
        if &actual != expected {
            let diff = TextDiff::from_lines(&actual, expected);
            let shown = project.show(&path);
            drift.push(
                diff.unified_diff()
                    .context_radius(3)
                    .header(
                        &format!("{shown} (committed)"),
                        &format!("{shown} (from specs)"),
                    )
                    .to_string(),
            );
        }
    }
    for stale in stale_files(&project.out, &outputs.modules)? {
        drift.push(format!(
            "{} is @generated but no spec generates it\n",
            project.show(&stale)
        ));
    }
    if drift.is_empty() {
        println!(
            "generated code matches the specs ({} modules, {} wiring files, {})",
            outputs.modules.len(),
            outputs.wiring.len(),
            SCHEMA_FILE
        );
        return Ok(ExitCode::SUCCESS);
    }
    eprintln!("generated code is out of date with the specs:\n");
    for d in &drift {
        eprintln!("{d}");
    }
    eprintln!("run `paygen-codegen generate` (in this repository: `cargo run -p paygen-codegen -- generate`) and commit the result");
    Ok(ExitCode::FAILURE)
}
