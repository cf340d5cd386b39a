//! Blank lines between items, which prettyplease does not write: a reader of a 5,000-line
//! module needs to see where one struct, field, variant or method ends and the next begins.
//!
//! prettyplease's output is regular enough to do this on text: an item at module level (no
//! indent) or inside an impl, struct or enum (one indent) starts with a doc comment, an
//! attribute or a keyword, and the line before it ends the previous item.

/// Indent of items in a module and of members of an impl, struct or enum.
const ITEM_INDENTS: [usize; 2] = [0, 4];

/// What an item or member can start with.
const ITEM_STARTS: &[&str] = &[
    "///",
    "// ",
    "#[",
    "pub ",
    "pub(",
    "impl",
    "fn ",
    "const ",
    "struct ",
    "enum ",
    "type ",
    "mod ",
    "async fn ",
    "unsafe ",
    "static ",
    "trait ",
];

/// `text` with a blank line before each item or member that directly follows another.
pub(crate) fn spaced(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    let mut previous: Option<&str> = None;
    for line in text.lines() {
        if previous.is_some_and(|p| ends_item(p, line)) {
            out.push('\n');
        }
        out.push_str(line);
        out.push('\n');
        previous = Some(line);
    }
    out
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

/// Whether `previous` ends an item and `line`, at the same item indent, starts the next.
fn ends_item(previous: &str, line: &str) -> bool {
    if previous.starts_with("//!") && !line.starts_with("//!") && !line.is_empty() {
        return true;
    }
    let at = indent(line);
    if !ITEM_INDENTS.contains(&at) || indent(previous) != at {
        return false;
    }
    let (previous, line) = (previous.trim(), line.trim());
    // A comment can end in anything, `&gt;` say; it belongs to what follows it.
    let ended = !previous.starts_with("//")
        && (previous.ends_with('}') || previous.ends_with(';') || previous.ends_with(','));
    ended && ITEM_STARTS.iter().any(|start| line.starts_with(start))
}

#[cfg(test)]
mod tests {
    use super::spaced;

    #[test]
    fn items_fields_and_methods_are_set_apart() {
        let text = "\
/// A.
pub struct A {
    /// One; see &lt;A&gt;
    pub one: i64,
    /// Two.
    pub two: i64,
}
impl A {
    pub const X: i64 = 1;
    /// Doubles.
    pub fn double(&self) -> i64 {
        let x = self.one;
        #[allow(unused)]
        let y = 2;
        x * y
    }
    fn other(&self) {}
}
";
        let expected = "\
/// A.
pub struct A {
    /// One; see &lt;A&gt;
    pub one: i64,

    /// Two.
    pub two: i64,
}

impl A {
    pub const X: i64 = 1;

    /// Doubles.
    pub fn double(&self) -> i64 {
        let x = self.one;
        #[allow(unused)]
        let y = 2;
        x * y
    }

    fn other(&self) {}
}
";
        assert_eq!(spaced(text), expected);
    }

    #[test]
    fn spacing_twice_changes_nothing_more() {
        let once = spaced("//! M.\nstruct A;\nstruct B;\n");
        assert_eq!(once, "//! M.\n\nstruct A;\n\nstruct B;\n");
        assert_eq!(spaced(&once), once);
    }
}
