//! Auth schemes: the header recipes and signatures each operation's request carries.

use super::tokens::encoded;
use crate::model::{Auth, HeaderPiece, MessagePiece, Model, SignatureAlgorithm, TokenPlan};
use crate::naming::ident;
use crate::prose::escape;
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

/// The name of the client method that builds a scheme's headers.
pub(super) fn auth_ident(scheme: &str) -> Ident {
    format_ident!("auth_{}", scheme)
}

/// The method that builds the headers of `auth` for one request.
pub(super) fn auth_method(model: &Model, auth: &Auth, rt: &TokenStream) -> TokenStream {
    let name = auth_ident(&auth.name);
    let signs = |piece: MessagePiece| auth.signature.as_ref().is_some_and(|s| s.signs(&piece));
    // Parameters the message does not sign are bound but unused.
    let param = |placeholder: &str, piece: MessagePiece| {
        if signs(piece) {
            format_ident!("{}", placeholder)
        } else {
            format_ident!("_{}", placeholder)
        }
    };
    let (method, uri, body) = (
        param("method", MessagePiece::Method),
        param("uri", MessagePiece::Uri),
        param("body", MessagePiece::Body),
    );
    // The time is the caller's: the client passes its clock's, a mock the one it received.
    let timestamp = auth.uses_timestamp().then(|| quote!(timestamp_ms: &str,));
    let signature = auth.signature.as_ref().map(|signature| {
        let key = credential_bytes(model, signature.key, rt);
        let parts = signature.message.iter().map(|piece| match piece {
            MessagePiece::Literal(text) => quote!(#text.as_bytes()),
            MessagePiece::Body => quote!(body),
            MessagePiece::Method => quote!(method.as_bytes()),
            MessagePiece::Uri => quote!(uri.as_bytes()),
            MessagePiece::Timestamp => quote!(timestamp_ms.as_bytes()),
            MessagePiece::Credential(credential) => credential_bytes(model, *credential, rt),
        });
        let mac = match signature.algorithm {
            SignatureAlgorithm::HmacSha256 => {
                quote!(#rt::auth::hmac_sha256(#key, &[#(#parts),*]))
            }
        };
        let text = encoded(signature.output, &mac, rt);
        quote!(let signature = #text;)
    });
    let basic = auth.basic.as_ref().map(|(user, password)| {
        let (user, _) = header_value(model, user, rt);
        let (password, _) = header_value(model, password, rt);
        quote!(let basic = #rt::auth::basic(&#user, &#password);)
    });
    let token = auth.token.as_ref().map(|_| quote!(token: &str,));
    let headers = auth.headers.iter().map(|(header, pieces)| {
        let header = header.to_ascii_lowercase();
        let (value, sensitive) = header_value(model, pieces, rt);
        quote! {
            let (name, value) = #rt::auth::header(#header, &#value, #sensitive)?;
            headers.insert(name, value);
        }
    });
    let doc = format!(
        " The headers of the `{}` auth scheme ({}).",
        auth.name,
        escape(&auth.source)
    );
    quote! {
        #[doc = #doc]
        fn #name(
            &self,
            #method: &str,
            #uri: &str,
            #body: &[u8],
            #timestamp
            #token
        ) -> #rt::Result<#rt::__private::reqwest::header::HeaderMap> {
            #signature
            #basic
            let mut headers = #rt::__private::reqwest::header::HeaderMap::new();
            #(#headers)*
            ::core::result::Result::Ok(headers)
        }
    }
}

/// The name of the client field that keeps a token scheme's token.
pub(super) fn tokens_ident(scheme: &str) -> Ident {
    format_ident!("tokens_{}", scheme)
}

/// The name of the client method that gets a token scheme's token.
pub(super) fn token_ident(scheme: &str) -> Ident {
    format_ident!("token_{}", scheme)
}

/// The method that gets the token of `auth`: the kept one, or one its operation issues.
pub(super) fn token_method(
    model: &Model,
    auth: &Auth,
    plan: &TokenPlan,
    rt: &TokenStream,
) -> TokenStream {
    let (name, tokens) = (token_ident(&auth.name), tokens_ident(&auth.name));
    let op = &model.operations[plan.operation];
    let issue = ident(&op.name);
    let request = ident(&model.request(op).name);
    let fields = &model.response(op).fields;
    let value = ident(&fields[plan.field].rust);
    let time = |index: Option<usize>| match index {
        None => quote!(::core::option::Option::None),
        Some(i) => super::tokens::present(&quote!(answer), &fields[i]),
    };
    let (expires_at, issued_at) = (time(plan.expires_at), time(plan.issued_at));
    let documented = match plan.lifetime_ms {
        Some(ms) => quote!(::core::option::Option::Some(#ms)),
        None => quote!(::core::option::Option::None),
    };
    let margin = plan.refresh_before_ms;
    let doc = format!(
        " The bearer token of the `{}` scheme: the one kept, or a fresh one from [`Self::{}`] ({}).",
        auth.name,
        op.name,
        escape(&plan.source)
    );
    quote! {
        #[doc = #doc]
        async fn #name(&self) -> #rt::Result<#rt::auth::SecretString> {
            let issue = || async {
                let answer = self.#issue(&#request::builder().build()).await?;
                let lifetime = #rt::token::Lifetime {
                    expires_at: #expires_at,
                    issued_at: #issued_at,
                    documented_ms: #documented,
                    refresh_before_ms: #margin,
                };
                let now_ms = self.clock.now_millis();
                ::core::result::Result::Ok(#rt::token::IssuedToken::new(
                    ::core::clone::Clone::clone(&answer.#value),
                    now_ms,
                    lifetime,
                ))
            };
            self.#tokens.get(&*self.clock, issue).await
        }
    }
}

/// The credential at `index` as a `&str`, exposed from its secret wrapper if it has one.
pub(super) fn credential_str(model: &Model, index: usize, rt: &TokenStream) -> TokenStream {
    let credential = &model.credentials[index];
    let id = ident(&credential.name);
    if credential.secret {
        quote!(#rt::auth::ExposeSecret::expose_secret(&self.credentials.#id))
    } else {
        quote!(self.credentials.#id.as_str())
    }
}

/// The credential at `index` as bytes, for a signature or digest.
pub(super) fn credential_bytes(model: &Model, index: usize, rt: &TokenStream) -> TokenStream {
    let text = credential_str(model, index, rt);
    quote!(#text.as_bytes())
}

/// A header value from its pieces, and whether it is sensitive (it carries a signature or a
/// secret), so that reqwest keeps it out of its own Debug output.
fn header_value(model: &Model, pieces: &[HeaderPiece], rt: &TokenStream) -> (TokenStream, bool) {
    let mut sensitive = false;
    let parts: Vec<TokenStream> = pieces
        .iter()
        .map(|piece| match piece {
            HeaderPiece::Literal(text) => quote!(#text),
            HeaderPiece::Timestamp => quote!(timestamp_ms),
            HeaderPiece::Signature => {
                sensitive = true;
                quote!(signature.as_str())
            }
            HeaderPiece::Basic => {
                // The pair is a credential in base64: as secret as its parts, and treated so.
                sensitive = true;
                quote!(basic.as_str())
            }
            HeaderPiece::Token => {
                sensitive = true;
                quote!(token)
            }
            HeaderPiece::Credential(index) => {
                sensitive |= model.credentials[*index].secret;
                credential_str(model, *index, rt)
            }
        })
        .collect();
    (quote!([#(#parts),*].concat()), sensitive)
}

#[cfg(test)]
mod tests {
    use super::auth_method;
    use crate::emit::fixture::{pretty, rt, with_model};

    #[test]
    fn a_signed_scheme_signs_its_message_template_with_its_key() {
        let code = with_model(|model| {
            let method = auth_method(model, &model.auth[0], &rt());
            pretty(quote::quote!(impl Client { #method }))
        });
        assert!(code.contains("fn auth_signed("), "{code}");
        assert!(code.contains("hmac_sha256"), "{code}");
        assert!(code.contains("hex_lower"), "{code}");
        // The time is the caller's (the client's clock, or the time a mock received), never
        // read here.
        assert!(code.contains("timestamp_ms: &str,"), "{code}");
        assert!(!code.contains("now_millis"), "{code}");
        // Header names are sent in lower case; the signature header is marked sensitive.
        assert!(code.contains("\"authorization\",\n            &[\"SIG \", signature.as_str()].concat(),\n            true,"), "{code}");
        assert!(code.contains("timestamp_ms.as_bytes(), body]"), "{code}");
    }
}
