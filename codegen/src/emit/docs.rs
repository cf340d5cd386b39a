//! Doc comments: a node's description, the facts a maintainer checks against the document, its
//! citation and its conflict, as rustdoc lines.

use crate::model::{
    Chars, Digest, DigestInput, Docs, Model, ObjectField, Requirement, RustType, Text,
};
use crate::prose::escape;

/// Doc-comment lines for `docs` with `facts` after the description.
pub(super) fn doc_lines(docs: &Docs, facts: &[String]) -> Vec<String> {
    let mut lines = text_lines(&docs.text);
    if !facts.is_empty() {
        push_paragraph(&mut lines, &facts.join(" · "));
    }
    if let Some(source) = &docs.source {
        push_paragraph(&mut lines, &format!("Source: {}.", escape(source)));
    }
    if let Some(c) = &docs.conflict {
        push_paragraph(
            &mut lines,
            &format!(
                "Document conflict: {} Decision: {} Why: {}",
                escape(&c.doc),
                escape(&c.decision),
                escape(&c.why)
            ),
        );
    }
    lines
}

/// Doc-comment lines for a description alone, each language its own paragraph.
pub(super) fn text_lines(text: &Text) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.paragraphs() {
        push_paragraph(&mut lines, &escape(paragraph));
    }
    lines
}

fn push_paragraph(lines: &mut Vec<String>, paragraph: &str) {
    if !lines.is_empty() {
        lines.push(String::new());
    }
    lines.extend(paragraph.trim().lines().map(|l| l.trim_end().to_owned()));
}

/// The facts line of a field of `fields`: wire name, type, size, requirement, character class.
pub(super) fn field_facts(
    model: &Model,
    fields: &[ObjectField],
    field: &ObjectField,
) -> Vec<String> {
    let rules = &field.rules;
    let mut facts = vec![
        format!("Wire name `{}`", field.wire),
        field.ty.spec_name().to_owned(),
    ];
    let encoding = model.vendor.encoding.name();
    let bytes = format!("bytes ({encoding})");
    length_facts(&mut facts, rules.min_bytes, rules.max_bytes, &bytes);
    if let Some(min) = rules.minimum {
        facts.push(format!("at least {min}"));
    }
    if let Some(max) = rules.maximum {
        facts.push(format!("at most {max}"));
    }
    for minimum in &field.minimum_if {
        let values: Vec<String> = (minimum.when.values.iter())
            .map(|v| format!("`{v}`"))
            .collect();
        facts.push(format!(
            "at least {} when `{}` is {} ({})",
            minimum.minimum,
            fields[minimum.when.field].wire,
            values.join(" or "),
            escape(&minimum.source)
        ));
    }
    facts.push(match &field.requirement {
        Requirement::Always => "required".to_owned(),
        Requirement::Optional => "optional".to_owned(),
        Requirement::When { text, .. } => format!("required when: {}", escape(text)),
    });
    length_facts(&mut facts, rules.min_chars, rules.max_chars, "characters");
    if let Some(max) = rules.max_digits {
        let whole = if matches!(field.ty, RustType::Decimal(_)) {
            " before the point"
        } else {
            ""
        };
        facts.push(format!("at most {max} digits{whole}"));
    }
    if let Some(max) = rules.max_scale {
        facts.push(format!("at most {max} digits after the point"));
    }
    let class = match rules.chars {
        Some(Chars::Ascii) => Some("ASCII"),
        Some(Chars::Digits) => Some("digits"),
        Some(Chars::Alphanumeric) => Some("ASCII letters and digits"),
        None => None,
    };
    match (class, &rules.extra_chars) {
        (Some(class), Some(extra)) => facts.push(format!("{class} and {} only", code_span(extra))),
        (Some(class), None) => facts.push(format!("{class} only")),
        _ => {}
    }
    if let Some(forbidden) = &rules.forbidden_chars {
        facts.push(format!("never {}", code_span(forbidden)));
    }
    if let RustType::Decimal(form) = &field.ty {
        facts.push(match form {
            crate::model::DecimalForm::Number => "exact decimal, sent as a JSON number".to_owned(),
            crate::model::DecimalForm::String => "exact decimal, sent as a string".to_owned(),
        });
    }
    for alias in &field.aliases {
        facts.push(format!("also accepted as `{alias}`"));
    }
    if let Some((value, means)) = &field.sentinel {
        facts.push(format!("`{value}` means {}: read as `None`", escape(means)));
    }
    if let Some(format) = rules.format {
        facts.push(format!("format `{}`", format.name()));
    }
    if let RustType::Const(value) = &field.ty {
        facts.push(format!("always `{value}`"));
    }
    if let Some(credential) = field.credential {
        facts.push(format!(
            "filled by the client from the `{}` credential (never set by the caller, never printed)",
            model.credentials[credential].name
        ));
    }
    if let Some(digest) = &field.computed {
        facts.push(format!(
            "computed by the client: {}",
            recipe_text(model, fields, digest)
        ));
    }
    if let Some(digest) = &field.verify {
        facts.push(format!(
            "verified by the client: {}",
            recipe_text(model, fields, digest)
        ));
    }
    if field.personal {
        facts.push("personal data (masked in Debug)".to_owned());
    }
    if let Some(example) = &field.example {
        facts.push(format!("example `{example}`"));
    }
    facts
}

/// A digest as the spec writes it: `sha256(orderId + amount + {api_key})`.
fn recipe_text(model: &Model, fields: &[ObjectField], digest: &Digest) -> String {
    let inputs: Vec<String> = (digest.inputs.iter())
        .map(|input| match *input {
            DigestInput::Field(index) => fields[index].wire.clone(),
            DigestInput::Credential(index) => format!("{{{}}}", model.credentials[index].name),
        })
        .collect();
    format!("{}({})", digest.algorithm.name(), inputs.join(" + "))
}

/// "exactly N unit", or "at least N unit" and "at most M unit", as far as they are given.
fn length_facts(facts: &mut Vec<String>, min: Option<usize>, max: Option<usize>, unit: &str) {
    match (min, max) {
        (Some(min), Some(max)) if min == max => facts.push(format!("exactly {max} {unit}")),
        (min, max) => {
            if let Some(min) = min {
                facts.push(format!("at least {min} {unit}"));
            }
            if let Some(max) = max {
                facts.push(format!("at most {max} {unit}"));
            }
        }
    }
}

/// `text` as a Markdown code span, where a backslash is itself: fenced with more backticks than
/// it holds in a row, and padded when it starts or ends with one.
fn code_span(text: &str) -> String {
    let longest = (text.split(|c| c != '`')).map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{text}{pad}{fence}")
}
