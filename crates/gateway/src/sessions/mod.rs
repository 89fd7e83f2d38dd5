//! Login sessions, held server-side: the cookie carries only a random id; the record (who,
//! what their role allows, the API secret sealed with the session key) lives in a
//! `SessionStore`. Logging out, the idle timeout and the absolute timeout delete the record,
//! so a copied cookie dies with the session.

pub mod clock;
pub mod cookie;
pub mod error;
pub mod id;
pub mod key;
pub mod seal;
pub mod store;

use std::time::Duration;

use axum_extra::extract::cookie::Key;
use secrecy::SecretString;
use serde::{Deserialize, Serialize};
use whmcs_api::panel_config::Permissions;

use self::clock::Clock;
use self::cookie::SessionCookie;
pub use self::error::SessionError;
use self::id::{RecordKey, SessionId, hex_sha256};
use self::seal::Sealer;
use self::store::SessionStore;

/// A WHMCS API credential.
#[derive(Debug, Clone)]
pub struct ApiLogin {
    pub identifier: String,
    pub secret: SecretString,
}

/// A live session, opened.
#[derive(Debug, Clone)]
pub struct Session {
    pub key: RecordKey,
    pub login: ApiLogin,
    /// Unix seconds when the person logged in (for the absolute timeout).
    pub issued_at: u64,
    /// Unix seconds of the last request that refreshed the record (for the idle timeout).
    pub seen_at: u64,
    /// What the credential's role allows, found at login.
    pub permissions: Permissions,
}

/// What the store holds: no secret in the clear.
#[derive(Serialize, Deserialize)]
struct Record {
    identifier: String,
    sealed_secret: String,
    issued_at: u64,
    seen_at: u64,
    permissions: Permissions,
}

/// How long a session lives.
#[derive(Debug, Clone)]
pub struct SessionPolicy {
    pub idle: Duration,
    pub absolute: Duration,
}

impl SessionPolicy {
    /// How long a record seen at `seen_at` may live from `now`: to its idle or its
    /// absolute end, whichever comes first.
    fn ttl(&self, issued_at: u64, seen_at: u64, now: u64) -> Option<Duration> {
        let idle_end = seen_at + self.idle.as_secs();
        let absolute_end = issued_at + self.absolute.as_secs();
        let end = idle_end.min(absolute_end);
        (end > now).then(|| Duration::from_secs(end - now))
    }
}

pub struct Sessions {
    pub policy: SessionPolicy,
    pub cookie: SessionCookie,
    store: SessionStore,
    sealer: Sealer,
    clock: Clock,
}

impl Sessions {
    pub fn new(
        policy: SessionPolicy,
        cookie: SessionCookie,
        store: SessionStore,
        key: &Key,
    ) -> Sessions {
        Sessions {
            policy,
            cookie,
            store,
            sealer: Sealer::new(key),
            clock: Clock::system(),
        }
    }

    /// The same sessions, aging by `clock`.
    pub fn with_clock(self, clock: Clock) -> Sessions {
        Sessions { clock, ..self }
    }

    pub fn store(&self) -> &SessionStore {
        &self.store
    }

    /// A new session for `login`; the cookie to set carries the returned id.
    pub async fn start(
        &self,
        login: ApiLogin,
        permissions: Permissions,
    ) -> Result<SessionId, SessionError> {
        let id = SessionId::random();
        let now = self.clock.now_secs();
        let session = Session {
            key: id.record_key(),
            login,
            issued_at: now,
            seen_at: now,
            permissions,
        };
        self.save(&session).await?;
        crate::metrics::session_started();
        Ok(id)
    }

    /// The session a cookie's value names, if it is live, with its idle timeout refreshed.
    pub async fn read_and_refresh(&self, cookie: Option<&str>) -> Result<Session, SessionError> {
        self.read_key_and_refresh(&cookie_key(cookie)?).await
    }

    /// The session stored under `key`, if it is live, with its idle timeout refreshed (a
    /// request, or a job running for its person): the record is written again once it has
    /// aged a tenth of that timeout (at most a minute), not on every call.
    pub async fn read_key_and_refresh(&self, key: &RecordKey) -> Result<Session, SessionError> {
        let mut session = self.read_key(key).await?;
        let refresh_after = (self.policy.idle / 10).min(Duration::from_secs(60));
        let now = self.clock.now_secs();
        if Duration::from_secs(now.saturating_sub(session.seen_at)) >= refresh_after {
            session.seen_at = now;
            self.save(&session).await?;
        }
        Ok(session)
    }

    /// The session a cookie's value names, if it is live, as stored: nothing is refreshed
    /// (for logging out). A record past its timeouts is deleted on the way.
    pub async fn read(&self, cookie: Option<&str>) -> Result<Session, SessionError> {
        self.read_key(&cookie_key(cookie)?).await
    }

    async fn read_key(&self, key: &RecordKey) -> Result<Session, SessionError> {
        let text = self
            .store
            .load(key)
            .await?
            .ok_or(SessionError::NotLoggedIn)?;
        let Some(session) = self.unseal(key.clone(), &text) else {
            return Err(SessionError::NotLoggedIn);
        };
        if self.ttl(&session).is_none() {
            self.end(&session).await?;
            crate::metrics::sessions_ended("expired", 1);
            return Err(SessionError::NotLoggedIn);
        }
        Ok(session)
    }

    /// Seals a secret kept for a person (a bulk reset's new secrets) under the session key,
    /// bound to `binding`.
    pub fn seal_for(&self, secret: &SecretString, binding: &str) -> String {
        self.sealer.seal(secret, binding)
    }

    /// Opens what `seal_for` sealed with the same binding.
    pub fn open_for(&self, sealed: &str, binding: &str) -> Option<SecretString> {
        self.sealer.open(sealed, binding)
    }

    fn ttl(&self, session: &Session) -> Option<Duration> {
        self.policy
            .ttl(session.issued_at, session.seen_at, self.clock.now_secs())
    }

    /// Logs one session out.
    pub async fn end(&self, session: &Session) -> Result<(), SessionError> {
        Ok(self
            .store
            .remove(&session.key, &owner(&session.login.identifier))
            .await?)
    }

    /// Logs out every session of `identifier`, on every instance; returns how many.
    pub async fn end_all(&self, identifier: &str) -> Result<usize, SessionError> {
        Ok(self.store.remove_all_of(&owner(identifier)).await?)
    }

    async fn save(&self, session: &Session) -> Result<(), SessionError> {
        let Some(ttl) = self.ttl(session) else {
            return Err(SessionError::NotLoggedIn);
        };
        let record = Record {
            identifier: session.login.identifier.clone(),
            sealed_secret: self.sealer.seal(&session.login.secret, &session.key.0),
            issued_at: session.issued_at,
            seen_at: session.seen_at,
            permissions: session.permissions,
        };
        let text = serde_json::to_string(&record).expect("a record serializes");
        Ok(self
            .store
            .save(
                &session.key,
                &owner(&session.login.identifier),
                text,
                ttl,
                self.policy.absolute,
            )
            .await?)
    }

    /// A stored record, if it parses and its secret opens with this key.
    fn unseal(&self, key: RecordKey, text: &str) -> Option<Session> {
        let record: Record = serde_json::from_str(text).ok()?;
        let secret = self.sealer.open(&record.sealed_secret, &key.0)?;
        Some(Session {
            key,
            login: ApiLogin {
                identifier: record.identifier,
                secret,
            },
            issued_at: record.issued_at,
            seen_at: record.seen_at,
            permissions: record.permissions,
        })
    }
}

/// The record key a cookie's value names.
fn cookie_key(cookie: Option<&str>) -> Result<RecordKey, SessionError> {
    cookie
        .and_then(SessionId::parse)
        .map(|id| id.record_key())
        .ok_or(SessionError::NotLoggedIn)
}

/// The index name of an identifier's sessions and jobs (fixed size whatever the identifier).
pub fn owner(identifier: &str) -> String {
    hex_sha256(identifier.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sessions(idle: u64, absolute: u64) -> Sessions {
        Sessions::new(
            SessionPolicy {
                idle: Duration::from_secs(idle),
                absolute: Duration::from_secs(absolute),
            },
            SessionCookie { secure: false },
            SessionStore::memory(),
            &Key::generate(),
        )
    }

    fn login() -> ApiLogin {
        ApiLogin {
            identifier: "admin".into(),
            secret: SecretString::from("very-secret-value"),
        }
    }

    #[tokio::test]
    async fn a_session_lives_in_the_store_and_ends_there() {
        use secrecy::ExposeSecret;
        let s = sessions(60, 3600);
        let id = s.start(login(), Permissions::default()).await.unwrap();
        let current = s.read_and_refresh(Some(id.as_str())).await.unwrap();
        assert_eq!(current.login.secret.expose_secret(), "very-secret-value");
        s.end(&current).await.unwrap();
        assert!(matches!(
            s.read_and_refresh(Some(id.as_str())).await,
            Err(SessionError::NotLoggedIn)
        ));
    }

    #[tokio::test]
    async fn the_record_holds_no_secret_in_the_clear() {
        let s = sessions(60, 3600);
        let id = s.start(login(), Permissions::default()).await.unwrap();
        let text = s.store.load(&id.record_key()).await.unwrap().unwrap();
        assert!(!text.contains("very-secret-value"), "{text}");
        assert!(!text.contains(id.as_str()), "no id in the record");
    }

    #[tokio::test]
    async fn idle_and_absolute_timeouts_end_a_session_and_delete_its_record() {
        // Idle past its 60 s; and active (seen every 50 s) but past its absolute 150 s.
        for (idle_steps, step) in [(1, 61), (3, 50)] {
            let clock = Clock::manual(1_000_000);
            let s = sessions(60, 150).with_clock(clock.clone());
            let id = s.start(login(), Permissions::default()).await.unwrap();
            for _ in 0..idle_steps - 1 {
                clock.advance(step);
                s.read_and_refresh(Some(id.as_str())).await.unwrap();
            }
            clock.advance(step);
            assert!(matches!(
                s.read_and_refresh(Some(id.as_str())).await,
                Err(SessionError::NotLoggedIn)
            ));
            assert_eq!(
                s.store.load(&id.record_key()).await.unwrap(),
                None,
                "the record is deleted"
            );
        }
    }

    #[tokio::test]
    async fn reading_refreshes_nothing_and_reading_to_refresh_writes_after_a_tenth() {
        let clock = Clock::manual(1_000_000);
        let s = sessions(600, 3600).with_clock(clock.clone());
        let id = s.start(login(), Permissions::default()).await.unwrap();
        clock.advance(59);
        let seen = s.read_and_refresh(Some(id.as_str())).await.unwrap().seen_at;
        assert_eq!(
            seen, 1_000_000,
            "not yet a tenth of the idle timeout (60 s)"
        );
        clock.advance(1);
        assert_eq!(s.read(Some(id.as_str())).await.unwrap().seen_at, 1_000_000);
        let seen = s.read_and_refresh(Some(id.as_str())).await.unwrap().seen_at;
        assert_eq!(seen, 1_000_060);
        assert_eq!(s.read(Some(id.as_str())).await.unwrap().seen_at, 1_000_060);
    }

    #[tokio::test]
    async fn end_all_ends_every_session_of_one_identifier() {
        let s = sessions(60, 3600);
        let a = s.start(login(), Permissions::default()).await.unwrap();
        let b = s.start(login(), Permissions::default()).await.unwrap();
        let other = ApiLogin {
            identifier: "support".into(),
            secret: SecretString::from("x"),
        };
        let c = s.start(other, Permissions::default()).await.unwrap();
        assert_eq!(s.end_all("admin").await.unwrap(), 2);
        assert!(s.read_and_refresh(Some(a.as_str())).await.is_err());
        assert!(s.read_and_refresh(Some(b.as_str())).await.is_err());
        assert!(s.read_and_refresh(Some(c.as_str())).await.is_ok());
    }
}
