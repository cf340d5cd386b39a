//! Enums of documented codes: variants, `code()`/`from_code()`/`ALL`, the `Unknown` fallback of
//! received enums, and their serde.

use super::docs::{doc_lines, text_lines};
use super::tokens::{docs, scalar};
use crate::model::{Enum, Repr};
use crate::naming::ident;
use proc_macro2::TokenStream;
use quote::quote;

pub(super) fn enumeration(e: &Enum, rt: &TokenStream) -> TokenStream {
    let name = ident(&e.name);
    let doc = docs(&doc_lines(&e.docs, &[]));
    let variants = e.variants.iter().map(|v| {
        let id = ident(&v.rust);
        let mut lines = text_lines(&v.description);
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.push(format!("Code `{}`.", v.value));
        let doc = docs(&lines);
        quote!(#doc #id,)
    });
    let codes = e.variants.iter().map(|v| {
        let id = ident(&v.rust);
        let code = scalar(&v.value);
        quote!(#name::#id => #code,)
    });
    let from_codes = e.variants.iter().map(|v| {
        let id = ident(&v.rust);
        let code = scalar(&v.value);
        quote!(#code => ::core::option::Option::Some(#name::#id),)
    });
    let all = e.variants.iter().map(|v| ident(&v.rust));
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
    let text = text_impls(e, rt);
    let mut names: Vec<&str> = e.variants.iter().map(|v| v.rust.as_str()).collect();
    if e.open {
        names.push("Unknown");
    }
    // Variant names are the document's codes; clippy's naming lint, which fires where an enum
    // is not exported (a team's private `include!`), would only ask to rename them.
    let allow_names =
        variant_names_lint(&e.name, &names).then(|| quote!(#[allow(clippy::enum_variant_names)]));
    quote! {
        #doc
        #[derive(Debug, Clone, #copy PartialEq, Eq, Hash)]
        #allow_names
        #[non_exhaustive]
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

        #text
        #open_impls
        #serde
    }
}

/// `Display` and `FromStr` as the wire code, so an enum prints and parses as the document
/// writes it. Parsing is strict, also for an open enum: only documented codes parse.
fn text_impls(e: &Enum, rt: &TokenStream) -> TokenStream {
    let name = ident(&e.name);
    let type_name = &e.name;
    let (display, parse) = match e.repr {
        Repr::String => (
            quote!(f.write_str(self.code())),
            quote!(Self::from_code(text)),
        ),
        Repr::Integer => (
            quote!(::core::fmt::Display::fmt(&self.code(), f)),
            quote!(text.parse::<i64>().ok().and_then(Self::from_code)),
        ),
    };
    quote! {
        impl ::core::fmt::Display for #name {
            /// Writes the wire code.
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                #display
            }
        }

        impl ::core::str::FromStr for #name {
            type Err = #rt::UnknownCode;

            /// Parses a documented wire code.
            fn from_str(text: &str) -> ::core::result::Result<Self, Self::Err> {
                #parse.ok_or(#rt::UnknownCode { type_name: #type_name })
            }
        }
    }
}

/// Whether clippy's `enum_variant_names` would fire: three or more variants that all share a
/// first or last CamelCase word, or a variant that starts or ends with the enum's name.
fn variant_names_lint(enum_name: &str, variants: &[&str]) -> bool {
    let words = |name: &str| -> Vec<String> {
        let mut words: Vec<String> = Vec::new();
        for c in name.chars() {
            match words.last_mut() {
                Some(word) if !c.is_uppercase() => word.push(c),
                _ => words.push(c.to_string()),
            }
        }
        words
    };
    let split: Vec<Vec<String>> = variants.iter().map(|v| words(v)).collect();
    let shared = |pick: fn(&Vec<String>) -> Option<&String>| {
        let first = split.first().and_then(pick);
        first.is_some() && split.iter().all(|w| pick(w) == first)
    };
    let affix = variants.len() >= 3 && (shared(|w| w.first()) || shared(|w| w.last()));
    let named = variants
        .iter()
        .any(|v| v.len() > enum_name.len() && (v.starts_with(enum_name) || v.ends_with(enum_name)));
    affix || named
}

/// An open enum rejects its `Unknown` variant when it is part of a request.
fn open_enum_impls(e: &Enum, rt: &TokenStream) -> TokenStream {
    let name = ident(&e.name);
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

fn enum_serde(e: &Enum, rt: &TokenStream) -> TokenStream {
    let name = ident(&e.name);
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
    let expected = format!("a {} code", e.name);
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

#[cfg(test)]
mod tests {
    use super::enumeration;
    use crate::emit::fixture::{pretty, rt, with_model};

    fn emitted(name: &str) -> String {
        with_model(|model| {
            let e = model
                .enums
                .iter()
                .find(|e| e.name == name)
                .expect("an enum");
            pretty(enumeration(e, &rt()))
        })
    }

    #[test]
    fn variants_carry_their_codes_and_rust_names() {
        let code = emitted("Method");
        assert!(code.contains("Card,"), "{code}");
        assert!(code.contains("BankTransfer,"), "{code}");
        assert!(code.contains("Method::BankTransfer => \"bank\""), "{code}");
        assert!(code.contains("pub const ALL"), "{code}");
        assert!(code.contains("pub fn from_code("), "{code}");
    }

    #[test]
    fn names_clippy_would_flag_get_an_allow_and_others_do_not() {
        use super::variant_names_lint as lint;
        // Shinhan's card purposes all end in `Credit`.
        assert!(lint(
            "CardPurposeType",
            &["Credit", "CheckCredit", "CashConvertibleCredit"]
        ));
        assert!(lint("Kind", &["KindA", "B"]));
        assert!(!lint("PayMethod", &["Card", "BankTransfer", "Unknown"]));
        // Two variants are below clippy's threshold.
        assert!(!lint("Pair", &["CheckCredit", "CashCredit"]));
    }

    #[test]
    fn an_enum_received_from_the_gateway_keeps_unknown_codes() {
        // State is read from a response; Method is only sent.
        assert!(emitted("State").contains("Unknown("));
        assert!(!emitted("Method").contains("Unknown("));
    }
}
