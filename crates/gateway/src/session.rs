//! The login session: the person's WHMCS API credential, kept in an encrypted (AES-256-GCM,
//! through `cookie`'s private jar) HttpOnly, SameSite=Strict cookie. The gateway stores
//! nothing, so any number of instances sharing the key serve the same people.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum_extra::extract::PrivateCookieJar;
use axum_extra::extract::cookie::{Cookie, Key, SameSite};
use serde::{Deserialize, Serialize};

use crate::secret::Secret;
use whmcs_api::panel_config::Permissions;

/// A WHMCS API credential.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ApiLogin {
    pub identifier: String,
    pub secret: Secret,
}

/// What the cookie holds.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Session {
    pub login: ApiLogin,
    /// Unix seconds when the person logged in (for the absolute timeout).
    pub issued_at: u64,
    /// Unix seconds of the last request (for the idle timeout).
    pub seen_at: u64,
    /// What the credential's role allows, found at login.
    #[serde(default)]
    pub permissions: Permissions,
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

    /// The session in the jar, if there is one and it has not timed out.
    pub fn current(&self, jar: &PrivateCookieJar<Key>) -> Option<Session> {
        let cookie = jar.get(self.cookie_name())?;
        let session: Session = serde_json::from_str(cookie.value()).ok()?;
        let now = now_secs();
        let idle_ok = now.saturating_sub(session.seen_at) < self.idle.as_secs();
        let absolute_ok = now.saturating_sub(session.issued_at) < self.absolute.as_secs();
        (idle_ok && absolute_ok).then_some(session)
    }

    /// Stores `session` (seen now) in the jar.
    pub fn store(&self, jar: PrivateCookieJar<Key>, mut session: Session) -> PrivateCookieJar<Key> {
        session.seen_at = now_secs();
        let value = serde_json::to_string(&session).expect("a session serializes");
        jar.add(
            Cookie::build((self.cookie_name(), value))
                .http_only(true)
                .same_site(SameSite::Strict)
                .secure(self.secure)
                .path("/")
                .build(),
        )
    }

    /// Keeps the idle timeout sliding without re-issuing the cookie on every call: only when
    /// the session was last stored longer ago than a tenth of the idle timeout (at most a
    /// minute). Encrypting and sending a fresh cookie was most of the gateway's own cost on
    /// a small list.
    pub fn touch(&self, jar: PrivateCookieJar<Key>, session: Session) -> PrivateCookieJar<Key> {
        let refresh_after = (self.idle / 10).min(Duration::from_secs(60));
        let stale = Duration::from_secs(now_secs().saturating_sub(session.seen_at));
        if stale >= refresh_after {
            self.store(jar, session)
        } else {
            jar
        }
    }

    pub fn start(
        &self,
        jar: PrivateCookieJar<Key>,
        login: ApiLogin,
        permissions: Permissions,
    ) -> PrivateCookieJar<Key> {
        let now = now_secs();
        self.store(
            jar,
            Session {
                login,
                issued_at: now,
                seen_at: now,
                permissions,
            },
        )
    }

    pub fn end(&self, jar: PrivateCookieJar<Key>) -> PrivateCookieJar<Key> {
        jar.remove(Cookie::build(self.cookie_name()).path("/").build())
    }
}

pub fn now_secs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// A fresh random key (the demo; `serve` reads one from a file so restarts keep sessions).
pub fn random_key() -> Key {
    let mut bytes = [0u8; 64];
    getrandom::fill(&mut bytes).expect("the operating system's random source works");
    Key::from(&bytes)
}

/// Reads the 64-byte key from `path`, creating it (mode 0600) when missing.
pub fn key_from_file(path: &std::path::Path) -> std::io::Result<Key> {
    match std::fs::read(path) {
        Ok(bytes) if bytes.len() >= 64 => Ok(Key::from(&bytes[..64])),
        Ok(_) => Err(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("{} must hold at least 64 bytes", path.display()),
        )),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let mut bytes = [0u8; 64];
            getrandom::fill(&mut bytes).map_err(std::io::Error::other)?;
            write_private(path, &bytes)?;
            Ok(Key::from(&bytes))
        }
        Err(e) => Err(e),
    }
}

#[cfg(unix)]
fn write_private(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)?;
    f.write_all(bytes)
}

#[cfg(not(unix))]
fn write_private(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    std::fs::write(path, bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::response::IntoResponse;

    fn login() -> ApiLogin {
        ApiLogin {
            identifier: "admin".into(),
            secret: Secret::new("very-secret-value"),
        }
    }

    fn policy(secure: bool) -> SessionPolicy {
        SessionPolicy {
            secure,
            idle: Duration::from_secs(60),
            absolute: Duration::from_secs(3600),
        }
    }

    fn set_cookie(jar: PrivateCookieJar<Key>) -> String {
        let response = jar.into_response();
        response.headers()["set-cookie"]
            .to_str()
            .unwrap()
            .to_owned()
    }

    #[test]
    fn over_https_the_cookie_is_secure_and_host_prefixed() {
        let p = policy(true);
        let jar = p.start(
            PrivateCookieJar::new(Key::generate()),
            login(),
            Permissions::default(),
        );
        assert_eq!(p.current(&jar).unwrap().login.identifier, "admin");
        let header = set_cookie(jar);
        for part in [
            "__Host-oauth-admin-session=",
            "HttpOnly",
            "SameSite=Strict",
            "Secure",
            "Path=/",
        ] {
            assert!(header.contains(part), "{part} missing from {header}");
        }
        let value = header.split(';').next().unwrap().split_once('=').unwrap().1;
        assert!(
            !value.contains("very-secret-value"),
            "the cookie is encrypted"
        );
        assert!(!value.contains("admin"), "nothing readable in the cookie");
    }

    #[test]
    fn over_http_it_is_not_secure() {
        let p = policy(false);
        let header = set_cookie(p.start(
            PrivateCookieJar::new(Key::generate()),
            login(),
            Permissions::default(),
        ));
        assert!(header.starts_with("oauth-admin-session="), "{header}");
        assert!(!header.contains("Secure"), "{header}");
    }

    #[test]
    fn the_absolute_timeout_ends_even_an_active_session() {
        let p = policy(false);
        let old = Session {
            login: login(),
            issued_at: now_secs() - 3601,
            seen_at: now_secs(),
            permissions: Permissions::default(),
        };
        let jar = p.store(PrivateCookieJar::new(Key::generate()), old);
        assert!(p.current(&jar).is_none());
    }

    #[test]
    fn only_the_key_that_sealed_a_cookie_opens_it() {
        let p = policy(false);
        let key = Key::generate();
        let header = set_cookie(p.start(
            PrivateCookieJar::new(key.clone()),
            login(),
            Permissions::default(),
        ));
        let pair = header.split(';').next().unwrap().to_owned();
        let mut headers = axum::http::HeaderMap::new();
        headers.insert("cookie", pair.parse().unwrap());
        assert!(
            p.current(&PrivateCookieJar::from_headers(&headers, key))
                .is_some()
        );
        assert!(
            p.current(&PrivateCookieJar::from_headers(&headers, Key::generate()))
                .is_none()
        );
    }
}
