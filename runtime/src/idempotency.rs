//! Idempotency keys for writes a gateway deduplicates by a header (`Idempotency-Key`): one key
//! per logical call, sent unchanged on every retry of it, so a retried payment is paid once.

/// A fresh key: a random (version 4) UUID, `xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx` in lower-case
/// hex, the form gateways that document such a header accept. 122 random bits make two calls
/// sharing a key as unlikely as guessing one; the key is not a secret.
pub fn new_key() -> String {
    let bits = (u128::from(fastrand::u64(..)) << 64 | u128::from(fastrand::u64(..)))
        & !(0xF000u128 << 64)
        & !(0xC000u128 << 48);
    // Version 4 in the third group, the RFC 9562 variant (10xx) in the fourth.
    let bits = bits | 0x4000u128 << 64 | 0x8000u128 << 48;
    let hex = format!("{bits:032x}");
    format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}

/// `key` as a header value, or `None` if HTTP does not allow it there: empty, or holding a
/// character outside visible ASCII (a caller's own key, say, read from a file with its newline).
pub fn header_value(key: &str) -> Option<reqwest::header::HeaderValue> {
    let visible = !key.is_empty() && key.bytes().all(|b| b.is_ascii_graphic());
    visible
        .then(|| reqwest::header::HeaderValue::from_str(key).ok())
        .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_version_4_uuids_and_differ() {
        let keys: std::collections::HashSet<String> = (0..1000).map(|_| new_key()).collect();
        assert_eq!(keys.len(), 1000);
        for key in &keys {
            let groups: Vec<&str> = key.split('-').collect();
            let lengths: Vec<usize> = groups.iter().map(|g| g.len()).collect();
            assert_eq!(lengths, [8, 4, 4, 4, 12], "{key}");
            assert!(groups[2].starts_with('4'), "{key}");
            assert!("89ab".contains(&groups[3][..1]), "{key}");
            assert!(key
                .bytes()
                .all(|b| b == b'-' || b.is_ascii_hexdigit() && !b.is_ascii_uppercase()));
        }
    }

    #[test]
    fn a_key_http_cannot_carry_is_refused() {
        assert!(header_value("order-1").is_some());
        for bad in ["", "order 1", "order-1\n", "주문"] {
            assert!(header_value(bad).is_none(), "{bad:?}");
        }
    }
}
