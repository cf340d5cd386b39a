//! Token streams for one vendor module: types, enums, constants and the async client.

use crate::model::{doc_lines, field_facts, Enum, Model, Object, ObjectField, RustType};
use crate::naming::{ident, snake};
use crate::prose::escape;
use crate::spec::{EncodingName, Location, Repr, Required, Scalar};
use crate::Settings;
use proc_macro2::TokenStream;
use quote::{format_ident, quote, ToTokens};

/// The whole module for `model`.
pub(crate) fn module(model: &Model<'_>, settings: &Settings) -> TokenStream {
    let rt = settings.runtime_path();
    let docs = settings.inner_attributes.then(|| module_docs(model));
    let objects = model.objects.iter().map(|o| object(o, &rt));
    let enums = model.enums.iter().map(|e| enumeration(e, &rt));
    let client = crate::client::client(model, &rt, settings.public_prepare);
    let outcomes = model
        .outcomes()
        .into_iter()
        .map(|op| crate::client::outcome(op, &rt));
    let callbacks = model.spec.callbacks.iter().map(|c| callback(c, &rt));
    quote! {
        #docs
        #(#objects)*
        #(#enums)*
        #(#callbacks)*
        #client
        #(#outcomes)*
    }
}

fn module_docs(model: &Model<'_>) -> TokenStream {
    let vendor = &model.spec.vendor;
    let mut lines = vec![
        format!("{}: generated types and client.", vendor.name),
        String::new(),
        format!("Generated from `{}`, transcribed from:", model.file),
    ];
    lines.extend(
        vendor
            .sources
            .iter()
            .map(|doc| format!("- `{}` (cited as `{}:LINE`)", doc.file, doc.key)),
    );
    for conflict in &model.spec.conflicts {
        lines.push(String::new());
        lines.push(format!(
            "Document conflict: {} Decision: {} Why: {}",
            escape(&conflict.doc),
            escape(&conflict.decision),
            escape(&conflict.why)
        ));
    }
    let lines = lines.iter().map(|l| format!(" {l}"));
    quote! { #(#![doc = #lines])* }
}

pub(crate) fn docs(lines: &[String]) -> TokenStream {
    let lines = lines.iter().map(|l| {
        if l.is_empty() {
            String::new()
        } else {
            format!(" {l}")
        }
    });
    quote! { #(#[doc = #lines])* }
}

fn serde_crate(rt: &TokenStream) -> String {
    format!("{}::__private::serde", rt.to_string().replace(' ', ""))
}

fn object(object: &Object<'_>, rt: &TokenStream) -> TokenStream {
    let def = object.def;
    let name = ident(&def.name);
    let doc = docs(&doc_lines(&def.description, &[], Some(&def.source), None));
    let serde_crate = serde_crate(rt);
    let has_consts = object.fields.iter().any(ObjectField::is_const);
    let has_personal = object.fields.iter().any(|f| f.spec.personal);
    let fields = object
        .fields
        .iter()
        .filter(|f| f.is_struct_field())
        .map(|f| struct_field(f, object.validated, rt));
    let mut derives = Vec::new();
    if !has_personal {
        derives.push(quote!(Debug));
    }
    derives.extend([quote!(Clone), quote!(PartialEq)]);
    if !has_consts {
        derives.push(quote!(#rt::__private::serde::Serialize));
    }
    derives.push(quote!(#rt::__private::serde::Deserialize));
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
        && object
            .fields
            .iter()
            .any(|f| f.encoding == EncodingName::EucKr))
    .then(|| {
        let name = EncodingName::EucKr.name();
        quote!(#[validate(encoding = #name)])
    });
    // The derive reaches the runtime at `::paygen_runtime` unless told otherwise; the default
    // path is left implicit so that default output carries no attribute for it.
    let crate_attr = (object.validated && rt.to_string() != ":: paygen_runtime").then(|| {
        let path = rt.to_string().replace(' ', "");
        quote!(#[validate(crate = #path)])
    });
    let debug = has_personal.then(|| debug_impl(object, rt));
    let serialize = has_consts.then(|| serialize_impl(object, rt));
    let consts = has_consts.then(|| const_values(object));
    quote! {
        #doc
        #[derive(#(#derives),*)]
        #[serde(crate = #serde_crate)]
        #crate_attr
        #encoding_attr
        #check_attr
        pub struct #name {
            #(#fields)*
        }
        #consts
        #conditions
        #debug
        #serialize
    }
}

fn struct_field(field: &ObjectField<'_>, validated: bool, rt: &TokenStream) -> TokenStream {
    let doc = docs(&doc_lines(
        &field.spec.description,
        &field_facts(field),
        Some(&field.spec.source),
        field.spec.conflict.as_ref(),
    ));
    let name = ident(&field.rust);
    let wire = &field.spec.wire;
    let inner = rust_type(&field.ty);
    let mut serde = vec![quote!(rename = #wire)];
    let ty = if field.optional {
        serde.push(quote!(default));
        serde.push(quote!(skip_serializing_if = "Option::is_none"));
        quote!(::core::option::Option<#inner>)
    } else {
        inner
    };
    if field.spec.location != Location::Body {
        // Sent in the path or query string, never in the JSON body.
        serde.push(quote!(skip_serializing));
    }
    if let Some(with) = lenient(field, validated, rt) {
        serde.push(quote!(deserialize_with = #with));
    }
    let rules = validated.then(|| validate_attr(field)).flatten();
    quote! {
        #doc
        #[serde(#(#serde),*)]
        #rules
        pub #name: #ty,
    }
}

/// The lenient deserializer of an inbound field: integers also arrive as strings, and strings
/// of response types also arrive as numbers, arrays as a single object. Requests are still sent exactly as documented.
fn lenient(field: &ObjectField<'_>, validated: bool, rt: &TokenStream) -> Option<String> {
    let function = match (&field.ty, validated) {
        (RustType::Integer, _) => "integer",
        (RustType::String, false) => "string",
        (RustType::Vec(_), false) => "one_or_many",
        _ => return None,
    };
    let prefix = if field.optional { "option_" } else { "" };
    Some(format!(
        "{}::lenient::{prefix}{function}",
        rt.to_string().replace(' ', "")
    ))
}

pub(crate) fn rust_type(ty: &RustType) -> TokenStream {
    match ty {
        RustType::String => quote!(::std::string::String),
        RustType::Integer => quote!(i64),
        RustType::Boolean => quote!(bool),
        RustType::Object(name) | RustType::Enum(name) => {
            let name = ident(name);
            quote!(#name)
        }
        RustType::Vec(item) => {
            let item = rust_type(item);
            quote!(::std::vec::Vec<#item>)
        }
        RustType::Const(_) => unreachable!("consts are not struct fields"),
    }
}

/// The `#[validate(...)]` rules of a field of a request type, if it has any.
fn validate_attr(field: &ObjectField<'_>) -> Option<TokenStream> {
    let spec = field.spec;
    let mut rules = Vec::new();
    let is_string = field.ty == RustType::String;
    if spec.required == Required::Yes && is_string {
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

/// Decoding of a body the merchant receives, in either of the forms a browser or server posts.
fn callback(callback: &crate::spec::Callback, rt: &TokenStream) -> TokenStream {
    let name = ident(&callback.ty);
    let summary = escape(&callback.summary.paragraphs().join(" "));
    let doc = format!(
        " Decodes the `{}` callback ({}): {summary}",
        callback.name,
        escape(&callback.source)
    );
    quote! {
        #[doc = #doc]
        impl #name {
            /// From an `application/x-www-form-urlencoded` body, as an HTML form posts it.
            pub fn from_form(body: &[u8]) -> #rt::Result<Self> {
                #rt::__private::http::decode_form(body)
            }

            /// From a JSON body.
            pub fn from_json(body: &[u8]) -> #rt::Result<Self> {
                #rt::__private::http::decode_json_callback(body)
            }
        }
    }
}

/// The requirements that hold only when another field has certain values, where the document
/// is precise enough to check them.
fn conditions_impl(object: &Object<'_>, rt: &TokenStream) -> Option<TokenStream> {
    let mut checks: Vec<TokenStream> = Vec::new();
    for field in &object.fields {
        let id = ident(&field.rust);
        let wire = &field.spec.wire;
        if let Required::When(condition) = &field.spec.required {
            if let Some((holds, text)) =
                condition_holds(object, condition.field.as_deref(), &condition.values)
            {
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
        }
        for minimum in &field.spec.minimum_if {
            let Some((holds, text)) =
                condition_holds(object, Some(&minimum.field), &minimum.values)
            else {
                continue;
            };
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
    if checks.is_empty() {
        return None;
    }
    let name = ident(&object.def.name);
    Some(quote! {
        impl #name {
            /// Rules the document states only for certain values of another field.
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
fn condition_holds(
    object: &Object<'_>,
    other: Option<&str>,
    values: &[Scalar],
) -> Option<(TokenStream, String)> {
    let other = other?;
    let target = object.fields.iter().find(|f| f.spec.wire == other)?;
    let codes = values.iter().map(scalar);
    let target_id = ident(&target.rust);
    let value = match (&target.ty, target.optional) {
        (RustType::Enum(_), false) => quote!(::core::option::Option::Some(self.#target_id.code())),
        (RustType::Enum(_), true) => quote!(self.#target_id.as_ref().map(|v| v.code())),
        (RustType::String, false) => quote!(::core::option::Option::Some(self.#target_id.as_str())),
        (RustType::String, true) => quote!(self.#target_id.as_deref()),
        (_, false) => quote!(::core::option::Option::Some(self.#target_id)),
        (_, true) => quote!(self.#target_id),
    };
    let shown: Vec<String> = values.iter().map(|v| format!("`{v}`")).collect();
    let text = format!("`{other}` is {}", shown.join(" or "));
    Some((
        quote!(#value.is_some_and(|value| [#(#codes),*].contains(&value))),
        text,
    ))
}

fn debug_impl(object: &Object<'_>, rt: &TokenStream) -> TokenStream {
    let name = ident(&object.def.name);
    let name_str = &object.def.name;
    let fields = object
        .fields
        .iter()
        .filter(|f| f.is_struct_field())
        .map(|f| {
            let id = ident(&f.rust);
            let label = &f.rust;
            match (f.spec.personal, f.optional) {
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

fn const_values(object: &Object<'_>) -> TokenStream {
    let name = ident(&object.def.name);
    let consts = object.fields.iter().filter_map(|f| {
        let RustType::Const(value) = &f.ty else {
            return None;
        };
        let id = format_ident!("{}", snake(&f.rust).to_uppercase());
        let doc = docs(&doc_lines(
            &f.spec.description,
            &field_facts(f),
            Some(&f.spec.source),
            f.spec.conflict.as_ref(),
        ));
        Some(match value {
            Scalar::Str(s) => quote! { #doc pub const #id: &'static str = #s; },
            Scalar::Int(i) => {
                let i = proc_macro2::Literal::i64_unsuffixed(*i);
                quote! { #doc pub const #id: i64 = #i; }
            }
        })
    });
    quote! {
        impl #name {
            #(#consts)*
        }
    }
}

fn serialize_impl(object: &Object<'_>, rt: &TokenStream) -> TokenStream {
    let name = ident(&object.def.name);
    let name_str = &object.def.name;
    // Path and query fields are not part of the body; computed ones are added by the client.
    let body_fields: Vec<&ObjectField<'_>> = object
        .fields
        .iter()
        .filter(|f| f.spec.location == Location::Body && f.spec.computed.is_none())
        .collect();
    let count = proc_macro2::Literal::usize_unsuffixed(body_fields.len());
    // A request whose every field is in the path or query serialises as an empty struct.
    let mutability = (!body_fields.is_empty()).then(|| quote!(mut));
    let fields = body_fields.iter().map(|f| {
        let wire = &f.spec.wire;
        if f.is_const() {
            let id = format_ident!("{}", snake(&f.rust).to_uppercase());
            return quote!(state.serialize_field(#wire, &Self::#id)?;);
        }
        let id = ident(&f.rust);
        if f.optional {
            quote! {
                match &self.#id {
                    ::core::option::Option::Some(value) => state.serialize_field(#wire, value)?,
                    ::core::option::Option::None => state.skip_field(#wire)?,
                }
            }
        } else {
            quote!(state.serialize_field(#wire, &self.#id)?;)
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

fn enumeration(e: &Enum<'_>, rt: &TokenStream) -> TokenStream {
    let def = e.def;
    let name = ident(&def.name);
    let doc = docs(&doc_lines(&def.description, &[], Some(&def.source), None));
    let variants = e.variants.iter().map(|(rust, v)| {
        let id = ident(rust);
        let doc = docs(&doc_lines(
            &v.description,
            &[format!("Code `{}`.", v.value)],
            None,
            None,
        ));
        quote!(#doc #id,)
    });
    let codes = e.variants.iter().map(|(rust, v)| {
        let id = ident(rust);
        let code = scalar(&v.value);
        quote!(#name::#id => #code,)
    });
    let from_codes = e.variants.iter().map(|(rust, v)| {
        let id = ident(rust);
        let code = scalar(&v.value);
        quote!(#code => ::core::option::Option::Some(#name::#id),)
    });
    let all = e.variants.iter().map(|(rust, _)| ident(rust));
    let (code_ty, arg_ty, unknown_ty) = match e.repr {
        Repr::String => (quote!(&str), quote!(&str), quote!(::std::string::String)),
        Repr::Integer => (quote!(i64), quote!(i64), quote!(i64)),
    };
    let copy = (!e.open || e.repr == Repr::Integer).then(|| quote!(Copy,));
    let (unknown_variant, unknown_code, constness, open_impls) = if e.open {
        let unknown_code = match e.repr {
            Repr::String => quote!(#name::Unknown(code) => code,),
            Repr::Integer => quote!(#name::Unknown(code) => *code,),
        };
        (
            quote! {
                /// A code the document does not list, kept as the gateway sent it. Requests
                /// that carry one fail validation.
                Unknown(#unknown_ty),
            },
            unknown_code,
            quote!(),
            Some(open_enum_impls(e, rt)),
        )
    } else {
        (quote!(), quote!(), quote!(const), None)
    };
    let serde = enum_serde(e, rt);
    quote! {
        #doc
        #[derive(Debug, Clone, #copy PartialEq, Eq, Hash)]
        pub enum #name {
            #(#variants)*
            #unknown_variant
        }

        impl #name {
            /// Every documented code, in document order.
            pub const ALL: &'static [#name] = &[#(#name::#all),*];

            /// The code sent on the wire.
            pub #constness fn code(&self) -> #code_ty {
                match self {
                    #(#codes)*
                    #unknown_code
                }
            }

            /// The variant for a wire code, if the document defines it.
            pub fn from_code(code: #arg_ty) -> ::core::option::Option<Self> {
                match code {
                    #(#from_codes)*
                    _ => ::core::option::Option::None,
                }
            }
        }

        #open_impls
        #serde
    }
}

/// An open enum rejects its `Unknown` variant when it is part of a request.
fn open_enum_impls(e: &Enum<'_>, rt: &TokenStream) -> TokenStream {
    let name = ident(&e.def.name);
    quote! {
        impl #rt::Validate for #name {
            fn validate_at(
                &self,
                path: &#rt::validate::Path<'_>,
                errors: &mut #rt::ValidationErrors,
            ) {
                if let #name::Unknown(_) = self {
                    errors.push(path, #rt::Rule::UnknownCode);
                }
            }
        }
    }
}

fn enum_serde(e: &Enum<'_>, rt: &TokenStream) -> TokenStream {
    let name = ident(&e.def.name);
    let (serialize, read) = match e.repr {
        Repr::String => (
            quote!(serializer.serialize_str(self.code())),
            quote!(let code = <::std::string::String as #rt::__private::serde::Deserialize>::deserialize(deserializer)?;),
        ),
        Repr::Integer => (
            quote!(serializer.serialize_i64(self.code())),
            quote!(let code = #rt::lenient::integer(deserializer)?;),
        ),
    };
    let lookup = match e.repr {
        Repr::String => quote!(Self::from_code(code.as_str())),
        Repr::Integer => quote!(Self::from_code(code)),
    };
    let expected = format!("a {} code", e.def.name);
    let finish = if e.open {
        quote!(::core::result::Result::Ok(#lookup.unwrap_or(#name::Unknown(code))))
    } else {
        quote! {
            // The code is not quoted back: error text must not carry response values.
            #lookup.ok_or_else(|| {
                <D::Error as #rt::__private::serde::de::Error>::custom(#expected)
            })
        }
    };
    quote! {
        impl #rt::__private::serde::Serialize for #name {
            fn serialize<S>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error>
            where
                S: #rt::__private::serde::Serializer,
            {
                #serialize
            }
        }

        impl<'de> #rt::__private::serde::Deserialize<'de> for #name {
            fn deserialize<D>(deserializer: D) -> ::core::result::Result<Self, D::Error>
            where
                D: #rt::__private::serde::Deserializer<'de>,
            {
                #read
                #finish
            }
        }
    }
}

pub(crate) fn scalar(value: &Scalar) -> TokenStream {
    match value {
        Scalar::Str(s) => quote!(#s),
        Scalar::Int(i) => {
            let i = proc_macro2::Literal::i64_unsuffixed(*i);
            quote!(#i)
        }
    }
}
