//! The session cookie: only a random id, HttpOnly, SameSite=Strict, and `Secure` with the
//! `__Host-` prefix when the panel is served over HTTPS.

use axum_extra::extract::cookie::{Cookie, SameSite};

use super::id::SessionId;

#[derive(Debug, Clone, Copy)]
pub struct SessionCookie {
    pub secure: bool,
}

impl SessionCookie {
    /// `__Host-` pins the cookie to this origin, but browsers accept it only with `Secure`.
    pub fn name(&self) -> &'static str {
        if self.secure {
            "__Host-oauth-admin-session"
        } else {
            "oauth-admin-session"
        }
    }

    /// A browser-session cookie (no `Max-Age`): the record's timeouts decide how long it works.
    pub fn naming(&self, id: &SessionId) -> Cookie<'static> {
        self.with_value(id.as_str().to_owned())
    }

    /// What removes the cookie from the browser.
    pub fn removal(&self) -> Cookie<'static> {
        let mut c = self.with_value(String::new());
        c.make_removal();
        c
    }

    fn with_value(&self, value: String) -> Cookie<'static> {
        Cookie::build((self.name(), value))
            .http_only(true)
            .same_site(SameSite::Strict)
            .secure(self.secure)
            .path("/")
            .build()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookie_attributes() {
        let id = SessionId::random();
        let text = SessionCookie { secure: true }.naming(&id).to_string();
        for part in [
            "__Host-oauth-admin-session=",
            "HttpOnly",
            "SameSite=Strict",
            "Secure",
            "Path=/",
        ] {
            assert!(text.contains(part), "{part} missing from {text}");
        }
        let text = SessionCookie { secure: false }.naming(&id).to_string();
        assert!(text.starts_with("oauth-admin-session="), "{text}");
        assert!(!text.contains("Secure"), "{text}");
    }
}
