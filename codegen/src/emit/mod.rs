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
mod enums;
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

/// The whole module for `model`.
pub(crate) fn module(model: &Model<'_>, settings: &Settings) -> TokenStream {
    let rt = settings.runtime_path();
    let docs = settings.inner_attributes.then(|| module_docs(model));
    let objects = model.objects.iter().map(|o| object(o, &rt));
    let enums = model.enums.iter().map(|e| enumeration(e, &rt));
    let client = client::client(model, &rt, settings.public_prepare);
    let outcomes = model
        .outcomes()
        .into_iter()
        .map(|op| operations::outcome(op, &rt));
    let callbacks = model.spec.callbacks.iter().map(|c| callback(c, &rt));
    quote! {
        #docs
        #(#objects)*
        #(#enums)*
        #(#callbacks)*
        #client
        #(#outcomes)*
    }
}

fn module_docs(model: &Model<'_>) -> TokenStream {
    let vendor = &model.spec.vendor;
    let mut lines = vec![
        format!("{}: generated types and client.", vendor.name),
        String::new(),
        format!("Generated from `{}`, transcribed from:", model.file),
    ];
    lines.extend(
        vendor
            .sources
            .iter()
            .map(|doc| format!("- `{}` (cited as `{}:LINE`)", doc.file, doc.key)),
    );
    for conflict in &model.spec.conflicts {
        lines.push(String::new());
        lines.push(format!(
            "Document conflict: {} Decision: {} Why: {}",
            escape(&conflict.doc),
            escape(&conflict.decision),
            escape(&conflict.why)
        ));
    }
    let lines = lines.iter().map(|l| format!(" {l}"));
    quote! { #(#![doc = #lines])* }
}
