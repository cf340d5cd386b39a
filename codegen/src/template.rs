//! `{placeholder}` templates: the path of an operation, a header value, a signature's message.
//! The checker proves their braces balanced and their placeholders known; emitters read them.

/// A piece of a `{placeholder}` template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum TemplatePart<'t> {
    Literal(&'t str),
    Placeholder(&'t str),
}

/// The literal text and placeholders of a template, or `None` if a brace is unbalanced.
pub(crate) fn template_parts(template: &str) -> Option<Vec<TemplatePart<'_>>> {
    let mut parts = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find(['{', '}']) {
        if rest.as_bytes()[open] == b'}' {
            return None;
        }
        let close = rest[open..].find('}')? + open;
        if rest[open + 1..close].contains('{') {
            return None;
        }
        if open > 0 {
            parts.push(TemplatePart::Literal(&rest[..open]));
        }
        parts.push(TemplatePart::Placeholder(&rest[open + 1..close]));
        rest = &rest[close + 1..];
    }
    if !rest.is_empty() {
        parts.push(TemplatePart::Literal(rest));
    }
    Some(parts)
}
