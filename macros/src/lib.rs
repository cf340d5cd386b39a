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
//! field; each rule may appear once per field. The text rules apply to `String`, `&str`,
//! `Option<String>` and `Option<&str>` fields, and skip a `None`; the number rules apply to
//! primitive integers and the runtime's `Decimal` (and `Option`s of them) as listed.
//!
//! - `required`: an `Option` field must be `Some`; a string, or the string inside a `Some`,
//!   must not be empty.
//! - `max_bytes = 20`, `min_bytes = 2`: the text takes at most (at least) that many bytes in the
//!   struct's encoding (the documents' "Byte", "길이"). Positive integer literals.
//! - `max_chars = 50`, `min_chars = 1`: the text has at most (at least) that many characters,
//!   as `str::chars` counts them (the documents' "50자 이내"). Both kinds of limit may apply.
//! - `ascii`, `digits`, `alphanumeric`: the text holds only ASCII characters, only the digits
//!   `0`-`9`, or only ASCII letters and digits.
//! - `extra_chars = "_-:.^@"`: characters allowed beside the field's class (`alphanumeric,
//!   extra_chars = "_-"` is the documents' "영문자, 숫자, 특수문자 _-만"). Needs a class rule.
//! - `forbidden_chars = "\"'"`: characters the text must not hold (the documents'
//!   "큰따옴표(\")는 이용불가").
//! - `format = "yyyymmdd"`: the text is in a fixed format of the shared vocabulary
//!   (`yyyymmdd`, `yyyy-mm-dd`, `datetime`, `hex_color`, `month`, `yyyymmddhhmmss`,
//!   `iso8601`).
//! - `one_of = ["card", "bank"]`: the text is one of a non-empty list of distinct string
//!   literals. Each listed value must itself pass the field's other text rules.
//! - `minimum = 100`, `maximum = 9999`: integer bounds (negative literals allowed).
//! - `max_digits = 13`: an integer has at most 13 decimal digits, not counting its sign (the
//!   documents' "number, size 13"); a `Decimal`, at most 13 before its point.
//! - `max_scale = 2`: a `Decimal` has at most 2 digits after its point (0 to 28).
//! - `nested`: the field validates itself, under this field's path. Works for any `T: Validate`
//!   and for `Option<T>`, `Vec<T>` and `Box<T>` of one; cannot be combined with text rules.
//!
//! ```ignore
//! #[derive(Validate)]
//! struct Order {
//!     #[validate(required)]
//!     #[validate(max_bytes = 10, digits)]
//!     phone: String,
//!     #[validate(max_chars = 50, alphanumeric, extra_chars = "_-:.^@")]
//!     order_no: String,
//!     #[validate(max_digits = 13)]
//!     amount: i64,
//!     #[validate(nested)]
//!     items: Vec<Item>, // violations at `items[0].code`, `items[1].code`, ...
//! }
//! ```
//!
//! Checks on a field run in a fixed order: `required`, the byte limits, the character limits,
//! the character class, `forbidden_chars`, `one_of`, `format`, the number rules, then `nested`.
//!
//! # Errors
//!
//! Misuse is a compile error at the offending token, and every misuse is reported in one
//! build: unknown rules or struct options, rules given a value they do not take or missing one
//! they need, repeated rules or `one_of` values, text rules on non-text fields, number rules on
//! fields of another type, `required` on a field that is neither `Option` nor a string,
//! `nested` with a text rule, `extra_chars` without a class, a lower limit above its upper one,
//! and `one_of` values that the field's other rules would reject.

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
