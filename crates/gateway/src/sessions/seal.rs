//! Seals the WHMCS API secret in a session record with AES-256-GCM under the session key,
//! bound to the record's key, so a copy of the store holds no usable secret and a record
//! moved under another id does not open.

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use axum_extra::extract::cookie::Key;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;

use secrecy::{ExposeSecret, SecretString};

const NONCE_LEN: usize = 12;

#[derive(Clone)]
pub struct Sealer {
    cipher: Aes256Gcm,
}

impl Sealer {
    pub fn new(key: &Key) -> Sealer {
        Sealer {
            cipher: Aes256Gcm::new_from_slice(key.encryption()).expect("a 32-byte key"),
        }
    }

    /// Nonce and ciphertext, base64.
    pub fn seal(&self, secret: &SecretString, bound_to: &str) -> String {
        let mut nonce = [0u8; NONCE_LEN];
        getrandom::fill(&mut nonce).expect("the operating system's random source works");
        let sealed = self
            .cipher
            .encrypt(
                Nonce::from_slice(&nonce),
                Payload {
                    msg: secret.expose_secret().as_bytes(),
                    aad: bound_to.as_bytes(),
                },
            )
            .expect("encryption of a short secret cannot fail");
        let mut out = nonce.to_vec();
        out.extend_from_slice(&sealed);
        STANDARD.encode(out)
    }

    /// The secret, if `sealed` was made by this key for `bound_to`.
    pub fn open(&self, sealed: &str, bound_to: &str) -> Option<SecretString> {
        let bytes = STANDARD.decode(sealed).ok()?;
        if bytes.len() <= NONCE_LEN {
            return None;
        }
        let (nonce, ciphertext) = bytes.split_at(NONCE_LEN);
        let plain = self
            .cipher
            .decrypt(
                Nonce::from_slice(nonce),
                Payload {
                    msg: ciphertext,
                    aad: bound_to.as_bytes(),
                },
            )
            .ok()?;
        String::from_utf8(plain).ok().map(SecretString::from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opens_only_with_its_key_and_binding() {
        let key = Key::generate();
        let sealer = Sealer::new(&key);
        let sealed = sealer.seal(&SecretString::from("hunter2-api-secret"), "record-a");
        assert!(!sealed.contains("hunter2"));
        assert_eq!(
            sealer
                .open(&sealed, "record-a")
                .map(|s| s.expose_secret().to_owned()),
            Some("hunter2-api-secret".into())
        );
        assert!(sealer.open(&sealed, "record-b").is_none(), "moved record");
        assert!(
            Sealer::new(&Key::generate())
                .open(&sealed, "record-a")
                .is_none(),
            "another key"
        );
        assert!(sealer.open("not base64!", "record-a").is_none());
        assert!(sealer.open("AAAA", "record-a").is_none());
    }

    #[test]
    fn the_same_secret_seals_differently_each_time() {
        let sealer = Sealer::new(&Key::generate());
        let s = SecretString::from("x");
        assert_ne!(sealer.seal(&s, "k"), sealer.seal(&s, "k"));
    }
}
