//! Masking of personal data in `Debug` output.
//!
//! Generated types whose spec marks a field `personal` print this marker in place of the
//! value, so a request or response can be logged without leaking names, phone numbers or
//! addresses.

use std::fmt;

/// Prints `<redacted>` in place of a value.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Redacted;

impl fmt::Debug for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}
