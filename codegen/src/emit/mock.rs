//! The mock backend: a `mock` submodule per gateway module, a loopback server that answers every
//! operation of the spec as the gateway would and checks what it receives as the gateway would.
//!
//! It reads only the model. What it checks is what the model knows: the request's documented
//! rules (the request type's own `Validate`), the fields the client fills in (digests recomputed
//! from the received fields and the mock's credentials, credentials compared, clock times
//! present), and the auth scheme's headers (recomputed from the received request, its time and
//! the tokens the mock issued). What it answers is the response's documented examples, with the
//! first success code and the response digests computed, or the gateway's documented refusal.
//! The server itself (listening, scripting, recording) is `paygen_runtime::mock`.

use super::auth::auth_ident;
use super::digests::digest_expr;
use super::tokens::encoded;
use crate::model::{
    Auth, BodyFormat, DigestOutput, HeaderPiece, Location, Model, Object, ObjectField, Operation,
    PathSegment, Refusal, RefusalKind, RustType, Scalar, Success,
};
use crate::naming::{camel, ident};
use crate::prose::escape;
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};
use serde_json::{Map, Value};

/// The `mock` module of `model`, behind `feature` when one is given.
pub(super) fn mock_module(model: &Model, rt: &TokenStream, feature: Option<&str>) -> TokenStream {
    let gate = feature.map(|feature| quote!(#[cfg(feature = #feature)]));
    // Inner docs, so that their links resolve in the module; a line each, so that they print
    // as `//!` lines.
    let doc: Vec<String> = module_doc(model, feature)
        .lines()
        .map(str::to_owned)
        .collect();
    let operations = operation_enum(model);
    let replies = operation_replies(model, rt);
    let received = received_enum(model);
    let credentials = credentials_fn(model, rt);
    let gateway = gateway(model, rt);
    let handlers = model.operations.iter().map(|op| handler(model, op, rt));
    let answers = model
        .operations
        .iter()
        .map(|op| answer_method(model, op, rt));
    let signers = (model.objects.iter()).filter_map(|object| sign_method(model, object, rt));
    let fillers = (model.objects.iter()).filter_map(|object| filled_method(model, object, rt));
    let auths = (model.auth.iter())
        .filter(|auth| auth.used)
        .map(|auth| auth_check(auth, rt));
    let refusals = model
        .operations
        .iter()
        .map(|op| refusal_method(model, op, rt));
    quote! {
        #gate
        pub mod mock {
            #(#![doc = #doc])*
            #operations
            #replies
            #received
            #credentials
            #gateway
            impl Gateway {
                #(#handlers)*
                #(#answers)*
                #(#signers)*
                #(#fillers)*
                #(#auths)*
                #(#refusals)*
            }
        }
    }
}

fn module_doc(model: &Model, feature: Option<&str>) -> String {
    let gate = feature.map_or(String::new(), |f| format!(" (feature `{f}`)"));
    format!(
        " A mock of {}{gate}: a loopback server that serves every operation of the spec, checks each request as the gateway would (its documented rules, the fields the client computes, the auth headers) and answers with the documented examples, or with the gateway's documented refusal.\n\n Start one with [`MockGateway::start`], point a client at [`MockGateway::base_url`] with [`MockGateway::client`], script an operation's next answer with [`MockGateway::once`], and assert on [`MockGateway::records`].",
        escape(&model.vendor.name)
    )
}

fn op_variant(op: &Operation) -> Ident {
    format_ident!("{}", camel(&op.name))
}

fn operation_enum(model: &Model) -> TokenStream {
    let variants = model.operations.iter().map(|op| {
        let variant = op_variant(op);
        let doc = format!(
            " `{} {}` ({}).",
            op.method.as_str(),
            op.path_template,
            escape(&op.source)
        );
        quote!(#[doc = #doc] #variant,)
    });
    let names = model.operations.iter().map(|op| {
        let variant = op_variant(op);
        let name = &op.name;
        quote!(Operation::#variant => #name,)
    });
    quote! {
        /// The operations of the gateway, to script and to find in the records.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum Operation {
            #(#variants)*
        }

        impl Operation {
            /// The client method's name, which the records carry.
            pub const fn name(self) -> &'static str {
                match self {
                    #(#names)*
                }
            }
        }
    }
}

/// The scripted answers of each operation: a typed answer, and a business refusal where the
/// operation's answers carry a result code.
fn operation_replies(model: &Model, rt: &TokenStream) -> TokenStream {
    let charset = format_ident!("{}", model.vendor.charset.rust_name());
    let forms = model.operations.iter().map(|op| {
        let variant = op_variant(op);
        let form = op.response_format == BodyFormat::Form;
        quote!(Operation::#variant => #form,)
    });
    let refusals = model.operations.iter().map(|op| {
        let variant = op_variant(op);
        match &op.success {
            Success::Code { field, message, .. } => {
                let fields = &model.response(op).fields;
                let (code, message) = (&fields[*field].wire, &fields[*message].wire);
                let value = if fields[*field].ty == RustType::Integer {
                    quote!(code.parse::<i64>().map_or_else(|_| #rt::__private::serde_json::Value::from(code), #rt::__private::serde_json::Value::from))
                } else {
                    quote!(#rt::__private::serde_json::Value::from(code))
                };
                quote!(Operation::#variant => ::core::option::Option::Some(#rt::mock::refusal_of((#code, #value), (#message, message), #rt::Encoding::#charset)),)
            }
            Success::Http2xx => quote!(Operation::#variant => ::core::option::Option::None,),
        }
    });
    let any_code = model
        .operations
        .iter()
        .any(|op| matches!(op.success, Success::Code { .. }));
    let refusal = any_code.then(|| {
        quote! {
            /// A scripted business refusal: `code` and `message` in the operation's result code
            /// and message fields, with HTTP 200; `None` for an operation whose success is a
            /// 2xx status, which has no code to refuse with (script a `Reply::Status`).
            pub fn refusal(self, code: &str, message: &str) -> ::core::option::Option<#rt::mock::Reply> {
                match self {
                    #(#refusals)*
                }
            }
        }
    });
    quote! {
        impl Operation {
            /// A scripted answer: `value` (the operation's response type, or anything else to
            /// test how the client takes it) written as the gateway writes this operation's
            /// answers, with HTTP 200.
            pub fn answer<T: #rt::__private::serde::Serialize>(self, value: &T) -> #rt::mock::Reply {
                let form = match self {
                    #(#forms)*
                };
                #rt::mock::answer_of(value, form, #rt::Encoding::#charset)
            }

            #refusal
        }
    }
}

fn received_enum(model: &Model) -> TokenStream {
    let variants = model.operations.iter().map(|op| {
        let variant = op_variant(op);
        let request = ident(&model.request(op).name);
        let doc = format!(" A request of [`super::Client::{}`].", op.name);
        quote!(#[doc = #doc] #variant(::std::boxed::Box<super::#request>),)
    });
    quote! {
        /// A request the mock received, decoded into its generated type.
        #[derive(Debug, Clone)]
        #[non_exhaustive]
        pub enum Received {
            #(#variants)*
        }
    }
}

/// The credentials the mock holds: fixed test texts, one per credential.
fn credentials_fn(model: &Model, rt: &TokenStream) -> TokenStream {
    if !model.reads_credentials {
        return quote!();
    }
    let fields = model.credentials.iter().map(|credential| {
        let id = ident(&credential.name);
        let text = format!("mock-{}", credential.name.replace('_', "-"));
        if credential.secret {
            quote!(#id: #rt::auth::SecretString::from(#text),)
        } else {
            quote!(#id: ::std::string::String::from(#text),)
        }
    });
    quote! {
        /// The credentials every mock of this gateway accepts: `mock-` and the credential's
        /// name. A client built with others is refused, as the gateway refuses a wrong key.
        pub fn credentials() -> super::Credentials {
            super::Credentials {
                #(#fields)*
            }
        }
    }
}

fn gateway(model: &Model, rt: &TokenStream) -> TokenStream {
    let (cred_arg, cred_field, cred_init, cred_accessor) = if model.reads_credentials {
        (
            quote!(, credentials()),
            quote!(credentials: super::Credentials,),
            quote!(credentials: credentials(),),
            quote! {
                /// The credentials this mock accepts (the same as [`credentials`]).
                pub fn credentials(&self) -> super::Credentials {
                    credentials()
                }
            },
        )
    } else {
        (quote!(), quote!(), quote!(), quote!())
    };
    // Each field only where generated checks read it: the client for its auth recipes, the
    // credentials for digests and filled-in keys, the tokens for a token scheme.
    let uses_auth = model.auth.iter().any(|auth| auth.used);
    let (client_let, client_init, client_field) = if uses_auth {
        (
            quote! {
                // Never sent from: it holds the schemes' recipes.
                let client = super::Client::new(super::Environment::Custom(::std::string::String::from("http://127.0.0.1")) #cred_arg)
                    .map_err(::std::io::Error::other)?;
            },
            quote!(client,),
            quote!(client: super::Client,),
        )
    } else {
        (quote!(), quote!(), quote!())
    };
    let (tokens_init, tokens_field) = if model.token_schemes().next().is_some() {
        (
            quote!(tokens: ::core::default::Default::default(),),
            quote!(tokens: ::std::sync::Mutex<::std::collections::HashSet<::std::string::String>>,),
        )
    } else {
        (quote!(), quote!())
    };
    let (payments_init, payments_field) = if model.operations.iter().any(|op| op.reports.is_some())
    {
        (
            quote!(payments: ::core::default::Default::default(),),
            quote!(payments: ::std::sync::Mutex<::std::vec::Vec<#rt::mock::Payment>>,),
        )
    } else {
        (quote!(), quote!())
    };
    let reads = |o: &Object| {
        !o.verified_fields().is_empty()
            || (o.validated
                && o.filled_fields()
                    .iter()
                    .any(|f| f.computed.is_some() || f.credential.is_some()))
    };
    let (cred_field, cred_init) = if model.objects.iter().any(reads) {
        (cred_field, cred_init)
    } else {
        (quote!(), quote!())
    };
    let callbacks = model
        .callbacks
        .iter()
        .filter_map(|c| callback_methods(model, c, rt));
    let gateway_doc = format!(
        " The gateway this mock runs: its checks and answers, callable without a socket through [`{}::mock::Gateway`].",
        super::tokens::rt_text(rt)
    );
    let routes = routes(model, rt);
    let checks = model.operations.iter().map(|op| {
        let (name, check, variant) = (&op.name, format_ident!("check_{}", op.name), op_variant(op));
        quote! {
            #name => {
                let (decoded, _, checks) = self.#check(request);
                (decoded.map(|d| Received::#variant(::std::boxed::Box::new(d))), checks)
            }
        }
    });
    let dispatch = model.operations.iter().map(|op| {
        let name = &op.name;
        let handler = format_ident!("handle_{}", op.name);
        quote!(#name => self.#handler(request),)
    });
    quote! {
        /// A running mock of the gateway on `127.0.0.1`; it stops when dropped.
        #[derive(Debug)]
        pub struct MockGateway {
            server: #rt::mock::Server<Gateway>,
        }

        impl MockGateway {
            /// Starts a mock on `127.0.0.1` and a free port, on the current tokio runtime.
            ///
            /// # Errors
            /// The port could not be bound, or the mock's own client not built.
            pub async fn start() -> ::std::io::Result<Self> {
                #client_let
                let gateway = Gateway {
                    #client_init
                    #cred_init
                    #tokens_init
                    #payments_init
                };
                let server = #rt::mock::Server::start(gateway).await?;
                ::core::result::Result::Ok(MockGateway { server })
            }

            /// `http://127.0.0.1:PORT`.
            pub fn base_url(&self) -> ::std::string::String {
                self.server.base_url()
            }

            /// The environment that points a client at this mock.
            pub fn environment(&self) -> super::Environment {
                super::Environment::Custom(self.base_url())
            }

            #cred_accessor

            /// A client of this mock with the credentials it accepts.
            ///
            /// # Errors
            /// The HTTP client could not be built.
            pub fn client(&self) -> #rt::Result<super::Client> {
                super::Client::new(self.environment() #cred_arg)
            }

            /// Every call received so far, in order: the request decoded into its type, the
            /// outcome of each check, and what was sent back.
            pub fn records(&self) -> ::std::vec::Vec<#rt::mock::Record<Received>> {
                self.server.records()
            }

            /// Forgets the calls received so far (a long test, or a benchmark).
            pub fn clear_records(&self) {
                self.server.clear_records();
            }

            #[doc = #gateway_doc]
            pub fn gateway(&self) -> &Gateway {
                self.server.gateway()
            }

            /// Answers the next call of `operation` with `reply`. Where operations share a
            /// method and path, a call is the first operation's whose checks it passes best.
            pub fn once(&self, operation: Operation, reply: #rt::mock::Reply) {
                self.server.once(operation.name(), reply);
            }

            /// Answers every call of `operation` with `reply`, once its one-off replies are
            /// used up.
            pub fn always(&self, operation: Operation, reply: #rt::mock::Reply) {
                self.server.always(operation.name(), reply);
            }

            #(#callbacks)*

            /// Forgets every scripted reply.
            pub fn clear_scripts(&self) {
                self.server.clear_scripts();
            }
        }

        /// The gateway behind a [`MockGateway`]: its client's recipes and the tokens it issued.
        #[derive(Debug)]
        pub struct Gateway {
            #client_field
            #cred_field
            #tokens_field
            #payments_field
        }

        impl #rt::mock::Gateway for Gateway {
            type Received = Received;

            fn route(&self, request: &#rt::mock::Request) -> ::core::option::Option<&'static str> {
                #(#routes)*
                ::core::option::Option::None
            }

            fn handle(&self, operation: &'static str, request: &#rt::mock::Request) -> #rt::mock::Handled<Received> {
                match operation {
                    #(#dispatch)*
                    _ => #rt::mock::Handled {
                        received: ::core::option::Option::None,
                        checks: ::std::vec::Vec::new(),
                        answer: #rt::mock::Answer { status: 404, content_type: ::core::option::Option::None, body: ::std::vec::Vec::new() },
                    },
                }
            }

            fn check(&self, operation: &'static str, request: &#rt::mock::Request) -> (::core::option::Option<Received>, ::std::vec::Vec<#rt::mock::Check>) {
                match operation {
                    #(#checks)*
                    _ => (::core::option::Option::None, ::std::vec::Vec::new()),
                }
            }
        }
    }
}

/// A route per method and path, those with more literal text first, so that
/// `/payments/find/{id}` is tried before `/payments/{tid}`. Where several operations share one
/// (Shinhan's two payment requests), the request picks: the operation whose checks it fails
/// least, then whose request type knows most of its members, then the spec's first.
fn routes(model: &Model, rt: &TokenStream) -> Vec<TokenStream> {
    let mut groups: Vec<Vec<&Operation>> = Vec::new();
    for op in &model.operations {
        match groups
            .iter_mut()
            .find(|g| g[0].method == op.method && same_shape(g[0], op))
        {
            Some(group) => group.push(op),
            None => groups.push(vec![op]),
        }
    }
    groups.sort_by_key(|g| std::cmp::Reverse(literal_len(g[0])));
    groups
        .into_iter()
        .map(|group| {
            let method = group[0].method.as_str();
            let pieces = path_pieces(group[0], rt);
            let pick = match &group[..] {
                [one] => {
                    let name = &one.name;
                    quote!(::core::option::Option::Some(#name))
                }
                many => {
                    // Tried in the spec's order; a request that fits one perfectly is its.
                    let candidates = many.iter().map(|op| {
                        let (name, check) = (&op.name, format_ident!("check_{}", op.name));
                        let known = model.request(op).fields.iter().map(|f| &f.wire);
                        quote! {
                            let (_, members, checks) = self.#check(request);
                            let fit = #rt::mock::fit(&members, &checks, &[#(#known),*]);
                            if fit == (0, 0) {
                                return ::core::option::Option::Some(#name);
                            }
                            if best.is_none_or(|(_, b)| fit < b) {
                                best = ::core::option::Option::Some((#name, fit));
                            }
                        }
                    });
                    quote! {{
                        let mut best: ::core::option::Option<(&'static str, (usize, usize))> = ::core::option::Option::None;
                        #(#candidates)*
                        best.map(|(name, _)| name)
                    }}
                }
            };
            quote! {
                if request.method == #method && #rt::mock::match_path(&request.path, &#pieces).is_some() {
                    return #pick;
                }
            }
        })
        .collect()
}

/// Whether two operations' paths have the same literals and fields in the same places.
fn same_shape(a: &Operation, b: &Operation) -> bool {
    a.path.len() == b.path.len()
        && a.path.iter().zip(&b.path).all(|pair| match pair {
            (PathSegment::Literal(x), PathSegment::Literal(y)) => x == y,
            (PathSegment::Field(_), PathSegment::Field(_)) => true,
            _ => false,
        })
}

fn literal_len(op: &Operation) -> usize {
    (op.path.iter())
        .map(|segment| match segment {
            PathSegment::Literal(text) => text.len(),
            PathSegment::Field(_) => 0,
        })
        .sum()
}

fn path_pieces(op: &Operation, rt: &TokenStream) -> TokenStream {
    let pieces = op.path.iter().map(|segment| match segment {
        PathSegment::Literal(text) => quote!(#rt::mock::PathPiece::Literal(#text)),
        PathSegment::Field(_) => quote!(#rt::mock::PathPiece::Field),
    });
    quote!([#(#pieces),*])
}

/// The handler of `op`: auth, decode, the request's rules, the filled-in fields, then the
/// answer or the refusal.
fn handler(model: &Model, op: &Operation, rt: &TokenStream) -> TokenStream {
    let name = format_ident!("handle_{}", op.name);
    let check_name = format_ident!("check_{}", op.name);
    let request_type = model.request(op);
    let request = ident(&request_type.name);
    let variant = op_variant(op);
    let auth = op.auth.map(|scheme| {
        let check = format_ident!("check_auth_{}", model.auth[scheme].name);
        quote!(self.#check(request, &mut checks);)
    });
    let pieces = path_pieces(op, rt);
    let pieces = (op.path.iter().any(|s| matches!(s, PathSegment::Field(_))))
        .then(|| quote!(let pieces = #pieces;));
    let path_fields: Vec<&ObjectField> = (op.path.iter())
        .filter_map(|segment| match segment {
            PathSegment::Field(index) => Some(&request_type.fields[*index]),
            PathSegment::Literal(_) => None,
        })
        .collect();
    let path_wires = path_fields.iter().map(|f| &f.wire);
    let query_wires: Vec<&String> = (request_type.fields.iter())
        .filter(|f| f.location == Location::Query)
        .map(|f| &f.wire)
        .collect();
    let header_fields: Vec<&ObjectField> = (request_type.fields.iter())
        .filter(|f| f.location == Location::Header)
        .collect();
    let extra = extra_values(
        &path_wires.collect::<Vec<_>>(),
        &query_wires,
        &header_fields,
        rt,
    );
    let form = op.request_format == BodyFormat::Form;
    let charset = format_ident!("{}", model.vendor.charset.rust_name());
    let filled = (!request_type.filled_fields().is_empty()).then(|| {
        let method = format_ident!("check_filled_{}", crate::naming::snake(&request_type.name));
        quote!(self.#method(&decoded, &members, &mut checks);)
    });
    let consts = request_type.fields.iter().filter_map(|f| {
        let RustType::Const(value) = &f.ty else {
            return None;
        };
        let (wire, text) = (&f.wire, value.to_string());
        Some(quote! {
            checks.push(#rt::mock::Check::of(
                #rt::mock::Kind::Invalid,
                #wire,
                members.get(#wire) == ::core::option::Option::Some(#text),
                "is not the value the document fixes",
            ));
        })
    });
    let answer = format_ident!("answer_{}", op.name);
    let refuse = format_ident!("refuse_{}", op.name);
    let (state_read, state_arg) = state_read(model, op, &variant, rt);
    // Only a status read adds a check of its own, the payment it names being unknown.
    let mutable_checks = if op.reports.is_some() {
        quote!(mut checks)
    } else {
        quote!(checks)
    };
    let state_write = state_write(model, op, rt);
    quote! {
        /// Decodes and checks a request of this operation, changing nothing.
        fn #check_name(&self, request: &#rt::mock::Request) -> (::core::option::Option<super::#request>, #rt::mock::Members, ::std::vec::Vec<#rt::mock::Check>) {
            let mut checks = ::std::vec::Vec::new();
            #auth
            #pieces
            #extra
            let (decoded, members) = #rt::mock::decode_request::<super::#request>(
                &request.body,
                #form,
                #rt::Encoding::#charset,
                &extra,
            );
            let decoded = match decoded {
                ::core::result::Result::Ok(decoded) => {
                    checks.extend(#rt::mock::validation_checks(#rt::Validate::validate(&decoded)));
                    #filled
                    #(#consts)*
                    ::core::option::Option::Some(decoded)
                }
                ::core::result::Result::Err(why) => {
                    checks.push(#rt::mock::Check::failed(#rt::mock::Kind::Invalid, "body", why));
                    ::core::option::Option::None
                }
            };
            (decoded, members, checks)
        }

        fn #name(&self, request: &#rt::mock::Request) -> #rt::mock::Handled<Received> {
            let (decoded, members, #mutable_checks) = self.#check_name(request);
            let decoded = match (#rt::mock::first_failure(&checks), decoded) {
                (::core::option::Option::None, ::core::option::Option::Some(decoded)) => decoded,
                (kind, decoded) => {
                    let kind = kind.unwrap_or(#rt::mock::Kind::Invalid);
                    return #rt::mock::Handled {
                        received: decoded.map(|d| Received::#variant(::std::boxed::Box::new(d))),
                        checks,
                        answer: self.#refuse(kind),
                    };
                }
            };
            #state_read
            let answer = self.#answer(&members, #state_arg);
            #state_write
            #rt::mock::Handled {
                received: ::core::option::Option::Some(Received::#variant(::std::boxed::Box::new(decoded))),
                checks,
                answer,
            }
        }
    }
}

/// The values a request sends outside its body, by wire name: path fields, query fields and
/// header fields, which the body's decoding takes in.
fn extra_values(
    path: &[&String],
    query: &[&String],
    headers: &[&ObjectField],
    rt: &TokenStream,
) -> TokenStream {
    let path = (!path.is_empty()).then(|| {
        quote! {
            let values = #rt::mock::match_path(&request.path, &pieces).unwrap_or_default();
            extra.extend([#(#path),*].into_iter().zip(values));
        }
    });
    let query = (!query.is_empty()).then(
        || quote!(extra.extend(#rt::mock::query_values(request.query.as_deref(), &[#(#query),*]));),
    );
    let headers = headers.iter().map(|f| {
        let (wire, header) = (&f.wire, f.wire.to_ascii_lowercase());
        quote! {
            if let ::core::option::Option::Some(value) = request.header(#header) {
                extra.push((#wire, ::std::string::String::from(value)));
            }
        }
    });
    quote! {
        #[allow(unused_mut)]
        let mut extra: ::std::vec::Vec<(&'static str, ::std::string::String)> = ::std::vec::Vec::new();
        #path
        #query
        #(#headers)*
    }
}

/// The default answer of `op`: the response's documented examples with the first success
/// code, decoded into the response type (so that it is one), completed and written.
fn answer_method(model: &Model, op: &Operation, rt: &TokenStream) -> TokenStream {
    let name = format_ident!("answer_{}", op.name);
    let response_type = model.response(op);
    let response = ident(&response_type.name);
    let example = example_json(model, op);
    let token = (model.auth.iter())
        .filter_map(|auth| auth.token.as_ref())
        .find(|plan| std::ptr::eq(&model.operations[plan.operation], op))
        .map(|plan| {
            let field = &response_type.fields[plan.field];
            let id = ident(&field.rust);
            let value = if field.optional {
                quote!(::core::option::Option::Some(token.clone()))
            } else {
                quote!(token.clone())
            };
            quote! {
                // A token of this mock's own, which later calls must carry.
                let token = ::std::format!("mock-token-{:016x}", #rt::mock::nonce());
                response.#id = #value;
                self.tokens.lock().unwrap_or_else(::std::sync::PoisonError::into_inner).insert(token);
            }
        });
    let sign = (!response_type.verified_fields().is_empty()).then(|| {
        let method = format_ident!("sign_{}", crate::naming::snake(&response_type.name));
        quote!(self.#method(&mut response);)
    });
    let charset = format_ident!("{}", model.vendor.charset.rust_name());
    let write = match op.response_format {
        BodyFormat::Json => quote! {
            #rt::__private::serde_json::to_string(&response).ok()
                .and_then(|text| #rt::mock::json_answer(&text, #rt::Encoding::#charset))
        },
        BodyFormat::Form => quote! {
            #rt::mock::form_text(&response)
                .and_then(|text| #rt::mock::form_answer(&text, #rt::Encoding::#charset))
        },
    };
    let mutable = (token.is_some() || sign.is_some()).then(|| quote!(mut));
    let request_wires: Vec<&str> = (model.request(op).fields.iter())
        .map(|f| f.wire.as_str())
        .collect();
    // The response's scalar fields the request also carries, by the same wire name.
    let echo = (response_type.fields.iter())
        .filter(|f| request_wires.contains(&f.wire.as_str()))
        .filter(|f| matches!(f.ty, RustType::String | RustType::Integer))
        .filter(|f| !f.filled_by_client() && f.verify.is_none())
        .map(|f| {
            let (wire, integer) = (&f.wire, f.ty == RustType::Integer);
            quote!((#wire, #integer))
        });
    // Required texts without an example: made up per answer (ids, tokens).
    let make_up = made_up(response_type, rt);
    let (state_param, set_state) = match &op.reports {
        Some(report) => {
            let wire = &response_type.fields[report.state].wire;
            (
                quote!(state: #rt::__private::serde_json::Value),
                quote! {
                    if let #rt::__private::serde_json::Value::Object(map) = &mut example {
                        map.insert(::std::string::String::from(#wire), state);
                    }
                },
            )
        }
        None => (quote!(), quote!()),
    };
    quote! {
        fn #name(&self, request: &#rt::mock::Members, #state_param) -> #rt::mock::Answer {
            // Read once: every answer starts from a copy.
            static EXAMPLE: ::std::sync::OnceLock<#rt::__private::serde_json::Value> = ::std::sync::OnceLock::new();
            let mut example = ::core::clone::Clone::clone(EXAMPLE.get_or_init(|| {
                #rt::__private::serde_json::from_str(#example).unwrap_or_default()
            }));
            #make_up
            #rt::mock::echo(&mut example, request, &[#(#echo),*]);
            #set_state
            let ::core::result::Result::Ok(#mutable response) = #rt::__private::serde_json::from_value::<super::#response>(example) else {
                return #rt::mock::Answer { status: 500, content_type: ::core::option::Option::None, body: ::std::vec::Vec::from("the mock's example answer does not decode") };
            };
            #token
            #sign
            #write.unwrap_or(#rt::mock::Answer { status: 500, content_type: ::core::option::Option::None, body: ::std::vec::Vec::new() })
        }
    }
}

/// The response of `op` as JSON text: every documented example, nested objects and arrays of
/// one, the first success code, and a value of the field's type where a required field has no
/// example.
fn example_json(model: &Model, op: &Operation) -> String {
    let response = model.response(op);
    let mut value = object_json(model, response, 0);
    let Value::Object(map) = &mut value else {
        return value.to_string();
    };
    if let Success::Code {
        field,
        equals,
        detail,
        ..
    } = &op.success
    {
        if let Some(code) = equals.first() {
            let field = &response.fields[*field];
            map.insert(field.wire.clone(), scalar_json(code, &field.ty));
        }
        // The detail explains a failure (Toss Pay's errorCode): a success carries none.
        if let Some(detail) = detail {
            map.remove(&response.fields[*detail].wire);
        }
    }
    value.to_string()
}

fn object_json(model: &Model, object: &Object, depth: usize) -> Value {
    let mut map = Map::new();
    for (index, field) in object.fields.iter().enumerate() {
        if let Some(value) = field_json(model, field, &field.ty, depth) {
            map.insert(field.wire.clone(), value);
        } else if signed_input(object, index) {
            // A digest over an absent field cannot be checked: give it a value.
            map.insert(field.wire.clone(), filler(model, &field.ty));
        }
    }
    Value::Object(map)
}

/// Whether the field at `index` is an input of a digest the object carries.
fn signed_input(object: &Object, index: usize) -> bool {
    (object.fields.iter())
        .filter_map(|f| f.verify.as_ref())
        .any(|digest| {
            digest
                .inputs
                .contains(&crate::model::DigestInput::Field(index))
        })
}

fn field_json(model: &Model, field: &ObjectField, ty: &RustType, depth: usize) -> Option<Value> {
    // Types nest as deep as documents go; a cycle stops here.
    if depth > 8 {
        return None;
    }
    match ty {
        RustType::Object(name) => {
            let object = model.objects.iter().find(|o| &o.name == name)?;
            Some(object_json(model, object, depth + 1))
        }
        RustType::Vec(item) => Some(Value::Array(
            field_json(model, field, item, depth).into_iter().collect(),
        )),
        RustType::Const(value) => Some(scalar_json(value, ty)),
        _ => match &field.example {
            Some(example) => Some(scalar_json(example, ty)),
            None if field.always_required() => Some(filler(model, ty)),
            None => None,
        },
    }
}

/// An example as the JSON its type is written as: integers as numbers, the rest as the
/// document writes them (the response type's lenient readers take either).
fn scalar_json(value: &Scalar, ty: &RustType) -> Value {
    match (value, ty) {
        (Scalar::Int(i), RustType::String) => Value::String(i.to_string()),
        (Scalar::Int(i), _) => Value::from(*i),
        (Scalar::Bool(b), _) => Value::Bool(*b),
        (Scalar::Str(s), RustType::Integer) => s
            .parse::<i64>()
            .map_or_else(|_| Value::String(s.clone()), Value::from),
        (Scalar::Str(s), _) => Value::String(s.clone()),
    }
}

/// A value of `ty` for a required field the document gives no example of.
fn filler(model: &Model, ty: &RustType) -> Value {
    match ty {
        RustType::Integer => Value::from(0),
        RustType::Decimal(_) => Value::String("0".to_owned()),
        RustType::Boolean => Value::Bool(false),
        RustType::Enum(name) => model
            .enum_named(name)
            .and_then(|e| e.variants.first())
            .map_or(Value::Null, |v| {
                scalar_json(&v.value, &RustType::Enum(name.clone()))
            }),
        _ => Value::String(String::new()),
    }
}

/// Writes the digests of a response the client verifies, from its fields and the mock's
/// credentials.
fn sign_method(model: &Model, object: &Object, rt: &TokenStream) -> Option<TokenStream> {
    let verified = object.verified_fields();
    let answered = (model.operations.iter()).any(|op| std::ptr::eq(model.response(op), object))
        || (model.callbacks.iter())
            .any(|c| c.format.is_some() && std::ptr::eq(&model.objects[c.ty], object));
    if verified.is_empty() || !answered {
        return None;
    }
    let name = format_ident!("sign_{}", crate::naming::snake(&object.name));
    let ty = ident(&object.name);
    let value = format_ident!("response");
    let fills = verified.iter().map(|(field, digest)| {
        let id = ident(&field.rust);
        let text = encoded(
            digest.output,
            &digest_expr(model, &object.fields, digest, &value, rt),
            rt,
        );
        let assign = if field.optional {
            quote!(::core::option::Option::Some(text))
        } else {
            quote!(text)
        };
        quote! {
            let text = #text;
            response.#id = #assign;
        }
    });
    Some(quote! {
        fn #name(&self, response: &mut super::#ty) {
            #(#fills)*
        }
    })
}

/// Checks the fields a client fills into a request: times present, digests recomputed over
/// the received fields (and the received time), credentials compared, all in constant time.
fn filled_method(model: &Model, object: &Object, rt: &TokenStream) -> Option<TokenStream> {
    let filled = object.filled_fields();
    if filled.is_empty() || !object.validated {
        return None;
    }
    let name = format_ident!("check_filled_{}", crate::naming::snake(&object.name));
    let ty = ident(&object.name);
    let value = format_ident!("request");
    let (clocks, others): (Vec<&ObjectField>, Vec<&ObjectField>) =
        filled.iter().partition(|f| f.clock.is_some());
    let times = clocks.iter().map(|f| {
        let (id, wire) = (ident(&f.rust), &f.wire);
        let format = f
            .clock
            .map(|clock| format_ident!("{}", clock.format.rust_name()));
        quote! {
            let #id = ::std::string::String::from(members.get(#wire).unwrap_or_default());
            checks.push(#rt::mock::Check::of(
                #rt::mock::Kind::Invalid,
                #wire,
                #rt::Format::#format.matches(&#id),
                "is missing or not in its documented format: the client writes it from its clock",
            ));
        }
    });
    let others = others.iter().map(|f| {
        let wire = &f.wire;
        match (&f.computed, f.credential) {
            (Some(digest), _) => {
                let bytes = digest_expr(model, &object.fields, digest, &value, rt);
                let base64 = digest.output == DigestOutput::Base64;
                quote! {
                    let expected = #bytes;
                    checks.push(#rt::mock::Check::of(
                        #rt::mock::Kind::Digest,
                        #wire,
                        members.get(#wire).is_some_and(|received| #rt::auth::digest_matches(&expected, received, #base64)),
                        "does not match its recipe over the received fields and the merchant's key",
                    ));
                }
            }
            (None, Some(credential)) => {
                let expected = super::auth::credential_str(model, credential, rt);
                quote! {
                    checks.push(#rt::mock::Check::of(
                        #rt::mock::Kind::Auth,
                        #wire,
                        #rt::mock::text_matches(members.get(#wire), #expected),
                        "is not the merchant's credential",
                    ));
                }
            }
            (None, None) => quote!(),
        }
    });
    let uses_request = filled.iter().any(|f| f.computed.is_some());
    let param = if uses_request {
        quote!(request)
    } else {
        quote!(_request)
    };
    Some(quote! {
        fn #name(&self, #param: &super::#ty, members: &#rt::mock::Members, checks: &mut ::std::vec::Vec<#rt::mock::Check>) {
            #(#times)*
            #(#others)*
        }
    })
}

/// The header a placeholder piece fills, with the literal text around it, when the header is
/// that one placeholder between literals.
fn placeholder_header(auth: &Auth, wanted: &HeaderPiece) -> Option<(String, String, String)> {
    auth.headers.iter().find_map(|(name, pieces)| {
        let at = pieces.iter().position(|p| p == wanted)?;
        let literal = |piece: Option<&HeaderPiece>| match piece {
            Some(HeaderPiece::Literal(text)) => Some(text.clone()),
            None => Some(String::new()),
            Some(_) => None,
        };
        let prefix = if at == 0 {
            Some(String::new())
        } else if at == 1 {
            literal(pieces.first())
        } else {
            None
        }?;
        let suffix = match pieces.len() - at {
            1 => String::new(),
            2 => literal(pieces.last())?,
            _ => return None,
        };
        Some((name.to_ascii_lowercase(), prefix, suffix))
    })
}

/// Checks a request's auth headers: its time within the window, its token one the mock
/// issued, and every header the scheme writes equal to the scheme's recipe over the received
/// request, compared in constant time.
fn auth_check(auth: &Auth, rt: &TokenStream) -> TokenStream {
    let name = format_ident!("check_auth_{}", auth.name);
    let scheme = auth_ident(&auth.name);
    let timestamp = auth.uses_timestamp().then(|| match placeholder_header(auth, &HeaderPiece::Timestamp) {
        Some((header, prefix, suffix)) => {
            // Only a window the document states is enforced; the signature is checked over
            // whatever time was sent.
            let window = auth.timestamp_window_ms.map(|ms| quote! {
                checks.push(#rt::mock::Check::of(
                    #rt::mock::Kind::Auth,
                    #header,
                    #rt::mock::within_window(::core::option::Option::Some(timestamp_ms), #rt::mock::now_millis(), ::std::time::Duration::from_millis(#ms)),
                    "is not a time within the documented window of the mock's clock",
                ));
            });
            quote! {
                let timestamp_ms = request.header(#header).and_then(|v| #rt::mock::between(v, #prefix, #suffix)).unwrap_or_default();
                #window
            }
        }
        None => quote!(let timestamp_ms = "";),
    });
    let timestamp_arg = auth.uses_timestamp().then(|| quote!(timestamp_ms,));
    let token = auth.token.as_ref().map(|_| match placeholder_header(auth, &HeaderPiece::Token) {
        Some((header, prefix, suffix)) => quote! {
            let token = request.header(#header).and_then(|v| #rt::mock::between(v, #prefix, #suffix)).unwrap_or_default();
            let issued = self.tokens.lock().unwrap_or_else(::std::sync::PoisonError::into_inner).contains(token);
            checks.push(#rt::mock::Check::of(#rt::mock::Kind::Auth, #header, issued, "is not a token this mock issued"));
        },
        None => quote!(let token = "";),
    });
    let token_arg = auth.token.as_ref().map(|_| quote!(token));
    quote! {
        fn #name(&self, request: &#rt::mock::Request, checks: &mut ::std::vec::Vec<#rt::mock::Check>) {
            #timestamp
            #token
            let uri = request.uri();
            match self.client.#scheme(&request.method, &uri, &request.body, #timestamp_arg #token_arg) {
                ::core::result::Result::Ok(expected) => {
                    for (header, value) in &expected {
                        checks.push(#rt::mock::Check::of(
                            #rt::mock::Kind::Auth,
                            header.as_str(),
                            #rt::mock::header_matches(request.header(header.as_str()), value),
                            "does not match the scheme's recipe over the received request",
                        ));
                    }
                }
                ::core::result::Result::Err(_) => {
                    checks.push(#rt::mock::Check::failed(#rt::mock::Kind::Auth, "headers", "the scheme's headers cannot be written from the received request"));
                }
            }
        }
    }
}

/// The answer `op` gets when a check of each kind fails: the refusal the document states for
/// the operation, written into its code, message and detail fields; where the document states
/// none, an empty answer of the nearest HTTP status.
fn refusal_method(model: &Model, op: &Operation, rt: &TokenStream) -> TokenStream {
    let name = format_ident!("refuse_{}", op.name);
    let index = model.operations.iter().position(|o| std::ptr::eq(o, op));
    let charset = format_ident!("{}", model.vendor.charset.rust_name());
    let arms = [
        RefusalKind::Auth,
        RefusalKind::Digest,
        RefusalKind::Invalid,
        RefusalKind::NotFound,
    ]
    .into_iter()
    .map(|kind| {
        let variant = format_ident!("{}", kind.rust_name());
        let of_kind = || model.refusals.iter().filter(move |r| r.kind == kind);
        let documented = of_kind()
            .find(|r| index.is_some_and(|i| r.operations.contains(&i)))
            .or_else(|| of_kind().find(|r| r.operations.is_empty()));
        let (status, body) = refusal_body(model, op, documented, kind);
        let body = match body {
            Some(text) => quote! {
                #rt::mock::json_answer(#text, #rt::Encoding::#charset)
                    .map(|answer| #rt::mock::with_status(answer, #status))
            },
            None => quote!(::core::option::Option::None),
        };
        quote!(#rt::mock::Kind::#variant => (#status, #body),)
    });
    let sources: Vec<&str> = (model.refusals.iter())
        .filter(|r| r.operations.is_empty() || index.is_some_and(|i| r.operations.contains(&i)))
        .map(|r| r.source.as_str())
        .collect();
    let doc = format!(
        " The refusals of `{}`, by the kind of the first failed check ({}).",
        op.name,
        if sources.is_empty() {
            "none documented".to_owned()
        } else {
            escape(&sources.join("; "))
        }
    );
    quote! {
        #[doc = #doc]
        fn #name(&self, kind: #rt::mock::Kind) -> #rt::mock::Answer {
            let (status, answer) = match kind {
                #(#arms)*
            };
            answer.unwrap_or(#rt::mock::Answer {
                status,
                content_type: ::core::option::Option::None,
                body: ::std::vec::Vec::new(),
            })
        }
    }
}

/// Status and JSON body of a refusal of `op`; an undocumented kind gets its nearest HTTP
/// status and no body.
fn refusal_body(
    model: &Model,
    op: &Operation,
    documented: Option<&Refusal>,
    kind: RefusalKind,
) -> (u16, Option<String>) {
    let Some(refusal) = documented else {
        let status = match kind {
            RefusalKind::Auth => 401,
            RefusalKind::NotFound => 404,
            RefusalKind::Digest | RefusalKind::Invalid => 400,
        };
        return (status, None);
    };
    let Success::Code {
        field,
        message,
        detail,
        ..
    } = &op.success
    else {
        return (refusal.status, None);
    };
    let fields = &model.response(op).fields;
    let mut body = Map::new();
    if let Some(code) = &refusal.code {
        body.insert(
            fields[*field].wire.clone(),
            scalar_json(code, &fields[*field].ty),
        );
    }
    if let Some(text) = &refusal.message {
        body.insert(fields[*message].wire.clone(), Value::String(text.clone()));
    }
    if let (Some(text), Some(detail)) = (&refusal.detail, detail) {
        body.insert(fields[*detail].wire.clone(), Value::String(text.clone()));
    }
    (refusal.status, Some(Value::Object(body).to_string()))
}

/// A status read's lookup of the payment it asks about, among those the mock approved; none
/// found is the gateway's not-found refusal.
fn state_read(
    model: &Model,
    op: &Operation,
    variant: &Ident,
    rt: &TokenStream,
) -> (TokenStream, TokenStream) {
    let Some(report) = &op.reports else {
        return (quote!(), quote!());
    };
    let refuse = format_ident!("refuse_{}", op.name);
    let matches = report.resolves.iter().map(|resolve| {
        let write = &model.operations[resolve.write];
        let (name, fields) = (&write.name, &model.request(write).fields);
        let pairs = resolve.inputs.iter().map(|(read, index)| {
            let written = &fields[*index].wire;
            quote!(members.get(#read).is_some() && members.get(#read) == p.request.get(#written))
        });
        quote!(p.write == #name #(&& #pairs)*)
    });
    let matches: Vec<TokenStream> = matches.collect();
    // A read that resolves no write finds nothing the mock approved.
    let matches = match &matches[..] {
        [] => quote!(|_p| false),
        [one] => quote!(|p| #one),
        many => {
            let many = many.iter().map(|m| quote!((#m)));
            quote!(|p| #(#many)||*)
        }
    };
    let read = quote! {
        let state = self.payments.lock().unwrap_or_else(::std::sync::PoisonError::into_inner)
            .iter().rev()
            .find(#matches)
            .map(|p| p.state.clone());
        let ::core::option::Option::Some(state) = state else {
            checks.push(#rt::mock::Check::failed(#rt::mock::Kind::NotFound, "payment", "the mock approved no payment this request names"));
            return #rt::mock::Handled {
                received: ::core::option::Option::Some(Received::#variant(::std::boxed::Box::new(decoded))),
                checks,
                answer: self.#refuse(#rt::mock::Kind::NotFound),
            };
        };
    };
    (read, quote!(state))
}

/// What a successful answer changes: an approval a status read resolves is kept, approved; a
/// net cancel's approval becomes not approved.
fn state_write(model: &Model, op: &Operation, rt: &TokenStream) -> TokenStream {
    let index = model.operations.iter().position(|o| std::ptr::eq(o, op));
    let report_of = |write: Option<usize>| {
        model
            .operations
            .iter()
            .filter_map(|o| o.reports.as_ref())
            .find(|r| {
                r.resolves
                    .iter()
                    .any(|resolve| Some(resolve.write) == write)
            })
    };
    let state_json = |report: &crate::model::Report, code: Option<&Scalar>| {
        let reader = model
            .operations
            .iter()
            .find(|o| o.reports.as_ref().is_some_and(|r| std::ptr::eq(r, report)))?;
        let ty = &model.response(reader).fields[report.state].ty;
        Some(scalar_json(code?, ty).to_string())
    };
    let form = op.response_format == BodyFormat::Form;
    let charset = format_ident!("{}", model.vendor.charset.rust_name());
    let approve = report_of(index)
        .and_then(|report| state_json(report, report.approved.first()))
        .map(|state| {
            let name = &op.name;
            quote! {
                if (200..300).contains(&answer.status) {
                    let state = #rt::__private::serde_json::from_str(#state).unwrap_or_default();
                    self.payments.lock().unwrap_or_else(::std::sync::PoisonError::into_inner).push(#rt::mock::Payment {
                        write: #name,
                        request: members.clone(),
                        answer: #rt::mock::answer_members(&answer, #form, #rt::Encoding::#charset),
                        state,
                    });
                }
            }
        });
    // A net cancel leaves the approval not approved; a `cancels` leaves the state it names.
    let cancel = match (&op.cancels, &op.net_cancel) {
        (Some(effect), _) => {
            let report = report_of(Some(effect.approving));
            let leaves = report.and_then(|r| state_json(r, Some(&effect.leaves)));
            let state = match (&effect.partial, leaves) {
                (Some((when, partial)), Some(leaves)) => report
                    .and_then(|r| state_json(r, Some(partial)))
                    .map(|partial| {
                        quote! {
                            if members.get(#when).is_some() { #partial } else { #leaves }
                        }
                    }),
                (None, Some(leaves)) => Some(quote!(#leaves)),
                (_, None) => None,
            };
            state.map(|state| state_change(model, effect.approving, &effect.matches, &state, rt))
        }
        (None, Some(plan)) => report_of(Some(plan.approving))
            .and_then(|report| state_json(report, report.not_approved.first()))
            .map(|state| state_change(model, plan.approving, &plan.fills, &quote!(#state), rt)),
        (None, None) => None,
    };
    quote!(#approve #cancel)
}

/// A sent callback's methods on the mock: its documented example, and sending one, signed as
/// the gateway signs it.
fn callback_methods(
    model: &Model,
    callback: &crate::model::Callback,
    rt: &TokenStream,
) -> Option<TokenStream> {
    let format = callback.format?;
    let object = &model.objects[callback.ty];
    let ty = ident(&object.name);
    let example_name = format_ident!("{}_example", callback.name);
    let send_name = format_ident!("send_{}", callback.name);
    let example = object_json(model, object, 0).to_string();
    let made_up = made_up(object, rt);
    let example_mut = made_up.as_ref().map(|_| quote!(mut));
    let broken = format!(
        "the spec's examples of `{}` do not decode into it: fix them",
        object.name
    );
    let sign = (!object.verified_fields().is_empty()).then(|| {
        let method = format_ident!("sign_{}", crate::naming::snake(&object.name));
        quote!(self.server.gateway().#method(&mut callback);)
    });
    let mutable = sign.as_ref().map(|_| quote!(mut));
    let form = format == BodyFormat::Form;
    let charset = format_ident!("{}", model.vendor.charset.rust_name());
    let example_doc = format!(
        " The `{}` callback of the documents' examples ({}), each required text they give no example of made up, and its digests computed: a starting point for [`Self::{send_name}`].",
        callback.name,
        escape(&callback.source)
    );
    let send_doc = format!(
        " Posts a `{}` callback to `url` (the merchant's handler under test) as the gateway does: written as {}, its digests computed with this mock's credentials. Returns the status and body the handler answered.\n\n # Errors\n The callback cannot be written, or `url` not reached.",
        callback.name,
        if form { "a form" } else { "JSON" },
    );
    let send_doc: Vec<String> = send_doc.lines().map(str::to_owned).collect();
    Some(quote! {
        #[doc = #example_doc]
        ///
        /// # Panics
        /// When the spec's examples of the type do not decode into it: a spec to fix.
        pub fn #example_name(&self) -> super::#ty {
            let #example_mut example: #rt::__private::serde_json::Value =
                #rt::__private::serde_json::from_str(#example).unwrap_or_default();
            #made_up
            let #mutable callback: super::#ty = #rt::__private::serde_json::from_value(example)
                .expect(#broken);
            #sign
            callback
        }

        #(#[doc = #send_doc])*
        pub async fn #send_name(&self, url: &str, callback: &super::#ty) -> #rt::Result<(u16, ::std::vec::Vec<u8>)> {
            let #mutable callback = ::core::clone::Clone::clone(callback);
            #sign
            #rt::mock::send_callback(url, #rt::mock::body_of(&callback, #form, #rt::Encoding::#charset)).await
        }
    })
}

/// Makes up each required text of `object` that the documents give no example of.
fn made_up(object: &Object, rt: &TokenStream) -> Option<TokenStream> {
    let fields: Vec<TokenStream> = (object.fields.iter().enumerate())
        .filter(|(i, f)| (f.always_required() || signed_input(object, *i)) && f.example.is_none())
        .map(|(_, f)| f)
        .filter(|f| f.ty == RustType::String && f.verify.is_none())
        .map(|f| {
            let wire = &f.wire;
            let max = match f.rules.max_bytes.or(f.rules.max_chars) {
                Some(max) => quote!(::core::option::Option::Some(#max)),
                None => quote!(::core::option::Option::None),
            };
            quote!((#wire, #max))
        })
        .collect();
    (!fields.is_empty()).then(|| quote!(#rt::mock::make_up(&mut example, &[#(#fields),*]);))
}

/// After a successful answer, the state of the approval of operation `approving` whose
/// request or answer holds this request's `matches` becomes the JSON text `state`.
fn state_change(
    model: &Model,
    approving: usize,
    matches: &std::collections::BTreeMap<String, crate::model::Fill>,
    state: &TokenStream,
    rt: &TokenStream,
) -> TokenStream {
    let approving = &model.operations[approving];
    let (request, response) = (
        &model.request(approving).fields,
        &model.response(approving).fields,
    );
    let name = &approving.name;
    let pairs = matches.iter().map(|(wire, fill)| match fill {
        crate::model::Fill::Request(i) => {
            let theirs = &request[*i].wire;
            quote!(members.get(#wire) == p.request.get(#theirs))
        }
        crate::model::Fill::Response(i) => {
            let theirs = &response[*i].wire;
            quote!(members.get(#wire) == p.answer.get(#theirs))
        }
    });
    quote! {
        if (200..300).contains(&answer.status) {
            let state: &str = #state;
            let mut payments = self.payments.lock().unwrap_or_else(::std::sync::PoisonError::into_inner);
            if let ::core::option::Option::Some(p) = payments.iter_mut().rev().find(|p| p.write == #name #(&& #pairs)*) {
                p.state = #rt::__private::serde_json::from_str(state).unwrap_or_default();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::mock_module;
    use crate::emit::fixture::{pretty, rt, with_model};

    #[test]
    fn the_mock_is_gated_checks_what_the_client_fills_in_and_answers_from_examples() {
        let code = with_model(|model| pretty(mock_module(model, &rt(), Some("mock"))));
        assert!(code.starts_with("#[cfg(feature = \"mock\")]"), "{code}");
        assert!(code.contains("pub mod mock {"), "{code}");
        // Every operation is routed and handled.
        assert!(code.contains("fn handle_pay("), "{code}");
        // A computed digest is recomputed over the received fields, in constant time.
        assert!(
            code.contains("::paygen_runtime::auth::digest_matches("),
            "{code}"
        );
        assert!(
            code.contains("::paygen_runtime::mock::Kind::Digest"),
            "{code}"
        );
        // The answer starts from the documented examples.
        assert!(
            code.contains("static EXAMPLE: ::std::sync::OnceLock"),
            "{code}"
        );
        let ungated = with_model(|model| pretty(mock_module(model, &rt(), None)));
        assert!(!ungated.contains("cfg(feature"), "{ungated}");
    }
}
