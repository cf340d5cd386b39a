//! Token streams for a vendor's client: environments, credentials, auth recipes, one async
//! method per operation, and the success criterion of each response type.

use crate::check::{template_parts, TemplatePart};
use crate::emit::{docs, scalar};
use crate::model::{doc_lines, Model, Operation, RustType};
use crate::naming::ident;
use crate::prose::escape;
use crate::spec::{
    AuthScheme, DigestAlgorithm, DigestOutput, EnvironmentName, FieldType, HttpMethod, Location,
    Repr, Required, Scalar, SignatureAlgorithm, Success,
};
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

mod recovery;

/// The environment enum, credentials, builder and client of `model`.
pub(crate) fn client(model: &Model<'_>, rt: &TokenStream, public_prepare: bool) -> TokenStream {
    let environment = environment(model);
    let credentials = credentials(model, rt);
    // A client holds the credentials only when generated code reads them: an auth scheme an
    // operation uses, or a digest over a `{credential}`.
    let has_credentials = reads_credentials(model);
    let uses_clock = uses_clock(model);
    let vendor = &model.spec.vendor.name;
    let client_doc = format!(
        " An async client for {vendor}. Every call validates its request before any network I/O."
    );
    let (cred_field, cred_param, cred_init, cred_doc) = if has_credentials {
        (
            quote!(credentials: Credentials,),
            quote!(, credentials: Credentials),
            quote!(credentials,),
            " Settings for a client of `environment` holding `credentials`, starting from the defaults.",
        )
    } else {
        (
            quote!(),
            quote!(),
            quote!(),
            " Settings for a client of `environment`, starting from the defaults.",
        )
    };
    let cred_arg = has_credentials.then(|| quote!(, credentials));
    let cred_move = has_credentials.then(|| quote!(credentials: self.credentials,));
    let (clock_field, clock_init, clock_move, clock_setter) = if uses_clock {
        (
            quote!(clock: ::std::sync::Arc<dyn #rt::auth::Clock>,),
            quote!(clock: ::std::sync::Arc::new(#rt::auth::SystemClock),),
            quote!(clock: self.clock,),
            quote! {
                /// The clock timestamped signatures read (the system clock by default).
                pub fn clock(mut self, clock: ::std::sync::Arc<dyn #rt::auth::Clock>) -> Self {
                    self.clock = clock;
                    self
                }
            },
        )
    } else {
        (quote!(), quote!(), quote!(), quote!())
    };
    let operations = model
        .operations
        .iter()
        .map(|op| operation(model, op, rt, public_prepare));
    let outcomes = model
        .operations
        .iter()
        .map(|op| recovery::outcome_methods(model, op, rt));
    let net_cancels = model
        .operations
        .iter()
        .map(|op| recovery::net_cancel_method(model, op, rt));
    let (limits_const, limits_init) = default_limits(model, rt);
    let wire_types = model.objects.iter().filter_map(|o| wire_type(o, rt));
    let wire_methods = model
        .objects
        .iter()
        .filter_map(|o| wire_method(model, o, rt));
    let verify_methods = model
        .objects
        .iter()
        .filter_map(|o| verify_method(model, o, rt));
    let schemes = model
        .spec
        .vendor
        .auth
        .iter()
        .filter(|scheme| uses_scheme(model, &scheme.name))
        .map(|scheme| auth_method(model, scheme, rt));
    quote! {
        #environment
        #credentials
        #limits_const
        #(#wire_types)*

        /// Settings for a [`Client`]: environment, timeouts and response size limit.
        #[derive(Debug, Clone)]
        pub struct ClientBuilder {
            environment: Environment,
            limits: #rt::http::Limits,
            retry: #rt::http::RetryPolicy,
            #cred_field
            #clock_field
        }

        impl ClientBuilder {
            /// How long to wait for a connection.
            pub fn connect_timeout(mut self, timeout: ::std::time::Duration) -> Self {
                self.limits.connect_timeout = timeout;
                self
            }

            /// How long a whole call may take.
            pub fn timeout(mut self, timeout: ::std::time::Duration) -> Self {
                self.limits.timeout = timeout;
                self
            }

            /// The most response-body bytes read before a call fails.
            pub fn max_response_bytes(mut self, limit: usize) -> Self {
                self.limits.max_response_bytes = limit;
                self
            }

            /// How reads and idempotent writes are retried; `RetryPolicy::none()` turns it off.
            /// Writes without an idempotency key are never retried, whatever the policy.
            pub fn retry(mut self, policy: #rt::http::RetryPolicy) -> Self {
                self.retry = policy;
                self
            }

            #clock_setter

            /// Builds the client.
            pub fn build(self) -> #rt::Result<Client> {
                let transport = #rt::__private::http::Transport::new(
                    self.environment.base_url(),
                    self.limits,
                    self.retry,
                )?;
                ::core::result::Result::Ok(Client { transport, #cred_move #clock_move })
            }
        }

        #[doc = #client_doc]
        #[derive(Debug, Clone)]
        pub struct Client {
            transport: #rt::__private::http::Transport,
            #cred_field
            #clock_field
        }

        impl Client {
            #[doc = #cred_doc]
            pub fn builder(environment: Environment #cred_param) -> ClientBuilder {
                ClientBuilder {
                    environment,
                    limits: #limits_init,
                    retry: ::core::default::Default::default(),
                    #cred_init
                    #clock_init
                }
            }

            /// A client of `environment` with the default settings.
            pub fn new(environment: Environment #cred_param) -> #rt::Result<Self> {
                Self::builder(environment #cred_arg).build()
            }

            #(#operations)*
            #(#outcomes)*
            #(#net_cancels)*
            #(#schemes)*
            #(#wire_methods)*
            #(#verify_methods)*
        }
    }
}

/// The vendor's default limits as a public constant, and the builder's initial value.
fn default_limits(model: &Model<'_>, rt: &TokenStream) -> (TokenStream, TokenStream) {
    let Some(limits) = &model.spec.vendor.limits else {
        return (quote!(), quote!(::core::default::Default::default()));
    };
    let (connect, timeout, max) = (
        limits.connect_timeout_ms,
        limits.timeout_ms,
        proc_macro2::Literal::usize_unsuffixed(limits.max_response_bytes),
    );
    let doc = docs(&[
        format!(
            "The defaults a [`ClientBuilder`] starts from: connect within {connect} ms, finish each call"
        ),
        format!(
            "within {timeout} ms, read at most {} response bytes. {}",
            limits.max_response_bytes,
            escape(&limits.why)
        ),
    ]);
    (
        quote! {
            #doc
            pub const DEFAULT_LIMITS: #rt::http::Limits = #rt::http::Limits {
                connect_timeout: ::std::time::Duration::from_millis(#connect),
                timeout: ::std::time::Duration::from_millis(#timeout),
                max_response_bytes: #max,
            };
        },
        quote!(DEFAULT_LIMITS),
    )
}

fn environment(model: &Model<'_>) -> TokenStream {
    let variants = model.environments().map(|(env, url)| {
        let id = env_ident(env);
        let doc = format!(" `{url}`");
        quote!(#[doc = #doc] #id,)
    });
    let urls = model.environments().map(|(env, url)| {
        let id = env_ident(env);
        quote!(Environment::#id => #url,)
    });
    quote! {
        /// Where a [`Client`] sends its requests.
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub enum Environment {
            #(#variants)*
            /// Any other base URL, such as a local mock server in tests.
            Custom(::std::string::String),
        }

        impl Environment {
            /// The base URL operation paths are appended to.
            pub fn base_url(&self) -> &str {
                match self {
                    #(#urls)*
                    Environment::Custom(url) => url,
                }
            }
        }
    }
}

fn env_ident(env: EnvironmentName) -> Ident {
    match env {
        EnvironmentName::Sandbox => format_ident!("Sandbox"),
        EnvironmentName::Production => format_ident!("Production"),
    }
}

fn credentials(model: &Model<'_>, rt: &TokenStream) -> Option<TokenStream> {
    let credentials = &model.spec.vendor.credentials;
    if credentials.is_empty() {
        return None;
    }
    let fields = credentials.iter().map(|c| {
        let id = ident(&c.name);
        let doc = docs(&doc_lines(&c.description, &[], Some(&c.source), None));
        let ty = if c.secret {
            quote!(#rt::auth::SecretString)
        } else {
            quote!(::std::string::String)
        };
        quote!(#doc pub #id: #ty,)
    });
    let debug = credentials.iter().map(|c| {
        let id = ident(&c.name);
        let label = &c.name;
        if c.secret {
            quote!(.field(#label, &#rt::redact::Redacted))
        } else {
            quote!(.field(#label, &self.#id))
        }
    });
    Some(quote! {
        /// What the gateway issued to the merchant. Secrets are `SecretString`s: they never
        /// appear in `Debug` output, and headers built from them are marked sensitive.
        #[derive(Clone)]
        pub struct Credentials {
            #(#fields)*
        }

        impl ::core::fmt::Debug for Credentials {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.debug_struct("Credentials")
                    #(#debug)*
                    .finish()
            }
        }
    })
}

/// Whether an operation authenticates with the scheme `name`; no method is generated for a
/// scheme none uses.
fn uses_scheme(model: &Model<'_>, name: &str) -> bool {
    model
        .spec
        .operations
        .iter()
        .any(|op| op.auth.as_deref() == Some(name))
}

/// Whether generated code reads the credentials: through a used auth scheme or a digest input.
fn reads_credentials(model: &Model<'_>) -> bool {
    if model.spec.vendor.credentials.is_empty() {
        return false;
    }
    let auth = model.spec.operations.iter().any(|op| op.auth.is_some());
    let digests = model
        .spec
        .types
        .iter()
        .flat_map(|ty| ty.fields.iter().flatten())
        .any(|f| {
            [&f.computed, &f.verify]
                .into_iter()
                .flatten()
                .any(|recipe| recipe.inputs.iter().any(|input| input.starts_with('{')))
        });
    auth || digests
}

fn uses_clock(model: &Model<'_>) -> bool {
    model.spec.vendor.auth.iter().any(|scheme| {
        scheme
            .headers
            .values()
            .any(|t| t.contains("{timestamp_ms}"))
            || scheme
                .signature
                .as_ref()
                .is_some_and(|s| s.message.contains("{timestamp_ms}"))
    })
}

fn auth_ident(scheme: &str) -> Ident {
    format_ident!("auth_{}", scheme)
}

/// A private method building the headers of one auth scheme for one request.
fn auth_method(model: &Model<'_>, scheme: &AuthScheme, rt: &TokenStream) -> TokenStream {
    let name = auth_ident(&scheme.name);
    let uses = |placeholder: &str| {
        scheme
            .signature
            .as_ref()
            .is_some_and(|s| s.message.contains(&format!("{{{placeholder}}}")))
    };
    let param = |placeholder: &str| {
        if uses(placeholder) {
            format_ident!("{}", placeholder)
        } else {
            format_ident!("_{}", placeholder)
        }
    };
    let (method, uri, body) = (param("method"), param("uri"), param("body"));
    let timestamp = uses_timestamp(scheme)
        .then(|| quote!(let timestamp_ms = self.clock.now_millis().to_string();));
    let signature = scheme.signature.as_ref().map(|signature| {
        let key = credential_bytes(model, &signature.key, rt);
        let parts = template_parts(&signature.message)
            .expect("checked: templates are balanced")
            .into_iter()
            .map(|part| match part {
                TemplatePart::Literal(text) => quote!(#text.as_bytes()),
                TemplatePart::Placeholder("body") => quote!(body),
                TemplatePart::Placeholder(p @ ("method" | "uri" | "timestamp_ms")) => {
                    let id = format_ident!("{}", p);
                    quote!(#id.as_bytes())
                }
                TemplatePart::Placeholder(credential) => credential_bytes(model, credential, rt),
            });
        let mac = match signature.algorithm {
            SignatureAlgorithm::HmacSha256 => quote!(#rt::auth::hmac_sha256(#key, &[#(#parts),*])),
        };
        let text = match signature.output {
            DigestOutput::Base64 => quote!(#rt::auth::base64(&#mac)),
            DigestOutput::Hex => quote!(#rt::auth::hex_lower(&#mac)),
        };
        quote!(let signature = #text;)
    });
    let headers = scheme.headers.iter().map(|(header, template)| {
        let header = header.to_ascii_lowercase();
        let (value, sensitive) = header_value(model, template, rt);
        quote! {
            let (name, value) = #rt::auth::header(#header, &#value, #sensitive)?;
            headers.insert(name, value);
        }
    });
    let doc = format!(
        " The headers of the `{}` auth scheme ({}).",
        scheme.name,
        escape(&scheme.source)
    );
    quote! {
        #[doc = #doc]
        fn #name(
            &self,
            #method: &str,
            #uri: &str,
            #body: &[u8],
        ) -> #rt::Result<#rt::__private::reqwest::header::HeaderMap> {
            #timestamp
            #signature
            let mut headers = #rt::__private::reqwest::header::HeaderMap::new();
            #(#headers)*
            ::core::result::Result::Ok(headers)
        }
    }
}

fn uses_timestamp(scheme: &AuthScheme) -> bool {
    scheme
        .headers
        .values()
        .any(|t| t.contains("{timestamp_ms}"))
        || scheme
            .signature
            .as_ref()
            .is_some_and(|s| s.message.contains("{timestamp_ms}"))
}

fn is_secret(model: &Model<'_>, credential: &str) -> bool {
    model
        .spec
        .vendor
        .credentials
        .iter()
        .any(|c| c.name == credential && c.secret)
}

fn credential_str(model: &Model<'_>, credential: &str, rt: &TokenStream) -> TokenStream {
    let id = ident(credential);
    if is_secret(model, credential) {
        quote!(#rt::auth::ExposeSecret::expose_secret(&self.credentials.#id))
    } else {
        quote!(self.credentials.#id.as_str())
    }
}

fn credential_bytes(model: &Model<'_>, credential: &str, rt: &TokenStream) -> TokenStream {
    let text = credential_str(model, credential, rt);
    quote!(#text.as_bytes())
}

/// The expression for a header value template, and whether it carries a secret.
fn header_value(model: &Model<'_>, template: &str, rt: &TokenStream) -> (TokenStream, bool) {
    let mut sensitive = false;
    let parts: Vec<TokenStream> = template_parts(template)
        .expect("checked: templates are balanced")
        .into_iter()
        .map(|part| match part {
            TemplatePart::Literal(text) => quote!(#text),
            TemplatePart::Placeholder("timestamp_ms") => quote!(timestamp_ms.as_str()),
            TemplatePart::Placeholder("signature") => {
                sensitive = true;
                quote!(signature.as_str())
            }
            TemplatePart::Placeholder(credential) => {
                sensitive |= is_secret(model, credential);
                credential_str(model, credential, rt)
            }
        })
        .collect();
    (quote!([#(#parts),*].concat()), sensitive)
}

fn operation(
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
    for part in template_parts(&op.spec.path).expect("checked: paths are balanced") {
        match part {
            TemplatePart::Literal(text) => {
                format.push_str(&text.replace('{', "{{").replace('}', "}}"))
            }
            TemplatePart::Placeholder(wire) => {
                format.push_str("{}");
                let field = fields
                    .iter()
                    .find(|f| f.spec.wire == wire)
                    .expect("checked: placeholders are fields");
                let value = path_text(model, &op.spec.request, field);
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
pub(crate) fn outcome(op: &Operation<'_>, rt: &TokenStream) -> TokenStream {
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

/// The struct a request with computed fields is sent as: the request, flattened, plus them.
fn wire_type(object: &crate::model::Object<'_>, rt: &TokenStream) -> Option<TokenStream> {
    let computed = object.computed_fields();
    if computed.is_empty() {
        return None;
    }
    let request = ident(&object.def.name);
    let wire = format_ident!("{}Wire", object.def.name);
    let serde_crate = format!("{}::__private::serde", rt.to_string().replace(' ', ""));
    let doc = format!(
        " [`{}`] as sent: with the fields the client computes.",
        object.def.name
    );
    let fields = computed.iter().map(|f| {
        let id = ident(&f.rust);
        let wire_name = &f.spec.wire;
        quote!(#[serde(rename = #wire_name)] #id: ::std::string::String,)
    });
    Some(quote! {
        #[doc = #doc]
        #[derive(#rt::__private::serde::Serialize)]
        #[serde(crate = #serde_crate)]
        struct #wire<'a> {
            #[serde(flatten)]
            request: &'a #request,
            #(#fields)*
        }
    })
}

fn wire_method(
    model: &Model<'_>,
    object: &crate::model::Object<'_>,
    rt: &TokenStream,
) -> Option<TokenStream> {
    let computed = object.computed_fields();
    if computed.is_empty() {
        return None;
    }
    let request = ident(&object.def.name);
    let wire = format_ident!("{}Wire", object.def.name);
    let method = format_ident!("wire_{}", crate::naming::snake(&object.def.name));
    let values = computed.iter().map(|f| {
        let id = ident(&f.rust);
        let recipe = f.spec.computed.as_ref().expect("filtered on computed");
        let digest = digest_expr(model, &object.fields, recipe, &format_ident!("request"), rt);
        let text = match recipe.output {
            DigestOutput::Hex => quote!(#rt::auth::hex_lower(&#digest)),
            DigestOutput::Base64 => quote!(#rt::auth::base64(&#digest)),
        };
        quote!(#id: #text,)
    });
    Some(quote! {
        /// Fills in the fields the client computes from the request and its credentials.
        fn #method<'a>(&self, request: &'a #request) -> #wire<'a> {
            #wire {
                request,
                #(#values)*
            }
        }
    })
}

fn verify_method(
    model: &Model<'_>,
    object: &crate::model::Object<'_>,
    rt: &TokenStream,
) -> Option<TokenStream> {
    let verified = object.verified_fields();
    if verified.is_empty() {
        return None;
    }
    let response = ident(&object.def.name);
    let method = format_ident!("verify_{}", crate::naming::snake(&object.def.name));
    let checks = verified.iter().map(|f| {
        let id = ident(&f.rust);
        let wire = &f.spec.wire;
        let recipe = f.spec.verify.as_ref().expect("filtered on verify");
        let digest = digest_expr(
            model,
            &object.fields,
            recipe,
            &format_ident!("response"),
            rt,
        );
        let received = if f.optional {
            quote!(response.#id.as_deref().unwrap_or_default())
        } else {
            quote!(response.#id.as_str())
        };
        // A success without one of the digested fields cannot be verified, so it fails too.
        let missing: Vec<TokenStream> = recipe
            .inputs
            .iter()
            .filter_map(|input| {
                let field = object.fields.iter().find(|f| &f.spec.wire == input)?;
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
        quote! {
            #missing
            let expected: [u8; 32] = #digest;
            if !#rt::auth::hex_digest_matches(&expected, #received) {
                return ::core::result::Result::Err(#rt::Error::Integrity { field: #wire });
            }
        }
    });
    let doc = format!(
        " Checks the digests of a successful [`{}`] in constant time.",
        object.def.name
    );
    Some(quote! {
        #[doc = #doc]
        fn #method(&self, response: &#response) -> #rt::Result<()> {
            #(#checks)*
            ::core::result::Result::Ok(())
        }
    })
}

/// The SHA-256 bytes of `recipe` over fields of `value` (a variable naming the object) and
/// credentials.
fn digest_expr(
    model: &Model<'_>,
    fields: &[crate::model::ObjectField<'_>],
    recipe: &crate::spec::DigestRecipe,
    value: &Ident,
    rt: &TokenStream,
) -> TokenStream {
    let parts = recipe.inputs.iter().map(|input| {
        if let Some(credential) = input.strip_prefix('{').and_then(|i| i.strip_suffix('}')) {
            return credential_bytes(model, credential, rt);
        }
        let field = fields
            .iter()
            .find(|f| &f.spec.wire == input)
            .expect("checked: inputs are fields");
        if let crate::model::RustType::Const(value) = &field.ty {
            let text = value.to_string();
            return quote!(#text.as_bytes());
        }
        let id = ident(&field.rust);
        let text = match (field.spec.ty, field.optional) {
            (FieldType::String, false) => return quote!(#value.#id.as_bytes()),
            (FieldType::String, true) => {
                return quote!(#value.#id.as_deref().unwrap_or_default().as_bytes())
            }
            (FieldType::Enum, false) => quote!(#value.#id.code().to_string()),
            (FieldType::Enum, true) => {
                quote!(#value.#id.as_ref().map(|v| v.code().to_string()).unwrap_or_default())
            }
            (_, false) => quote!(#value.#id.to_string()),
            (_, true) => quote!(#value.#id.as_ref().map(|v| v.to_string()).unwrap_or_default()),
        };
        quote!(#text.as_bytes())
    });
    // Every algorithm of the vocabulary, by name: a new one fails to compile here until the
    // runtime can compute it.
    match recipe.algorithm {
        DigestAlgorithm::Sha256 => quote!(#rt::auth::sha256(&[#(#parts),*])),
    }
}
