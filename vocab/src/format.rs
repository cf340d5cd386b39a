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
            Format::Yyyymmddhhmmss => {
                b.len() == 14
                    && Format::Yyyymmdd.matches(&text[..8])
                    && time(&b[8..10], &b[10..12], &b[12..14])
            }
            Format::Iso8601 => iso8601(b),
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
            Format::Yyyymmddhhmmss => "a date and time as YYYYMMDDhhmmss",
            Format::Iso8601 => {
                "an ISO 8601 date and time with an offset, as 2024-01-31T14:05:09+09:00"
            }
        }
    }
}

/// Hours 00-23, minutes and seconds 00-59, each two digits.
fn time(hour: &[u8], minute: &[u8], second: &[u8]) -> bool {
    number(hour).is_some_and(|h| h < 24)
        && number(minute).is_some_and(|m| m < 60)
        && number(second).is_some_and(|s| s < 60)
}

/// `YYYY-MM-DDThh:mm:ss`, then optionally `.` and one or more digits, then `Z` or `±hh:mm`.
fn iso8601(b: &[u8]) -> bool {
    let Some(head) = b.first_chunk::<19>() else {
        return false;
    };
    if head[4] != b'-'
        || head[7] != b'-'
        || head[10] != b'T'
        || head[13] != b':'
        || head[16] != b':'
    {
        return false;
    }
    // ASCII is checked by the caller, so these byte ranges are whole characters.
    if !date(&head[0..4], &head[5..7], &head[8..10])
        || !time(&head[11..13], &head[14..16], &head[17..19])
    {
        return false;
    }
    let mut rest = &b[19..];
    if let Some(fraction) = rest.strip_prefix(b".") {
        let digits = fraction.iter().take_while(|c| c.is_ascii_digit()).count();
        if digits == 0 {
            return false;
        }
        rest = &fraction[digits..];
    }
    // The extended form only: `+0900` is ISO 8601's basic form, which this format does not name.
    rest == b"Z" || (rest.get(3) == Some(&b':') && utc_offset_minutes(rest).is_some())
}

/// The minutes east of UTC of an offset written `±hh:mm` or `±hhmm` (`+09:00` is 540,
/// NICEPAY's `+0900` the same); `None` for anything else, or hours past 23 or minutes past 59.
/// The one reading of an offset that specs (a `clock`'s `offset`), the format check above and the
/// runtime's time parsing share.
pub fn utc_offset_minutes(offset: &[u8]) -> Option<i32> {
    let (sign, h1, h2, m1, m2) = match *offset {
        [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] | [sign @ (b'+' | b'-'), h1, h2, m1, m2] => {
            (sign, h1, h2, m1, m2)
        }
        _ => return None,
    };
    let hours = number(&[h1, h2]).filter(|&h| h < 24)?;
    let minutes = number(&[m1, m2]).filter(|&m| m < 60)?;
    let total = i32::try_from(hours * 60 + minutes).ok()?;
    Some(if sign == b'-' { -total } else { total })
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

#[cfg(test)]
mod tests {
    use crate::Format;

    #[test]
    fn date_times_without_separators_are_checked_against_the_clock() {
        let f = Format::Yyyymmddhhmmss;
        assert!(f.matches("20240131235959") && f.matches("20240229000000"));
        for bad in [
            "20230229120000",
            "20240131240000",
            "20240131236000",
            "2024013123595",
            "2024-01-31T1",
        ] {
            assert!(!f.matches(bad), "{bad}");
        }
    }

    #[test]
    fn iso8601_needs_an_offset() {
        let f = Format::Iso8601;
        for good in [
            "2024-01-31T14:05:09+09:00",
            "2024-01-31T14:05:09.123+09:00",
            "2024-01-31T05:05:09Z",
            "2024-01-31T14:05:09-05:30",
        ] {
            assert!(f.matches(good), "{good}");
        }
        for bad in [
            "2024-01-31T14:05:09",
            "2024-01-31 14:05:09+09:00",
            "2024-02-30T14:05:09+09:00",
            "2024-01-31T14:05:09.+09:00",
            "2024-01-31T14:05:09+0900",
            "2024-01-31T14:05:09+24:00",
            "２024-01-31T14:05:09Z",
        ] {
            assert!(!f.matches(bad), "{bad}");
        }
    }
}
