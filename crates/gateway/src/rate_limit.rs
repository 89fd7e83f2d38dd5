//! Login attempts, limited per client address and per identifier, so neither one address
//! nor a botnet aimed at one identifier can guess secrets quickly. The state is bounded:
//! identifiers are capped in length before they get here, an address already over its
//! limit records nothing more, and quiet keys are evicted. With Redis the counts are
//! shared, so N instances do not allow N times the attempts.

use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use crate::redis_client::{RedisClient, StoreUnavailable};
use crate::sessions::id::hex_sha256;

#[derive(Debug, Clone, Copy)]
pub struct LoginLimits {
    /// Attempts a minute from one address.
    pub per_address: u32,
    /// Attempts a minute for one identifier, from anywhere.
    pub per_identifier: u32,
}

impl Default for LoginLimits {
    fn default() -> Self {
        LoginLimits {
            per_address: 10,
            per_identifier: 5,
        }
    }
}

pub enum LoginLimiter {
    Memory(Box<MemoryLimiter>),
    Redis(RedisLimiter),
}

impl LoginLimiter {
    pub fn memory(limits: LoginLimits) -> LoginLimiter {
        LoginLimiter::Memory(Box::new(MemoryLimiter::new(limits)))
    }

    pub fn redis(limits: LoginLimits, client: RedisClient) -> LoginLimiter {
        LoginLimiter::Redis(RedisLimiter { limits, client })
    }

    /// Counts one attempt; `Ok(Err(wait))` says how long to wait.
    pub async fn check(
        &self,
        address: IpAddr,
        identifier: &str,
    ) -> Result<Result<(), Duration>, StoreUnavailable> {
        match self {
            LoginLimiter::Memory(m) => Ok(m.check(address, identifier)),
            LoginLimiter::Redis(r) => r.check(address, identifier).await,
        }
    }
}

/// In this process: GCRA per key (governor), the same quota as a burst and a steady rate.
pub struct MemoryLimiter {
    by_address: DefaultKeyedRateLimiter<IpAddr>,
    by_identifier: DefaultKeyedRateLimiter<String>,
    clock: DefaultClock,
    checks: AtomicU64,
}

/// Quiet keys (whose limit has fully recovered) are dropped every this many checks.
const EVICT_EVERY: u64 = 256;

fn per_minute(n: u32) -> Quota {
    Quota::per_minute(NonZeroU32::new(n.max(1)).expect("at least one"))
}

impl MemoryLimiter {
    pub fn new(limits: LoginLimits) -> MemoryLimiter {
        MemoryLimiter {
            by_address: RateLimiter::keyed(per_minute(limits.per_address)),
            by_identifier: RateLimiter::keyed(per_minute(limits.per_identifier)),
            clock: DefaultClock::default(),
            checks: AtomicU64::new(0),
        }
    }

    pub fn check(&self, address: IpAddr, identifier: &str) -> Result<(), Duration> {
        if self.checks.fetch_add(1, Ordering::Relaxed) % EVICT_EVERY == EVICT_EVERY - 1 {
            self.evict();
        }
        let now = self.clock.now();
        // An address over its limit is told to wait before its identifier is looked at,
        // so a flood from one address cannot fill the identifier table.
        self.by_address
            .check_key(&address)
            .map_err(|not_until| not_until.wait_time_from(now))?;
        self.by_identifier
            .check_key(&identifier.to_owned())
            .map_err(|not_until| not_until.wait_time_from(now))
    }

    fn evict(&self) {
        self.by_address.retain_recent();
        self.by_identifier.retain_recent();
        self.by_address.shrink_to_fit();
        self.by_identifier.shrink_to_fit();
    }

    /// Keys held (addresses and identifiers), for tests and figures.
    pub fn tracked(&self) -> usize {
        self.by_address.len() + self.by_identifier.len()
    }
}

/// In Redis: a counter per key and minute (`INCR` in a fixed window), shared by every
/// instance. Identifiers are keyed by their hash, so keys have one size.
pub struct RedisLimiter {
    limits: LoginLimits,
    client: RedisClient,
}

const WINDOW_SECS: u64 = 60;

impl RedisLimiter {
    async fn check(
        &self,
        address: IpAddr,
        identifier: &str,
    ) -> Result<Result<(), Duration>, StoreUnavailable> {
        let by_address = format!("oauth-admin:login:address:{address}");
        if let Err(wait) = self.count(&by_address, self.limits.per_address).await? {
            return Ok(Err(wait));
        }
        let by_identifier = format!(
            "oauth-admin:login:identifier:{}",
            hex_sha256(identifier.as_bytes())
        );
        self.count(&by_identifier, self.limits.per_identifier).await
    }

    /// One more attempt under `key`; over `limit` in this window means waiting for its end.
    async fn count(&self, key: &str, limit: u32) -> Result<Result<(), Duration>, StoreUnavailable> {
        let mut pipe = redis::pipe();
        pipe.atomic()
            .cmd("SET")
            .arg(key)
            .arg(0)
            .arg("EX")
            .arg(WINDOW_SECS)
            .arg("NX")
            .ignore()
            .incr(key, 1)
            .ttl(key);
        let (count, ttl): (u64, i64) = self.client.run(&pipe).await?;
        if count <= u64::from(limit.max(1)) {
            Ok(Ok(()))
        } else {
            Ok(Err(Duration::from_secs(
                ttl.clamp(1, WINDOW_SECS as i64) as u64
            )))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_per_address_and_per_identifier() {
        let l = MemoryLimiter::new(LoginLimits {
            per_address: 3,
            per_identifier: 2,
        });
        let a: IpAddr = "10.0.0.1".parse().unwrap();
        let b: IpAddr = "10.0.0.2".parse().unwrap();
        assert!(l.check(a, "x").is_ok());
        assert!(l.check(a, "x").is_ok());
        let wait = l.check(b, "x").unwrap_err();
        assert!(
            wait > Duration::ZERO && wait <= Duration::from_secs(60),
            "{wait:?}"
        );
        assert!(
            l.check(a, "y").is_ok(),
            "a's third attempt is within its limit"
        );
        assert!(
            l.check(a, "z").is_err(),
            "a's fourth attempt is over its limit"
        );
        assert!(
            l.check(b, "z").is_ok(),
            "another address is not held back by a"
        );
    }

    #[test]
    fn a_limited_address_records_no_more_identifiers() {
        let l = MemoryLimiter::new(LoginLimits {
            per_address: 2,
            per_identifier: 100,
        });
        let a: IpAddr = "10.0.0.1".parse().unwrap();
        for n in 0..1_000 {
            let _ = l.check(a, &format!("identifier-{n}"));
        }
        assert!(
            l.tracked() <= 3,
            "one address and at most its two allowed identifiers, not 1,000: {}",
            l.tracked()
        );
    }
}
