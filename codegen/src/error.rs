//! The one error type of the generator, and its `Result` alias.

use crate::yaml::Step;
use std::fmt;

/// One problem a check found, at the node `path` names; the caller turns the path into a line
/// and column.
#[derive(Debug)]
pub(crate) struct Issue {
    pub path: Vec<Step>,
    pub message: String,
    pub help: Option<String>,
}

/// The result of a generator call.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything the generator can fail with.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The spec is wrong; every problem found is listed with its position.
    #[error("{}", Diagnostics(.0))]
    Spec(Vec<Diagnostic>),
    /// A generator setting is unusable; the message says which and why.
    #[error("{0}")]
    Settings(String),
    /// The generator produced tokens that are not Rust: a bug in paygen-codegen, not in the spec.
    #[error("{file}: generated code does not parse (a paygen-codegen bug): {source}")]
    Syntax {
        /// The spec being generated.
        file: String,
        /// What syn reported.
        source: syn::Error,
    },
}

/// One problem in a spec, at a position, with what to do about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The spec file as the caller named it.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// What is wrong.
    pub message: String,
    /// How to fix it, when there is more to say than the message.
    pub help: Option<String>,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: error: {}",
            self.file, self.line, self.column, self.message
        )?;
        if let Some(help) = &self.help {
            write!(f, "\n  = help: {help}")?;
        }
        Ok(())
    }
}

struct Diagnostics<'a>(&'a [Diagnostic]);

impl fmt::Display for Diagnostics<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, diagnostic) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{diagnostic}")?;
        }
        Ok(())
    }
}
