//! Digests: request fields the client computes and response fields it verifies, over the recipe's
//! inputs.

use super::auth::credential_bytes;
use super::tokens::encoded;
use crate::model::{
    Digest, DigestAlgorithm, DigestInput, DigestOutput, Model, Object, ObjectField, RustType,
};
use crate::naming::ident;
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

/// What the client fills in of a request before sending (digests, clock times, credentials),
/// each sent where its field says: the body's are appended to the request's own fields.
pub(super) fn wire_type(object: &Object) -> Option<TokenStream> {
    let filled = object.filled_fields();
    if filled.is_empty() {
        return None;
    }
    let wire = format_ident!("{}Wire", object.name);
    let doc = format!(
        " What the client fills in of a [`{}`] before sending.",
        object.name
    );
    let lifetime = borrows(&filled).then(|| quote!(<'a>));
    let fields = filled.iter().map(|f| {
        let id = ident(&f.rust);
        // A credential is borrowed from the client, not copied on every call.
        let ty = if f.credential.is_some() {
            quote!(&'a str)
        } else {
            quote!(::std::string::String)
        };
        quote!(#id: #ty,)
    });
    Some(quote! {
        #[doc = #doc]
        struct #wire #lifetime {
            #(#fields)*
        }
    })
}

/// Whether a wire struct borrows from the client: it holds a credential.
fn borrows(filled: &[&ObjectField]) -> bool {
    filled.iter().any(|f| f.credential.is_some())
}

pub(super) fn wire_method(model: &Model, object: &Object, rt: &TokenStream) -> Option<TokenStream> {
    let filled = object.filled_fields();
    if filled.is_empty() {
        return None;
    }
    let request = ident(&object.name);
    let wire = format_ident!("{}Wire", object.name);
    let method = format_ident!("wire_{}", crate::naming::snake(&object.name));
    // Times first: a digest may sign one, and must sign exactly the text that is sent.
    let (clocks, others): (Vec<&ObjectField>, Vec<&ObjectField>) =
        filled.iter().partition(|f| f.clock.is_some());
    let now = (!clocks.is_empty()).then(|| quote!(let now_ms = self.clock.now_millis();));
    let values = clocks.iter().chain(&others).map(|f| {
        let id = ident(&f.rust);
        let text = match (&f.clock, &f.computed, f.credential) {
            (Some(clock), _, _) => {
                let format = format_ident!("{}", clock.format.rust_name());
                let offset = clock.offset_minutes;
                quote!(#rt::time::clock_text(now_ms, #rt::Format::#format, #offset))
            }
            (None, Some(digest), _) => {
                let bytes =
                    digest_expr(model, &object.fields, digest, &format_ident!("request"), rt);
                encoded(digest.output, &bytes, rt)
            }
            (None, None, Some(credential)) => super::auth::credential_str(model, credential, rt),
            (None, None, None) => quote!(::std::string::String::new()),
        };
        quote!(let #id = #text;)
    });
    let ids = filled.iter().map(|f| ident(&f.rust));
    let (generics, lifetime) = if borrows(&filled) {
        (quote!(<'a>), quote!(<'a>))
    } else {
        (quote!(), quote!())
    };
    // Only a digest reads the request; clock times and credentials do not.
    let param = if filled.iter().any(|f| f.computed.is_some()) {
        format_ident!("request")
    } else {
        format_ident!("_request")
    };
    let this = if borrows(&filled) {
        quote!(&'a self)
    } else {
        quote!(&self)
    };
    Some(quote! {
        /// Fills in the fields the client computes from the request, its clock and its
        /// credentials.
        fn #method #generics(#this, #param: &#request) -> #wire #lifetime {
            #now
            #(#values)*
            #wire {
                #(#ids,)*
            }
        }
    })
}

pub(super) fn verify_method(
    model: &Model,
    object: &Object,
    rt: &TokenStream,
) -> Option<TokenStream> {
    let verified = object.verified_fields();
    if verified.is_empty() {
        return None;
    }
    let response = ident(&object.name);
    let method = format_ident!("verify_{}", crate::naming::snake(&object.name));
    let callback = model
        .callbacks
        .iter()
        .find(|c| std::ptr::eq(&model.objects[c.ty], object));
    let checks = verified.iter().map(|(f, digest)| {
        let id = ident(&f.rust);
        let wire = &f.wire;
        let inputs = &digest.inputs;
        let expected = digest_expr(
            model,
            &object.fields,
            digest,
            &format_ident!("response"),
            rt,
        );
        let received = if f.optional {
            quote!(response.#id.as_deref().unwrap_or_default())
        } else {
            quote!(response.#id.as_str())
        };
        // A success without one of the digested fields cannot be verified, so it fails too.
        let missing: Vec<TokenStream> = inputs
            .iter()
            .filter_map(|input| {
                let DigestInput::Field(index) = *input else {
                    return None;
                };
                let field = &object.fields[index];
                let id = ident(&field.rust);
                field.optional.then(|| quote!(response.#id.is_none()))
            })
            .collect();
        let missing = (!missing.is_empty()).then(|| {
            quote! {
                if #(#missing)||* {
                    return ::core::result::Result::Err(#rt::Error::Integrity { field: #wire });
                }
            }
        });
        let base64 = digest.output == DigestOutput::Base64;
        quote! {
            #missing
            let expected = #expected;
            if !#rt::auth::digest_matches(&expected, #received, #base64) {
                return ::core::result::Result::Err(#rt::Error::Integrity { field: #wire });
            }
        }
    });
    // A callback's digests are the merchant's to check, before acting on what it reports; a
    // response's are checked by the call itself.
    let (visibility, doc) = match callback {
        Some(callback) => (
            quote!(pub),
            format!(
                " Checks the digests of a [`{}`] (the `{}` callback) in constant time, with this client's credentials. Call it before acting on a callback that reports success: a mismatch, or a missing digest or input, is [`{}::Error::Integrity`].",
                object.name,
                callback.name,
                super::tokens::rt_text(rt)
            ),
        ),
        None => (
            quote!(),
            format!(
                " Checks the digests of a successful [`{}`] in constant time.",
                object.name
            ),
        ),
    };
    Some(quote! {
        #[doc = #doc]
        #visibility fn #method(&self, response: &#response) -> #rt::Result<()> {
            #(#checks)*
            ::core::result::Result::Ok(())
        }
    })
}

/// The SHA-256 bytes of `recipe` over fields of `value` (a variable naming the object) and
/// credentials.
pub(super) fn digest_expr(
    model: &Model,
    fields: &[ObjectField],
    digest: &Digest,
    value: &Ident,
    rt: &TokenStream,
) -> TokenStream {
    let parts = digest.inputs.iter().map(|input| {
        let field = match input {
            DigestInput::Credential(credential) => return credential_bytes(model, *credential, rt),
            DigestInput::Field(index) => &fields[*index],
        };
        if let RustType::Const(value) = &field.ty {
            let text = value.to_string();
            return quote!(#text.as_bytes());
        }
        let id = ident(&field.rust);
        if field.clock.is_some() {
            // Written into a local by the wire method, before any digest.
            return quote!(#id.as_bytes());
        }
        let text = match (&field.ty, field.optional) {
            (RustType::String, false) => return quote!(#value.#id.as_bytes()),
            (RustType::String, true) => {
                return quote!(#value.#id.as_deref().unwrap_or_default().as_bytes())
            }
            (RustType::Enum(_), false) => quote!(#value.#id.code().to_string()),
            (RustType::Enum(_), true) => {
                quote!(#value.#id.as_ref().map(|v| v.code().to_string()).unwrap_or_default())
            }
            (_, false) => quote!(#value.#id.to_string()),
            (_, true) => quote!(#value.#id.as_ref().map(|v| v.to_string()).unwrap_or_default()),
        };
        quote!(#text.as_bytes())
    });
    // Every algorithm of the vocabulary, by name: a new one fails to compile here until the
    // runtime can compute it.
    match (digest.algorithm, digest.key) {
        (DigestAlgorithm::Sha256, _) => quote!(#rt::auth::sha256(&[#(#parts),*])),
        (DigestAlgorithm::Sha512, _) => quote!(#rt::auth::sha512(&[#(#parts),*])),
        (DigestAlgorithm::HmacSha256, key) => {
            // The checker makes an HMAC name its key; an empty one would still compile.
            let key = match key {
                Some(key) => credential_bytes(model, key, rt),
                None => quote!(b""),
            };
            quote!(#rt::auth::hmac_sha256(#key, &[#(#parts),*]))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{verify_method, wire_type};
    use crate::emit::fixture::{pretty, rt, with_model};

    #[test]
    fn a_computed_field_is_held_apart_from_the_request() {
        let code = with_model(|model| {
            pretty(
                wire_type(model.object_named("PayRequest").expect("a fixture type"))
                    .expect("PayRequest computes a field"),
            )
        });
        // No credential is filled in, so nothing is borrowed from the client.
        assert!(code.contains("struct PayRequestWire {"), "{code}");
        assert!(code.contains("hash: ::std::string::String"), "{code}");
    }

    #[test]
    fn a_verified_field_is_compared_in_constant_time_with_its_recipe() {
        let code = with_model(|model| {
            let method = verify_method(
                model,
                model.object_named("PayResponse").expect("a fixture type"),
                &rt(),
            )
            .expect("PayResponse verifies a field");
            pretty(quote::quote!(impl Client { #method }))
        });
        assert!(code.contains("::paygen_runtime::auth::sha256("), "{code}");
        // A response lacking an input of the recipe fails closed.
        assert!(code.contains("if response.tid.is_none()"), "{code}");
        assert!(code.contains("Integrity"), "{code}");
        assert!(code.contains("\"check\""), "{code}");
    }
}
