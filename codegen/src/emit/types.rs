//! Object types: the struct, its fields' serde and validation attributes, const values, a
//! hand-written `Serialize` where consts are sent, masked `Debug`, and cross-field conditions.

use super::docs::{doc_lines, field_facts};
use super::tokens::{docs, rust_type, scalar, serde_crate};
use crate::model::{
    DecimalForm, EncodingName, FieldCondition, GroupKind, Location, Model, Object, ObjectField,
    Requirement, RustType, Scalar,
};
use crate::naming::{ident, snake};
use proc_macro2::TokenStream;
use quote::{format_ident, quote, ToTokens};

pub(super) fn object(model: &Model, object: &Object, rt: &TokenStream) -> TokenStream {
    let name = ident(&object.name);
    let groups: Vec<String> = (object.groups.iter())
        .map(|group| {
            let need = match group.kind {
                GroupKind::ExactlyOne => "Exactly one",
                GroupKind::AtLeastOne => "At least one",
            };
            let names: Vec<String> = (group.fields.iter())
                .map(|&i| format!("`{}`", object.fields[i].wire))
                .collect();
            format!(
                "{need} of {} ({})",
                names.join(", "),
                crate::prose::escape(&group.source)
            )
        })
        .collect();
    let doc = docs(&doc_lines(&object.docs, &groups));
    let serde_crate = serde_crate(rt);
    let has_consts = object.fields.iter().any(ObjectField::is_const);
    let has_personal = object.fields.iter().any(|f| f.personal);
    let fields = object
        .fields
        .iter()
        .filter(|f| f.is_struct_field())
        .map(|f| struct_field(model, object, f, rt));
    let mut derives = Vec::new();
    if !has_personal {
        derives.push(quote!(Debug));
    }
    derives.extend([quote!(Clone), quote!(PartialEq)]);
    if !has_consts {
        derives.push(quote!(#rt::__private::serde::Serialize));
    }
    derives.push(quote!(#rt::__private::serde::Deserialize));
    derives.push(quote!(#rt::__private::bon::Builder));
    if object.validated {
        derives.push(quote!(#rt::Validate));
    }
    let conditions = object
        .validated
        .then(|| conditions_impl(object, rt))
        .flatten();
    let check_attr = conditions
        .is_some()
        .then(|| quote!(#[validate(check = "Self::check_conditions")]));
    let encoding_attr = (object.validated
        && !object.fields.is_empty()
        && model.vendor.encoding == EncodingName::EucKr)
        .then(|| {
            let name = EncodingName::EucKr.name();
            quote!(#[validate(encoding = #name)])
        });
    // The derive reaches the runtime at `::paygen_runtime` unless told otherwise; the default
    // path is left implicit so that default output carries no attribute for it.
    let crate_attr = (object.validated && rt.to_string() != ":: paygen_runtime").then(|| {
        let path = super::tokens::rt_text(rt);
        quote!(#[validate(crate = #path)])
    });
    let debug = has_personal.then(|| debug_impl(object, rt));
    let sentinels = sentinels_impl(object, rt);
    let serialize = has_consts.then(|| serialize_impl(object, rt));
    let consts = has_consts.then(|| const_values(model, object));
    quote! {
        #doc
        #[derive(#(#derives),*)]
        #[serde(crate = #serde_crate)]
        #[builder(crate = #rt::__private::bon, on(::std::string::String, into))]
        #[non_exhaustive]
        #crate_attr
        #encoding_attr
        #check_attr
        pub struct #name {
            #(#fields)*
        }
        #consts
        #conditions
        #sentinels
        #debug
        #serialize
    }
}

/// The name of the decoder of a field with a sentinel.
fn sentinel_fn(field: &ObjectField) -> String {
    format!("sentinel_{}", field.rust.trim_start_matches("r#"))
}

/// For each field with a sentinel, a decoder that reads the field as usual (leniently) and turns
/// the documented "none" value into `None`.
fn sentinels_impl(object: &Object, rt: &TokenStream) -> Option<TokenStream> {
    let decoders: Vec<TokenStream> = (object.fields.iter())
        .filter_map(|field| {
            let (value, means) = field.sentinel.as_ref()?;
            let name = format_ident!("{}", sentinel_fn(field));
            let inner = rust_type(&field.ty, rt);
            let read = match lenient(field, false, rt) {
                Some(path) => {
                    let path: syn::ExprPath = syn::parse_str(&path).ok()?;
                    quote!(#path(deserializer)?)
                }
                None => quote! {
                    <::core::option::Option<#inner> as #rt::__private::serde::Deserialize>::deserialize(deserializer)?
                },
            };
            let sentinel = scalar(value);
            let doc = format!(" `{}`: `{value}` means {means}, so it is read as `None`.", field.wire);
            Some(quote! {
                #[doc = #doc]
                fn #name<'de, D>(deserializer: D) -> ::core::result::Result<::core::option::Option<#inner>, D::Error>
                where
                    D: #rt::__private::serde::Deserializer<'de>,
                {
                    let value: ::core::option::Option<#inner> = #read;
                    ::core::result::Result::Ok(value.filter(|value| *value != #sentinel))
                }
            })
        })
        .collect();
    if decoders.is_empty() {
        return None;
    }
    let name = ident(&object.name);
    Some(quote! {
        impl #name {
            #(#decoders)*
        }
    })
}

fn struct_field(
    model: &Model,
    object: &Object,
    field: &ObjectField,
    rt: &TokenStream,
) -> TokenStream {
    let validated = object.validated;
    let doc = docs(&doc_lines(
        &field.docs,
        &field_facts(model, &object.fields, field),
    ));
    let name = ident(&field.rust);
    let wire = &field.wire;
    let inner = rust_type(&field.ty, rt);
    // serde takes a raw identifier's name without its `r#`, as `rust` is written here.
    let mut serde = Vec::new();
    if field.rust != *wire {
        serde.push(quote!(rename = #wire));
    }
    let ty = if field.optional {
        serde.push(quote!(default));
        serde.push(quote!(skip_serializing_if = "Option::is_none"));
        quote!(::core::option::Option<#inner>)
    } else {
        inner
    };
    if field.location != Location::Body {
        // Sent in the path, the query string or a header, never in the body.
        serde.push(quote!(skip_serializing));
    }
    if field.sentinel.is_some() {
        let with = format!("{}::{}", object.name, sentinel_fn(field));
        serde.push(quote!(deserialize_with = #with));
    } else if let Some(with) = lenient(field, validated, rt) {
        serde.push(quote!(deserialize_with = #with));
    }
    if let RustType::Decimal(form) = &field.ty {
        let form = match form {
            DecimalForm::Number => "number",
            DecimalForm::String => "string",
        };
        let prefix = if field.optional { "option_" } else { "" };
        let with = format!("{}::decimal::{prefix}{form}", super::tokens::rt_text(rt));
        serde.push(quote!(with = #with));
    }
    for alias in &field.aliases {
        serde.push(quote!(alias = #alias));
    }
    let rules = validated.then(|| validate_attr(field)).flatten();
    let serde = (!serde.is_empty()).then(|| quote!(#[serde(#(#serde),*)]));
    quote! {
        #doc
        #serde
        #rules
        pub #name: #ty,
    }
}

/// The lenient deserializer of an inbound field: integers also arrive as strings, and strings
/// of response types also arrive as numbers, arrays as a single object. Requests are still sent exactly as documented.
pub(super) fn lenient(field: &ObjectField, validated: bool, rt: &TokenStream) -> Option<String> {
    let function = match (&field.ty, validated) {
        (RustType::Integer, _) => "integer",
        (RustType::String, false) => "string",
        (RustType::Boolean, false) => "boolean",
        (RustType::Vec(_), false) => "one_or_many",
        _ => return None,
    };
    let prefix = if field.optional { "option_" } else { "" };
    Some(format!(
        "{}::lenient::{prefix}{function}",
        super::tokens::rt_text(rt)
    ))
}

/// The `#[validate(...)]` rules of a field of a request type, if it has any.
fn validate_attr(field: &ObjectField) -> Option<TokenStream> {
    let spec = &field.rules;
    let mut rules = Vec::new();
    let is_string = field.ty == RustType::String;
    if field.always_required() && is_string {
        rules.push(quote!(required));
    }
    if let (Some(max), true) = (spec.max_bytes, is_string) {
        let max = proc_macro2::Literal::usize_unsuffixed(max);
        rules.push(quote!(max_bytes = #max));
    }
    // The derive's rule for a character class is the class's name (`ascii`, `digits`).
    if let (Some(chars), true) = (spec.chars, is_string) {
        rules.push(format_ident!("{}", chars.name()).into_token_stream());
    }
    if let (Some(min), true) = (spec.min_bytes, is_string) {
        let min = proc_macro2::Literal::usize_unsuffixed(min);
        rules.push(quote!(min_bytes = #min));
    }
    if is_string {
        if let Some(max) = spec.max_chars {
            let max = proc_macro2::Literal::usize_unsuffixed(max);
            rules.push(quote!(max_chars = #max));
        }
        if let Some(min) = spec.min_chars {
            let min = proc_macro2::Literal::usize_unsuffixed(min);
            rules.push(quote!(min_chars = #min));
        }
        if let Some(extra) = &spec.extra_chars {
            rules.push(quote!(extra_chars = #extra));
        }
        if let Some(forbidden) = &spec.forbidden_chars {
            rules.push(quote!(forbidden_chars = #forbidden));
        }
    }
    if matches!(field.ty, RustType::Integer | RustType::Decimal(_)) {
        if let Some(max) = spec.max_digits {
            let max = proc_macro2::Literal::usize_unsuffixed(max);
            rules.push(quote!(max_digits = #max));
        }
    }
    if let (Some(max), RustType::Decimal(_)) = (spec.max_scale, &field.ty) {
        let max = proc_macro2::Literal::u32_unsuffixed(max);
        rules.push(quote!(max_scale = #max));
    }
    if field.ty == RustType::Integer {
        if let Some(min) = spec.minimum {
            let min = proc_macro2::Literal::i64_unsuffixed(min);
            rules.push(quote!(minimum = #min));
        }
        if let Some(max) = spec.maximum {
            let max = proc_macro2::Literal::i64_unsuffixed(max);
            rules.push(quote!(maximum = #max));
        }
    }
    if let (Some(format), true) = (spec.format, is_string) {
        let name = format.name();
        rules.push(quote!(format = #name));
    }
    if field.validates_itself {
        rules.push(quote!(nested));
    }
    (!rules.is_empty()).then(|| quote!(#[validate(#(#rules),*)]))
}

/// The requirements that hold only when another field has certain values, where the document
/// is precise enough to check them.
fn conditions_impl(object: &Object, rt: &TokenStream) -> Option<TokenStream> {
    let mut checks: Vec<TokenStream> = Vec::new();
    for field in &object.fields {
        let id = ident(&field.rust);
        let wire = &field.wire;
        if let Requirement::When {
            check: Some(condition),
            ..
        } = &field.requirement
        {
            let (holds, text) = condition_holds(object, condition);
            let missing = if field.ty == RustType::String {
                quote!(self.#id.as_deref().is_none_or(str::is_empty))
            } else {
                quote!(self.#id.is_none())
            };
            checks.push(quote! {
                if #holds && #missing {
                    errors.push(&path.field(#wire), #rt::Rule::RequiredIf { condition: #text });
                }
            });
        }
        for minimum in &field.minimum_if {
            let (holds, text) = condition_holds(object, &minimum.when);
            let limit = proc_macro2::Literal::i64_unsuffixed(minimum.minimum);
            let value = if field.optional {
                quote!(self.#id)
            } else {
                quote!(::core::option::Option::Some(self.#id))
            };
            checks.push(quote! {
                if #holds && #value.is_some_and(|value| value < #limit) {
                    errors.push(
                        &path.field(#wire),
                        #rt::Rule::MinimumIf { limit: #limit, condition: #text },
                    );
                }
            });
        }
    }
    for group in &object.groups {
        let kind = match group.kind {
            GroupKind::ExactlyOne => quote!(#rt::GroupKind::ExactlyOne),
            GroupKind::AtLeastOne => quote!(#rt::GroupKind::AtLeastOne),
        };
        let wires = group.fields.iter().map(|&i| &object.fields[i].wire);
        let presence = group.fields.iter().map(|&i| {
            let member = &object.fields[i];
            let id = ident(&member.rust);
            match (&member.ty, member.optional) {
                (RustType::String, true) => {
                    quote!(self.#id.as_deref().is_some_and(|v| !v.is_empty()))
                }
                (_, true) => quote!(self.#id.is_some()),
                (_, false) => quote!(true),
            }
        });
        checks.push(quote! {
            #rt::validate::check::group(errors, path, #kind, &[#(#wires),*], &[#(#presence),*]);
        });
    }
    if checks.is_empty() {
        return None;
    }
    let name = ident(&object.name);
    Some(quote! {
        impl #name {
            /// Rules the document states only for certain values of another field, and over
            /// groups of fields.
            fn check_conditions(
                &self,
                path: &#rt::validate::Path<'_>,
                errors: &mut #rt::ValidationErrors,
            ) {
                #(#checks)*
            }
        }
    })
}

/// Whether field `other` of `object` holds one of `values`, as an expression on `self`, and the
/// condition as text for the violation.
fn condition_holds(object: &Object, condition: &FieldCondition) -> (TokenStream, String) {
    let target = &object.fields[condition.field];
    let values = &condition.values;
    let codes = values.iter().map(scalar);
    let value = super::tokens::present(&quote!(self), target);
    let shown: Vec<String> = values.iter().map(|v| format!("`{v}`")).collect();
    let text = format!("`{}` is {}", target.wire, shown.join(" or "));
    (
        quote!(#value.is_some_and(|value| [#(#codes),*].contains(&value))),
        text,
    )
}

fn debug_impl(object: &Object, rt: &TokenStream) -> TokenStream {
    let name = ident(&object.name);
    let name_str = &object.name;
    let fields = object
        .fields
        .iter()
        .filter(|f| f.is_struct_field())
        .map(|f| {
            let id = ident(&f.rust);
            let label = &f.rust;
            match (f.personal, f.optional) {
                (false, _) => quote!(.field(#label, &self.#id)),
                (true, false) => quote!(.field(#label, &#rt::redact::Redacted)),
                (true, true) => {
                    quote!(.field(#label, &self.#id.as_ref().map(|_| #rt::redact::Redacted)))
                }
            }
        });
    quote! {
        // Personal data is masked so that logging a request or response cannot leak it.
        impl ::core::fmt::Debug for #name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.debug_struct(#name_str)
                    #(#fields)*
                    .finish()
            }
        }
    }
}

fn const_values(model: &Model, object: &Object) -> TokenStream {
    let name = ident(&object.name);
    let consts = object.fields.iter().filter_map(|f| {
        let RustType::Const(value) = &f.ty else {
            return None;
        };
        let id = format_ident!("{}", snake(&f.rust).to_uppercase());
        let doc = docs(&doc_lines(&f.docs, &field_facts(model, &object.fields, f)));
        Some(match value {
            Scalar::Str(s) => quote! { #doc pub const #id: &'static str = #s; },
            Scalar::Int(i) => {
                let i = proc_macro2::Literal::i64_unsuffixed(*i);
                quote! { #doc pub const #id: i64 = #i; }
            }
            Scalar::Bool(b) => quote! { #doc pub const #id: bool = #b; },
        })
    });
    quote! {
        impl #name {
            #(#consts)*
        }
    }
}

fn serialize_impl(object: &Object, rt: &TokenStream) -> TokenStream {
    let name = ident(&object.name);
    let name_str = &object.name;
    // Path and query fields are not part of the body; computed ones are added by the client.
    let body_fields: Vec<&ObjectField> = object
        .fields
        .iter()
        .filter(|f| f.location == Location::Body && !f.filled_by_client())
        .collect();
    let count = proc_macro2::Literal::usize_unsuffixed(body_fields.len());
    // A request whose every field is in the path or query serialises as an empty struct.
    let mutability = (!body_fields.is_empty()).then(|| quote!(mut));
    let fields = body_fields.iter().map(|f| {
        let wire = &f.wire;
        if f.is_const() {
            let id = format_ident!("{}", snake(&f.rust).to_uppercase());
            return quote!(state.serialize_field(#wire, &Self::#id)?;);
        }
        let id = ident(&f.rust);
        // A decimal is written through the runtime's wrapper for its documented form.
        let wrap = |value: TokenStream| match &f.ty {
            RustType::Decimal(DecimalForm::Number) => quote!(&#rt::decimal::AsNumber(#value)),
            RustType::Decimal(DecimalForm::String) => quote!(&#rt::decimal::AsString(#value)),
            _ => value,
        };
        if f.optional {
            let value = wrap(quote!(value));
            quote! {
                match &self.#id {
                    ::core::option::Option::Some(value) => state.serialize_field(#wire, #value)?,
                    ::core::option::Option::None => state.skip_field(#wire)?,
                }
            }
        } else {
            let value = wrap(quote!(&self.#id));
            quote!(state.serialize_field(#wire, #value)?;)
        }
    });
    quote! {
        // Written out so that the fields the document fixes are sent without the caller setting them.
        impl #rt::__private::serde::Serialize for #name {
            fn serialize<S>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error>
            where
                S: #rt::__private::serde::Serializer,
            {
                use #rt::__private::serde::ser::SerializeStruct as _;
                let #mutability state = serializer.serialize_struct(#name_str, #count)?;
                #(#fields)*
                state.end()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::object;
    use crate::emit::fixture::{pretty, rt, with_model};

    fn emitted(name: &str) -> String {
        with_model(|model| {
            let ty = model.object_named(name).expect("a fixture type");
            pretty(object(model, ty, &rt()))
        })
    }

    #[test]
    fn a_request_validates_sends_its_consts_and_masks_personal_fields() {
        let code = emitted("PayRequest");
        assert!(
            code.contains("#[validate(required, max_bytes = 20, ascii)]"),
            "{code}"
        );
        assert!(code.contains("#[validate(minimum = 1)]"), "{code}");
        // The const is not a field the caller sets, but it is sent.
        assert!(
            code.contains("pub const CURRENCY: &'static str = \"KRW\";"),
            "{code}"
        );
        assert!(
            code.contains("state.serialize_field(\"currency\", &Self::CURRENCY)?;"),
            "{code}"
        );
        assert!(!code.contains("pub currency:"), "{code}");
        // A personal field keeps Debug from being derived; the hand-written one masks it.
        assert!(!code.contains("#[derive(\n    Debug"), "{code}");
        assert!(
            code.contains("impl ::core::fmt::Debug for PayRequest"),
            "{code}"
        );
        // The computed digest is the client's to fill, not a struct field.
        assert!(!code.contains("pub hash:"), "{code}");
    }

    #[test]
    fn a_response_is_lenient_and_not_validated() {
        let code = emitted("PayResponse");
        assert!(!code.contains("Validate"), "{code}");
        assert!(
            code.contains("pub tid: ::core::option::Option<::std::string::String>"),
            "{code}"
        );
        assert!(code.contains("derive(\n    Debug"), "{code}");
    }
}
