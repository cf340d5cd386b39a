//! The client: environments, credentials, default limits, the builder and the `Client` whose
//! methods the other emitters write.

use super::auth::{auth_method, token_method, tokens_ident};
use super::digests::{verify_method, wire_method, wire_type};
use super::docs::doc_lines;
use super::operations::operation;
use super::tokens::docs;
use crate::model::{EnvironmentName, Model};
use crate::naming::ident;
use crate::prose::escape;
use crate::Settings;
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

/// The environment enum, credentials, builder and client of `model`.
pub(super) fn client(model: &Model, rt: &TokenStream, settings: &Settings) -> TokenStream {
    let environment = environment(model);
    let credentials = credentials(model, rt);
    // A client holds the credentials only when generated code reads them: an auth scheme an
    // operation uses, or a digest over a `{credential}`.
    let has_credentials = model.reads_credentials;
    let uses_clock = model.uses_clock();
    let vendor = &model.vendor.name;
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
        .map(|op| operation(model, op, rt, settings));
    let outcomes = model
        .operations
        .iter()
        .map(|op| super::recovery::outcome_methods(model, op, rt));
    let net_cancels = model
        .operations
        .iter()
        .map(|op| super::recovery::net_cancel_method(model, op, rt));
    let (limits_const, limits_init) = default_limits(model, rt);
    let wire_types = model.objects.iter().filter_map(wire_type);
    let wire_methods = model
        .objects
        .iter()
        .filter_map(|o| wire_method(model, o, rt));
    let verify_methods = model
        .objects
        .iter()
        .filter_map(|o| verify_method(model, o, rt));
    let schemes = model
        .auth
        .iter()
        .filter(|auth| auth.used)
        .map(|auth| auth_method(model, auth, rt));
    let token_methods = model
        .token_schemes()
        .map(|(auth, plan)| token_method(model, auth, plan, rt));
    // Each token scheme's kept token, shared by the client's clones.
    let token_ids: Vec<Ident> = model
        .token_schemes()
        .map(|(auth, _)| tokens_ident(&auth.name))
        .collect();
    let token_fields = token_ids.iter().map(|id| {
        quote! {
            #id: ::std::sync::Arc<#rt::token::TokenCache>,
        }
    });
    let token_init = token_ids
        .iter()
        .map(|id| quote!(#id: ::core::default::Default::default(),));
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
            http_client: ::core::option::Option<#rt::http::reqwest::Client>,
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

            /// How long to wait for the next bytes of an answer, its headers included (no limit
            /// apart from the whole call's when `None`). Applies to the client this builder makes;
            /// an app's own `http_client` keeps its own read timeout.
            pub fn read_timeout(mut self, timeout: ::core::option::Option<::std::time::Duration>) -> Self {
                self.limits.read_timeout = timeout;
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

            /// Sends through the app's own `reqwest::Client` (its proxies, connection pool,
            /// TLS settings and default headers) instead of one built here. The timeout and the
            /// response size limit still apply to every call; the connect timeout is then the
            /// app's client's own.
            pub fn http_client(mut self, client: #rt::http::reqwest::Client) -> Self {
                self.http_client = ::core::option::Option::Some(client);
                self
            }

            #clock_setter

            /// Builds the client.
            pub fn build(self) -> #rt::Result<Client> {
                let base_url = self.environment.base_url();
                let transport = match self.http_client {
                    ::core::option::Option::Some(client) => #rt::__private::http::Transport::with_client(
                        client,
                        base_url,
                        self.limits,
                        self.retry,
                    ),
                    ::core::option::Option::None => #rt::__private::http::Transport::new(
                        base_url,
                        self.limits,
                        self.retry,
                    )?,
                };
                ::core::result::Result::Ok(Client {
                    transport,
                    #cred_move
                    #clock_move
                    #(#token_init)*
                })
            }
        }

        #[doc = #client_doc]
        #[derive(Debug, Clone)]
        pub struct Client {
            transport: #rt::__private::http::Transport,
            #cred_field
            #clock_field
            #(#token_fields)*
        }

        impl Client {
            #[doc = #cred_doc]
            pub fn builder(environment: Environment #cred_param) -> ClientBuilder {
                ClientBuilder {
                    environment,
                    limits: #limits_init,
                    retry: ::core::default::Default::default(),
                    http_client: ::core::option::Option::None,
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
            #(#token_methods)*
            #(#wire_methods)*
            #(#verify_methods)*
        }
    }
}

/// The vendor's default limits as a public constant, and the builder's initial value.
fn default_limits(model: &Model, rt: &TokenStream) -> (TokenStream, TokenStream) {
    let Some(limits) = &model.vendor.limits else {
        return (quote!(), quote!(::core::default::Default::default()));
    };
    let (connect, timeout, max) = (
        limits.connect_timeout_ms,
        limits.timeout_ms,
        proc_macro2::Literal::usize_unsuffixed(limits.max_response_bytes),
    );
    let read = match limits.read_timeout_ms {
        Some(ms) => format!(", wait at most {ms} ms for each read"),
        None => String::new(),
    };
    let doc = docs(&[
        format!(
            "The defaults a [`ClientBuilder`] starts from: connect within {connect} ms, finish each call"
        ),
        format!(
            "within {timeout} ms{read}, read at most {} response bytes. {}",
            limits.max_response_bytes,
            escape(&limits.why)
        ),
    ]);
    let read_timeout = match limits.read_timeout_ms {
        Some(ms) => quote!(::core::option::Option::Some(::std::time::Duration::from_millis(#ms))),
        None => quote!(::core::option::Option::None),
    };
    (
        quote! {
            #doc
            pub const DEFAULT_LIMITS: #rt::http::Limits = #rt::http::Limits {
                connect_timeout: ::std::time::Duration::from_millis(#connect),
                timeout: ::std::time::Duration::from_millis(#timeout),
                read_timeout: #read_timeout,
                max_response_bytes: #max,
            };
        },
        quote!(DEFAULT_LIMITS),
    )
}

fn environment(model: &Model) -> TokenStream {
    let environments = &model.vendor.environments;
    let variants = environments.iter().map(|env| {
        let (id, url) = (env_ident(env.name), &env.base_url);
        let doc = format!(" `{url}`");
        quote!(#[doc = #doc] #id,)
    });
    let urls = environments.iter().map(|env| {
        let (id, url) = (env_ident(env.name), &env.base_url);
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

pub(super) fn credentials(model: &Model, rt: &TokenStream) -> Option<TokenStream> {
    let credentials = &model.credentials;
    if credentials.is_empty() {
        return None;
    }
    let fields = credentials.iter().map(|c| {
        let id = ident(&c.name);
        let doc = docs(&doc_lines(&c.docs, &[]));
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

#[cfg(test)]
mod tests {
    use super::client;
    use crate::emit::fixture::{pretty, rt, with_model};

    #[test]
    fn the_client_holds_credentials_a_clock_and_every_operation() {
        let code = with_model(|model| pretty(client(model, &rt(), &crate::Settings::new())));
        assert!(code.contains("pub struct Credentials"), "{code}");
        assert!(code.contains("credentials: Credentials,"), "{code}");
        // The signed scheme puts a timestamp in its header, so the clock is injectable.
        assert!(code.contains("pub fn clock("), "{code}");
        for method in [
            "pay",
            "cancel",
            "status",
            "status_outcome",
            "net_cancel_pay",
        ] {
            assert!(
                code.contains(&format!("pub async fn {method}(")),
                "{method}: {code}"
            );
        }
        assert!(code.contains("Sandbox"), "{code}");
    }

    #[test]
    fn prepare_steps_are_private_unless_asked_for() {
        let private = with_model(|model| pretty(client(model, &rt(), &crate::Settings::new())));
        assert!(private.contains("\n    fn prepare_pay("), "{private}");
        let public = with_model(|model| {
            pretty(client(
                model,
                &rt(),
                &crate::Settings::new().public_prepare(true),
            ))
        });
        assert!(public.contains("pub fn prepare_pay("), "{public}");
    }
}
