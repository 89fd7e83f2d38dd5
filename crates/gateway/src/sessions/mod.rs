//! Login sessions, held server-side: the cookie carries only a random id; the record (who,
//! what their role allows, the API secret sealed with the session key) lives in a
//! `SessionStore`. Logging out, the idle timeout and the absolute timeout delete the record,
//! so a copied cookie dies with the session.

pub mod id;
pub mod key;
pub mod seal;
pub mod store;

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum_extra::extract::cookie::{Cookie, Key, SameSite};
use serde::{Deserialize, Serialize};
use whmcs_api::panel_config::Permissions;

use crate::error::GatewayError;
use crate::redis_client::StoreUnavailable;
use crate::secret::Secret;

use self::id::{RecordKey, SessionId, hex_sha256};
use self::seal::Sealer;
use self::store::SessionStore;

/// A WHMCS API credential.
#[derive(Debug, Clone)]
pub struct ApiLogin {
    pub identifier: String,
    pub secret: Secret,
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

/// Cookie attributes and timeouts.
#[derive(Debug, Clone)]
pub struct SessionPolicy {
    pub secure: bool,
    pub idle: Duration,
    pub absolute: Duration,
}

impl SessionPolicy {
    /// `__Host-` pins the cookie to this origin, but browsers accept it only with `Secure`.
    pub fn cookie_name(&self) -> &'static str {
        if self.secure {
            "__Host-oauth-admin-session"
        } else {
            "oauth-admin-session"
        }
    }

    /// A browser-session cookie (no `Max-Age`): the record's timeouts decide how long it works.
    pub fn cookie(&self, id: &SessionId) -> Cookie<'static> {
        self.with_value(id.as_str().to_owned())
    }

    /// What removes the cookie from the browser.
    pub fn removal(&self) -> Cookie<'static> {
        let mut c = self.with_value(String::new());
        c.make_removal();
        c
    }

    fn with_value(&self, value: String) -> Cookie<'static> {
        Cookie::build((self.cookie_name(), value))
            .http_only(true)
            .same_site(SameSite::Strict)
            .secure(self.secure)
            .path("/")
            .build()
    }

    /// How long a record seen at `seen_at` may live: to its idle or its absolute end.
    fn ttl(&self, issued_at: u64, seen_at: u64) -> Option<Duration> {
        let idle_end = seen_at + self.idle.as_secs();
        let absolute_end = issued_at + self.absolute.as_secs();
        let end = idle_end.min(absolute_end);
        let now = now_secs();
        (end > now).then(|| Duration::from_secs(end - now))
    }
}

pub struct Sessions {
    pub policy: SessionPolicy,
    store: SessionStore,
    sealer: Sealer,
}

impl Sessions {
    pub fn new(policy: SessionPolicy, store: SessionStore, key: &Key) -> Sessions {
        Sessions {
            policy,
            store,
            sealer: Sealer::new(key),
        }
    }

    pub fn store(&self) -> &SessionStore {
        &self.store
    }

    /// A new session for `login`; the cookie to set carries the returned id.
    pub async fn start(
        &self,
        login: ApiLogin,
        permissions: Permissions,
    ) -> Result<SessionId, GatewayError> {
        let id = SessionId::random();
        let now = now_secs();
        let session = Session {
            key: id.record_key(),
            login,
            issued_at: now,
            seen_at: now,
            permissions,
        };
        self.save(&session).await?;
        Ok(id)
    }

    /// The session a cookie's value names, if it is live. Refreshes the idle timeout, but
    /// writes only once the record has aged a tenth of it (at most a minute), not on every
    /// call.
    pub async fn current(&self, cookie: Option<&str>) -> Result<Session, GatewayError> {
        let mut session = self.live(cookie).await?;
        let refresh_after = (self.policy.idle / 10).min(Duration::from_secs(60));
        let now = now_secs();
        if Duration::from_secs(now.saturating_sub(session.seen_at)) >= refresh_after {
            session.seen_at = now;
            self.save(&session).await?;
        }
        Ok(session)
    }

    /// The session a cookie's value names, if it is live, as stored (no refresh: for
    /// logging out). A record past its timeouts is deleted on the way.
    pub async fn live(&self, cookie: Option<&str>) -> Result<Session, GatewayError> {
        let id = cookie
            .and_then(SessionId::parse)
            .ok_or(GatewayError::NotLoggedIn)?;
        let key = id.record_key();
        let text = self
            .store
            .load(&key)
            .await
            .map_err(unavailable)?
            .ok_or(GatewayError::NotLoggedIn)?;
        let Some(session) = self.open(key, &text) else {
            return Err(GatewayError::NotLoggedIn);
        };
        if self
            .policy
            .ttl(session.issued_at, session.seen_at)
            .is_none()
        {
            self.end(&session).await?;
            return Err(GatewayError::NotLoggedIn);
        }
        Ok(session)
    }

    /// Logs one session out.
    pub async fn end(&self, session: &Session) -> Result<(), GatewayError> {
        self.store
            .remove(&session.key, &owner(&session.login.identifier))
            .await
            .map_err(unavailable)
    }

    /// Logs out every session of `identifier`, on every instance; returns how many.
    pub async fn end_all(&self, identifier: &str) -> Result<usize, GatewayError> {
        self.store
            .remove_all_of(&owner(identifier))
            .await
            .map_err(unavailable)
    }

    async fn save(&self, session: &Session) -> Result<(), GatewayError> {
        let Some(ttl) = self.policy.ttl(session.issued_at, session.seen_at) else {
            return Err(GatewayError::NotLoggedIn);
        };
        let record = Record {
            identifier: session.login.identifier.clone(),
            sealed_secret: self.sealer.seal(&session.login.secret, &session.key.0),
            issued_at: session.issued_at,
            seen_at: session.seen_at,
            permissions: session.permissions,
        };
        let text = serde_json::to_string(&record).expect("a record serializes");
        self.store
            .save(
                &session.key,
                &owner(&session.login.identifier),
                text,
                ttl,
                self.policy.absolute,
            )
            .await
            .map_err(unavailable)
    }

    /// A stored record, if it parses and its secret opens with this key.
    fn open(&self, key: RecordKey, text: &str) -> Option<Session> {
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

/// The index name of an identifier's sessions (fixed size whatever the identifier).
fn owner(identifier: &str) -> String {
    hex_sha256(identifier.as_bytes())
}

fn unavailable(e: StoreUnavailable) -> GatewayError {
    GatewayError::SessionStoreUnavailable(e.0)
}

pub fn now_secs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sessions(idle: u64, absolute: u64) -> Sessions {
        Sessions::new(
            SessionPolicy {
                secure: false,
                idle: Duration::from_secs(idle),
                absolute: Duration::from_secs(absolute),
            },
            SessionStore::memory(),
            &Key::generate(),
        )
    }

    fn login() -> ApiLogin {
        ApiLogin {
            identifier: "admin".into(),
            secret: Secret::new("very-secret-value"),
        }
    }

    #[tokio::test]
    async fn a_session_lives_in_the_store_and_ends_there() {
        let s = sessions(60, 3600);
        let id = s.start(login(), Permissions::default()).await.unwrap();
        let current = s.current(Some(id.as_str())).await.unwrap();
        assert_eq!(current.login.secret.expose(), "very-secret-value");
        s.end(&current).await.unwrap();
        assert!(matches!(
            s.current(Some(id.as_str())).await,
            Err(GatewayError::NotLoggedIn)
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
        let s = sessions(60, 3600);
        // Idle past its 60 s; and active but past its absolute hour.
        for (issued_ago, seen_ago) in [(120, 61), (3601, 0)] {
            let now = now_secs();
            let id = SessionId::random();
            let key = id.record_key();
            // Stored as a record written just before it aged would be (the store's own
            // expiry is longer, so the check of the times is what ends it).
            let record = Record {
                identifier: "admin".into(),
                sealed_secret: s.sealer.seal(&login().secret, &key.0),
                issued_at: now - issued_ago,
                seen_at: now - seen_ago,
                permissions: Permissions::default(),
            };
            let text = serde_json::to_string(&record).unwrap();
            let minute = Duration::from_secs(60);
            s.store
                .save(&key, &owner("admin"), text, minute, minute)
                .await
                .unwrap();
            assert!(matches!(
                s.current(Some(id.as_str())).await,
                Err(GatewayError::NotLoggedIn)
            ));
            assert_eq!(
                s.store.load(&key).await.unwrap(),
                None,
                "the record is deleted"
            );
        }
    }

    #[tokio::test]
    async fn end_all_ends_every_session_of_one_identifier() {
        let s = sessions(60, 3600);
        let a = s.start(login(), Permissions::default()).await.unwrap();
        let b = s.start(login(), Permissions::default()).await.unwrap();
        let other = ApiLogin {
            identifier: "support".into(),
            secret: Secret::new("x"),
        };
        let c = s.start(other, Permissions::default()).await.unwrap();
        assert_eq!(s.end_all("admin").await.unwrap(), 2);
        assert!(s.current(Some(a.as_str())).await.is_err());
        assert!(s.current(Some(b.as_str())).await.is_err());
        assert!(s.current(Some(c.as_str())).await.is_ok());
    }

    #[test]
    fn cookie_attributes() {
        let p = SessionPolicy {
            secure: true,
            idle: Duration::from_secs(60),
            absolute: Duration::from_secs(60),
        };
        let id = SessionId::random();
        let text = p.cookie(&id).to_string();
        for part in [
            "__Host-oauth-admin-session=",
            "HttpOnly",
            "SameSite=Strict",
            "Secure",
            "Path=/",
        ] {
            assert!(text.contains(part), "{part} missing from {text}");
        }
        let plain = SessionPolicy {
            secure: false,
            ..p.clone()
        };
        let text = plain.cookie(&id).to_string();
        assert!(text.starts_with("oauth-admin-session="), "{text}");
        assert!(!text.contains("Secure"), "{text}");
    }
}
