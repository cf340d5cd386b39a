//! Validation of requests before they leave the process.
//!
//! A generated request type implements [`Validate`] through `#[derive(Validate)]`. Validation
//! walks the whole value and collects every violation, so a caller fixes all of them in one
//! round. A [`Violation`] names the JSON path of the field, the rule, the limit and what was
//! measured, and never the value itself: request fields carry names, phone numbers and addresses.

use crate::bytes::Encoding;
use serde::Serialize;
use std::fmt;

/// A value that can check itself against the rules its gateway documents.
pub trait Validate {
    /// Checks the whole value and returns every violation found, or `Ok(())`.
    fn validate(&self) -> Result<(), ValidationErrors> {
        let mut errors = ValidationErrors::default();
        self.validate_at(&Path::root(), &mut errors);
        errors.into_result()
    }

    /// Checks the value as found at `path` inside a larger value, adding violations to `errors`.
    fn validate_at(&self, path: &Path<'_>, errors: &mut ValidationErrors);
}

impl<T: Validate> Validate for Option<T> {
    fn validate_at(&self, path: &Path<'_>, errors: &mut ValidationErrors) {
        if let Some(value) = self {
            value.validate_at(path, errors);
        }
    }
}

impl<T: Validate> Validate for Vec<T> {
    fn validate_at(&self, path: &Path<'_>, errors: &mut ValidationErrors) {
        for (index, item) in self.iter().enumerate() {
            item.validate_at(&path.index(index), errors);
        }
    }
}

impl<T: Validate + ?Sized> Validate for Box<T> {
    fn validate_at(&self, path: &Path<'_>, errors: &mut ValidationErrors) {
        (**self).validate_at(path, errors);
    }
}

/// Where a field sits in a request, as a chain of borrowed segments.
///
/// Paths live on the stack while validation walks the value and are rendered to a string only
/// when a violation is recorded, so validating a correct request allocates nothing.
#[derive(Debug, Clone, Copy)]
pub struct Path<'a> {
    parent: Option<&'a Path<'a>>,
    segment: Segment,
}

#[derive(Debug, Clone, Copy)]
enum Segment {
    Root,
    Field(&'static str),
    Index(usize),
}

impl Path<'static> {
    /// The path of the top-level value.
    pub const fn root() -> Self {
        Path {
            parent: None,
            segment: Segment::Root,
        }
    }
}

impl<'a> Path<'a> {
    /// The path of the field with wire name `name` inside the value at this path.
    pub fn field(&'a self, name: &'static str) -> Path<'a> {
        Path {
            parent: Some(self),
            segment: Segment::Field(name),
        }
    }

    /// The path of element `index` of the array at this path.
    pub fn index(&'a self, index: usize) -> Path<'a> {
        Path {
            parent: Some(self),
            segment: Segment::Index(index),
        }
    }

    fn write_to(&self, out: &mut String) {
        if let Some(parent) = self.parent {
            parent.write_to(out);
        }
        match self.segment {
            Segment::Root => {}
            Segment::Field(name) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(name);
            }
            Segment::Index(index) => {
                out.push('[');
                out.push_str(&index.to_string());
                out.push(']');
            }
        }
    }
}

impl fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = String::new();
        self.write_to(&mut out);
        f.write_str(&out)
    }
}

/// The rule a field broke, with the limit and the measurement, never the value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "rule", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Rule {
    /// A required field is missing, or is an empty string.
    Required,
    /// A field the document requires under a condition is missing while the condition holds.
    RequiredIf {
        /// The condition, such as "`pgcode` is `shpay`".
        condition: &'static str,
    },
    /// The field takes more bytes than the gateway accepts.
    MaxBytes {
        /// The most bytes the gateway accepts.
        limit: usize,
        /// The bytes the value takes.
        actual: usize,
        /// The encoding the bytes were counted in.
        encoding: Encoding,
    },
    /// The field takes fewer bytes than the gateway requires (fixed-width codes).
    MinBytes {
        /// The fewest bytes the gateway accepts.
        limit: usize,
        /// The bytes the value takes.
        actual: usize,
        /// The encoding the bytes were counted in.
        encoding: Encoding,
    },
    /// The field holds characters the gateway's encoding cannot represent at all.
    Unencodable {
        /// The encoding.
        encoding: Encoding,
        /// How many characters cannot be encoded.
        count: usize,
    },
    /// The number is below the least the gateway accepts.
    Minimum {
        /// The least value accepted.
        limit: i64,
    },
    /// The number is below the least the gateway accepts under a condition.
    MinimumIf {
        /// The least value accepted then.
        limit: i64,
        /// The condition, such as "`pgcode` is `card`".
        condition: &'static str,
    },
    /// The number is above the most the gateway accepts.
    Maximum {
        /// The greatest value accepted.
        limit: i64,
    },
    /// The field must hold ASCII characters only (the docs' "영문만 허용" / "English only").
    Ascii,
    /// The field must hold the digits 0-9 only (the docs' "숫자만 허용" / "numbers only").
    Digits,
    /// The field holds a code its gateway does not document (an `Unknown` variant).
    UnknownCode,
    /// The field is not in the fixed format the gateway documents.
    Format {
        /// The format.
        format: Format,
    },
    /// The field must be one of a fixed set of codes.
    OneOf {
        /// The codes the gateway accepts.
        allowed: &'static [&'static str],
    },
    /// The text has more characters (Unicode scalar values) than the gateway accepts: the
    /// documents' "50자 이내".
    MaxChars {
        /// The most characters accepted.
        limit: usize,
        /// The characters the value has.
        actual: usize,
    },
    /// The text has fewer characters than the gateway requires.
    MinChars {
        /// The fewest characters accepted.
        limit: usize,
        /// The characters the value has.
        actual: usize,
    },
    /// The number has more decimal digits than the gateway accepts (the documents' "number,
    /// size 13"): counted without the sign and, for a decimal, before the point.
    MaxDigits {
        /// The most digits accepted.
        limit: usize,
        /// The digits the value has.
        actual: usize,
    },
    /// The decimal has more digits after the point than the gateway accepts.
    MaxScale {
        /// The most fraction digits accepted.
        limit: u32,
        /// The fraction digits the value has.
        actual: u32,
    },
    /// The field must hold ASCII letters and digits only (the docs' "영문자, 숫자").
    Alphanumeric,
    /// The text holds characters outside the set the gateway allows: a class and some more
    /// characters (the docs' "숫자, 영문자, 특수문자 _-:.^@만").
    AllowedChars {
        /// The class allowed.
        class: CharClass,
        /// The other characters allowed.
        extra: &'static str,
        /// How many characters are outside the set.
        count: usize,
    },
    /// The text holds characters the gateway refuses (the docs' "큰따옴표(\")는 이용불가").
    ForbiddenChars {
        /// The characters refused.
        forbidden: &'static str,
        /// How many of the value's characters are among them.
        count: usize,
    },
    /// Of a group of fields, too few or too many are present (the docs' "payToken 또는 orderNo
    /// 중 하나 필수"). Recorded at the object that holds them.
    Group {
        /// How many of the group must be present.
        kind: GroupKind,
        /// The group's fields, by wire name.
        fields: &'static [&'static str],
        /// How many are present.
        present: usize,
    },
}

/// How many fields of a [`Rule::Group`] must be present.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum GroupKind {
    /// Exactly one.
    ExactlyOne,
    /// One or more.
    AtLeastOne,
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Rule::Required => f.write_str("is required"),
            Rule::RequiredIf { condition } => write!(f, "is required when {condition}"),
            Rule::MaxBytes {
                limit,
                actual,
                encoding,
            } => write!(
                f,
                "is {actual} bytes in {encoding}, more than the maximum of {limit}"
            ),
            Rule::MinBytes {
                limit,
                actual,
                encoding,
            } => write!(
                f,
                "is {actual} bytes in {encoding}, fewer than the minimum of {limit}"
            ),
            Rule::Unencodable { encoding, count } => write!(
                f,
                "has {count} character{} that {encoding} cannot encode",
                if *count == 1 { "" } else { "s" }
            ),
            Rule::Minimum { limit } => write!(f, "must be at least {limit}"),
            Rule::Maximum { limit } => write!(f, "must be at most {limit}"),
            Rule::MinimumIf { limit, condition } => {
                write!(f, "must be at least {limit} when {condition}")
            }
            Rule::Ascii => f.write_str("must contain ASCII characters only"),
            Rule::Digits => f.write_str("must contain the digits 0-9 only"),
            Rule::UnknownCode => f.write_str("is a code the gateway does not document"),
            Rule::Format { format } => write!(f, "must be {}", format.describe()),
            Rule::OneOf { allowed } => {
                write!(f, "must be one of ")?;
                list(f, allowed)
            }
            Rule::MaxChars { limit, actual } => {
                write!(
                    f,
                    "is {actual} characters, more than the maximum of {limit}"
                )
            }
            Rule::MinChars { limit, actual } => {
                write!(
                    f,
                    "is {actual} characters, fewer than the minimum of {limit}"
                )
            }
            Rule::MaxDigits { limit, actual } => {
                write!(f, "has {actual} digits, more than the maximum of {limit}")
            }
            Rule::MaxScale { limit, actual } => write!(
                f,
                "has {actual} digits after the point, more than the maximum of {limit}"
            ),
            Rule::Alphanumeric => f.write_str("must contain ASCII letters and digits only"),
            Rule::AllowedChars {
                class,
                extra,
                count,
            } => write!(
                f,
                "has {count} character{} other than {} and `{extra}`",
                if *count == 1 { "" } else { "s" },
                class.describe()
            ),
            Rule::ForbiddenChars { forbidden, count } => write!(
                f,
                "has {count} character{} among the refused `{forbidden}`",
                if *count == 1 { "" } else { "s" }
            ),
            Rule::Group {
                kind,
                fields,
                present,
            } => {
                let need = match kind {
                    GroupKind::ExactlyOne => "exactly one",
                    GroupKind::AtLeastOne => "at least one",
                };
                write!(f, "needs {need} of ")?;
                list(f, fields)?;
                write!(f, ", has {present}")
            }
        }
    }
}

/// `` `a`, `b`, `c` ``.
fn list(f: &mut fmt::Formatter<'_>, items: &[&str]) -> fmt::Result {
    for (i, item) in items.iter().enumerate() {
        let sep = if i == 0 { "" } else { ", " };
        write!(f, "{sep}`{item}`")?;
    }
    Ok(())
}

pub use paygen_vocab::{CharClass, Format};

/// One broken rule at one field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Violation {
    /// The JSON path of the field, such as `customerInfo.customerName` or `list[2].card_cpny_cd`.
    pub path: String,
    /// What was wrong, with the limit and the measurement.
    #[serde(flatten)]
    pub rule: Rule,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The object itself (a group of its fields) is `.`, as decode errors name the body.
        let path = if self.path.is_empty() {
            "."
        } else {
            &self.path
        };
        write!(f, "`{path}` {}", self.rule)
    }
}

/// Every violation found in one value, in field order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct ValidationErrors {
    violations: Vec<Violation>,
}

impl ValidationErrors {
    /// Records that the field at `path` broke `rule`.
    #[cold]
    #[inline(never)]
    pub fn push(&mut self, path: &Path<'_>, rule: Rule) {
        self.violations.push(Violation {
            path: path.to_string(),
            rule,
        });
    }

    /// The violations, in the order the fields were checked.
    pub fn violations(&self) -> &[Violation] {
        &self.violations
    }

    /// Whether no violation was recorded.
    pub fn is_empty(&self) -> bool {
        self.violations.is_empty()
    }

    /// `Ok(())` when nothing was recorded, else `Err(self)`.
    pub fn into_result(self) -> Result<(), ValidationErrors> {
        if self.is_empty() {
            Ok(())
        } else {
            Err(self)
        }
    }
}

impl fmt::Display for ValidationErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.violations.len();
        write!(f, "{n} violation{}", if n == 1 { "" } else { "s" })?;
        for violation in &self.violations {
            write!(f, "\n  - {violation}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ValidationErrors {}

/// The checks `#[derive(Validate)]` expands to. Each takes the field's path and text and records
/// a violation when the rule is broken; none of them keeps or prints the text.
pub mod check {
    use super::{CharClass, Path, Rule, ValidationErrors};
    use crate::bytes::Encoding;

    /// The string is at most `limit` bytes in `encoding`.
    #[inline]
    pub fn max_bytes(
        errors: &mut ValidationErrors,
        path: &Path<'_>,
        text: &str,
        limit: usize,
        encoding: Encoding,
    ) {
        bytes(errors, path, text, 0, limit, encoding);
    }

    /// The string takes `min..=max` bytes in `encoding`, and every character has an encoding.
    /// One pass measures both; an unencodable character is its own violation, not a length one.
    #[inline]
    pub fn bytes(
        errors: &mut ValidationErrors,
        path: &Path<'_>,
        text: &str,
        min: usize,
        max: usize,
        encoding: Encoding,
    ) {
        let measure = encoding.measure(text);
        if measure.unencodable > 0 {
            errors.push(
                path,
                Rule::Unencodable {
                    encoding,
                    count: measure.unencodable,
                },
            );
        }
        let actual = measure.bytes;
        if actual > max {
            errors.push(
                path,
                Rule::MaxBytes {
                    limit: max,
                    actual,
                    encoding,
                },
            );
        }
        if actual < min {
            errors.push(
                path,
                Rule::MinBytes {
                    limit: min,
                    actual,
                    encoding,
                },
            );
        }
    }

    /// The number is at least `limit`.
    #[inline]
    pub fn minimum(errors: &mut ValidationErrors, path: &Path<'_>, value: i128, limit: i64) {
        if value < i128::from(limit) {
            errors.push(path, Rule::Minimum { limit });
        }
    }

    /// The number is at most `limit`.
    #[inline]
    pub fn maximum(errors: &mut ValidationErrors, path: &Path<'_>, value: i128, limit: i64) {
        if value > i128::from(limit) {
            errors.push(path, Rule::Maximum { limit });
        }
    }

    /// The string holds only characters of `class` (ASCII, the digits 0-9, ASCII letters and
    /// digits).
    #[inline]
    pub fn chars(errors: &mut ValidationErrors, path: &Path<'_>, text: &str, class: CharClass) {
        if !class.matches(text) {
            errors.push(
                path,
                match class {
                    CharClass::Ascii => Rule::Ascii,
                    CharClass::Digits => Rule::Digits,
                    CharClass::Alphanumeric => Rule::Alphanumeric,
                },
            );
        }
    }

    /// The string holds only characters of `class` or of `extra`.
    #[inline]
    pub fn allowed_chars(
        errors: &mut ValidationErrors,
        path: &Path<'_>,
        text: &str,
        class: CharClass,
        extra: &'static str,
    ) {
        let set = CharSet::new(extra);
        // One pass over the bytes of an ASCII text, with the class decided once, not per byte.
        let count = if text.is_ascii() {
            let in_class: fn(&u8) -> bool = match class {
                CharClass::Ascii => return,
                CharClass::Digits => u8::is_ascii_digit,
                CharClass::Alphanumeric => u8::is_ascii_alphanumeric,
            };
            (text.bytes())
                .filter(|b| !in_class(b) && !set.has_ascii(*b))
                .count()
        } else {
            (text.chars())
                .filter(|&c| !class.contains(c) && !set.contains(c))
                .count()
        };
        if count > 0 {
            errors.push(
                path,
                Rule::AllowedChars {
                    class,
                    extra,
                    count,
                },
            );
        }
    }

    /// The string holds none of the characters of `forbidden`.
    #[inline]
    pub fn forbidden_chars(
        errors: &mut ValidationErrors,
        path: &Path<'_>,
        text: &str,
        forbidden: &'static str,
    ) {
        // An ASCII character never occurs inside another's UTF-8 bytes, so for an ASCII set the
        // bytes can be searched (`<[u8]>::contains` is memchr) and counted instead of the
        // characters; a valid text is only searched.
        let count = if forbidden.is_ascii() {
            let bytes = text.as_bytes();
            if !forbidden.bytes().any(|b| holds_byte(bytes, b)) {
                return;
            }
            let set = CharSet::new(forbidden);
            bytes.iter().filter(|&&b| set.has_ascii(b)).count()
        } else {
            let set = CharSet::new(forbidden);
            text.chars().filter(|&c| set.contains(c)).count()
        };
        if count > 0 {
            errors.push(path, Rule::ForbiddenChars { forbidden, count });
        }
    }

    /// Whether `bytes` holds `needle`, eight bytes at a time: a word holds it when the word
    /// XOR eight copies of it has a zero byte (the classic test for a zero byte in a word).
    #[inline]
    fn holds_byte(bytes: &[u8], needle: u8) -> bool {
        const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
        const HIGHS: u64 = u64::from_ne_bytes([0x80; 8]);
        let pattern = ONES * u64::from(needle);
        let mut words = bytes.chunks_exact(8);
        for word in &mut words {
            let mut eight = [0u8; 8];
            eight.copy_from_slice(word);
            let x = u64::from_ne_bytes(eight) ^ pattern;
            if x.wrapping_sub(ONES) & !x & HIGHS != 0 {
                return true;
            }
        }
        words.remainder().contains(&needle)
    }

    /// A set of characters written as a string, with a table of its ASCII ones: testing an
    /// ASCII character is one load, where `str::contains` searches the string each time.
    struct CharSet {
        text: &'static str,
        ascii: [bool; 128],
        all_ascii: bool,
    }

    impl CharSet {
        #[inline]
        fn new(text: &'static str) -> Self {
            let mut ascii = [false; 128];
            for b in text.bytes().filter(u8::is_ascii) {
                ascii[usize::from(b)] = true;
            }
            CharSet {
                text,
                ascii,
                all_ascii: text.is_ascii(),
            }
        }

        /// Whether the byte `b` is an ASCII character of the set.
        #[inline]
        fn has_ascii(&self, b: u8) -> bool {
            self.ascii.get(usize::from(b)).copied().unwrap_or(false)
        }

        #[inline]
        fn contains(&self, c: char) -> bool {
            match u8::try_from(c) {
                Ok(b) if b.is_ascii() => self.ascii[usize::from(b)],
                _ => !self.all_ascii && self.text.contains(c),
            }
        }
    }

    /// The string has `min..=max` characters (Unicode scalar values, as `str::chars` counts).
    #[inline]
    pub fn char_count(
        errors: &mut ValidationErrors,
        path: &Path<'_>,
        text: &str,
        min: usize,
        max: usize,
    ) {
        // Each character is one to four bytes: a text within the limit by bytes or beyond it
        // by a quarter of them needs no count.
        if text.len() <= max && text.len() >= min.saturating_mul(4) {
            return;
        }
        let actual = text.chars().count();
        if actual > max {
            errors.push(path, Rule::MaxChars { limit: max, actual });
        }
        if actual < min {
            errors.push(path, Rule::MinChars { limit: min, actual });
        }
    }

    /// The integer has at most `limit` decimal digits, not counting its sign.
    #[inline]
    pub fn max_digits(errors: &mut ValidationErrors, path: &Path<'_>, value: i128, limit: usize) {
        let actual = digits(value.unsigned_abs());
        if actual > limit {
            errors.push(path, Rule::MaxDigits { limit, actual });
        }
    }

    /// The decimal digits of `n` (1 for zero).
    #[inline]
    pub(crate) fn digits(n: u128) -> usize {
        n.checked_ilog10().map_or(1, |log| log as usize + 1)
    }

    /// The decimal has at most `max_digits` digits before the point and `max_scale` after it
    /// (trailing zeros after the point count: `1.50` has two, as it is sent).
    #[inline]
    pub fn decimal(
        errors: &mut ValidationErrors,
        path: &Path<'_>,
        value: &crate::Decimal,
        max_digits: Option<usize>,
        max_scale: Option<u32>,
    ) {
        if let Some(limit) = max_digits {
            // The digits before the point are the mantissa's less the scale (at least one: 0.5
            // has the one digit 0), so no division is needed.
            let all = digits(value.mantissa().unsigned_abs());
            let actual = all.saturating_sub(value.scale() as usize).max(1);
            if actual > limit {
                errors.push(path, Rule::MaxDigits { limit, actual });
            }
        }
        if let Some(limit) = max_scale {
            let actual = value.scale();
            if actual > limit {
                errors.push(path, Rule::MaxScale { limit, actual });
            }
        }
    }

    /// Of a group of fields, given whether each is present, exactly one or at least one is.
    #[inline]
    pub fn group(
        errors: &mut ValidationErrors,
        path: &Path<'_>,
        kind: super::GroupKind,
        fields: &'static [&'static str],
        presence: &[bool],
    ) {
        let present = presence.iter().filter(|&&p| p).count();
        let ok = match kind {
            super::GroupKind::ExactlyOne => present == 1,
            super::GroupKind::AtLeastOne => present >= 1,
        };
        if !ok {
            errors.push(
                path,
                Rule::Group {
                    kind,
                    fields,
                    present,
                },
            );
        }
    }

    /// The string is one of `allowed`.
    #[inline]
    pub fn one_of(
        errors: &mut ValidationErrors,
        path: &Path<'_>,
        text: &str,
        allowed: &'static [&'static str],
    ) {
        if !allowed.contains(&text) {
            errors.push(path, Rule::OneOf { allowed });
        }
    }

    /// The string is in the fixed format `format`.
    #[inline]
    pub fn format(
        errors: &mut ValidationErrors,
        path: &Path<'_>,
        text: &str,
        format: super::Format,
    ) {
        if !format.matches(text) {
            errors.push(path, Rule::Format { format });
        }
    }

    /// A required string is not empty.
    #[inline]
    pub fn non_empty(errors: &mut ValidationErrors, path: &Path<'_>, text: &str) {
        if text.is_empty() {
            errors.push(path, Rule::Required);
        }
    }

    /// A required optional field is present.
    #[inline]
    pub fn present<T>(errors: &mut ValidationErrors, path: &Path<'_>, value: &Option<T>) {
        if value.is_none() {
            errors.push(path, Rule::Required);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_render_fields_and_indices() {
        let root = Path::root();
        let list = root.field("list");
        let item = list.index(2);
        let code = item.field("card_cpny_cd");
        assert_eq!(code.to_string(), "list[2].card_cpny_cd");
        assert_eq!(root.field("a").field("b").to_string(), "a.b");
        assert_eq!(root.to_string(), "");
    }

    #[test]
    fn errors_collect_in_order_and_display_without_values() {
        let mut errors = ValidationErrors::default();
        let root = Path::root();
        check::max_bytes(
            &mut errors,
            &root.field("name"),
            "가나다",
            6,
            Encoding::Utf8,
        );
        check::chars(
            &mut errors,
            &root.field("phone"),
            "010-1234",
            CharClass::Digits,
        );
        check::chars(&mut errors, &root.field("goods"), "상품", CharClass::Ascii);
        check::non_empty(&mut errors, &root.field("id"), "");
        check::one_of(&mut errors, &root.field("t"), "x", &["native", "mweb"]);
        let paths: Vec<_> = errors
            .violations()
            .iter()
            .map(|v| v.path.as_str())
            .collect();
        assert_eq!(paths, ["name", "phone", "goods", "id", "t"]);
        assert_eq!(
            errors.violations()[0].rule,
            Rule::MaxBytes {
                limit: 6,
                actual: 9,
                encoding: Encoding::Utf8
            }
        );
        let shown = errors.to_string();
        assert!(shown.starts_with("5 violations\n"), "{shown}");
        assert!(shown.contains("`name` is 9 bytes in utf-8, more than the maximum of 6"));
        assert!(shown.contains("`t` must be one of `native`, `mweb`"));
        for value in ["가나다", "010-1234", "상품"] {
            assert!(!shown.contains(value), "value {value} leaked into {shown}");
            assert!(!format!("{errors:?}").contains(value));
        }
    }

    #[test]
    fn checks_pass_at_their_limits() {
        let mut errors = ValidationErrors::default();
        let root = Path::root();
        check::max_bytes(&mut errors, &root, "가나", 6, Encoding::Utf8);
        check::chars(&mut errors, &root, "01012345678", CharClass::Digits);
        check::chars(&mut errors, &root, "Sample Product", CharClass::Ascii);
        check::one_of(&mut errors, &root, "mweb", &["native", "mweb"]);
        check::present(&mut errors, &root, &Some(1));
        assert!(errors.into_result().is_ok());
    }

    #[test]
    fn formats_check_the_calendar_and_the_clock() {
        let ok = [
            (Format::Yyyymmdd, "20240229"),
            (Format::YyyyMmDd, "2021-08-31"),
            (Format::DateTime, "2021-08-31 23:59:59"),
            (Format::HexColor, "5379ff"),
            (Format::Month, "00"),
            (Format::Month, "12"),
        ];
        for (format, text) in ok {
            assert!(format.matches(text), "{format:?} {text}");
        }
        let bad = [
            (Format::Yyyymmdd, "20230229"),
            (Format::Yyyymmdd, "2024-02-2"),
            (Format::Yyyymmdd, "20241301"),
            (Format::YyyyMmDd, "20210831"),
            (Format::YyyyMmDd, "2021-04-31"),
            (Format::DateTime, "2021-08-31 24:00:00"),
            (Format::DateTime, "2021-08-31T12:00:00"),
            (Format::HexColor, "5379FG"),
            (Format::HexColor, "#5379F"),
            (Format::Month, "13"),
            (Format::Month, "1"),
            (Format::Month, "+1"),
            (Format::DateTime, "가가가가가가x"),
            (Format::YyyyMmDd, "2021-0가-1"),
        ];
        for (format, text) in bad {
            assert!(!format.matches(text), "{format:?} {text}");
        }
    }

    proptest::proptest! {
        #[test]
        fn a_value_passes_iff_its_count_is_within_the_limit(
            text in proptest::prelude::any::<String>(),
            limit in 0usize..64,
            euc_kr in proptest::prelude::any::<bool>(),
        ) {
            let encoding = if euc_kr { Encoding::EucKr } else { Encoding::Utf8 };
            let mut errors = ValidationErrors::default();
            check::max_bytes(&mut errors, &Path::root(), &text, limit, encoding);
            let measure = encoding.measure(&text);
            let too_long = errors
                .violations()
                .iter()
                .any(|v| matches!(v.rule, Rule::MaxBytes { .. }));
            proptest::prop_assert_eq!(too_long, measure.bytes > limit);
            let unencodable = errors
                .violations()
                .iter()
                .any(|v| matches!(v.rule, Rule::Unencodable { .. }));
            proptest::prop_assert_eq!(unencodable, measure.unencodable > 0);
        }
    }

    #[test]
    fn euc_kr_lengths_and_unencodable_characters_are_separate_violations() {
        let mut errors = ValidationErrors::default();
        let root = Path::root();
        // 10 Hangul syllables are 20 bytes in EUC-KR (30 in UTF-8): exactly at the limit.
        check::bytes(
            &mut errors,
            &root,
            "가나다라마바사아자차",
            0,
            20,
            Encoding::EucKr,
        );
        assert!(errors.is_empty(), "{errors}");
        check::bytes(
            &mut errors,
            &root.field("name"),
            "가나다😀",
            2,
            4,
            Encoding::EucKr,
        );
        check::bytes(&mut errors, &root.field("code"), "A", 2, 2, Encoding::Utf8);
        let rules: Vec<_> = errors.violations().iter().map(|v| v.rule.clone()).collect();
        assert_eq!(
            rules,
            [
                Rule::Unencodable {
                    encoding: Encoding::EucKr,
                    count: 1
                },
                Rule::MaxBytes {
                    limit: 4,
                    actual: 6,
                    encoding: Encoding::EucKr
                },
                Rule::MinBytes {
                    limit: 2,
                    actual: 1,
                    encoding: Encoding::Utf8
                },
            ]
        );
        assert!(errors
            .to_string()
            .contains("`name` has 1 character that euc-kr cannot encode"));
    }

    #[test]
    fn violations_serialise_with_rule_tags() {
        let mut errors = ValidationErrors::default();
        let root = Path::root();
        check::max_bytes(
            &mut errors,
            &root.field("a").index(0),
            "abc",
            2,
            Encoding::Utf8,
        );
        check::present::<u8>(&mut errors, &root.field("b"), &None);
        let json = serde_json::to_value(&errors).unwrap();
        assert_eq!(
            json,
            serde_json::json!([
                {"path": "a[0]", "rule": "max_bytes", "limit": 2, "actual": 3, "encoding": "utf-8"},
                {"path": "b", "rule": "required"}
            ])
        );
    }

    /// Characters counted independently of `str::chars`: the bytes that start a UTF-8 sequence.
    fn scalar_values(text: &str) -> usize {
        text.bytes().filter(|b| b & 0xC0 != 0x80).count()
    }

    fn rules_of(errors: &ValidationErrors) -> Vec<&Rule> {
        errors.violations().iter().map(|v| &v.rule).collect()
    }

    proptest::proptest! {
        #[test]
        fn a_character_limit_counts_what_chars_counts(
            text in "[a-z가-힣😀]{0,40}",
            min in 0usize..20,
            max in 0usize..40,
        ) {
            let mut errors = ValidationErrors::default();
            check::char_count(&mut errors, &Path::root(), &text, min, max);
            let n = scalar_values(&text);
            let too_many = rules_of(&errors).iter().any(|r| matches!(r, Rule::MaxChars { actual, .. } if *actual == n));
            let too_few = rules_of(&errors).iter().any(|r| matches!(r, Rule::MinChars { actual, .. } if *actual == n));
            proptest::prop_assert_eq!(too_many, n > max);
            proptest::prop_assert_eq!(too_few, n < min);
        }

        #[test]
        fn a_digit_limit_is_the_decimal_length_of_the_value(
            value in proptest::prelude::any::<i64>(),
            limit in 1usize..21,
        ) {
            let mut errors = ValidationErrors::default();
            check::max_digits(&mut errors, &Path::root(), i128::from(value), limit);
            let length = value.unsigned_abs().to_string().len();
            proptest::prop_assert_eq!(!errors.is_empty(), length > limit);
        }

        #[test]
        fn a_decimals_digits_are_those_of_its_whole_part(
            mantissa in proptest::prelude::any::<i64>(),
            scale in 0u32..12,
            limit in 1usize..20,
        ) {
            let value = crate::Decimal::new(mantissa, scale);
            let mut errors = ValidationErrors::default();
            check::decimal(&mut errors, &Path::root(), &value, Some(limit), None);
            let whole = value.trunc().abs().to_string();
            proptest::prop_assert_eq!(!errors.is_empty(), whole.len() > limit, "{} -> {}", value, whole);
        }

        #[test]
        fn character_sets_count_what_a_plain_search_counts(
            text in "[a-z_\\-\"'가😀 ]{0,30}",
            ascii_set in proptest::prelude::any::<bool>(),
        ) {
            let set: &'static str = if ascii_set { "\\\"'_" } else { "\"가😀" };
            let mut errors = ValidationErrors::default();
            check::forbidden_chars(&mut errors, &Path::root(), &text, set);
            let expected = text.chars().filter(|c| set.contains(*c)).count();
            let counted = match errors.violations().first().map(|v| &v.rule) {
                Some(Rule::ForbiddenChars { count, .. }) => *count,
                _ => 0,
            };
            proptest::prop_assert_eq!(counted, expected);
            let mut errors = ValidationErrors::default();
            check::allowed_chars(&mut errors, &Path::root(), &text, CharClass::Alphanumeric, set);
            let outside = text.chars().filter(|c| !c.is_ascii_alphanumeric() && !set.contains(*c)).count();
            let counted = match errors.violations().first().map(|v| &v.rule) {
                Some(Rule::AllowedChars { count, .. }) => *count,
                _ => 0,
            };
            proptest::prop_assert_eq!(counted, outside);
        }

        #[test]
        fn a_decimal_round_trips_exactly(
            mantissa in proptest::prelude::any::<i64>(),
            scale in 0u32..12,
            as_number in proptest::prelude::any::<bool>(),
        ) {
            let value = crate::Decimal::new(mantissa, scale);
            #[derive(serde::Serialize, serde::Deserialize)]
            struct Number(#[serde(with = "crate::decimal::number")] crate::Decimal);
            #[derive(serde::Serialize, serde::Deserialize)]
            struct Text(#[serde(with = "crate::decimal::string")] crate::Decimal);
            let (json, back) = if as_number {
                let json = serde_json::to_string(&Number(value)).unwrap();
                let back = serde_json::from_str::<Number>(&json).unwrap().0;
                (json, back)
            } else {
                let json = serde_json::to_string(&Text(value)).unwrap();
                let back = serde_json::from_str::<Text>(&json).unwrap().0;
                (json, back)
            };
            // The same digits, trailing zeros included, as an independent rendering gives them.
            let digits = mantissa.unsigned_abs().to_string();
            let digits = format!("{digits:0>width$}", width = scale as usize + 1);
            let (whole, fraction) = digits.split_at(digits.len() - scale as usize);
            let sign = if mantissa < 0 { "-" } else { "" };
            let expected = if scale == 0 { format!("{sign}{whole}") } else { format!("{sign}{whole}.{fraction}") };
            proptest::prop_assert_eq!(back.to_string(), expected.clone());
            proptest::prop_assert_eq!(json.trim_matches('"'), expected);
        }
    }

    #[test]
    fn the_new_rules_report_limits_and_counts_never_values() {
        let mut errors = ValidationErrors::default();
        let root = Path::root();
        // Fifty Hangul syllables pass a 50-character limit and fail it at fifty-one.
        let fifty = "가".repeat(50);
        check::char_count(&mut errors, &root.field("a"), &fifty, 0, 50);
        assert!(errors.is_empty());
        check::char_count(&mut errors, &root.field("a"), &format!("{fifty}가"), 0, 50);
        check::max_digits(&mut errors, &root.field("b"), 12_345_678_901_234, 13);
        check::max_digits(&mut errors, &root.field("b"), -1_234_567_890_123, 13);
        let d = crate::Decimal::new(123_456, 3);
        check::decimal(&mut errors, &root.field("c"), &d, Some(2), Some(2));
        check::allowed_chars(
            &mut errors,
            &root.field("d"),
            "A-1_@#한",
            CharClass::Alphanumeric,
            "_-:.^@",
        );
        check::forbidden_chars(&mut errors, &root.field("e"), "say \"hi\" \\", "\\\"'");
        check::group(
            &mut errors,
            &root,
            GroupKind::ExactlyOne,
            &["payToken", "orderNo"],
            &[true, true],
        );
        check::group(
            &mut errors,
            &root,
            GroupKind::AtLeastOne,
            &["payToken", "orderNo"],
            &[false, true],
        );
        let shown: Vec<String> = errors
            .violations()
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            shown,
            [
                "`a` is 51 characters, more than the maximum of 50",
                "`b` has 14 digits, more than the maximum of 13",
                "`c` has 3 digits, more than the maximum of 2",
                "`c` has 3 digits after the point, more than the maximum of 2",
                "`d` has 2 characters other than ASCII letters and digits and `_-:.^@`",
                "`e` has 3 characters among the refused `\\\"'`",
                "`.` needs exactly one of `payToken`, `orderNo`, has 2",
            ]
        );
    }
}
