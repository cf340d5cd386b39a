//! Finding the project a command runs in, and where its specs, modules and wiring files are.
//!
//! A project is marked by a `paygen.toml` file; the nearest one in the current folder or above
//! wins. Without one anywhere above, the nearest folder holding a `specs/` folder is the project,
//! with the default layout. Paths in `paygen.toml` are relative to its folder:
//!
//! ```toml
//! specs = "specs"                    # the specs, and their documents in specs/sources/
//! out = "generated/src"              # where the generated modules go
//! lib = "generated/src/lib.rs"       # module declarations, between the wiring markers
//! manifest = "generated/Cargo.toml"  # one feature per module, between the wiring markers
//! ```
//!
//! Every key is optional; the values above are the defaults. `--specs` and `--out` on the
//! command line override the project's and are relative to the current folder; with `--out`,
//! the wiring files are `lib.rs` in it and `Cargo.toml` beside it.

use serde::Deserialize;
use std::path::{Path, PathBuf};

/// The file that marks a project's root.
pub const MARKER: &str = "paygen.toml";

/// Where a command reads and writes.
#[derive(Debug)]
pub struct Project {
    /// The folder the command runs in; paths are shown relative to it.
    pub cwd: PathBuf,
    /// The folder of specs; documents are in its `sources/` subfolder.
    pub specs: PathBuf,
    /// The folder generated modules are written to.
    pub out: PathBuf,
    /// The `lib.rs` whose marked block declares the modules.
    pub lib: PathBuf,
    /// The `Cargo.toml` whose marked block declares one feature per module.
    pub manifest: PathBuf,
}

/// The keys of `paygen.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Config {
    #[serde(default = "default_specs")]
    specs: PathBuf,
    #[serde(default = "default_out")]
    out: PathBuf,
    lib: Option<PathBuf>,
    manifest: Option<PathBuf>,
}

fn default_specs() -> PathBuf {
    PathBuf::from("specs")
}

fn default_out() -> PathBuf {
    PathBuf::from("generated/src")
}

impl Default for Config {
    fn default() -> Self {
        Config {
            specs: default_specs(),
            out: default_out(),
            lib: None,
            manifest: None,
        }
    }
}

impl Project {
    /// The project for a command run in `cwd` with the given flags.
    pub fn resolve(cwd: &Path, specs: Option<&Path>, out: Option<&Path>) -> Result<Self, String> {
        let found = find(cwd)?;
        let specs = match (specs, &found) {
            (Some(flag), _) => cwd.join(flag),
            (None, Some((root, config))) => root.join(&config.specs),
            (None, None) => return Err(not_found(cwd)),
        };
        let (out, lib, manifest) = match (out, &found) {
            (Some(flag), _) => {
                let out = cwd.join(flag);
                let manifest = out.parent().unwrap_or(&out).join("Cargo.toml");
                (out.clone(), out.join("lib.rs"), manifest)
            }
            (None, Some((root, config))) => {
                let out = root.join(&config.out);
                let lib = config
                    .lib
                    .as_ref()
                    .map_or_else(|| out.join("lib.rs"), |lib| root.join(lib));
                let manifest = config.manifest.as_ref().map_or_else(
                    || out.parent().unwrap_or(&out).join("Cargo.toml"),
                    |manifest| root.join(manifest),
                );
                (out, lib, manifest)
            }
            (None, None) => return Err(not_found(cwd)),
        };
        Ok(Project {
            cwd: cwd.to_path_buf(),
            specs,
            out,
            lib,
            manifest,
        })
    }
}

impl Project {
    /// The crate the modules are top-level modules of, as Rust code names it: the manifest's
    /// package name when the modules are declared in its `src/lib.rs`. Otherwise `None`: the
    /// module's path is then unknown here, and the generated docs carry no examples.
    pub fn crate_name(&self) -> Option<String> {
        #[derive(Deserialize)]
        struct Manifest {
            package: Package,
        }
        #[derive(Deserialize)]
        struct Package {
            name: String,
        }
        let crate_root = self.manifest.parent()?.join("src").join("lib.rs");
        if !same_file(&crate_root, &self.lib) {
            return None;
        }
        let text = std::fs::read_to_string(&self.manifest).ok()?;
        let manifest: Manifest = toml::from_str(&text).ok()?;
        Some(manifest.package.name.replace('-', "_"))
    }

    /// `path` as a user in the current folder would name it.
    pub fn show(&self, path: &Path) -> String {
        path.strip_prefix(&self.cwd)
            .unwrap_or(path)
            .display()
            .to_string()
    }
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

fn not_found(cwd: &Path) -> String {
    format!(
        "no {MARKER} and no specs/ folder in {} or any folder above it\n  = help: run inside a paygen project, or pass both --specs and --out",
        cwd.display()
    )
}

/// The project root above `cwd` and its configuration: the nearest `paygen.toml`, else the
/// nearest folder holding `specs/`.
fn find(cwd: &Path) -> Result<Option<(PathBuf, Config)>, String> {
    for dir in cwd.ancestors() {
        let marker = dir.join(MARKER);
        if marker.is_file() {
            let text = std::fs::read_to_string(&marker)
                .map_err(|e| format!("cannot read {}: {e}", marker.display()))?;
            let config: Config =
                toml::from_str(&text).map_err(|e| format!("{}: {e}", marker.display()))?;
            return Ok(Some((dir.to_path_buf(), config)));
        }
    }
    Ok(cwd
        .ancestors()
        .find(|dir| dir.join("specs").is_dir())
        .map(|dir| (dir.to_path_buf(), Config::default())))
}
