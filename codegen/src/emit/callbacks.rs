//! Decoders of the callbacks a merchant receives (`from_form`, `from_json`).

use crate::model::{Callback, Model};
use crate::naming::ident;
use crate::prose::escape;
use proc_macro2::TokenStream;
use quote::quote;

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
