//! Login attempts, limited per client address and per identifier, so neither one address
//! nor a botnet aimed at one identifier can guess secrets quickly.

use std::net::IpAddr;
use std::num::NonZeroU32;
use std::time::Duration;

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

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

pub struct LoginLimiter {
    by_address: DefaultKeyedRateLimiter<IpAddr>,
    by_identifier: DefaultKeyedRateLimiter<String>,
    clock: DefaultClock,
}

fn per_minute(n: u32) -> Quota {
    Quota::per_minute(NonZeroU32::new(n.max(1)).expect("at least one"))
}

impl LoginLimiter {
    pub fn new(limits: LoginLimits) -> LoginLimiter {
        LoginLimiter {
            by_address: RateLimiter::keyed(per_minute(limits.per_address)),
            by_identifier: RateLimiter::keyed(per_minute(limits.per_identifier)),
            clock: DefaultClock::default(),
        }
    }

    /// Counts one attempt; `Err` carries how long to wait.
    pub fn check(&self, address: IpAddr, identifier: &str) -> Result<(), Duration> {
        let now = self.clock.now();
        let address_result = self.by_address.check_key(&address);
        let identifier_result = self.by_identifier.check_key(&identifier.to_owned());
        let wait = [address_result.err(), identifier_result.err()]
            .into_iter()
            .flatten()
            .map(|not_until| not_until.wait_time_from(now))
            .max();
        match wait {
            Some(w) => Err(w),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_per_address_and_per_identifier() {
        let l = LoginLimiter::new(LoginLimits {
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
}
