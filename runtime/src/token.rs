//! Bearer tokens a gateway issues from one of its own operations (NICEPAY's
//! `/v1/access-token`): kept until shortly before they expire, fetched once however many calls
//! are waiting for one, and dropped when the gateway refuses one.
//!
//! A generated client holds one [`TokenCache`] per token scheme, shared by its clones. The
//! token is a [`SecretString`]: nothing here prints it.

use crate::auth::{Clock, ExposeSecret, SecretString};
use crate::error::Result;
use crate::time::epoch_millis;
use std::future::Future;

/// How long an issued token may be kept, as the answer and the document state it.
#[derive(Debug, Clone, Copy, Default)]
pub struct Lifetime<'a> {
    /// The answer's expiry time (ISO 8601), if it has one.
    pub expires_at: Option<&'a str>,
    /// The answer's own current time (ISO 8601), if it has one: the lifetime is then measured
    /// on the gateway's clock alone, so a skewed local clock does not matter.
    pub issued_at: Option<&'a str>,
    /// The lifetime the document states, in milliseconds.
    pub documented_ms: Option<u64>,
    /// How long before expiry a fresh token is fetched.
    pub refresh_before_ms: u64,
}

impl Lifetime<'_> {
    /// How many milliseconds from `now_ms` (the client's clock) the token may be used: the
    /// shorter of the answer's and the document's, less the refresh margin. `None` when neither
    /// can be read or nothing is left.
    pub fn usable_ms(&self, now_ms: u64) -> Option<u64> {
        let expires = self.expires_at.and_then(epoch_millis);
        let answer = match (expires, self.issued_at.and_then(epoch_millis)) {
            (Some(expires), Some(issued)) => Some(expires.saturating_sub(issued)),
            (Some(expires), None) => Some(expires.saturating_sub(i64::try_from(now_ms).ok()?)),
            _ => None,
        }
        .map(|ms| u64::try_from(ms).unwrap_or(0));
        let lifetime = match (answer, self.documented_ms) {
            (Some(a), Some(d)) => a.min(d),
            (a, d) => a.or(d)?,
        };
        lifetime
            .checked_sub(self.refresh_before_ms)
            .filter(|&ms| ms > 0)
    }
}

/// A token as its operation issued it, with how long it may be kept.
pub struct IssuedToken {
    value: SecretString,
    usable_ms: Option<u64>,
}

impl IssuedToken {
    /// The token `value`, usable for `lifetime` from `now_ms`.
    pub fn new(value: String, now_ms: u64, lifetime: Lifetime<'_>) -> Self {
        IssuedToken {
            value: SecretString::from(value),
            usable_ms: lifetime.usable_ms(now_ms),
        }
    }
}

impl std::fmt::Debug for IssuedToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IssuedToken")
            .field("value", &crate::redact::Redacted)
            .field("usable_ms", &self.usable_ms)
            .finish()
    }
}

struct Kept {
    value: SecretString,
    until_ms: u64,
}

/// The token a client is using, if any. Calls that find none (or one past its time) wait for
/// the one fetch in flight instead of each fetching their own.
#[derive(Default)]
pub struct TokenCache {
    kept: tokio::sync::Mutex<Option<Kept>>,
}

impl std::fmt::Debug for TokenCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kept = self.kept.try_lock().map(|kept| kept.is_some()).ok();
        f.debug_struct("TokenCache")
            .field("holds_token", &kept)
            .finish()
    }
}

impl TokenCache {
    /// The kept token while `clock` says it is usable, else the one `fetch` issues (kept for as
    /// long as its lifetime allows). Concurrent callers wait for one fetch; when it fails, each
    /// gets the error of a fetch of its own, and nothing is kept.
    pub async fn get<F, Fut>(&self, clock: &dyn Clock, fetch: F) -> Result<SecretString>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<IssuedToken>>,
    {
        // Held across the fetch on purpose: the waiting calls then find the fresh token.
        let mut kept = self.kept.lock().await;
        if let Some(token) = kept.as_ref() {
            if clock.now_millis() < token.until_ms {
                return Ok(token.value.clone());
            }
        }
        *kept = None;
        let issued = fetch().await?;
        if let Some(usable) = issued.usable_ms {
            *kept = Some(Kept {
                value: issued.value.clone(),
                until_ms: clock.now_millis().saturating_add(usable),
            });
        }
        Ok(issued.value)
    }

    /// Forgets `refused` (a token the gateway turned away), unless another call has already
    /// replaced it, so that the next [`TokenCache::get`] fetches a fresh one.
    pub async fn refused(&self, refused: &SecretString) {
        let mut kept = self.kept.lock().await;
        let same = kept.as_ref().is_some_and(|token| {
            let (a, b) = (token.value.expose_secret(), refused.expose_secret());
            bool::from(subtle::ConstantTimeEq::ct_eq(a.as_bytes(), b.as_bytes()))
        });
        if same {
            *kept = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::FixedClock;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;

    #[test]
    fn the_lifetime_is_the_shorter_of_the_answers_and_the_documents_less_the_margin() {
        // NICEPAY's example: expireAt is ten days after now, the text says 30 minutes.
        let nicepay = Lifetime {
            expires_at: Some("2021-07-31T00:58:02.000+0900"),
            issued_at: Some("2021-07-20T15:28:26.882+0900"),
            documented_ms: Some(1_800_000),
            refresh_before_ms: 60_000,
        };
        assert_eq!(nicepay.usable_ms(0), Some(1_740_000));
        let answer_only = Lifetime {
            documented_ms: None,
            ..nicepay
        };
        assert_eq!(answer_only.usable_ms(0), Some(898_175_118 - 60_000));
        // Without the gateway's own time, the expiry is measured on the client's clock.
        let absolute = Lifetime {
            expires_at: Some("1970-01-01T00:10:00Z"),
            issued_at: None,
            documented_ms: None,
            refresh_before_ms: 60_000,
        };
        assert_eq!(absolute.usable_ms(0), Some(540_000));
        assert_eq!(absolute.usable_ms(600_000), None);
        let unreadable = Lifetime {
            expires_at: Some("soon"),
            ..Lifetime::default()
        };
        assert_eq!(unreadable.usable_ms(0), None);
    }

    fn issue(count: &AtomicUsize, lifetime_ms: Option<u64>) -> Result<IssuedToken> {
        let n = count.fetch_add(1, Ordering::SeqCst);
        let lifetime = Lifetime {
            documented_ms: lifetime_ms,
            refresh_before_ms: 1_000,
            ..Lifetime::default()
        };
        Ok(IssuedToken::new(format!("token-{n}"), 0, lifetime))
    }

    #[tokio::test]
    async fn a_kept_token_is_reused_until_its_margin_then_fetched_again() {
        let cache = TokenCache::default();
        let count = AtomicUsize::new(0);
        let fetch = || async { issue(&count, Some(10_000)) };
        let early = FixedClock(0);
        let first = cache.get(&early, fetch).await.unwrap();
        let again = cache.get(&FixedClock(8_999), fetch).await.unwrap();
        assert_eq!(first.expose_secret(), "token-0");
        assert_eq!(again.expose_secret(), "token-0");
        let later = cache.get(&FixedClock(9_000), fetch).await.unwrap();
        assert_eq!(later.expose_secret(), "token-1");
        assert_eq!(count.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn concurrent_calls_wait_for_one_fetch() {
        let cache = Arc::new(TokenCache::default());
        let count = Arc::new(AtomicUsize::new(0));
        let calls = (0..16).map(|_| {
            let (cache, count) = (cache.clone(), count.clone());
            tokio::spawn(async move {
                let fetch = || async {
                    // Let the other calls pile up on the lock while this one is in flight.
                    tokio::task::yield_now().await;
                    issue(&count, Some(60_000))
                };
                cache.get(&FixedClock(0), fetch).await.unwrap()
            })
        });
        for call in calls.collect::<Vec<_>>() {
            assert_eq!(call.await.unwrap().expose_secret(), "token-0");
        }
        assert_eq!(count.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn a_refused_token_is_forgotten_once_and_an_unkept_one_never_kept() {
        let cache = TokenCache::default();
        let count = AtomicUsize::new(0);
        let fetch = || async { issue(&count, Some(60_000)) };
        let clock = FixedClock(0);
        let first = cache.get(&clock, fetch).await.unwrap();
        cache.refused(&first).await;
        let second = cache.get(&clock, fetch).await.unwrap();
        assert_eq!(second.expose_secret(), "token-1");
        // A second refusal of the old token leaves the new one alone.
        cache.refused(&first).await;
        assert_eq!(
            cache.get(&clock, fetch).await.unwrap().expose_secret(),
            "token-1"
        );
        let unkept = TokenCache::default();
        let none = || async { issue(&count, None) };
        unkept.get(&clock, none).await.unwrap();
        unkept.get(&clock, none).await.unwrap();
        assert_eq!(count.load(Ordering::SeqCst), 4);
        assert!(!format!("{cache:?}").contains("token-1"), "{cache:?}");
    }
}
