//! Operations: each async method (validate, prepare, send, interpret), its URI from path and query
//! fields, and the `Outcome` of its response type.

use super::auth::{auth_ident, token_ident, tokens_ident};
use super::docs::doc_lines;
use super::tokens::{docs, scalar};
use crate::model::{
    BodyFormat, Docs, HttpMethod, Location, Model, ObjectField, Operation, PathSegment, Repr,
    RustType, Scalar, Success,
};
use crate::naming::ident;
use crate::prose::escape;
use crate::Settings;
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

/// The charset the answer is read in: the one a request field names (NICEPAY's
/// `returnCharSet`) when it is set to one the client reads, else the vendor's.
fn answer_charset(model: &Model, op: &Operation, rt: &TokenStream) -> TokenStream {
    let vendor = format_ident!("{}", model.vendor.charset.rust_name());
    let vendor = quote!(#rt::Encoding::#vendor);
    let Some(field) = model.request(op).fields.iter().find(|f| f.answer_charset) else {
        return vendor;
    };
    let value = super::tokens::present(&quote!(request), field);
    quote!(#value.and_then(#rt::charset::from_label).unwrap_or(#vendor))
}

pub(super) fn operation(
    model: &Model,
    op: &Operation,
    rt: &TokenStream,
    settings: &Settings,
) -> TokenStream {
    let name = ident(&op.name);
    let (request_type, response_type) = (model.request(op), model.response(op));
    let request = ident(&request_type.name);
    let response = ident(&response_type.name);
    let method = method_tokens(op.method, rt);
    let method_str = op.method.as_str();
    let uri = uri_expr(model, op, rt);
    let bodiless = matches!(op.method, HttpMethod::Get | HttpMethod::Delete);
    let has_computed = !request_type.filled_fields().is_empty();
    let utf8 = model.vendor.charset == crate::spec::EncodingName::Utf8;
    let charset = format_ident!("{}", model.vendor.charset.rust_name());
    let body = if bodiless {
        quote!(let body: ::core::option::Option<::std::vec::Vec<u8>> = ::core::option::Option::None;)
    } else {
        // The fields the client fills in are appended to the request's own, in wire order.
        let filled: Vec<TokenStream> = (request_type.filled_fields().into_iter())
            .filter(|f| f.location == Location::Body)
            .map(|f| {
                let (wire_name, id) = (&f.wire, ident(&f.rust));
                if f.credential.is_some() {
                    quote!((#wire_name, wire.#id))
                } else {
                    quote!((#wire_name, wire.#id.as_str()))
                }
            })
            .collect();
        let encoded = match (op.request_format, utf8, filled.is_empty()) {
            (BodyFormat::Json, true, true) => quote!(#rt::__private::http::encode_json(request)),
            (BodyFormat::Form, true, true) => quote!(#rt::__private::http::encode_form(request)),
            (BodyFormat::Json, true, false) => {
                quote!(#rt::__private::http::encode_json_filled(request, &[#(#filled),*]))
            }
            (BodyFormat::Form, true, false) => {
                quote!(#rt::__private::http::encode_form_filled(request, &[#(#filled),*]))
            }
            (BodyFormat::Json, false, _) => quote!(
                #rt::__private::http::encode_json_in(request, &[#(#filled),*], #rt::Encoding::#charset)
            ),
            (BodyFormat::Form, false, _) => quote!(
                #rt::__private::http::encode_form_in(request, &[#(#filled),*], #rt::Encoding::#charset)
            ),
        };
        quote!(let body = ::core::option::Option::Some(#encoded?);)
    };
    let answer_charset = answer_charset(model, op, rt);
    let form_answer = op.response_format == BodyFormat::Form;
    // The fields the client fills (digests, clock times, credentials), computed once for the
    // query and the body alike.
    let wire = has_computed.then(|| {
        let method = format_ident!("wire_{}", crate::naming::snake(&request_type.name));
        quote!(let wire = self.#method(request);)
    });
    let verifies = !response_type.verified_fields().is_empty();
    let op_name = op.name.as_str();
    let retryable = op.retryable;
    let safety = if retryable {
        format_ident!("Retryable")
    } else {
        format_ident!("Unsafe")
    };
    let interpret = match (retryable, op.response_format) {
        (true, BodyFormat::Json) => quote!(#rt::__private::http::interpret(&raw)),
        (true, BodyFormat::Form) => quote!(#rt::__private::http::interpret_form(&raw)),
        (false, BodyFormat::Json) => {
            quote!(#rt::__private::http::interpret_write(&raw, #op_name))
        }
        (false, BodyFormat::Form) => {
            quote!(#rt::__private::http::interpret_write_form(&raw, #op_name))
        }
    };
    let finish = if verifies {
        let verify = format_ident!("verify_{}", crate::naming::snake(&response_type.name));
        quote! {
            let response = #interpret?;
            self.#verify(&response)?;
            ::core::result::Result::Ok(response)
        }
    } else {
        interpret
    };
    let token = op.auth.and_then(|scheme| model.auth[scheme].token.as_ref());
    let headers = match op.auth {
        Some(scheme) => {
            let auth = auth_ident(&model.auth[scheme].name);
            let token = token.map(|_| quote!(, token));
            let timestamp = model.auth[scheme]
                .uses_timestamp()
                .then(|| quote!(, &self.clock.now_millis().to_string()));
            quote!(let headers = self.#auth(#method_str, &uri, body.as_deref().unwrap_or_default() #timestamp #token)?;)
        }
        None => quote!(let headers = #rt::__private::reqwest::header::HeaderMap::new();),
    };
    // A form body says so, and so does a body in another charset; UTF-8 JSON is the
    // transport's default.
    let content_type = match (op.request_format, bodiless, utf8) {
        (_, true, _) | (BodyFormat::Json, false, true) => None,
        (BodyFormat::Form, false, true) => Some(quote!(#rt::__private::http::FORM_CONTENT_TYPE)),
        (format, false, false) => {
            let form = format == BodyFormat::Form;
            Some(quote!(#rt::__private::http::content_type(#form, #rt::Encoding::#charset)))
        }
    };
    let headers = match content_type {
        Some(content_type) => quote! {
            #headers
            let mut headers = headers;
            headers.insert(
                #rt::__private::reqwest::header::CONTENT_TYPE,
                #rt::__private::reqwest::header::HeaderValue::from_static(#content_type),
            );
        },
        None => headers,
    };
    let field_headers = field_headers(request_type, rt);
    let headers = quote!(#headers #field_headers);
    // The key of this logical call: the same on every retry, which resends these headers.
    let headers = match &op.idempotency_header {
        Some(name) => {
            let lower = name.to_ascii_lowercase();
            quote! {
                #headers
                let mut headers = headers;
                let key = #rt::idempotency::header_value(idempotency_key)
                    .ok_or(#rt::Error::InvalidHeader { name: #name })?;
                headers.insert(#rt::__private::reqwest::header::HeaderName::from_static(#lower), key);
            }
        }
        None => headers,
    };
    let key_param = op
        .idempotency_header
        .as_ref()
        .map(|_| quote!(, idempotency_key: &str));
    let key_arg = op
        .idempotency_header
        .as_ref()
        .map(|_| quote!(, idempotency_key));
    let mut lines = doc_lines(
        &Docs {
            text: op.summary.clone(),
            source: Some(op.source.clone()),
            conflict: None,
        },
        &operation_facts(model, op, rt),
    );
    if let Some(parent) = &settings.examples_in {
        lines.extend(example(model, op, parent, &settings.runtime_crate));
    }
    let doc = docs(&lines);
    let prepare = format_ident!("prepare_{}", op.name);
    let prepare_doc = format!(
        " What [`Self::{}`] sends: the request validated, serialised, digested and signed; everything but the sending.",
        op.name
    );
    // Private unless a benchmark or test asks for it (`Settings::public_prepare`).
    let visibility = settings.public_prepare.then(|| quote!(pub));
    let send = quote! {
        self.transport
            .send(#rt::__private::http::Call {
                operation: #op_name,
                safety: #rt::__private::http::Safety::#safety,
                method: prepared.method,
                path_and_query: &prepared.path_and_query,
                body: prepared.body,
                headers: prepared.headers,
                charset: #answer_charset,
                form_answer: #form_answer,
            })
            .await?
    };
    let call = match (token, op.auth) {
        (Some(plan), Some(scheme)) => {
            let name = &model.auth[scheme].name;
            let (get, tokens) = (token_ident(name), tokens_ident(name));
            let statuses = &plan.refresh_on_status;
            quote! {
                // Checked before a token is fetched: a bad request sends nothing at all.
                #rt::Validate::validate(request)?;
                let mut refused = false;
                let raw = loop {
                    let token = self.#get().await?;
                    let prepared = self.#prepare(
                        request,
                        #rt::auth::ExposeSecret::expose_secret(&token)
                        #key_arg
                    )?;
                    let raw = #send;
                    // A refused token was not acted on: fetch a fresh one and send once more.
                    if !refused && [#(#statuses),*].contains(&raw.status) {
                        refused = true;
                        self.#tokens.refused(&token).await;
                        continue;
                    }
                    break raw;
                };
            }
        }
        _ => quote! {
            let prepared = self.#prepare(request #key_arg)?;
            let raw = #send;
        },
    };
    let token_param = token.map(|_| quote!(, token: &str));
    let public = match &op.idempotency_header {
        None => quote! {
            #doc
            pub async fn #name(&self, request: &#request) -> #rt::Result<#response> {
                #call
                #finish
            }
        },
        Some(header) => {
            let with = format_ident!("{}_with_idempotency_key", op.name);
            let with_doc = format!(
                " [`Self::{}`] under the caller's own `{header}`: for a call resent after a restart, with the key stored before it was first sent. A key that is empty or not visible ASCII is `Error::InvalidHeader`, and nothing is sent.",
                op.name
            );
            quote! {
                #doc
                pub async fn #name(&self, request: &#request) -> #rt::Result<#response> {
                    self.#with(request, &#rt::idempotency::new_key()).await
                }

                #[doc = #with_doc]
                pub async fn #with(&self, request: &#request, idempotency_key: &str) -> #rt::Result<#response> {
                    #call
                    #finish
                }
            }
        }
    };
    quote! {
        #[doc = #prepare_doc]
        #visibility fn #prepare(&self, request: &#request #token_param #key_param) -> #rt::Result<#rt::__private::http::Prepared> {
            #rt::Validate::validate(request)?;
            #wire
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

        #public
    }
}

/// A compiled (`no_run`) example of calling `op` from outside the module, at
/// `<parent>::<module>`: a retried read with `?`, a write sent once with its unknown outcome
/// handled apart.
fn example(model: &Model, op: &Operation, parent: &str, runtime: &str) -> Vec<String> {
    let module = format!("{parent}::{}", model.vendor.module);
    let request = &model.request(op).name;
    let call = format!("client.{}(request).await", op.name);
    let mut lines = vec![
        String::new(),
        "# Example".to_owned(),
        String::new(),
        "```no_run".to_owned(),
        format!("# async fn example(client: &{module}::Client, request: &{module}::{request}) -> {runtime}::Result<()> {{"),
    ];
    if op.retryable {
        lines.push(format!("let answer = {call}?;"));
        lines.push("println!(\"{answer:?}\");".to_owned());
    } else {
        lines.extend([
            format!("match {call} {{"),
            "    Ok(answer) => println!(\"{answer:?}\"),".to_owned(),
            "    // Sent once and never resent: ask the gateway what became of it.".to_owned(),
            format!("    Err({runtime}::Error::OutcomeUnknown {{ .. }}) => {{}}"),
            "    Err(error) => return Err(error),".to_owned(),
            "}".to_owned(),
        ]);
    }
    lines.extend(["# Ok(())".to_owned(), "# }".to_owned(), "```".to_owned()]);
    lines
}

/// What a caller must know of an operation: its request line, retries, auth, success.
fn operation_facts(model: &Model, op: &Operation, rt: &TokenStream) -> Vec<String> {
    let mut facts = vec![format!("`{} {}`", op.method.as_str(), op.path_template)];
    facts.push(if let (true, Some(why)) = (op.retryable && op.method != HttpMethod::Get, &op.safe) {
        format!(
            "changes nothing ({}), so it is retried on connection errors and 5xx answers, per the client's retry policy",
            escape(why)
        )
    } else if op.retryable {
        "retried on connection errors and 5xx answers, per the client's retry policy".to_owned()
    } else {
        format!(
            "never retried: a timeout or an unreadable answer is [`{}::Error::OutcomeUnknown`]; resolve it with a status query",
            super::tokens::rt_text(rt)
        )
    });
    if let Some(scheme) = op.auth {
        let auth = &model.auth[scheme];
        facts.push(match &auth.token {
            None => format!("authenticated with the `{}` scheme", auth.name),
            Some(plan) => format!(
                "authenticated with the `{}` scheme: a bearer token from [`Self::{}`], kept until shortly before it expires and fetched afresh once when refused (HTTP {})",
                auth.name,
                model.operations[plan.operation].name,
                (plan.refresh_on_status.iter())
                    .map(u16::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        });
    }
    if let Some(header) = &op.idempotency_header {
        facts.push(format!(
            "idempotent: the gateway deduplicates by the `{header}` header, which the client sets to a new key for each call and keeps on every retry of it, so a retried call is acted on once"
        ));
    }
    if let Some(key) = &op.idempotency_key {
        facts.push(format!(
            "idempotent: the gateway treats `{key}` as the idempotency key, so resending the same request with the same `{key}` does not pay twice"
        ));
    }
    let error = format!("[`{}::Error::Api`]", super::tokens::rt_text(rt));
    facts.push(match &op.success {
        Success::Http2xx => {
            "succeeds on any 2xx status (the body carries no result code)".to_owned()
        }
        Success::Code { field, equals, .. } => format!(
            "succeeds when `{}` is {}; any other code is {error}",
            model.response(op).fields[*field].wire,
            (equals.iter())
                .map(|code| format!("`{code}`"))
                .collect::<Vec<_>>()
                .join(" or ")
        ),
    });
    facts
}

/// The expression for the path and query of a request: placeholders filled from `in: path`
/// fields (percent-encoded), then the `in: query` fields.
fn uri_expr(model: &Model, op: &Operation, rt: &TokenStream) -> TokenStream {
    let request = model.request(op);
    let fields = &request.fields;
    let mut format = String::new();
    let mut args = Vec::new();
    for segment in &op.path {
        match segment {
            PathSegment::Literal(text) => {
                format.push_str(&text.replace('{', "{{").replace('}', "}}"))
            }
            PathSegment::Field(index) => {
                format.push_str("{}");
                let value = path_text(model, &request.name, &fields[*index]);
                args.push(quote!(#rt::__private::http::path_segment(#value)));
            }
        }
    }
    let query: Vec<TokenStream> = fields
        .iter()
        .filter(|f| f.location == Location::Query)
        .map(|f| {
            let wire = &f.wire;
            let value = sent_text(&request.name, f);
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

/// A query or header value as an `Option<String>`: the const, the client's filled-in value, or
/// the caller's.
fn sent_text(request: &str, f: &ObjectField) -> TokenStream {
    let id = ident(&f.rust);
    if f.is_const() {
        let text = const_text(request, &f.rust);
        quote!(::core::option::Option::Some(#text))
    } else if f.filled_by_client() {
        quote!(::core::option::Option::Some(::core::clone::Clone::clone(&wire.#id)))
    } else if f.optional && f.ty == RustType::String {
        quote!(::core::clone::Clone::clone(&request.#id))
    } else if f.optional {
        let text = text_of(&format_ident!("value"), &f.ty, true);
        quote!(request.#id.as_ref().map(|value| #text))
    } else {
        let text = text_of(&id, &f.ty, false);
        quote!(::core::option::Option::Some(#text))
    }
}

/// The request fields sent as headers, each set when it has a value; personal ones are marked
/// sensitive, and a value HTTP cannot carry is `Error::InvalidHeader` before anything is sent.
fn field_headers(request: &crate::model::Object, rt: &TokenStream) -> Option<TokenStream> {
    let inserts: Vec<TokenStream> = (request.fields.iter())
        .filter(|f| f.location == Location::Header)
        .map(|f| {
            let name = f.wire.to_ascii_lowercase();
            let value = sent_text(&request.name, f);
            let sensitive = f.personal;
            quote! {
                if let ::core::option::Option::Some(value) = #value {
                    let (name, value) = #rt::auth::header(#name, &value, #sensitive)?;
                    headers.insert(name, value);
                }
            }
        })
        .collect();
    (!inserts.is_empty()).then(|| quote!(let mut headers = headers; #(#inserts)*))
}

/// A path value as the `&str` that `path_segment` takes, borrowed where the field already holds
/// text (a string, a string enum's code, a string const).
fn path_text(model: &Model, request: &str, field: &ObjectField) -> TokenStream {
    let id = ident(&field.rust);
    match &field.ty {
        RustType::Const(Scalar::Str(_)) => {
            let ty = ident(request);
            let name = format_ident!("{}", crate::naming::snake(&field.rust).to_uppercase());
            quote!(#ty::#name)
        }
        RustType::Const(_) => {
            let text = const_text(request, &field.rust);
            quote!(&#text)
        }
        RustType::String => quote!(&request.#id),
        RustType::Enum(name)
            if model
                .enum_named(name)
                .is_some_and(|e| e.repr == Repr::String) =>
        {
            quote!(request.#id.code())
        }
        _ => {
            let text = text_of(&id, &field.ty, false);
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
fn text_of(id: &Ident, ty: &RustType, bound: bool) -> TokenStream {
    let value = if bound {
        quote!(#id)
    } else {
        quote!(request.#id)
    };
    match ty {
        RustType::String => quote!(#value.clone()),
        RustType::Enum(_) => quote!(#value.code().to_string()),
        _ => quote!(#value.to_string()),
    }
}

fn method_tokens(method: HttpMethod, rt: &TokenStream) -> TokenStream {
    let id = format_ident!("{}", method.as_str());
    quote!(#rt::__private::reqwest::Method::#id)
}

/// The reader of an operation's declared error type, from the body an error kept.
pub(super) fn error_type(model: &Model, op: &Operation, rt: &TokenStream) -> TokenStream {
    let Some(index) = op.error else {
        return quote!();
    };
    let name = ident(&model.objects[index].name);
    let users: Vec<String> = (model.operations.iter())
        .filter(|o| o.error == Some(index))
        .map(|o| format!("[`Client::{}`]", o.name))
        .collect();
    let (users, rt_path) = (users.join(", "), super::tokens::rt_text(rt));
    let doc = format!(
        " The error answer of {users}, read from the body an [`{rt_path}::Error::Api`] or [`{rt_path}::Error::HttpStatus`] kept (looking through `Error::OutcomeUnknown`): `None` for another error, or a body that is not one."
    );
    let form = op.response_format == BodyFormat::Form;
    quote! {
        impl #name {
            #[doc = #doc]
            pub fn from_error(error: &#rt::Error) -> ::core::option::Option<Self> {
                #rt::__private::http::decode_error_body(error, #form)
            }
        }
    }
}

/// The `Outcome` impl of an operation's response type.
pub(super) fn outcome(model: &Model, op: &Operation, rt: &TokenStream) -> TokenStream {
    let response_type = model.response(op);
    let response = ident(&response_type.name);
    let Success::Code {
        field,
        equals,
        message,
        detail,
    } = &op.success
    else {
        return quote! {
            /// Success is any 2xx status; the body carries no result code.
            impl #rt::__private::http::Outcome for #response {
                fn failure(&self) -> ::core::option::Option<#rt::ApiFailure> {
                    ::core::option::Option::None
                }
            }
        };
    };
    let fields = &response_type.fields;
    let code_field = &fields[*field];
    let code_optional = code_field.optional;
    let code = ident(&code_field.rust);
    // The checker saw to it that there is a code and that all are of one type.
    let Some(kind) = equals.first() else {
        return quote!();
    };
    let is_success = match (&equals[..], kind, code_optional) {
        ([one], Scalar::Str(_), true) => {
            let value = scalar(one);
            quote!(self.#code.as_deref() == ::core::option::Option::Some(#value))
        }
        ([one], _, true) => {
            let value = scalar(one);
            quote!(self.#code == ::core::option::Option::Some(#value))
        }
        ([one], _, false) => {
            let value = scalar(one);
            quote!(self.#code == #value)
        }
        (many, Scalar::Str(_), true) => {
            let values = many.iter().map(scalar);
            quote!(self.#code.as_deref().is_some_and(|code| [#(#values),*].contains(&code)))
        }
        (many, _, true) => {
            let values = many.iter().map(scalar);
            quote!(self.#code.is_some_and(|code| [#(#values),*].contains(&code)))
        }
        (many, Scalar::Str(_), false) => {
            let values = many.iter().map(scalar);
            quote!([#(#values),*].contains(&self.#code.as_str()))
        }
        (many, _, false) => {
            let values = many.iter().map(scalar);
            quote!([#(#values),*].contains(&self.#code))
        }
    };
    let code_text = match (kind, code_optional) {
        (Scalar::Str(_), false) => quote!(self.#code.clone()),
        (Scalar::Str(_), true) => quote!(self.#code.clone().unwrap_or_default()),
        (Scalar::Int(_) | Scalar::Bool(_), false) => quote!(self.#code.to_string()),
        (Scalar::Int(_) | Scalar::Bool(_), true) => {
            quote!(self.#code.map(|code| code.to_string()).unwrap_or_default())
        }
    };
    let message_field = &fields[*message];
    let message = ident(&message_field.rust);
    let message_text = if message_field.optional {
        quote!(self.#message.clone().unwrap_or_default())
    } else {
        quote!(self.#message.clone())
    };
    let detail_text = match detail {
        None => quote!(::core::option::Option::None),
        Some(index) => {
            let detail = ident(&fields[*index].rust);
            if fields[*index].optional {
                quote!(self.#detail.clone())
            } else {
                quote!(::core::option::Option::Some(self.#detail.clone()))
            }
        }
    };
    let shown = |code: &Scalar| match code {
        Scalar::Str(s) => format!("\"{s}\""),
        other => other.to_string(),
    };
    let doc = match &equals[..] {
        [one] => format!(" Success is `{} == {}`.", code_field.wire, shown(one)),
        many => format!(
            " Success is `{}` one of `{}`.",
            code_field.wire,
            many.iter().map(shown).collect::<Vec<_>>().join("`, `")
        ),
    };
    let success_texts = equals.iter().map(|code| code.to_string());
    let (code_wire, message_wire) = (&code_field.wire, &message_field.wire);
    let detail_wire = match detail {
        Some(index) => {
            let wire = &fields[*index].wire;
            quote!(::core::option::Option::Some(#wire))
        }
        None => quote!(::core::option::Option::None),
    };
    quote! {
        #[doc = #doc]
        impl #rt::__private::http::Outcome for #response {
            const RESULT: ::core::option::Option<#rt::__private::http::ResultCode> =
                ::core::option::Option::Some(#rt::__private::http::ResultCode {
                    field: #code_wire,
                    success: &[#(#success_texts),*],
                    message: #message_wire,
                    detail: #detail_wire,
                });

            fn failure(&self) -> ::core::option::Option<#rt::ApiFailure> {
                if #is_success {
                    return ::core::option::Option::None;
                }
                ::core::option::Option::Some(#rt::ApiFailure {
                    code: #code_text,
                    message: #message_text,
                    detail: #detail_text,
                    body: ::core::default::Default::default(),
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
                .find(|o| o.name == name)
                .expect("an operation");
            let method = operation(model, op, &rt(), &crate::Settings::new());
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
        let code = with_model(|model| pretty(outcome(model, &model.operations[0], &rt())));
        assert!(
            code.contains("impl ::paygen_runtime::__private::http::Outcome for PayResponse"),
            "{code}"
        );
        assert!(code.contains("self.code == \"00\""), "{code}");
    }
}
