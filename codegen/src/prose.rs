//! Spec text made safe for rustdoc.
//!
//! Descriptions, conflicts and `why`s are transcribed from documents, not written as Markdown:
//! `?transactionId=<its id>` would vanish as an HTML tag, `[필수]` would be taken for a link, a bare
//! URL would fail `rustdoc::bare_urls`, and `백슬래시(\)` would lose its backslash. [`escape`]
//! keeps every character visible; text inside backticks is left as written, since the specs
//! use backticks for wire names and values.

/// `text` as Markdown that renders as the text itself (code spans kept, bare URLs made links).
pub(crate) fn escape(text: &str) -> String {
    // Most text has nothing to escape; it is copied as it is.
    let special = |b: u8| {
        matches!(
            b,
            b'<' | b'>' | b'&' | b'\\' | b'[' | b']' | b'*' | b'#' | b'|' | b'`' | b':'
        )
    };
    if !text.bytes().any(special) {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len() + 8);
    let mut rest = text;
    while !rest.is_empty() {
        // A code span runs from a backtick to the next one; an unmatched backtick is text.
        match rest.find('`') {
            Some(open) => {
                plain(&rest[..open], &mut out);
                match rest[open + 1..].find('`') {
                    Some(len) => {
                        out.push_str(&rest[open..open + 1 + len + 1]);
                        rest = &rest[open + 1 + len + 1..];
                    }
                    None => {
                        out.push_str("\\`");
                        rest = &rest[open + 1..];
                    }
                }
            }
            None => {
                plain(rest, &mut out);
                rest = "";
            }
        }
    }
    out
}

/// Text outside code spans: URLs become autolinks, Markdown's and HTML's characters are escaped.
fn plain(text: &str, out: &mut String) {
    let mut rest = text;
    while let Some(start) = url_start(rest) {
        characters(&rest[..start], out);
        let end = url_end(&rest[start..]);
        out.push('<');
        out.push_str(&rest[start..start + end]);
        out.push('>');
        rest = &rest[start + end..];
    }
    characters(rest, out);
}

fn url_start(text: &str) -> Option<usize> {
    ["https://", "http://"]
        .iter()
        .filter_map(|scheme| text.find(scheme))
        .min()
}

/// Where a URL ends: at white space, a quote, a bracket or `<`/`>`, less trailing punctuation.
fn url_end(url: &str) -> usize {
    let end = url
        .find(|c: char| c.is_whitespace() || "\"'()[]<>`".contains(c))
        .unwrap_or(url.len());
    url[..end].trim_end_matches(['.', ',', ';', ':']).len()
}

fn characters(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\\' | '[' | ']' | '*' | '#' | '|' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn html_links_and_markdown_characters_are_escaped() {
        assert_eq!(
            escape("appends ?transactionId=<its id>"),
            "appends ?transactionId=&lt;its id&gt;"
        );
        assert_eq!(escape("[필수] a*b #1"), "\\[필수\\] a\\*b \\#1");
        assert_eq!(escape("백슬래시(\\)"), "백슬래시(\\\\)");
        assert_eq!(escape("| a | b |"), "\\| a \\| b \\|");
    }

    #[test]
    fn code_spans_are_kept_and_a_lone_backtick_is_text() {
        assert_eq!(escape("send `<id>` [x]"), "send `<id>` \\[x\\]");
        assert_eq!(escape("a ` b"), "a \\` b");
    }

    #[test]
    fn bare_urls_become_links_without_their_trailing_punctuation() {
        assert_eq!(
            escape("see https://pay.example/a?b=1, then (http://x.example/y)."),
            "see <https://pay.example/a?b=1>, then (<http://x.example/y>)."
        );
        assert_eq!(escape("`https://in.code`"), "`https://in.code`");
    }
}
