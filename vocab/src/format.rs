//! Checking text against the fixed formats the documents state.

use crate::Format;

impl Format {
    /// Whether `text` is in this format (dates are checked against the calendar).
    #[inline]
    pub fn matches(self, text: &str) -> bool {
        // Every format is ASCII; checking first also keeps the slicing below on char boundaries.
        if !text.is_ascii() {
            return false;
        }
        let b = text.as_bytes();
        match self {
            Format::Yyyymmdd => b.len() == 8 && date(&b[0..4], &b[4..6], &b[6..8]),
            Format::YyyyMmDd => {
                b.len() == 10 && b[4] == b'-' && b[7] == b'-' && date(&b[0..4], &b[5..7], &b[8..10])
            }
            Format::DateTime => {
                b.len() == 19
                    && Format::YyyyMmDd.matches(&text[..10])
                    && b[10] == b' '
                    && b[13] == b':'
                    && b[16] == b':'
                    && number(&b[11..13]).is_some_and(|h| h < 24)
                    && number(&b[14..16]).is_some_and(|m| m < 60)
                    && number(&b[17..19]).is_some_and(|s| s < 60)
            }
            Format::HexColor => b.len() == 6 && b.iter().all(u8::is_ascii_hexdigit),
            Format::Month => b.len() == 2 && number(b).is_some_and(|m| m <= 12),
        }
    }

    /// What the format is, for messages: `a date as YYYYMMDD`.
    pub fn describe(self) -> &'static str {
        match self {
            Format::Yyyymmdd => "a date as YYYYMMDD",
            Format::YyyyMmDd => "a date as YYYY-MM-DD",
            Format::DateTime => "a date and time as YYYY-MM-DD HH:MM:SS",
            Format::HexColor => "a colour as six hexadecimal digits",
            Format::Month => "two digits from 00 to 12",
        }
    }
}

/// The value of a run of ASCII digits, or `None` if any byte is not a digit.
fn number(digits: &[u8]) -> Option<u32> {
    digits.iter().try_fold(0u32, |n, &b| {
        b.is_ascii_digit().then(|| n * 10 + u32::from(b - b'0'))
    })
}

fn date(year: &[u8], month: &[u8], day: &[u8]) -> bool {
    let (Some(year), Some(month), Some(day)) = (number(year), number(month), number(day)) else {
        return false;
    };
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&day)
}
