//! Times on the wire: reading the ISO 8601 times a gateway sends (a token's expiry) and writing
//! the client's clock in the format a document asks for (NICEPAY's `ediDate`), both without a
//! calendar crate: the proleptic Gregorian calendar and a fixed UTC offset are all they need.

use crate::Format;

/// Milliseconds since the Unix epoch of an ISO 8601 date and time with an offset:
/// `2021-07-31T00:58:02.000+0900` (NICEPAY's example, basic offset), `...+09:00` or `...Z`.
/// Fractions of a second are read to the millisecond. `None` for anything else.
pub fn epoch_millis(text: &str) -> Option<i64> {
    let b = text.as_bytes();
    if b.len() < 20 || !text.is_ascii() {
        return None;
    }
    let digits = |range: std::ops::Range<usize>| -> Option<i64> {
        let part = &b[range];
        part.iter()
            .all(u8::is_ascii_digit)
            .then(|| part.iter().fold(0i64, |n, &d| n * 10 + i64::from(d - b'0')))
    };
    let separators = [(4, b'-'), (7, b'-'), (10, b'T'), (13, b':'), (16, b':')];
    if separators.iter().any(|&(i, c)| b[i] != c) {
        return None;
    }
    let (year, month, day) = (digits(0..4)?, digits(5..7)?, digits(8..10)?);
    let (hour, minute, second) = (digits(11..13)?, digits(14..16)?, digits(17..19)?);
    if !crate::Format::YyyyMmDd.matches(&text[..10]) || hour > 23 || minute > 59 || second > 59 {
        return None;
    }
    let mut rest = &text[19..];
    let mut millis = 0;
    if let Some(fraction) = rest.strip_prefix('.') {
        let count = fraction.bytes().take_while(u8::is_ascii_digit).count();
        if count == 0 {
            return None;
        }
        let padded = format!("{:0<3}", &fraction[..count.min(3)]);
        millis = padded.parse::<i64>().ok()?;
        rest = &fraction[count..];
    }
    let offset_minutes = match rest {
        "Z" => 0,
        offset => i64::from(paygen_vocab::utc_offset_minutes(offset.as_bytes())?),
    };
    let days = days_from_civil(year, month, day);
    let seconds = days * 86_400 + hour * 3_600 + minute * 60 + second - offset_minutes * 60;
    Some(seconds * 1_000 + millis)
}

/// Days from 1970-01-01 to a date of the proleptic Gregorian calendar (the algorithm of
/// Howard Hinnant's `days_from_civil`).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month_from_march = (month + 9) % 12;
    let day_of_year = (153 * month_from_march + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The time `now_ms` (milliseconds since the Unix epoch) written as `format` at UTC
/// `offset_minutes`: `2024-01-31T14:05:09.123+09:00` for [`Format::Iso8601`],
/// `20240131140509` for [`Format::Yyyymmddhhmmss`]. Other formats are not times of day; they get
/// the ISO 8601 form.
pub fn clock_text(now_ms: u64, format: Format, offset_minutes: i32) -> String {
    let local_ms = i64::try_from(now_ms).unwrap_or(i64::MAX) + i64::from(offset_minutes) * 60_000;
    let (days, ms_of_day) = (
        local_ms.div_euclid(86_400_000),
        local_ms.rem_euclid(86_400_000),
    );
    let (year, month, day) = civil_from_days(days);
    let seconds = ms_of_day / 1_000;
    let (hour, minute, second, millis) = (
        seconds / 3_600,
        seconds / 60 % 60,
        seconds % 60,
        ms_of_day % 1_000,
    );
    if format == Format::Yyyymmddhhmmss {
        return format!("{year:04}{month:02}{day:02}{hour:02}{minute:02}{second:02}");
    }
    let sign = if offset_minutes < 0 { '-' } else { '+' };
    let offset = offset_minutes.unsigned_abs();
    format!(
        "{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}.{millis:03}{sign}{:02}:{:02}",
        offset / 60,
        offset % 60
    )
}

/// The date of a day counted from 1970-01-01 (the inverse of [`days_from_civil`], after Howard
/// Hinnant's `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let days = days + 719_468;
    let era = days.div_euclid(146_097);
    let day_of_era = days - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_from_march = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_from_march + 2) / 5 + 1;
    let month = if month_from_march < 10 {
        month_from_march + 3
    } else {
        month_from_march - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    // Each expected value is Python's, computed apart from this code:
    // python3 -c 'from datetime import datetime; print(int(datetime.fromisoformat("2021-07-31T00:58:02.000+09:00").timestamp()*1000))'
    #[test]
    fn iso_8601_times_are_read_to_the_millisecond_with_their_offset() {
        for (text, millis) in [
            ("2021-07-31T00:58:02.000+0900", 1_627_660_682_000),
            ("2021-07-20T15:28:26.882+0900", 1_626_762_506_882),
            ("2021-07-20T15:28:26.882+09:00", 1_626_762_506_882),
            ("1970-01-01T00:00:00Z", 0),
            ("2024-02-29T23:59:59.5-05:30", 1_709_270_999_500),
            ("1969-12-31T23:59:59Z", -1_000),
        ] {
            assert_eq!(epoch_millis(text), Some(millis), "{text}");
        }
        for bad in [
            "2021-07-31T00:58:02",
            "2021-02-29T00:00:00Z",
            "2021-07-31 00:58:02Z",
            "2021-07-31T24:00:00Z",
            "2021-07-31T00:58:02.+0900",
            "2021-07-31T00:58:02+090",
            "2021-07-31T00:58:02+2400",
            "0",
        ] {
            assert_eq!(epoch_millis(bad), None, "{bad}");
        }
    }

    // Python, apart from this code:
    // python3 -c 'from datetime import *; print(datetime.fromtimestamp(1773017787123/1000, timezone(timedelta(hours=9))).isoformat(timespec="milliseconds"))'
    #[test]
    fn the_clock_is_written_in_the_documents_format_and_offset() {
        let now = 1_773_017_787_123;
        assert_eq!(
            clock_text(now, Format::Iso8601, 540),
            "2026-03-09T09:56:27.123+09:00"
        );
        assert_eq!(
            clock_text(now, Format::Iso8601, -330),
            "2026-03-08T19:26:27.123-05:30"
        );
        assert_eq!(
            clock_text(now, Format::Yyyymmddhhmmss, 540),
            "20260309095627"
        );
        assert_eq!(
            clock_text(0, Format::Iso8601, 0),
            "1970-01-01T00:00:00.000+00:00"
        );
        // Leap days, and a date written and read back.
        let leap = epoch_millis("2024-02-29T23:59:59.999+09:00").unwrap();
        assert_eq!(
            clock_text(u64::try_from(leap).unwrap(), Format::Iso8601, 540),
            "2024-02-29T23:59:59.999+09:00"
        );
        for ms in [0u64, 951_782_400_000, 4_107_542_399_999, 1_773_017_787_123] {
            let text = clock_text(ms, Format::Iso8601, 540);
            assert!(Format::Iso8601.matches(&text), "{text}");
            assert_eq!(
                epoch_millis(&text),
                Some(i64::try_from(ms).unwrap()),
                "{text}"
            );
        }
    }
}
