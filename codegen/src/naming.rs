//! The one place that turns spec names into Rust identifiers.
//!
//! Wire names are camelCase (KICC), snake_case (Shinhan) or codes like `01`; Rust wants
//! snake_case fields and UpperCamelCase types and variants, never a keyword or a leading digit.

use heck::{ToSnakeCase, ToUpperCamelCase};
use proc_macro2::{Ident, Span};

// Keywords of every edition; `r#` makes them usable, except the four below.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do", "dyn",
    "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let",
    "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return",
    "static", "struct", "trait", "true", "try", "type", "typeof", "unsafe", "unsized", "use",
    "virtual", "where", "while", "yield",
];
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate"];

/// A snake_case identifier for a field, method or module.
pub fn snake(name: &str) -> String {
    fix(name.to_snake_case(), "n")
}

/// An UpperCamelCase identifier for a type or variant.
pub fn camel(name: &str) -> String {
    fix(name.to_upper_camel_case(), "V")
}

/// An identifier token for a name already in Rust case; keywords become raw identifiers.
pub fn ident(name: &str) -> Ident {
    if KEYWORDS.contains(&name) {
        Ident::new_raw(name, Span::call_site())
    } else {
        Ident::new(name, Span::call_site())
    }
}

/// Whether `name` is already a usable snake_case identifier.
pub fn is_snake(name: &str) -> bool {
    !name.is_empty() && snake(name) == name
}

/// Whether `name` is already a usable UpperCamelCase identifier.
pub fn is_camel(name: &str) -> bool {
    !name.is_empty() && camel(name) == name
}

fn fix(mut name: String, digit_prefix: &str) -> String {
    name.retain(|c| c.is_alphanumeric() || c == '_');
    if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert_str(0, digit_prefix);
    }
    if NOT_RAW.contains(&name.as_str()) {
        name.push('_');
    }
    name
}

/// The Rust name of an enum variant: its `rust:` or its value in UpperCamelCase.
pub(crate) fn variant_name(rust: Option<&str>, value: &str) -> String {
    rust.map(str::to_owned).unwrap_or_else(|| camel(value))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_names_become_rust_names() {
        assert_eq!(snake("customerContactNo"), "customer_contact_no");
        assert_eq!(snake("resCd"), "res_cd");
        assert_eq!(snake("pay_ispt_hash"), "pay_ispt_hash");
        assert_eq!(camel("native"), "Native");
        assert_eq!(camel("KRW"), "Krw");
        assert_eq!(camel("card-list"), "CardList");
    }

    #[test]
    fn leading_digits_and_keywords_are_made_legal() {
        assert_eq!(camel("01"), "V01");
        assert_eq!(snake("1st"), "n1st");
        assert_eq!(snake("self"), "self_");
        assert_eq!(ident("type").to_string(), "r#type");
        assert_eq!(ident("mall_id").to_string(), "mall_id");
        assert!(is_snake("mall_id") && !is_snake("mallId") && !is_snake("1a"));
        assert!(is_camel("TradeType") && !is_camel("tradeType"));
    }
}
