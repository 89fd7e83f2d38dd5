//! The one connection (multiplexed, reconnecting) to the Redis or Valkey that several
//! gateway instances share: their sessions and their login limits. Every call is bounded
//! in time, so a Redis that went away costs a request at most a few seconds and answers
//! 503, never a hang, and never a request let through unchecked.

use std::time::Duration;

use redis::aio::{ConnectionManager, ConnectionManagerConfig};
use redis::{FromRedisValue, Pipeline, ScriptInvocation};
use secrecy::{ExposeSecret, SecretString};

/// Everything a call may take, reconnecting included.
const CALL_TIMEOUT: Duration = Duration::from_secs(3);

/// Redis did not answer (down, unreachable, too slow, or refused the command).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct StoreUnavailable(pub String);

#[derive(Clone)]
pub struct RedisClient {
    conn: ConnectionManager,
    /// `redis://host:port/db` without a password, for messages and logs.
    label: String,
}

impl RedisClient {
    /// Connects now, so a wrong URL or a Redis that is down stops the gateway at start.
    /// `rediss://` speaks TLS, verified against the system's roots, or against `ca` (a PEM
    /// file) for a Redis whose certificate comes from a private CA.
    pub async fn connect(
        url: &SecretString,
        ca: Option<&std::path::Path>,
    ) -> Result<RedisClient, StoreUnavailable> {
        let url = url.expose_secret();
        let label = without_password(url);
        let client = match ca {
            None => redis::Client::open(url),
            Some(path) => {
                let pem = std::fs::read(path).map_err(|e| {
                    StoreUnavailable(format!("the CA file {}: {e}", path.display()))
                })?;
                redis::Client::build_with_tls(
                    url,
                    redis::TlsCertificates {
                        client_tls: None,
                        root_cert: Some(pem),
                    },
                )
            }
        }
        .map_err(|e| StoreUnavailable(format!("{label} is not a usable Redis URL: {e}")))?;
        let config = ConnectionManagerConfig::new()
            .set_connection_timeout(Some(Duration::from_secs(2)))
            .set_response_timeout(Some(Duration::from_secs(2)))
            .set_number_of_retries(2)
            .set_min_delay(Duration::from_millis(50))
            .set_max_delay(Duration::from_millis(500));
        let conn = tokio::time::timeout(
            CALL_TIMEOUT,
            ConnectionManager::new_with_config(client, config),
        )
        .await
        .map_err(|_| StoreUnavailable(format!("{label} did not answer")))?
        .map_err(|e| StoreUnavailable(format!("{label}: {e}")))?;
        Ok(RedisClient { conn, label })
    }

    pub fn label(&self) -> &str {
        &self.label
    }

    /// Runs a Lua script (for compare-and-set steps a pipeline cannot express).
    pub async fn invoke<T: FromRedisValue>(
        &self,
        script: &ScriptInvocation<'_>,
    ) -> Result<T, StoreUnavailable> {
        let mut conn = self.conn.clone();
        match tokio::time::timeout(CALL_TIMEOUT, script.invoke_async::<T>(&mut conn)).await {
            Ok(Ok(value)) => Ok(value),
            Ok(Err(e)) => {
                tracing::error!(store = %self.label, error = %e, "Redis script failed");
                Err(StoreUnavailable(format!("{}: {e}", self.label)))
            }
            Err(_) => {
                tracing::error!(store = %self.label, "Redis script timed out");
                Err(StoreUnavailable(format!("{} did not answer", self.label)))
            }
        }
    }

    /// Runs `pipe` (atomically when it is a transaction) and reads its answer as `T`.
    pub async fn run<T: FromRedisValue>(&self, pipe: &Pipeline) -> Result<T, StoreUnavailable> {
        let mut conn = self.conn.clone();
        match tokio::time::timeout(CALL_TIMEOUT, pipe.query_async::<T>(&mut conn)).await {
            Ok(Ok(value)) => Ok(value),
            Ok(Err(e)) => {
                tracing::error!(store = %self.label, error = %e, "Redis call failed");
                Err(StoreUnavailable(format!("{}: {e}", self.label)))
            }
            Err(_) => {
                tracing::error!(store = %self.label, "Redis call timed out");
                Err(StoreUnavailable(format!("{} did not answer", self.label)))
            }
        }
    }
}

/// `redis://user:pass@host:6379/0` → `redis://user@host:6379/0`: the password never
/// reaches a log or a message.
pub fn without_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let (authority, path) = rest.split_once('/').map_or((rest, ""), |(a, p)| (a, p));
    let authority = match authority.rsplit_once('@') {
        Some((userinfo, host)) => {
            let user = userinfo.split(':').next().unwrap_or("");
            if user.is_empty() {
                host.to_owned()
            } else {
                format!("{user}@{host}")
            }
        }
        None => authority.to_owned(),
    };
    if path.is_empty() {
        format!("{scheme}://{authority}")
    } else {
        format!("{scheme}://{authority}/{path}")
    }
}

#[cfg(test)]
mod tests {
    use super::without_password;

    #[test]
    fn passwords_never_reach_a_label() {
        assert_eq!(
            without_password("redis://:s3cret@10.0.0.5:6379/2"),
            "redis://10.0.0.5:6379/2"
        );
        assert_eq!(
            without_password("rediss://app:s3cret@cache.example.com"),
            "rediss://app@cache.example.com"
        );
        assert_eq!(
            without_password("redis://127.0.0.1:6379"),
            "redis://127.0.0.1:6379"
        );
    }
}
