//! The session id a cookie carries: 256 random bits, nothing else. Stores index records by
//! its SHA-256, so whoever reads the store (a Redis dump, a replica) cannot use what they
//! read as a cookie.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};

/// Characters in an id: 32 bytes, base64url without padding.
const ID_LEN: usize = 43;

#[derive(Clone, PartialEq, Eq)]
pub struct SessionId(String);

/// Where a session's record lives: the id's SHA-256, hex.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RecordKey(pub String);

impl SessionId {
    pub fn random() -> SessionId {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes).expect("the operating system's random source works");
        SessionId(URL_SAFE_NO_PAD.encode(bytes))
    }

    /// A cookie's value, if it has the shape of an id (anything else is not looked up).
    pub fn parse(value: &str) -> Option<SessionId> {
        let shaped = value.len() == ID_LEN
            && value
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        shaped.then(|| SessionId(value.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn record_key(&self) -> RecordKey {
        RecordKey(hex_sha256(self.0.as_bytes()))
    }
}

/// The id is a bearer credential: never printed.
impl std::fmt::Debug for SessionId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SessionId(<redacted>)")
    }
}

/// `n` random bytes as lower-case hex: job ids, this process's name in job leases.
pub fn random_hex(n: usize) -> String {
    let mut bytes = vec![0u8; n];
    getrandom::fill(&mut bytes).expect("the operating system's random source works");
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Lower-case hex of SHA-256: fixed-size keys for ids and identifiers of any length.
pub fn hex_sha256(bytes: &[u8]) -> String {
    format!("{:x}", Sha256::digest(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_random_well_shaped_and_never_printed() {
        let a = SessionId::random();
        let b = SessionId::random();
        assert_ne!(a, b);
        assert_eq!(SessionId::parse(a.as_str()), Some(a.clone()));
        assert!(!format!("{a:?}").contains(a.as_str()));
        assert_eq!(a.record_key().0.len(), 64);
        assert_ne!(a.record_key().0, a.as_str());
    }

    #[test]
    fn anything_not_shaped_like_an_id_is_refused() {
        for bad in [
            "",
            "short",
            &"a".repeat(44),
            &format!("{}=", "a".repeat(42)),
            &format!("{}\n", "a".repeat(42)),
        ] {
            assert_eq!(SessionId::parse(bad), None, "{bad:?}");
        }
    }
}
