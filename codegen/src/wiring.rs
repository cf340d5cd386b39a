//! Wiring generated modules into their crate: the module declarations in `lib.rs` and one cargo
//! feature per gateway in `Cargo.toml`, so that adding a spec and running `generate` is all a new
//! gateway needs, and an app that uses one gateway compiles one.
//!
//! Both files stay hand-written; the generator owns only the block between two marker lines,
//! which it rewrites whole. A file without the markers is left alone (a project that declares
//! its modules itself).

/// The marker lines around the generated module declarations in `lib.rs`.
pub const LIB_MARKERS: Markers = Markers {
    begin: "// @generated begin gateway modules: `paygen-codegen generate` writes this block from the specs.",
    end: "// @generated end gateway modules",
};

/// The marker lines around the generated features in `Cargo.toml`, inside its `[features]`
/// table.
pub const MANIFEST_MARKERS: Markers = Markers {
    begin: "# @generated begin gateway features: `paygen-codegen generate` writes this block from the specs.",
    end: "# @generated end gateway features",
};

/// The two lines that delimit a generated block in a hand-written file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Markers {
    /// The first line of the block.
    pub begin: &'static str,
    /// The last line of the block.
    pub end: &'static str,
}

/// Why a block could not be spliced into a file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WiringError {
    /// The begin marker is there but no end marker follows it.
    #[error("line {line} opens a generated block that no `{end}` line closes")]
    Unclosed {
        /// 1-based line of the begin marker.
        line: usize,
        /// The missing end marker.
        end: &'static str,
    },
    /// The markers appear more than once.
    #[error("the generated-block markers appear more than once (again at line {line})")]
    Repeated {
        /// 1-based line of the second begin marker.
        line: usize,
    },
}

/// The module declarations for `modules` (sorted as given), each behind its feature. The
/// modules are formatted by prettyplease, so rustfmt must leave them alone.
pub fn lib_block(modules: &[&str]) -> String {
    let mut block = String::new();
    for module in modules {
        block.push_str(&format!(
            "#[cfg(feature = \"{module}\")]\n#[rustfmt::skip]\npub mod {module};\n"
        ));
    }
    block
}

/// The `[features]` entries for `modules`: all on by default, one feature each, and `mock`
/// (off by default) for each module's generated mock, which needs the runtime's server.
pub fn manifest_block(modules: &[&str]) -> String {
    let quoted: Vec<String> = modules.iter().map(|m| format!("\"{m}\"")).collect();
    let mut block = format!("default = [{}]\n", quoted.join(", "));
    for module in modules {
        block.push_str(&format!("{module} = []\n"));
    }
    block.push_str("mock = [\"paygen-runtime/mock\"]\n");
    block
}

/// `text` with the block between `markers` replaced by `block`, or `None` when `text` has no
/// begin marker. The markers themselves and everything outside them are kept byte for byte.
pub fn splice(text: &str, markers: Markers, block: &str) -> Result<Option<String>, WiringError> {
    let mut begin = None;
    let mut end = None;
    let mut offset = 0;
    for (index, line) in text.split_inclusive('\n').enumerate() {
        let trimmed = line.trim_end();
        if trimmed == markers.begin {
            if begin.is_some() {
                return Err(WiringError::Repeated { line: index + 1 });
            }
            begin = Some((index + 1, offset + line.len()));
        } else if trimmed == markers.end && begin.is_some() && end.is_none() {
            end = Some(offset);
        }
        offset += line.len();
    }
    match (begin, end) {
        (None, _) => Ok(None),
        (Some((line, _)), None) => Err(WiringError::Unclosed {
            line,
            end: markers.end,
        }),
        (Some((_, from)), Some(to)) => Ok(Some(format!("{}{block}{}", &text[..from], &text[to..]))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lib(inside: &str) -> String {
        format!(
            "//! docs\n\n{}\n{inside}{}\n\npub struct After;\n",
            LIB_MARKERS.begin, LIB_MARKERS.end
        )
    }

    #[test]
    fn the_block_is_replaced_and_the_rest_kept() {
        let spliced = splice(
            &lib("pub mod stale;\n"),
            LIB_MARKERS,
            &lib_block(&["a", "b"]),
        )
        .unwrap()
        .unwrap();
        assert_eq!(
            spliced,
            lib("#[cfg(feature = \"a\")]\n#[rustfmt::skip]\npub mod a;\n#[cfg(feature = \"b\")]\n#[rustfmt::skip]\npub mod b;\n")
        );
        // Splicing again changes nothing.
        assert_eq!(
            splice(&spliced, LIB_MARKERS, &lib_block(&["a", "b"])).unwrap(),
            Some(spliced.clone())
        );
    }

    #[test]
    fn features_are_all_on_by_default() {
        assert_eq!(
            manifest_block(&["kicc", "shinhan"]),
            "default = [\"kicc\", \"shinhan\"]\nkicc = []\nshinhan = []\nmock = [\"paygen-runtime/mock\"]\n"
        );
    }

    #[test]
    fn files_without_markers_are_left_alone_and_broken_markers_are_errors() {
        assert_eq!(splice("pub mod a;\n", LIB_MARKERS, "x"), Ok(None));
        let unclosed = format!("{}\npub mod a;\n", LIB_MARKERS.begin);
        assert!(matches!(
            splice(&unclosed, LIB_MARKERS, "x"),
            Err(WiringError::Unclosed { line: 1, .. })
        ));
        let twice = format!("{}\n{}\n", lib(""), LIB_MARKERS.begin);
        assert!(matches!(
            splice(&twice, LIB_MARKERS, "x"),
            Err(WiringError::Repeated { .. })
        ));
    }
}
