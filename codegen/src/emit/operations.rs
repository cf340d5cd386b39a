//! Operations: each async method (validate, prepare, send, interpret), its URI from path and query
//! fields, and the `Outcome` of its response type.

use super::auth::auth_ident;
use super::tokens::{docs, scalar};
use crate::model::{doc_lines, Model, Operation, PathSegment, RustType};
use crate::naming::ident;
use crate::spec::{FieldType, HttpMethod, Location, Repr, Required, Scalar, Success};
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

pub(super) fn operation(
    model: &Model<'_>,
    op: &Operation<'_>,
    rt: &TokenStream,
    public_prepare: bool,
) -> TokenStream {
    let spec = op.spec;
    let name = ident(&spec.name);
    let request = ident(&spec.request);
    let response = ident(&spec.response);
    let method = method_tokens(op.method(), rt);
    let method_str = op.method().as_str();
    let uri = uri_expr(model, op, rt);
    let bodiless = matches!(op.method(), HttpMethod::Get | HttpMethod::Delete);
    let has_computed = op
        .request
        .fields
        .iter()
        .flatten()
        .any(|f| f.computed.is_some());
    let body = if bodiless {
        quote!(let body: ::core::option::Option<::std::vec::Vec<u8>> = ::core::option::Option::None;)
    } else if has_computed {
        let wire = format_ident!("wire_{}", crate::naming::snake(&spec.request));
        quote!(let body = ::core::option::Option::Some(#rt::__private::http::encode_json(&self.#wire(request))?);)
    } else {
        quote!(let body = ::core::option::Option::Some(#rt::__private::http::encode_json(request)?);)
    };
    let verifies = !model.object(&spec.response).verified_fields().is_empty();
    let op_name = spec.name.as_str();
    let retryable = is_retryable(spec);
    let safety = if retryable {
        format_ident!("Retryable")
    } else {
        format_ident!("Unsafe")
    };
    let interpret = if retryable {
        quote!(#rt::__private::http::interpret(&raw))
    } else {
        quote!(#rt::__private::http::interpret_write(&raw, #op_name))
    };
    let finish = if verifies {
        let verify = format_ident!("verify_{}", crate::naming::snake(&spec.response));
        quote! {
            let response = #interpret?;
            self.#verify(&response)?;
            ::core::result::Result::Ok(response)
        }
    } else {
        interpret
    };
    let headers = match &spec.auth {
        Some(scheme) => {
            let auth = auth_ident(scheme);
            quote!(let headers = self.#auth(#method_str, &uri, body.as_deref().unwrap_or_default())?;)
        }
        None => quote!(let headers = #rt::__private::reqwest::header::HeaderMap::new();),
    };
    let doc = docs(&doc_lines(
        &spec.summary,
        &operation_facts(op, rt),
        Some(&spec.source),
        None,
    ));
    let prepare = format_ident!("prepare_{}", spec.name);
    let prepare_doc = format!(
        " What [`Self::{}`] sends: the request validated, serialised, digested and signed; everything but the sending.",
        spec.name
    );
    // Private unless a benchmark or test asks for it (`Settings::public_prepare`).
    let visibility = public_prepare.then(|| quote!(pub));
    quote! {
        #[doc = #prepare_doc]
        #visibility fn #prepare(&self, request: &#request) -> #rt::Result<#rt::__private::http::Prepared> {
            #rt::Validate::validate(request)?;
            let uri = #uri;
            #body
            #headers
            ::core::result::Result::Ok(#rt::__private::http::Prepared {
                method: #method,
                path_and_query: uri,
                body,
                headers,
            })
        }

        #doc
        pub async fn #name(&self, request: &#request) -> #rt::Result<#response> {
            let prepared = self.#prepare(request)?;
            let raw = self
                .transport
                .send(#rt::__private::http::Call {
                    operation: #op_name,
                    safety: #rt::__private::http::Safety::#safety,
                    method: prepared.method,
                    path_and_query: &prepared.path_and_query,
                    body: prepared.body,
                    headers: prepared.headers,
                })
                .await?;
            #finish
        }
    }
}

/// Reads, and writes the gateway deduplicates by an idempotency key, may be sent again.
fn is_retryable(spec: &crate::spec::Operation) -> bool {
    spec.method == HttpMethod::Get || spec.idempotency_key.is_some()
}

fn operation_facts(op: &Operation<'_>, rt: &TokenStream) -> Vec<String> {
    let spec = op.spec;
    let mut facts = vec![format!("`{} {}`", spec.method.as_str(), spec.path)];
    facts.push(if is_retryable(spec) {
        "retried on connection errors and 5xx answers, per the client's retry policy".to_owned()
    } else {
        format!(
            "never retried: a timeout or an unreadable answer is [`{}::Error::OutcomeUnknown`]; resolve it with a status query",
            rt.to_string().replace(' ', "")
        )
    });
    if let Some(scheme) = &spec.auth {
        facts.push(format!("authenticated with the `{scheme}` scheme"));
    }
    if let Some(key) = &spec.idempotency_key {
        facts.push(format!(
            "idempotent: the gateway treats `{key}` as the idempotency key, so resending the same request with the same `{key}` does not pay twice"
        ));
    }
    let error = format!("[`{}::Error::Api`]", rt.to_string().replace(' ', ""));
    facts.push(match &spec.success {
        Success::Http2xx => {
            "succeeds on any 2xx status (the body carries no result code)".to_owned()
        }
        Success::Code(code) => format!(
            "succeeds when `{}` is `{}`; any other code is {error}",
            code.field, code.equals
        ),
    });
    facts
}

/// The expression for the path and query of a request: placeholders filled from `in: path`
/// fields (percent-encoded), then the `in: query` fields.
fn uri_expr(model: &Model<'_>, op: &Operation<'_>, rt: &TokenStream) -> TokenStream {
    let fields = &model.object(&op.spec.request).fields;
    let mut format = String::new();
    let mut args = Vec::new();
    for segment in &op.path {
        match segment {
            PathSegment::Literal(text) => {
                format.push_str(&text.replace('{', "{{").replace('}', "}}"))
            }
            PathSegment::Field(index) => {
                format.push_str("{}");
                let value = path_text(model, &op.spec.request, &fields[*index]);
                args.push(quote!(#rt::__private::http::path_segment(#value)));
            }
        }
    }
    let query: Vec<TokenStream> = fields
        .iter()
        .filter(|f| f.spec.location == Location::Query)
        .map(|f| {
            let wire = &f.spec.wire;
            let id = ident(&f.rust);
            let optional = f.spec.required != Required::Yes;
            let value = if f.is_const() {
                let text = const_text(&op.spec.request, &f.rust);
                quote!(::core::option::Option::Some(#text))
            } else if optional && f.spec.ty == FieldType::String {
                quote!(::core::clone::Clone::clone(&request.#id))
            } else if optional {
                let text = text_of(&format_ident!("value"), f.spec.ty, true);
                quote!(request.#id.as_ref().map(|value| #text))
            } else {
                let text = text_of(&id, f.spec.ty, false);
                quote!(::core::option::Option::Some(#text))
            };
            quote!((#wire, #value))
        })
        .collect();
    if query.is_empty() && args.is_empty() {
        quote!(::std::borrow::ToOwned::to_owned(#format))
    } else if query.is_empty() {
        quote!(::std::format!(#format #(, #args)*))
    } else {
        format.push_str("{}");
        quote!(
            ::std::format!(#format #(, #args)*, #rt::__private::http::query_string(&[#(#query),*]))
        )
    }
}

/// A path value as the `&str` that `path_segment` takes, borrowed where the field already holds
/// text (a string, a string enum's code, a string const).
fn path_text(
    model: &Model<'_>,
    request: &str,
    field: &crate::model::ObjectField<'_>,
) -> TokenStream {
    let id = ident(&field.rust);
    match (&field.ty, field.spec.ty) {
        (RustType::Const(Scalar::Str(_)), _) => {
            let ty = ident(request);
            let name = format_ident!("{}", crate::naming::snake(&field.rust).to_uppercase());
            quote!(#ty::#name)
        }
        (RustType::Const(_), _) => {
            let text = const_text(request, &field.rust);
            quote!(&#text)
        }
        (_, FieldType::String) => quote!(&request.#id),
        (RustType::Enum(name), _)
            if model
                .enums
                .iter()
                .any(|e| &e.def.name == name && e.repr == Repr::String) =>
        {
            quote!(request.#id.code())
        }
        _ => {
            let text = text_of(&id, field.spec.ty, false);
            quote!(&#text)
        }
    }
}

/// The text of a const path or query value: the request type's constant, as a `String`.
fn const_text(request: &str, rust: &str) -> TokenStream {
    let ty = ident(request);
    let id = format_ident!("{}", crate::naming::snake(rust).to_uppercase());
    quote!(::std::string::ToString::to_string(&#ty::#id))
}

/// The text of a path or query value: `request.field` (or the bound `value`) as a `String`.
fn text_of(id: &Ident, ty: FieldType, bound: bool) -> TokenStream {
    let value = if bound {
        quote!(#id)
    } else {
        quote!(request.#id)
    };
    match ty {
        FieldType::String => quote!(#value.clone()),
        FieldType::Enum => quote!(#value.code().to_string()),
        _ => quote!(#value.to_string()),
    }
}

fn method_tokens(method: HttpMethod, rt: &TokenStream) -> TokenStream {
    let id = format_ident!("{}", method.as_str());
    quote!(#rt::__private::reqwest::Method::#id)
}

/// The `Outcome` impl of an operation's response type.
pub(super) fn outcome(op: &Operation<'_>, rt: &TokenStream) -> TokenStream {
    let response = ident(&op.response.name);
    let Success::Code(success) = &op.spec.success else {
        return quote! {
            /// Success is any 2xx status; the body carries no result code.
            impl #rt::__private::http::Outcome for #response {
                fn failure(&self) -> ::core::option::Option<#rt::ApiFailure> {
                    ::core::option::Option::None
                }
            }
        };
    };
    let equals = scalar(&success.equals);
    let (code, code_optional) = op.response_field(&success.field);
    let code = ident(&code);
    let is_success = match (&success.equals, code_optional) {
        (Scalar::Str(_), true) => {
            quote!(self.#code.as_deref() == ::core::option::Option::Some(#equals))
        }
        (Scalar::Int(_), true) => quote!(self.#code == ::core::option::Option::Some(#equals)),
        (_, false) => quote!(self.#code == #equals),
    };
    let code_text = match (&success.equals, code_optional) {
        (Scalar::Str(_), false) => quote!(self.#code.clone()),
        (Scalar::Str(_), true) => quote!(self.#code.clone().unwrap_or_default()),
        (Scalar::Int(_), false) => quote!(self.#code.to_string()),
        (Scalar::Int(_), true) => {
            quote!(self.#code.map(|code| code.to_string()).unwrap_or_default())
        }
    };
    let (message, message_optional) = op.response_field(&success.message);
    let message = ident(&message);
    let message_text = if message_optional {
        quote!(self.#message.clone().unwrap_or_default())
    } else {
        quote!(self.#message.clone())
    };
    let detail_text = match &success.detail {
        None => quote!(::core::option::Option::None),
        Some(wire) => {
            let (detail, optional) = op.response_field(wire);
            let detail = ident(&detail);
            if optional {
                quote!(self.#detail.clone())
            } else {
                quote!(::core::option::Option::Some(self.#detail.clone()))
            }
        }
    };
    let doc = format!(
        " Success is `{} == {}`.",
        success.field,
        match &success.equals {
            Scalar::Str(s) => format!("\"{s}\""),
            Scalar::Int(i) => i.to_string(),
        }
    );
    quote! {
        #[doc = #doc]
        impl #rt::__private::http::Outcome for #response {
            fn failure(&self) -> ::core::option::Option<#rt::ApiFailure> {
                if #is_success {
                    return ::core::option::Option::None;
                }
                ::core::option::Option::Some(#rt::ApiFailure {
                    code: #code_text,
                    message: #message_text,
                    detail: #detail_text,
                })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{operation, outcome};
    use crate::emit::fixture::{pretty, rt, with_model};

    fn emitted(name: &str) -> String {
        with_model(|model| {
            let op = model
                .operations
                .iter()
                .find(|o| o.spec.name == name)
                .expect("an operation");
            let method = operation(model, op, &rt(), false);
            pretty(quote::quote!(impl Client { #method }))
        })
    }

    #[test]
    fn a_read_fills_its_path_and_query_and_is_retried() {
        let code = emitted("status");
        assert!(code.contains("\"/pay/{}{}\""), "{code}");
        // Inside `format!` prettyplease keeps the tokens' spacing.
        assert!(code.contains("path_segment(& request.tid)"), "{code}");
        assert!(code.contains("(\"page\", request.page"), "{code}");
        assert!(code.contains("Safety::Retryable"), "{code}");
    }

    #[test]
    fn an_unkeyed_write_is_sent_once() {
        let code = emitted("pay");
        assert!(code.contains("Safety::Unsafe"), "{code}");
        assert!(
            code.contains("::paygen_runtime::Validate::validate(request)?;"),
            "{code}"
        );
        assert!(code.contains("never retried"), "{code}");
    }

    #[test]
    fn success_is_read_from_the_documented_field() {
        let code = with_model(|model| pretty(outcome(&model.operations[0], &rt())));
        assert!(
            code.contains("impl ::paygen_runtime::__private::http::Outcome for PayResponse"),
            "{code}"
        );
        assert!(code.contains("self.code == \"00\""), "{code}");
    }
}
