//! `#[derive(Validate)]` for paygen request types.
//!
//! The derive implements `paygen_runtime::validate::Validate` from `#[validate(...)]`
//! attributes. Use it through the runtime's re-export, `paygen_runtime::Validate`; the
//! generated code names only paths under `::paygen_runtime`, or under the `crate` option's path.
//!
//! ```ignore
//! use paygen_runtime::Validate;
//!
//! #[derive(serde::Serialize, Validate)]
//! #[validate(encoding = "utf-8")]
//! struct PaymentRequest {
//!     #[serde(rename = "orderId")]
//!     #[validate(required, max_bytes = 64, ascii)]
//!     order_id: String,
//!     #[serde(rename = "payType")]
//!     #[validate(one_of = ["card", "bank"])]
//!     pay_type: Option<String>,
//!     #[serde(rename = "customerInfo")]
//!     #[validate(required, nested)]
//!     customer_info: Option<CustomerInfo>,
//! }
//! ```
//!
//! Only structs with named fields can derive `Validate`; generic structs are supported (add
//! `T: Validate` bounds yourself where a `nested` field needs them). Fields without a
//! `#[validate]` attribute are not checked. Validation collects every violation, in field
//! order, and a violation names the field's path, never its value.
//!
//! # Field paths
//!
//! A violation's path uses the name serde writes the field under: the field's
//! `#[serde(rename = "...")]` (or the `serialize` side of `rename(...)`) if it has one,
//! otherwise the field's name without `r#`. Other serde options are ignored. Container-level
//! `rename_all` is not applied: give each field its own `rename`.
//!
//! # Struct attribute
//!
//! - `#[validate(encoding = "utf-8")]`: the encoding `max_bytes` counts bytes in: `utf-8` (the
//!   default) or `euc-kr`.
//! - `#[validate(check = "Self::conditions")]`: a function `fn(&Self, &Path<'_>, &mut
//!   ValidationErrors)` run after the field rules, for rules that span fields.
//! - `#[validate(crate = "::my_runtime")]`: the path of `paygen_runtime` in the deriving crate,
//!   for a crate that renamed or re-exports the dependency (default `::paygen_runtime`); every
//!   path the derive emits starts there.
//!
//! # Field rules
//!
//! Rules are separated by commas and may be spread over several `#[validate]` attributes on a
//! field; each rule may appear once per field. The text rules (`max_bytes`, `ascii`, `digits`,
//! `one_of`) apply to `String`, `&str`, `Option<String>` and `Option<&str>` fields, and skip a
//! `None`.
//!
//! - `required`: an `Option` field must be `Some`; a string, or the string inside a `Some`,
//!   must not be empty.
//! - `max_bytes = 20`: the text takes at most 20 bytes in the struct's encoding. The limit is a
//!   positive integer literal.
//! - `ascii`: the text holds ASCII characters only.
//! - `digits`: the text holds the digits `0`-`9` only.
//! - `one_of = ["card", "bank"]`: the text is one of a non-empty list of distinct string
//!   literals. Each listed value must itself pass the field's `max_bytes`, `ascii` and `digits`.
//! - `nested`: the field validates itself, under this field's path. Works for any `T: Validate`
//!   and for `Option<T>`, `Vec<T>` and `Box<T>` of one; cannot be combined with text rules.
//!
//! ```ignore
//! #[derive(Validate)]
//! struct Order {
//!     #[validate(required)]
//!     #[validate(max_bytes = 10, digits)]
//!     phone: String,
//!     #[validate(nested)]
//!     items: Vec<Item>, // violations at `items[0].code`, `items[1].code`, ...
//! }
//! ```
//!
//! Checks on a field run in a fixed order: `required`, `max_bytes`, `ascii`, `digits`,
//! `one_of`, then `nested`.
//!
//! # Errors
//!
//! Misuse is a compile error at the offending token, and every misuse is reported in one
//! build: unknown rules or struct options, rules given a value they do not take or missing one
//! they need, repeated rules or `one_of` values, text rules on non-text fields, `required` on a
//! field that is neither `Option` nor a string, `nested` with a text rule, and `one_of` values
//! that the field's other rules would reject.

mod check;
mod emit;
mod parse;

use proc_macro::TokenStream;
use syn::{parse_macro_input, DeriveInput};

/// Implements `paygen_runtime::validate::Validate` from `#[validate(...)]` attributes; see the
/// crate documentation for the rules.
#[proc_macro_derive(Validate, attributes(validate, serde))]
pub fn derive_validate(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    expand(&input).unwrap_or_else(to_compile_errors).into()
}

/// Parse, check, emit. Nothing is emitted unless both parse and check are clean, so the impl
/// never has to cope with a half-valid model.
fn expand(input: &DeriveInput) -> Result<proc_macro2::TokenStream, Vec<syn::Error>> {
    let (container, mut errors) = parse::container(input).map_err(|error| vec![error])?;
    errors.extend(check::container(&container));
    if errors.is_empty() {
        Ok(emit::impl_validate(&container))
    } else {
        Err(errors)
    }
}

fn to_compile_errors(errors: Vec<syn::Error>) -> proc_macro2::TokenStream {
    let mut errors = errors.into_iter();
    let Some(mut combined) = errors.next() else {
        return proc_macro2::TokenStream::new();
    };
    for error in errors {
        combined.combine(error);
    }
    combined.to_compile_error()
}
