//! Decoders of the callbacks a merchant receives (`from_form`, `from_json`).

use crate::model::{Callback, Model};
use crate::naming::ident;
use crate::prose::escape;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// Decoding of a body the merchant receives, in either of the forms a browser or server posts.
pub(super) fn callback(model: &Model, callback: &Callback, rt: &TokenStream) -> TokenStream {
    let name = ident(&model.objects[callback.ty].name);
    let summary = escape(&callback.summary.paragraphs().join(" "));
    let answer = callback.answer.as_ref().map(|(status, body, content_type, source)| {
        let doc = format!(
            " What the gateway expects back from the `{}` callback ({}): HTTP {status}, `{}` as `{}`.",
            callback.name,
            escape(source),
            body.escape_debug(),
            content_type
        );
        quote! {
            #[doc = #doc]
            pub const ANSWER: #rt::CallbackAnswer = #rt::CallbackAnswer {
                status: #status,
                body: #body,
                content_type: #content_type,
            };
        }
    });
    let doc = format!(
        " Decodes the `{}` callback ({}): {summary}",
        callback.name,
        escape(&callback.source)
    );
    let charset = format_ident!("{}", model.vendor.charset.rust_name());
    let charset_name = model.vendor.charset.name();
    let form_doc = format!(
        " From an `application/x-www-form-urlencoded` body, as an HTML form posts it, its escapes in {charset_name}: bytes invalid there are an error, never U+FFFD."
    );
    let json_doc = format!(" From a JSON body in {charset_name}.");
    quote! {
        #[doc = #doc]
        impl #name {
            #[doc = #form_doc]
            pub fn from_form(body: &[u8]) -> #rt::Result<Self> {
                #rt::__private::http::decode_form_in(body, #rt::Encoding::#charset)
            }

            /// From a form body whose escapes are in `charset`: the one the payment window was
            /// opened with, or the one the request's `Content-Type` names
            /// (`paygen_runtime::charset::of_content_type`).
            pub fn from_form_in(body: &[u8], charset: #rt::Encoding) -> #rt::Result<Self> {
                #rt::__private::http::decode_form_in(body, charset)
            }

            #[doc = #json_doc]
            pub fn from_json(body: &[u8]) -> #rt::Result<Self> {
                #rt::__private::http::decode_json_callback_in(body, #rt::Encoding::#charset)
            }

            /// From a JSON body in `charset`.
            pub fn from_json_in(body: &[u8], charset: #rt::Encoding) -> #rt::Result<Self> {
                #rt::__private::http::decode_json_callback_in(body, charset)
            }

            #answer
        }
    }
}

#[cfg(test)]
mod tests {
    use super::callback;
    use crate::emit::fixture::{pretty, rt, with_model};

    #[test]
    fn a_callback_type_decodes_forms_and_json() {
        let code = with_model(|model| pretty(callback(model, &model.callbacks[0], &rt())));
        assert!(code.contains("impl Notice"), "{code}");
        assert!(code.contains("pub fn from_form("), "{code}");
        assert!(code.contains("pub fn from_json("), "{code}");
        assert!(
            code.contains("Decodes the `notify` callback (doc:5)"),
            "{code}"
        );
    }
}
