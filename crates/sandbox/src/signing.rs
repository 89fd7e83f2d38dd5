//! ID token keys as WHMCS keeps them (contract point 23): one RSA key pair per
//! authorization code credential (`tbloauthserver_keypairs`, the credential's
//! `rsaKeyPairId`), its `kid` 64 hex characters. The record is made with the credential;
//! the key itself when it first signs, outside the database lock (an RSA-4096 key takes
//! seconds), so `--bulk-credentials 50000` stays fast. `/oauth/certs.php` lists every key
//! made so far; one that was never made has signed nothing there is to verify.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use rsa::pkcs1::{DecodeRsaPrivateKey, EncodeRsaPrivateKey};
use rsa::traits::PublicKeyParts;
use rsa::{RsaPrivateKey, RsaPublicKey};
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;
use serde_json::{Value, json};

use crate::store::{Store, StoreError};

/// A key pair ready to sign.
pub struct SigningKey {
    pub kid: String,
    encoding: EncodingKey,
}

impl SigningKey {
    /// `claims` as an RS256 JWT with this key's `kid`.
    pub fn sign<T: Serialize>(&self, claims: &T) -> String {
        let mut header = Header::new(Algorithm::RS256);
        header.kid = Some(self.kid.clone());
        jsonwebtoken::encode(&header, claims, &self.encoding).expect("RS256 signing cannot fail")
    }
}

fn corrupt(what: &str, e: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(format!("{what}: {e}"))
}

/// A key pair's `kid`, and its private key once made.
type StoredPair = (String, Option<Vec<u8>>);

fn stored(conn: &Connection, pair: u64) -> Result<Option<StoredPair>, StoreError> {
    Ok(conn
        .query_row(
            "SELECT identifier, private_der FROM tbloauthserver_keypairs WHERE id = ?1",
            [pair],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?)
}

/// The key of key pair `pair`, made (with `bits`) and stored if it has none yet; `None`
/// when there is no such key pair. Takes the store's lock only to read and to write.
pub fn key_pair(store: &Store, pair: u64, bits: usize) -> Result<Option<SigningKey>, StoreError> {
    let Some((kid, der)) = stored(&store.lock(), pair)? else {
        return Ok(None);
    };
    let der = match der {
        Some(der) => der,
        None => {
            let key = RsaPrivateKey::new(&mut rsa::rand_core::OsRng, bits)
                .map_err(|e| corrupt("making a signing key", e))?;
            let der = key
                .to_pkcs1_der()
                .map_err(|e| corrupt("encoding a signing key", e))?
                .as_bytes()
                .to_vec();
            let conn = store.lock();
            // Two first sign-ins at once: the first key stored wins, both use it.
            conn.execute(
                "UPDATE tbloauthserver_keypairs SET private_der = ?1
                 WHERE id = ?2 AND private_der IS NULL",
                params![der, pair],
            )?;
            match stored(&conn, pair)? {
                Some((_, Some(der))) => der,
                _ => return Ok(None),
            }
        }
    };
    RsaPrivateKey::from_pkcs1_der(&der).map_err(|e| corrupt(&format!("stored key {kid}"), e))?;
    Ok(Some(SigningKey {
        encoding: EncodingKey::from_rsa_der(&der),
        kid,
    }))
}

/// The JWKS `/oauth/certs.php` serves: every key made so far, oldest first.
pub fn jwks(conn: &Connection) -> Result<Value, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT identifier, private_der FROM tbloauthserver_keypairs
         WHERE private_der IS NOT NULL ORDER BY id",
    )?;
    let mut keys = Vec::new();
    for row in stmt.query_map([], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, Vec<u8>>(1)?))
    })? {
        let (kid, der) = row?;
        let public = RsaPublicKey::from(
            RsaPrivateKey::from_pkcs1_der(&der).map_err(|e| corrupt(&format!("key {kid}"), e))?,
        );
        keys.push(json!({
            "kty": "RSA",
            "alg": "RS256",
            "use": "sig",
            "kid": kid,
            "n": URL_SAFE_NO_PAD.encode(public.n().to_bytes_be()),
            "e": URL_SAFE_NO_PAD.encode(public.e().to_bytes_be()),
        }));
    }
    Ok(json!({ "keys": keys }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use jsonwebtoken::{DecodingKey, Validation, decode, decode_header};

    #[test]
    fn a_key_is_made_once_on_first_use_and_its_jwks_verifies_it() {
        let store = Store::in_memory().unwrap();
        store
            .lock()
            .execute(
                "INSERT INTO tbloauthserver_keypairs (identifier, created_at) VALUES (?1, 'now')",
                [crate::generate::key_id()],
            )
            .unwrap();
        assert_eq!(jwks(&store.lock()).unwrap(), json!({"keys": []}));
        assert!(key_pair(&store, 99, 1024).unwrap().is_none());

        let key = key_pair(&store, 1, 1024).unwrap().unwrap();
        assert_eq!(key.kid.len(), 64);
        assert!(key.kid.chars().all(|c| c.is_ascii_hexdigit()));
        let token = key.sign(&json!({"sub": "1", "aud": "x", "exp": 4_000_000_000u64}));
        assert_eq!(
            decode_header(&token).unwrap().kid.as_deref(),
            Some(key.kid.as_str())
        );
        let set = jwks(&store.lock()).unwrap();
        let jwk = &set["keys"][0];
        assert_eq!(jwk["kid"], key.kid.as_str());
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
        let again = key_pair(&store, 1, 1024).unwrap().unwrap();
        assert_eq!(again.kid, key.kid);
        assert_eq!(
            jwks(&store.lock()).unwrap(),
            set,
            "the stored key is reused"
        );
    }
}
