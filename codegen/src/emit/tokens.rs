//! Token helpers every emitter shares: doc attributes, Rust types, literals.

use crate::model::RustType;
use crate::model::{DigestOutput, ObjectField, Scalar};
use crate::naming::ident;
use proc_macro2::TokenStream;
use quote::quote;

pub(super) fn docs(lines: &[String]) -> TokenStream {
    let lines = lines.iter().map(|l| {
        if l.is_empty() {
            String::new()
        } else {
            format!(" {l}")
        }
    });
    quote! { #(#[doc = #lines])* }
}

pub(super) fn serde_crate(rt: &TokenStream) -> String {
    format!("{}::__private::serde", rt_text(rt))
}

/// The runtime's path as text, for doc links and attribute strings: `::paygen_runtime`.
pub(super) fn rt_text(rt: &TokenStream) -> String {
    rt.to_string().replace(' ', "")
}

/// Field `field` of the value `of` (`self`, `request`, ...) as an `Option`: a string as
/// `Option<&str>`, an enum as its code, anything else as its value.
pub(super) fn present(of: &TokenStream, field: &ObjectField) -> TokenStream {
    let id = ident(&field.rust);
    match (&field.ty, field.optional) {
        (RustType::Enum(_), false) => quote!(::core::option::Option::Some(#of.#id.code())),
        (RustType::Enum(_), true) => quote!(#of.#id.as_ref().map(|v| v.code())),
        (RustType::String, false) => quote!(::core::option::Option::Some(#of.#id.as_str())),
        (RustType::String, true) => quote!(#of.#id.as_deref()),
        (_, false) => quote!(::core::option::Option::Some(#of.#id)),
        (_, true) => quote!(#of.#id),
    }
}

/// The Rust type of `ty`; `rt` is the path of paygen_runtime, where `Decimal` lives.
pub(super) fn rust_type(ty: &RustType, rt: &TokenStream) -> TokenStream {
    match ty {
        RustType::String => quote!(::std::string::String),
        RustType::Integer => quote!(i64),
        RustType::Decimal(_) => quote!(#rt::Decimal),
        RustType::Boolean => quote!(bool),
        RustType::Object(name) | RustType::Enum(name) => {
            let name = ident(name);
            quote!(#name)
        }
        RustType::Vec(item) => {
            let item = rust_type(item, rt);
            quote!(::std::vec::Vec<#item>)
        }
        RustType::Const(_) => unreachable!("consts are not struct fields"),
    }
}

/// The text of digest or signature `bytes` in `output`'s encoding.
pub(super) fn encoded(output: DigestOutput, bytes: &TokenStream, rt: &TokenStream) -> TokenStream {
    match output {
        DigestOutput::Base64 => quote!(#rt::auth::base64(&#bytes)),
        DigestOutput::Hex => quote!(#rt::auth::hex_lower(&#bytes)),
    }
}

pub(super) fn scalar(value: &Scalar) -> TokenStream {
    match value {
        Scalar::Str(s) => quote!(#s),
        Scalar::Int(i) => {
            let i = proc_macro2::Literal::i64_unsuffixed(*i);
            quote!(#i)
        }
        Scalar::Bool(b) => quote!(#b),
    }
}

#[cfg(test)]
mod tests {
    use super::{docs, rust_type, scalar};
    use crate::model::RustType;
    use crate::model::Scalar;

    #[test]
    fn doc_lines_keep_their_blank_lines_and_types_are_absolute_paths() {
        let lines = ["First.".to_owned(), String::new(), "Second.".to_owned()];
        assert_eq!(
            docs(&lines).to_string(),
            "# [doc = \" First.\"] # [doc = \"\"] # [doc = \" Second.\"]"
        );
        let ty = RustType::Vec(Box::new(RustType::Enum("PayMethod".into())));
        assert_eq!(
            rust_type(&ty, &quote::quote!(::paygen_runtime)).to_string(),
            ":: std :: vec :: Vec < PayMethod >"
        );
        assert_eq!(scalar(&Scalar::Int(3)).to_string(), "3");
        assert_eq!(scalar(&Scalar::Str("00".into())).to_string(), "\"00\"");
    }
}
