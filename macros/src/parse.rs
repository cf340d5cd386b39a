//! Reading the derive input into a [`Container`]: the struct, its encoding, and the rules on each
//! field. Mistakes in how a single rule is written are reported here; mistakes in how rules fit
//! together, or fit the field's type, are left to `check`, which sees the whole model.

use proc_macro2::Span;
use quote::ToTokens;
use syn::ext::IdentExt;
use syn::parse::{Parse, ParseStream};
use syn::punctuated::Punctuated;
use syn::{
    Attribute, Data, DeriveInput, Expr, ExprArray, Fields, Generics, Ident, Lit, LitStr, Meta,
    Token, Type,
};

/// A struct that derives `Validate`, as far as validation cares.
pub(crate) struct Container<'a> {
    pub ident: &'a Ident,
    pub generics: &'a Generics,
    pub encoding: Encoding,
    /// `check = "path"`: a function `fn(&Self, &Path, &mut ValidationErrors)` run after the
    /// field rules, for rules that span fields (such as a field required when another has a
    /// given value).
    pub check: Option<syn::ExprPath>,
    /// `crate = "path"`: where `paygen_runtime` is for the deriving crate (`::paygen_runtime`
    /// unless it renamed or re-exported the dependency), like serde's `#[serde(crate = "...")]`.
    pub runtime: syn::Path,
    pub fields: Vec<Field<'a>>,
}

pub(crate) use paygen_vocab::{CharClass, Encoding, Format};

/// A field carrying at least one `#[validate]` attribute.
pub(crate) struct Field<'a> {
    pub member: &'a Ident,
    pub wire_name: String,
    pub shape: Shape,
    pub rules: Vec<Rule>,
}

/// What the field's type looks like, judged by its spelling since a derive cannot resolve types.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shape {
    /// `String` or `&str`.
    Text,
    /// `Option<String>` or `Option<&str>`.
    OptionalText,
    /// A primitive integer type.
    Integer,
    /// `Option` of a primitive integer type.
    OptionalInteger,
    /// `Decimal` (the runtime's exact decimal, by any path).
    Decimal,
    /// `Option<Decimal>`.
    OptionalDecimal,
    /// `Option<T>` for any other `T`.
    Optional,
    Other,
}

impl Shape {
    pub fn is_text(self) -> bool {
        matches!(self, Shape::Text | Shape::OptionalText)
    }

    pub fn is_integer(self) -> bool {
        matches!(self, Shape::Integer | Shape::OptionalInteger)
    }

    pub fn is_decimal(self) -> bool {
        matches!(self, Shape::Decimal | Shape::OptionalDecimal)
    }
}

/// One rule as written on a field.
pub(crate) struct Rule {
    /// The rule's name as written, so errors can point at it.
    pub keyword: Ident,
    pub kind: RuleKind,
}

pub(crate) enum RuleKind {
    Required,
    /// The limit, already known to be positive and to fit a `usize`.
    MaxBytes(usize),
    /// The least bytes, already known to be positive.
    MinBytes(usize),
    /// The least integer value.
    Minimum(i64),
    /// The greatest integer value.
    Maximum(i64),
    /// A character class of the shared vocabulary (`ascii`, `digits`).
    Chars(CharClass),
    OneOf {
        bracket: Span,
        values: Vec<LitStr>,
    },
    Nested,
    /// A fixed text format of the shared vocabulary (`yyyymmdd`, `datetime`, ...).
    Format(Format),
    /// The most characters (Unicode scalar values), already known to be positive.
    MaxChars(usize),
    /// The fewest characters, already known to be positive.
    MinChars(usize),
    /// The most decimal digits of an integer, or of a decimal before its point; positive.
    MaxDigits(usize),
    /// The most digits of a decimal after its point.
    MaxScale(u32),
    /// Characters allowed beside the field's character class; not empty.
    ExtraChars(LitStr),
    /// Characters the text must not hold; not empty.
    ForbiddenChars(LitStr),
}

impl RuleKind {
    /// The rule's name, for error messages.
    pub fn name(&self) -> &'static str {
        match self {
            RuleKind::Required => "required",
            RuleKind::MaxBytes(_) => "max_bytes",
            RuleKind::MinBytes(_) => "min_bytes",
            RuleKind::Minimum(_) => "minimum",
            RuleKind::Maximum(_) => "maximum",
            RuleKind::Chars(class) => class.name(),
            RuleKind::OneOf { .. } => "one_of",
            RuleKind::Nested => "nested",
            RuleKind::Format(_) => "format",
            RuleKind::MaxChars(_) => "max_chars",
            RuleKind::MinChars(_) => "min_chars",
            RuleKind::MaxDigits(_) => "max_digits",
            RuleKind::MaxScale(_) => "max_scale",
            RuleKind::ExtraChars(_) => "extra_chars",
            RuleKind::ForbiddenChars(_) => "forbidden_chars",
        }
    }

    /// Rules that read the field as text.
    pub fn is_text_rule(&self) -> bool {
        matches!(
            self,
            RuleKind::MaxBytes(_)
                | RuleKind::MinBytes(_)
                | RuleKind::Chars(_)
                | RuleKind::OneOf { .. }
                | RuleKind::Format(_)
                | RuleKind::MaxChars(_)
                | RuleKind::MinChars(_)
                | RuleKind::ExtraChars(_)
                | RuleKind::ForbiddenChars(_)
        )
    }
}

/// `name` or `name = value`, before the value is interpreted.
struct Entry {
    key: Ident,
    value: Option<Expr>,
}

impl Parse for Entry {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        // `parse_any`, so a keyword such as `type` is an unknown rule rather than a syntax error.
        let key = Ident::parse_any(input)?;
        let value = if input.peek(Token![=]) {
            input.parse::<Token![=]>()?;
            Some(input.parse()?)
        } else {
            None
        };
        Ok(Entry { key, value })
    }
}

/// Reads the struct. An input that is not a struct with named fields is fatal: there is nothing
/// to check. Otherwise the model is returned with every error met, so `check` can add its own.
pub(crate) fn container(
    input: &DeriveInput,
) -> Result<(Container<'_>, Vec<syn::Error>), syn::Error> {
    let named = match &input.data {
        Data::Struct(data) => match &data.fields {
            Fields::Named(named) => Some(named),
            _ => None,
        },
        _ => None,
    };
    let Some(named) = named else {
        return Err(syn::Error::new(
            input.ident.span(),
            "`Validate` can only be derived for structs with named fields",
        ));
    };
    let mut errors = Vec::new();
    let StructOptions {
        encoding,
        check,
        runtime,
    } = struct_options(&input.attrs, &mut errors);
    let fields = named
        .named
        .iter()
        .filter_map(|field| self::field(field, &mut errors))
        .collect();
    let container = Container {
        ident: &input.ident,
        generics: &input.generics,
        encoding,
        check,
        runtime,
        fields,
    };
    Ok((container, errors))
}

fn validate_attrs(attrs: &[Attribute]) -> impl Iterator<Item = &Attribute> {
    attrs.iter().filter(|attr| attr.path().is_ident("validate"))
}

/// Every `name [= value]` in the `#[validate(...)]` attributes, in source order.
fn entries(attrs: &[Attribute], errors: &mut Vec<syn::Error>) -> Vec<Entry> {
    let mut entries = Vec::new();
    for attr in validate_attrs(attrs) {
        match attr.parse_args_with(Punctuated::<Entry, Token![,]>::parse_terminated) {
            Ok(parsed) => entries.extend(parsed),
            Err(err) => errors.push(err),
        }
    }
    entries
}

/// The struct-level options.
struct StructOptions {
    encoding: Encoding,
    check: Option<syn::ExprPath>,
    runtime: syn::Path,
}

/// The struct-level options, `encoding = "..."`, `check = "..."` and `crate = "..."`, each at
/// most once.
fn struct_options(attrs: &[Attribute], errors: &mut Vec<syn::Error>) -> StructOptions {
    let mut encoding = None;
    let mut check = None;
    let mut runtime = None;
    for entry in entries(attrs, errors) {
        let duplicate =
            match entry.key.to_string().as_str() {
                "encoding" => encoding_option(&entry, errors)
                    .is_some_and(|chosen| encoding.replace(chosen).is_some()),
                "check" => check_option(&entry, errors)
                    .is_some_and(|chosen| check.replace(chosen).is_some()),
                "crate" => crate_option(&entry, errors)
                    .is_some_and(|chosen| runtime.replace(chosen).is_some()),
                other => {
                    let message = format!(
                        "unknown struct option `{other}`; expected `encoding`, `check` or `crate`"
                    );
                    errors.push(syn::Error::new(entry.key.span(), message));
                    false
                }
            };
        if duplicate {
            let message = format!("duplicate option `{}`", entry.key);
            errors.push(syn::Error::new(entry.key.span(), message));
        }
    }
    StructOptions {
        encoding: encoding.unwrap_or(Encoding::Utf8),
        check,
        runtime: runtime.unwrap_or_else(|| syn::parse_quote!(::paygen_runtime)),
    }
}

fn crate_option(entry: &Entry, errors: &mut Vec<syn::Error>) -> Option<syn::Path> {
    let name = string_value(entry, "crate", errors)?;
    match name.parse::<syn::Path>() {
        Ok(path) => Some(path),
        Err(_) => {
            let message =
                "`crate` must be a path to paygen_runtime, e.g. `crate = \"::my_runtime\"`";
            errors.push(syn::Error::new(name.span(), message));
            None
        }
    }
}

fn encoding_option(entry: &Entry, errors: &mut Vec<syn::Error>) -> Option<Encoding> {
    let name = string_value(entry, "encoding", errors)?;
    let encoding = Encoding::from_name(&name.value());
    if encoding.is_none() {
        let message = format!(
            "unknown encoding `{}`; expected {}",
            name.value(),
            Encoding::expected()
        );
        errors.push(syn::Error::new(name.span(), message));
    }
    encoding
}

fn check_option(entry: &Entry, errors: &mut Vec<syn::Error>) -> Option<syn::ExprPath> {
    let name = string_value(entry, "check", errors)?;
    match name.parse::<syn::ExprPath>() {
        Ok(path) => Some(path),
        Err(_) => {
            let message = "`check` must name a function, e.g. `check = \"Self::check_conditions\"`";
            errors.push(syn::Error::new(name.span(), message));
            None
        }
    }
}

fn string_value(entry: &Entry, name: &str, errors: &mut Vec<syn::Error>) -> Option<LitStr> {
    let Some(value) = &entry.value else {
        errors.push(string_expected(&entry.key, name));
        return None;
    };
    match literal(value) {
        Some(Lit::Str(lit)) => Some(lit.clone()),
        _ => {
            errors.push(string_expected(value, name));
            None
        }
    }
}

fn string_expected(tokens: impl ToTokens, name: &str) -> syn::Error {
    let message = format!("`{name}` needs a string, e.g. `{name} = \"utf-8\"`");
    syn::Error::new_spanned(tokens, message)
}

fn field<'a>(field: &'a syn::Field, errors: &mut Vec<syn::Error>) -> Option<Field<'a>> {
    validate_attrs(&field.attrs).next()?;
    // Named fields always have an ident; the `?` only keeps this total.
    let member = field.ident.as_ref()?;
    let rules = entries(&field.attrs, errors)
        .into_iter()
        .filter_map(|entry| rule(entry, errors))
        .collect();
    Some(Field {
        member,
        wire_name: wire_name(field, member),
        shape: shape(&field.ty),
        rules,
    })
}

/// The name serde writes the field under, so a violation's path matches the JSON a gateway sees.
fn wire_name(field: &syn::Field, member: &Ident) -> String {
    field
        .attrs
        .iter()
        .filter(|attr| attr.path().is_ident("serde"))
        .rev()
        .find_map(serde_rename)
        .unwrap_or_else(|| member.unraw().to_string())
}

/// `rename = "x"`, or the serialize side of `rename(serialize = "x", ...)`. Anything else in the
/// attribute is serde's business: an attribute this cannot read is skipped, not reported.
fn serde_rename(attr: &Attribute) -> Option<String> {
    let metas = attr
        .parse_args_with(Punctuated::<Meta, Token![,]>::parse_terminated)
        .ok()?;
    metas.iter().rev().find_map(rename_of)
}

fn rename_of(meta: &Meta) -> Option<String> {
    if !meta.path().is_ident("rename") {
        return None;
    }
    match meta {
        Meta::NameValue(pair) => literal_string(&pair.value),
        Meta::List(list) => list
            .parse_args_with(Punctuated::<Meta, Token![,]>::parse_terminated)
            .ok()?
            .iter()
            .rev()
            .find_map(|inner| match inner {
                Meta::NameValue(pair) if pair.path.is_ident("serialize") => {
                    literal_string(&pair.value)
                }
                _ => None,
            }),
        Meta::Path(_) => None,
    }
}

fn literal_string(expr: &Expr) -> Option<String> {
    match literal(expr)? {
        Lit::Str(lit) => Some(lit.value()),
        _ => None,
    }
}

fn shape(ty: &Type) -> Shape {
    if is_text(ty) {
        return Shape::Text;
    }
    if is_integer(ty) {
        return Shape::Integer;
    }
    if is_decimal(ty) {
        return Shape::Decimal;
    }
    match option_inner(ty) {
        Some(inner) if is_text(inner) => Shape::OptionalText,
        Some(inner) if is_integer(inner) => Shape::OptionalInteger,
        Some(inner) if is_decimal(inner) => Shape::OptionalDecimal,
        Some(_) => Shape::Optional,
        None => Shape::Other,
    }
}

fn is_integer(ty: &Type) -> bool {
    const INTEGERS: &[&str] = &[
        "i8", "i16", "i32", "i64", "i128", "isize", "u8", "u16", "u32", "u64", "u128", "usize",
    ];
    last_segment(ty).is_some_and(|segment| {
        segment.arguments.is_none() && INTEGERS.iter().any(|name| segment.ident == name)
    })
}

/// `Decimal`, by any path (`paygen_runtime::Decimal`, `rust_decimal::Decimal`).
fn is_decimal(ty: &Type) -> bool {
    last_segment(ty)
        .is_some_and(|segment| segment.ident == "Decimal" && segment.arguments.is_none())
}

/// Strips the invisible groups and parentheses a `macro_rules!` caller may wrap a type in.
fn ungroup(ty: &Type) -> &Type {
    match ty {
        Type::Group(group) => ungroup(&group.elem),
        Type::Paren(paren) => ungroup(&paren.elem),
        other => other,
    }
}

fn last_segment(ty: &Type) -> Option<&syn::PathSegment> {
    match ungroup(ty) {
        Type::Path(path) if path.qself.is_none() => path.path.segments.last(),
        _ => None,
    }
}

fn is_text(ty: &Type) -> bool {
    if let Type::Reference(reference) = ungroup(ty) {
        return last_segment(&reference.elem)
            .is_some_and(|segment| segment.ident == "str" && segment.arguments.is_none());
    }
    last_segment(ty).is_some_and(|segment| segment.ident == "String" && segment.arguments.is_none())
}

fn option_inner(ty: &Type) -> Option<&Type> {
    let segment = last_segment(ty).filter(|segment| segment.ident == "Option")?;
    let syn::PathArguments::AngleBracketed(args) = &segment.arguments else {
        return None;
    };
    match args.args.first() {
        Some(syn::GenericArgument::Type(inner)) if args.args.len() == 1 => Some(inner),
        _ => None,
    }
}

fn rule(entry: Entry, errors: &mut Vec<syn::Error>) -> Option<Rule> {
    let key = entry.key.to_string();
    if let Some(class) = CharClass::from_name(&key) {
        let kind = flag(&entry, RuleKind::Chars(class), errors)?;
        return Some(Rule {
            keyword: entry.key,
            kind,
        });
    }
    let kind = match key.as_str() {
        "required" => flag(&entry, RuleKind::Required, errors),
        "nested" => flag(&entry, RuleKind::Nested, errors),
        "max_bytes" => byte_limit(&entry, errors).map(RuleKind::MaxBytes),
        "min_bytes" => byte_limit(&entry, errors).map(RuleKind::MinBytes),
        "minimum" => bound(&entry, errors).map(RuleKind::Minimum),
        "maximum" => bound(&entry, errors).map(RuleKind::Maximum),
        "one_of" => one_of(&entry, errors),
        "max_chars" => byte_limit(&entry, errors).map(RuleKind::MaxChars),
        "min_chars" => byte_limit(&entry, errors).map(RuleKind::MinChars),
        "max_digits" => byte_limit(&entry, errors).map(RuleKind::MaxDigits),
        "max_scale" => scale(&entry, errors).map(RuleKind::MaxScale),
        "extra_chars" => char_set(&entry, errors).map(RuleKind::ExtraChars),
        "forbidden_chars" => char_set(&entry, errors).map(RuleKind::ForbiddenChars),
        "format" => format(&entry, errors),
        unknown => {
            let message = format!("unknown validate rule `{unknown}`");
            errors.push(syn::Error::new(entry.key.span(), message));
            None
        }
    }?;
    Some(Rule {
        keyword: entry.key,
        kind,
    })
}

fn flag(entry: &Entry, kind: RuleKind, errors: &mut Vec<syn::Error>) -> Option<RuleKind> {
    match &entry.value {
        None => Some(kind),
        Some(value) => {
            let message = format!("`{}` takes no value", kind.name());
            errors.push(syn::Error::new_spanned(value, message));
            None
        }
    }
}

/// The digits after the point of `max_scale = N`: 0 to 28, what a decimal can hold.
fn scale(entry: &Entry, errors: &mut Vec<syn::Error>) -> Option<u32> {
    let parsed = match entry.value.as_ref().map(literal) {
        Some(Some(Lit::Int(lit))) => lit.base10_parse::<u32>().ok().filter(|&n| n <= 28),
        _ => None,
    };
    if parsed.is_none() {
        let message = "`max_scale` must be an integer from 0 to 28, e.g. `max_scale = 2`";
        match &entry.value {
            Some(value) => errors.push(syn::Error::new_spanned(value, message)),
            None => errors.push(syn::Error::new(entry.key.span(), message)),
        }
    }
    parsed
}

/// The characters of `extra_chars = "..."` or `forbidden_chars = "..."`: a non-empty string.
fn char_set(entry: &Entry, errors: &mut Vec<syn::Error>) -> Option<LitStr> {
    let name = entry.key.to_string();
    let lit = match entry.value.as_ref().map(literal) {
        Some(Some(Lit::Str(lit))) if !lit.value().is_empty() => lit.clone(),
        _ => {
            let message =
                format!("`{name}` needs a non-empty string of characters, e.g. `{name} = \"_-\"`");
            match &entry.value {
                Some(value) => errors.push(syn::Error::new_spanned(value, message)),
                None => errors.push(syn::Error::new(entry.key.span(), message)),
            }
            return None;
        }
    };
    Some(lit)
}

/// The positive count of `max_bytes = N`, `min_bytes = N`, `max_chars = N`, `min_chars = N` or
/// `max_digits = N`.
fn byte_limit(entry: &Entry, errors: &mut Vec<syn::Error>) -> Option<usize> {
    let name = entry.key.to_string();
    let Some(value) = &entry.value else {
        let message = format!("`{name}` needs a value, e.g. `{name} = 20`");
        errors.push(syn::Error::new(entry.key.span(), message));
        return None;
    };
    // The runtime compares against a `usize`, so a literal that does not fit one is refused too.
    let positive = match literal(value) {
        Some(Lit::Int(lit)) => lit.base10_parse::<usize>().ok().filter(|&limit| limit > 0),
        _ => None,
    };
    if positive.is_none() {
        let message = format!("`{name}` must be a positive integer");
        errors.push(syn::Error::new_spanned(value, message));
    }
    positive
}

/// The integer of `minimum = N` or `maximum = N`, negative ones included.
fn bound(entry: &Entry, errors: &mut Vec<syn::Error>) -> Option<i64> {
    let name = entry.key.to_string();
    let parsed = match &entry.value {
        Some(Expr::Lit(lit)) => match &lit.lit {
            Lit::Int(int) => int.base10_parse::<i64>().ok(),
            _ => None,
        },
        Some(Expr::Unary(unary)) if matches!(unary.op, syn::UnOp::Neg(_)) => match &*unary.expr {
            Expr::Lit(syn::ExprLit {
                lit: Lit::Int(int), ..
            }) => int.base10_parse::<i64>().ok().map(|v| -v),
            _ => None,
        },
        _ => None,
    };
    if parsed.is_none() {
        let message = format!("`{name}` must be an integer, e.g. `{name} = 100`");
        match &entry.value {
            Some(value) => errors.push(syn::Error::new_spanned(value, message)),
            None => errors.push(syn::Error::new(entry.key.span(), message)),
        }
    }
    parsed
}

fn format(entry: &Entry, errors: &mut Vec<syn::Error>) -> Option<RuleKind> {
    let name = match entry.value.as_ref().map(literal) {
        Some(Some(Lit::Str(name))) => name.clone(),
        _ => {
            let message = "`format` needs a string, e.g. `format = \"yyyymmdd\"`";
            let error = match &entry.value {
                Some(value) => syn::Error::new_spanned(value, message),
                None => syn::Error::new(entry.key.span(), message),
            };
            errors.push(error);
            return None;
        }
    };
    let Some(format) = Format::from_name(&name.value()) else {
        let message = format!(
            "unknown format `{}`; expected one of {}",
            name.value(),
            Format::NAMES
                .iter()
                .map(|f| format!("`{f}`"))
                .collect::<Vec<_>>()
                .join(", ")
        );
        errors.push(syn::Error::new(name.span(), message));
        return None;
    };
    Some(RuleKind::Format(format))
}

fn one_of(entry: &Entry, errors: &mut Vec<syn::Error>) -> Option<RuleKind> {
    let array = match &entry.value {
        Some(Expr::Array(array)) => array,
        Some(other) => {
            errors.push(not_string_array(other));
            return None;
        }
        None => {
            let message = "`one_of` needs a value, e.g. `one_of = [\"a\", \"b\"]`";
            errors.push(syn::Error::new(entry.key.span(), message));
            return None;
        }
    };
    let values = one_of_values(array, errors)?;
    Some(RuleKind::OneOf {
        bracket: array.bracket_token.span.join(),
        values,
    })
}

/// The literals of `one_of = [...]`; `None` once any element is not a string literal, so a
/// half-read list never reaches `check`.
fn one_of_values(array: &ExprArray, errors: &mut Vec<syn::Error>) -> Option<Vec<LitStr>> {
    let mut values = Vec::new();
    let mut complete = true;
    for element in &array.elems {
        match literal(element) {
            Some(Lit::Str(lit)) => values.push(lit.clone()),
            _ => {
                errors.push(not_string_array(element));
                complete = false;
            }
        }
    }
    complete.then_some(values)
}

fn literal(expr: &Expr) -> Option<&Lit> {
    match expr {
        Expr::Lit(expr) => Some(&expr.lit),
        _ => None,
    }
}

fn not_string_array(tokens: impl ToTokens) -> syn::Error {
    syn::Error::new_spanned(tokens, "`one_of` must be an array of string literals")
}
