//! The installation's ID token key: RSA 2048, made once per database and kept in it (a
//! restart keeps its `kid`, so tokens already issued still verify), published as a JWKS at
//! `/oauth/certs.php`, used to sign RS256 ID tokens.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use rsa::RsaPrivateKey;
use rsa::pkcs1::{DecodeRsaPrivateKey, EncodeRsaPrivateKey};
use rsa::traits::PublicKeyParts;
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;
use serde_json::{Value, json};

use crate::store::{StoreError, now};

pub struct SigningKey {
    pub kid: String,
    public_n: String,
    public_e: String,
    encoding: EncodingKey,
}

impl SigningKey {
    /// The newest key in the database, or a new one stored there.
    pub fn load_or_create(conn: &Connection) -> Result<SigningKey, StoreError> {
        let stored: Option<(String, Vec<u8>)> = conn
            .query_row(
                "SELECT kid, private_der FROM tbloauthserver_signing_keys ORDER BY id DESC LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let (kid, key) = match stored {
            Some((kid, der)) => {
                let key = RsaPrivateKey::from_pkcs1_der(&der)
                    .map_err(|e| StoreError::Corrupt(format!("stored signing key {kid}: {e}")))?;
                (kid, key)
            }
            None => {
                let key = RsaPrivateKey::new(&mut rsa::rand_core::OsRng, 2048)
                    .map_err(|e| StoreError::Corrupt(format!("making a signing key: {e}")))?;
                let der = key
                    .to_pkcs1_der()
                    .map_err(|e| StoreError::Corrupt(format!("encoding a signing key: {e}")))?;
                let kid = crate::generate::access_token()[..16].to_owned();
                conn.execute(
                    "INSERT INTO tbloauthserver_signing_keys (kid, private_der, created_at)
                     VALUES (?1, ?2, ?3)",
                    params![kid, der.as_bytes(), now()],
                )?;
                (kid, key)
            }
        };
        let der = key
            .to_pkcs1_der()
            .map_err(|e| StoreError::Corrupt(format!("encoding a signing key: {e}")))?;
        Ok(SigningKey {
            public_n: URL_SAFE_NO_PAD.encode(key.n().to_bytes_be()),
            public_e: URL_SAFE_NO_PAD.encode(key.e().to_bytes_be()),
            encoding: EncodingKey::from_rsa_der(der.as_bytes()),
            kid,
        })
    }

    /// The JWKS `/oauth/certs.php` serves.
    pub fn jwks(&self) -> Value {
        json!({ "keys": [{
            "kty": "RSA",
            "alg": "RS256",
            "use": "sig",
            "kid": self.kid,
            "n": self.public_n,
            "e": self.public_e,
        }]})
    }

    /// `claims` as an RS256 JWT with this key's `kid`.
    pub fn sign<T: Serialize>(&self, claims: &T) -> String {
        let mut header = Header::new(Algorithm::RS256);
        header.kid = Some(self.kid.clone());
        jsonwebtoken::encode(&header, claims, &self.encoding).expect("RS256 signing cannot fail")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jsonwebtoken::{DecodingKey, Validation, decode, decode_header};

    #[test]
    fn signs_what_its_jwks_verifies_and_keeps_its_key() {
        let store = crate::store::Store::in_memory().unwrap();
        let conn = store.lock();
        let key = SigningKey::load_or_create(&conn).unwrap();
        let token = key.sign(&json!({"sub": "1", "aud": "x", "exp": 4_000_000_000u64}));
        assert_eq!(
            decode_header(&token).unwrap().kid.as_deref(),
            Some(key.kid.as_str())
        );
        let jwk = &key.jwks()["keys"][0];
        let decoding = DecodingKey::from_rsa_components(
            jwk["n"].as_str().unwrap(),
            jwk["e"].as_str().unwrap(),
        )
        .unwrap();
        let mut validation = Validation::new(Algorithm::RS256);
        validation.set_audience(&["x"]);
        let claims = decode::<Value>(&token, &decoding, &validation)
            .unwrap()
            .claims;
        assert_eq!(claims["sub"], "1");
        let again = SigningKey::load_or_create(&conn).unwrap();
        assert_eq!(again.kid, key.kid, "the stored key is reused");
        assert_eq!(again.jwks(), key.jwks());
    }
}
