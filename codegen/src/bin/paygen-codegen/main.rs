//! `paygen-codegen generate` writes generated/src from specs/; `paygen-codegen check` fails with
//! a diff when generated/src is not what specs/ produce. Both run from the repository root.

use clap::{Parser, Subcommand};
use paygen_codegen::{is_generated, GeneratedFile, Settings, SpecSource};
use similar::TextDiff;
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Generate Rust payment-gateway clients from YAML specs.
#[derive(Parser)]
#[command(name = "paygen-codegen", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// The folder holding one `<vendor>.yaml` spec per gateway.
    #[arg(long, global = true, default_value = "specs")]
    specs: PathBuf,
    /// The folder the generated modules go into.
    #[arg(long, global = true, default_value = "generated/src")]
    out: PathBuf,
}

#[derive(Subcommand)]
enum Command {
    /// Write one module per spec, touching only files whose contents change.
    Generate,
    /// Exit non-zero, printing a diff, if the output folder is not what the specs produce.
    Check,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(&cli) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: &Cli) -> Result<ExitCode, String> {
    let root = workspace_root();
    let specs = root.join(&cli.specs);
    let out = root.join(&cli.out);
    let files = generate_all(&specs)?;
    match cli.command {
        Command::Generate => write_all(&out, &files).map(|()| ExitCode::SUCCESS),
        Command::Check => check_all(&out, &files),
    }
}

// `cargo run` may start in any folder of the workspace; the paths are relative to its root.
fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

/// Generates every spec, reporting every bad spec rather than stopping at the first.
fn generate_all(specs: &Path) -> Result<BTreeMap<String, String>, String> {
    let mut paths: Vec<PathBuf> = fs::read_dir(specs)
        .map_err(|e| format!("cannot read spec folder {}: {e}", specs.display()))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|ext| ext == "yaml"))
        .collect();
    paths.sort();
    let settings = Settings::new();
    let mut files = BTreeMap::new();
    let mut errors = Vec::new();
    for path in &paths {
        let shown = shown_path(specs, path);
        let text = fs::read_to_string(path).map_err(|e| format!("cannot read {shown}: {e}"))?;
        match settings.generate(&SpecSource {
            path: &shown,
            text: &text,
        }) {
            Ok(GeneratedFile {
                file_name,
                contents,
                ..
            }) => {
                if files.insert(file_name.clone(), contents).is_some() {
                    errors.push(format!(
                        "{shown}: a second spec declares module file {file_name}"
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

/// How a spec is named in messages and in the `@generated` header: `<folder>/<file>`, the same
/// wherever the folder is, so the output does not depend on where the checkout lives.
fn shown_path(specs: &Path, path: &Path) -> String {
    let folder = specs.file_name().unwrap_or_default().to_string_lossy();
    let file = path.file_name().unwrap_or_default().to_string_lossy();
    format!("{folder}/{file}")
}

fn write_all(out: &Path, files: &BTreeMap<String, String>) -> Result<(), String> {
    fs::create_dir_all(out).map_err(|e| format!("cannot create {}: {e}", out.display()))?;
    for (name, contents) in files {
        let path = out.join(name);
        // Unchanged files keep their timestamps, so cargo does not rebuild for nothing.
        if fs::read_to_string(&path).ok().as_deref() == Some(contents.as_str()) {
            continue;
        }
        fs::write(&path, contents).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        println!("wrote {}", path.display());
    }
    for stale in stale_files(out, files)? {
        fs::remove_file(&stale).map_err(|e| format!("cannot remove {}: {e}", stale.display()))?;
        println!("removed {} (no spec generates it)", stale.display());
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

fn check_all(out: &Path, files: &BTreeMap<String, String>) -> Result<ExitCode, String> {
    let mut drift = Vec::new();
    for (name, expected) in files {
        let path = out.join(name);
        let actual = fs::read_to_string(&path).unwrap_or_default();
        if &actual != expected {
            let diff = TextDiff::from_lines(&actual, expected);
            let shown = path.display().to_string();
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
    for stale in stale_files(out, files)? {
        drift.push(format!(
            "{} is @generated but no spec generates it\n",
            stale.display()
        ));
    }
    if drift.is_empty() {
        println!("generated code matches the specs ({} modules)", files.len());
        return Ok(ExitCode::SUCCESS);
    }
    eprintln!("generated code is out of date with the specs:\n");
    for d in &drift {
        eprintln!("{d}");
    }
    eprintln!("run `cargo run -p paygen-codegen -- generate` and commit the result");
    Ok(ExitCode::FAILURE)
}
