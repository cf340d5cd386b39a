//! The Rust backend: token streams for one vendor module, one submodule per concern.
//!
//! [`module`] assembles the module from the concerns' emitters: `types` and `enums` for the
//! data, `callbacks` for what the merchant receives, and `client` for the client, whose methods
//! come from `operations`, `auth`, `digests` and `recovery`. Every emitter reads the model
//! ([`crate::model`]); the shared token helpers are in `tokens`. Emitters call only downward
//! (client → operations, auth, digests, recovery → tokens), never back up.

mod auth;
mod callbacks;
mod client;
mod digests;
mod docs;
mod enums;
mod mock;
mod operations;
mod recovery;
mod tokens;
mod types;

use crate::model::Model;
use crate::prose::escape;
use crate::Settings;
use callbacks::callback;
use enums::enumeration;
use proc_macro2::TokenStream;
use quote::quote;
use types::object;

/// The whole module for `model`: each type with its impls beside it, then the client.
pub(crate) fn module(model: &Model, settings: &Settings) -> TokenStream {
    let rt = settings.runtime_path();
    let docs = settings.inner_attributes.then(|| module_docs(model));
    let outcomes = model.outcomes();
    let objects = model.objects.iter().enumerate().map(|(index, o)| {
        let item = object(model, o, &rt);
        // A response type's success criterion, and a callback type's decoders.
        let outcome = (outcomes.iter())
            .find(|op| op.response == index)
            .map(|op| operations::outcome(model, op, &rt));
        let callbacks = (model.callbacks.iter())
            .filter(|c| c.ty == index)
            .map(|c| callback(model, c, &rt));
        let error = (model.operations.iter())
            .find(|op| op.error == Some(index))
            .map(|op| operations::error_type(model, op, &rt));
        quote!(#item #outcome #(#callbacks)* #error)
    });
    let enums = model.enums.iter().map(|e| enumeration(e, &rt));
    let client = client::client(model, &rt, settings);
    let mock = (settings.mock.as_deref())
        .map(|feature| mock::mock_module(model, &rt, Some(feature).filter(|f| !f.is_empty())));
    quote! {
        #docs
        #(#objects)*
        #(#enums)*
        #client
        #mock
    }
}

/// The module's own page: what it holds, where it comes from, and the documents' conflicts as a
/// section of their own, one list item each.
fn module_docs(model: &Model) -> TokenStream {
    let vendor = &model.vendor;
    let sources: Vec<String> = (vendor.sources.iter())
        .map(|(key, file)| format!("`{file}` (cited as `{key}:LINE`)"))
        .collect();
    let mut lines = vec![
        format!(
            "{}: request and response types, code enums, and an async [`Client`].",
            escape(&vendor.name)
        ),
        String::new(),
        "Every request is validated against the documented lengths and rules before any network"
            .to_owned(),
        "I/O. Build one with its `builder()`; fields the documents do not require are optional."
            .to_owned(),
        String::new(),
        format!(
            "Generated from `{}`, transcribed from {}.",
            model.file,
            sources.join(", ")
        ),
    ];
    if !vendor.conflicts.is_empty() {
        lines.extend([
            String::new(),
            "# Document conflicts".to_owned(),
            String::new(),
            "Where the documents contradict themselves or are silent, and what this module does:"
                .to_owned(),
            String::new(),
        ]);
        for conflict in &vendor.conflicts {
            lines.push(format!(
                "- {} **Decision:** {} **Why:** {}",
                escape(&conflict.doc),
                escape(&conflict.decision),
                escape(&conflict.why)
            ));
        }
    }
    let lines = lines.iter().map(|l| {
        if l.is_empty() {
            String::new()
        } else {
            format!(" {l}")
        }
    });
    quote! { #(#![doc = #lines])* }
}

/// What the emitters' unit tests share: a small spec that uses each concern once, its model, and
/// token streams formatted as a reader sees them.
#[cfg(test)]
pub(crate) mod fixture {
    use crate::model::Model;
    use crate::{Documents, SpecSource};
    use proc_macro2::TokenStream;

    /// A gateway with a signed POST (a const, an enum, a computed digest), a GET with path and
    /// query parameters that reports a state, a net cancel, a verified response digest and a
    /// callback.
    pub(crate) const SPEC: &str = r#"paygen: 1
vendor:
  module: fixture_pay
  name: Fixture Pay
  sources: {doc: doc.txt}
  environments:
    - {name: sandbox, base_url: "https://sandbox.fixture.example", source: "doc:1"}
  credentials:
    - {name: api_key, secret: true, description: {en: Key.}, source: "doc:1"}
  auth:
    - name: signed
      headers: {X-Timestamp: "{timestamp_ms}", Authorization: "SIG {signature}"}
      signature: {algorithm: hmac-sha256, key: api_key, message: "{method}{uri}{timestamp_ms}{body}", output: hex}
      source: "doc:1"
operations:
  - name: pay
    summary: {en: Pays.}
    method: POST
    path: /pay
    request: PayRequest
    response: PayResponse
    auth: signed
    success: {field: code, equals: "00", message: message}
    source: "doc:2"
  - name: cancel
    summary: {en: Cancels.}
    method: POST
    path: /cancel
    request: CancelRequest
    response: PayResponse
    auth: signed
    success: {field: code, equals: "00", message: message}
    net_cancel: {of: pay, fill: {tid: response.tid}, source: "doc:3"}
    source: "doc:3"
  - name: status
    summary: {en: Reads a payment.}
    method: GET
    path: /pay/{tid}
    request: StatusRequest
    response: StatusResponse
    auth: signed
    success: {field: code, equals: "00", message: message}
    reports: {state: state, approved: [paid], not_approved: [void], source: "doc:4", why: "doc:4 says so."}
    source: "doc:4"
callbacks:
  - {name: notify, type: Notice, summary: {en: A result.}, source: "doc:5"}
types:
  - name: PayRequest
    kind: object
    description: {en: A payment.}
    source: "doc:2"
    fields:
      - {wire: orderId, type: string, max_bytes: 20, chars: ascii, required: true, description: {en: Order.}, source: "doc:2"}
      - {wire: amount, type: integer, minimum: 1, required: true, description: {en: Amount.}, source: "doc:2"}
      - {wire: currency, type: const, value: KRW, required: true, description: {en: Currency.}, source: "doc:2"}
      - {wire: method, type: enum, ref: Method, required: true, description: {en: Method.}, source: "doc:2"}
      - {wire: buyer, type: string, max_bytes: 20, personal: true, required: false, description: {en: Buyer.}, source: "doc:2"}
      - {wire: hash, type: string, required: true, computed: {algorithm: sha256, output: hex, inputs: [orderId, amount, "{api_key}"]}, description: {en: Hash.}, source: "doc:2"}
  - name: PayResponse
    kind: object
    description: {en: An answer.}
    source: "doc:2"
    fields:
      - {wire: code, type: string, required: true, description: {en: Code.}, source: "doc:2"}
      - {wire: message, type: string, required: false, description: {en: Message.}, source: "doc:2"}
      - {wire: tid, type: string, required: false, description: {en: Transaction.}, source: "doc:2"}
      - {wire: check, type: string, required: false, verify: {algorithm: sha256, output: hex, inputs: [code, tid, "{api_key}"]}, description: {en: Check.}, source: "doc:2"}
  - name: CancelRequest
    kind: object
    description: {en: A cancel.}
    source: "doc:3"
    fields:
      - {wire: tid, type: string, max_bytes: 20, required: true, description: {en: Transaction.}, source: "doc:3"}
  - name: StatusRequest
    kind: object
    description: {en: A read.}
    source: "doc:4"
    fields:
      - {wire: tid, in: path, type: string, max_bytes: 20, required: true, description: {en: Transaction.}, source: "doc:4"}
      - {wire: page, in: query, type: integer, required: false, description: {en: Page.}, source: "doc:4"}
  - name: StatusResponse
    kind: object
    description: {en: A state.}
    source: "doc:4"
    fields:
      - {wire: code, type: string, required: true, description: {en: Code.}, source: "doc:4"}
      - {wire: message, type: string, required: false, description: {en: Message.}, source: "doc:4"}
      - {wire: state, type: enum, ref: State, required: false, description: {en: State.}, source: "doc:4"}
  - name: Notice
    kind: object
    description: {en: A notice.}
    source: "doc:5"
    fields:
      - {wire: tid, type: string, required: true, description: {en: Transaction.}, source: "doc:5"}
  - name: Method
    kind: enum
    repr: string
    description: {en: Methods.}
    source: "doc:5"
    variants:
      - {value: card, description: {en: Card.}}
      - {value: bank, rust: BankTransfer, description: {en: Bank.}}
  - name: State
    kind: enum
    repr: string
    description: {en: States.}
    source: "doc:5"
    variants:
      - {value: paid, description: {en: Paid.}}
      - {value: void, description: {en: Voided.}}
"#;

    /// Runs `test` on the model of [`SPEC`].
    pub(crate) fn with_model<T>(test: impl FnOnce(&Model) -> T) -> T {
        let mut documents = Documents::new();
        documents.insert("doc.txt", "a line\n".repeat(5));
        let (_, model) = crate::checked(&SpecSource {
            path: "specs/fixture_pay.yaml",
            text: SPEC,
            documents: &documents,
        })
        .unwrap_or_else(|err| panic!("the fixture spec is valid:\n{err}"));
        test(&model)
    }

    /// The runtime path the emitters are handed.
    pub(crate) fn rt() -> TokenStream {
        quote::quote!(::paygen_runtime)
    }

    /// Items as prettyplease formats them, so tests read like the generated file.
    pub(crate) fn pretty(items: TokenStream) -> String {
        let file = syn::parse2::<syn::File>(items).expect("the emitter's tokens are items");
        prettyplease::unparse(&file)
    }
}
