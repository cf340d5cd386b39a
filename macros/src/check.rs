//! Misuse that only shows once the whole model is read: rules repeated, rules that do not fit
//! the field's type, and rules that contradict each other so no value could pass. Every problem
//! is collected, so one build reports all of them.

use crate::parse::{Container, Encoding, Field, Rule, RuleKind, Shape};
use std::collections::HashSet;
use syn::LitStr;

/// Every misuse in `container`, field by field.
pub(crate) fn container(container: &Container<'_>) -> Vec<syn::Error> {
    let mut errors = Vec::new();
    for field in &container.fields {
        self::field(field, container.encoding, &mut errors);
    }
    errors
}

fn field(field: &Field<'_>, encoding: Encoding, errors: &mut Vec<syn::Error>) {
    let rules = first_of_each(&field.rules, errors);
    for rule in &rules {
        fits_type(rule, field.shape, errors);
    }
    nested_alone(&rules, errors);
    bounds_ordered(&rules, errors);
    extra_needs_class(&rules, errors);
    if let Some(rule) = find(&rules, "one_of") {
        if let RuleKind::OneOf { bracket, values } = &rule.kind {
            one_of_list(*bracket, values, errors);
            for value in values {
                one_of_value(value, &rules, encoding, errors);
            }
        }
    }
}

/// Reports repeats and keeps the first of each rule, so a repeated rule is reported once rather
/// than once per later check.
fn first_of_each<'r>(rules: &'r [Rule], errors: &mut Vec<syn::Error>) -> Vec<&'r Rule> {
    let mut seen = HashSet::new();
    let mut first = Vec::new();
    for rule in rules {
        if seen.insert(rule.kind.name()) {
            first.push(rule);
        } else {
            let message = format!("duplicate rule `{}`", rule.kind.name());
            errors.push(syn::Error::new(rule.keyword.span(), message));
        }
    }
    first
}

fn find<'r>(rules: &[&'r Rule], name: &str) -> Option<&'r Rule> {
    rules.iter().copied().find(|rule| rule.kind.name() == name)
}

fn fits_type(rule: &Rule, shape: Shape, errors: &mut Vec<syn::Error>) {
    let message = match rule.kind {
        _ if rule.kind.is_text_rule() && !shape.is_text() => {
            format!("`{}` applies to string fields", rule.kind.name())
        }
        RuleKind::Required if matches!(shape, Shape::Other | Shape::Integer | Shape::Decimal) => {
            "`required` needs an `Option` or `String` field".to_owned()
        }
        RuleKind::Minimum(_) | RuleKind::Maximum(_) if !shape.is_integer() => {
            format!("`{}` applies to integer fields", rule.kind.name())
        }
        RuleKind::MaxDigits(_) if !shape.is_integer() && !shape.is_decimal() => {
            "`max_digits` applies to integer and `Decimal` fields".to_owned()
        }
        RuleKind::MaxScale(_) if !shape.is_decimal() => {
            "`max_scale` applies to `Decimal` fields".to_owned()
        }
        _ => return,
    };
    errors.push(syn::Error::new(rule.keyword.span(), message));
}

/// A nested value validates itself; text rules on the same field would be checking something
/// that is not text.
fn nested_alone(rules: &[&Rule], errors: &mut Vec<syn::Error>) {
    let Some(nested) = find(rules, "nested") else {
        return;
    };
    for rule in rules.iter().filter(|rule| rule.kind.is_text_rule()) {
        let message = format!("`nested` cannot be combined with `{}`", rule.kind.name());
        errors.push(syn::Error::new(nested.keyword.span(), message));
    }
}

/// `extra_chars` widens a character class; without one there is nothing to widen.
fn extra_needs_class(rules: &[&Rule], errors: &mut Vec<syn::Error>) {
    let Some(extra) = find(rules, "extra_chars") else {
        return;
    };
    if !rules
        .iter()
        .any(|rule| matches!(rule.kind, RuleKind::Chars(_)))
    {
        let message = "`extra_chars` widens a character class: add `ascii`, `digits` or `alphanumeric` to the field";
        errors.push(syn::Error::new(extra.keyword.span(), message));
    }
}

/// A lower bound above the upper one leaves no value that passes.
fn bounds_ordered(rules: &[&Rule], errors: &mut Vec<syn::Error>) {
    let kinds = |name| find(rules, name).map(|rule| (&rule.kind, rule.keyword.span()));
    if let (Some((RuleKind::MinBytes(min), span)), Some((RuleKind::MaxBytes(max), _))) =
        (kinds("min_bytes"), kinds("max_bytes"))
    {
        let message = format!("`min_bytes = {min}` is more than `max_bytes = {max}`");
        if min > max {
            errors.push(syn::Error::new(span, message));
        }
    }
    if let (Some((RuleKind::MinChars(min), span)), Some((RuleKind::MaxChars(max), _))) =
        (kinds("min_chars"), kinds("max_chars"))
    {
        let message = format!("`min_chars = {min}` is more than `max_chars = {max}`");
        if min > max {
            errors.push(syn::Error::new(span, message));
        }
    }
    if let (Some((RuleKind::Minimum(min), span)), Some((RuleKind::Maximum(max), _))) =
        (kinds("minimum"), kinds("maximum"))
    {
        let message = format!("`minimum = {min}` is more than `maximum = {max}`");
        if min > max {
            errors.push(syn::Error::new(span, message));
        }
    }
}

fn one_of_list(bracket: proc_macro2::Span, values: &[LitStr], errors: &mut Vec<syn::Error>) {
    if values.is_empty() {
        let message = "`one_of` needs at least one value";
        errors.push(syn::Error::new(bracket, message));
    }
    let mut seen = HashSet::new();
    for value in values {
        if !seen.insert(value.value()) {
            let message = format!("duplicate `one_of` value `{}`", value.value());
            errors.push(syn::Error::new(value.span(), message));
        }
    }
}

/// A listed code that another rule on the field rejects could never be sent, so the list and
/// the rule disagree about the gateway's spec.
fn one_of_value(value: &LitStr, rules: &[&Rule], encoding: Encoding, errors: &mut Vec<syn::Error>) {
    let text = value.value();
    let mut report = |message: String| errors.push(syn::Error::new(value.span(), message));
    let Some(actual) = encoding.encoded_len(&text) else {
        report(format!(
            "`one_of` value `{text}` cannot be encoded in the struct's encoding"
        ));
        return;
    };
    if let Some(RuleKind::MaxBytes(limit)) = find(rules, "max_bytes").map(|rule| &rule.kind) {
        if actual > *limit {
            report(format!(
                "`one_of` value `{text}` is {actual} bytes, more than `max_bytes = {limit}`"
            ));
        }
    }
    if let Some(RuleKind::MinBytes(limit)) = find(rules, "min_bytes").map(|rule| &rule.kind) {
        if actual < *limit {
            report(format!(
                "`one_of` value `{text}` is {actual} bytes, fewer than `min_bytes = {limit}`"
            ));
        }
    }
    let extra = find(rules, "extra_chars").and_then(|rule| match &rule.kind {
        RuleKind::ExtraChars(extra) => Some(extra.value()),
        _ => None,
    });
    for rule in rules {
        match &rule.kind {
            RuleKind::Chars(class) => {
                let outside =
                    |c: char| !class.contains(c) && !extra.as_deref().unwrap_or("").contains(c);
                if text.chars().any(outside) {
                    report(format!("`one_of` value `{text}` breaks `{class}`"));
                }
            }
            RuleKind::ForbiddenChars(forbidden)
                if text.chars().any(|c| forbidden.value().contains(c)) =>
            {
                report(format!(
                    "`one_of` value `{text}` holds a character of `forbidden_chars`"
                ));
            }
            RuleKind::MaxChars(limit) if text.chars().count() > *limit => {
                report(format!(
                    "`one_of` value `{text}` has more than `max_chars = {limit}` characters"
                ));
            }
            RuleKind::MinChars(limit) if text.chars().count() < *limit => {
                report(format!(
                    "`one_of` value `{text}` has fewer than `min_chars = {limit}` characters"
                ));
            }
            _ => {}
        }
    }
}
