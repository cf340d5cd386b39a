//! Byte counting in the encoding a gateway sizes its fields in.
//!
//! Korean gateways state field sizes in bytes, and the same text has a different size in
//! different encodings (a Hangul syllable is 3 bytes in UTF-8). The encoding is a property of the
//! vendor, declared in its spec, so every length check names the encoding it counted in. The
//! encodings and their counting are part of the vocabulary the generator, the derive and the
//! runtime share (`paygen-vocab`).

pub use paygen_vocab::{Encoding, Measure};
