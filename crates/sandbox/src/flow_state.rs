//! What the sandbox remembers between the pages of one sign-in, in memory: client-area
//! logins (a cookie's random id → the customer) and authorizations waiting for a login or
//! a consent. Both expire; expired entries are dropped as new ones arrive.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// A client-area login lasts this long.
const LOGIN_TTL: Duration = Duration::from_secs(30 * 60);
/// An authorization request waits this long for its login and consent.
const PENDING_TTL: Duration = Duration::from_secs(10 * 60);

/// A valid authorization request, waiting for the person.
#[derive(Debug, Clone)]
pub struct Pending {
    /// The installation's URL as this request reached it: the ID token's `iss`.
    pub issuer: String,
    pub client_db_id: u64,
    /// The credential's client identifier: the ID token's `aud`.
    pub client_identifier: String,
    /// Its RSA key pair, which signs the ID token.
    pub key_pair: u64,
    pub app_name: String,
    /// Where the answer goes.
    pub redirect_uri: String,
    /// Whether the request named it: only then must the exchange name it too (point 21).
    pub redirect_uri_sent: bool,
    /// The scope as asked (or `profile`), space separated.
    pub scope: String,
    pub state: String,
    pub nonce: String,
}

/// A logged-in customer.
#[derive(Debug, Clone, Copy)]
pub struct Login {
    pub client_id: u64,
    /// Unix seconds of the login (`auth_time`).
    pub auth_time: i64,
    /// The service a single sign-on opened the client area for; 0 for a password login.
    pub service_id: u64,
}

#[derive(Default)]
pub struct FlowState {
    logins: Mutex<HashMap<String, (Login, Instant)>>,
    pending: Mutex<HashMap<String, (Pending, Instant)>>,
}

impl FlowState {
    pub fn add_login(&self, login: Login) -> String {
        let id = crate::generate::access_token();
        insert(&self.logins, id.clone(), login, LOGIN_TTL);
        id
    }

    pub fn login(&self, id: &str) -> Option<Login> {
        get(&self.logins, id)
    }

    pub fn add_pending(&self, pending: Pending) -> String {
        let id = crate::generate::access_token();
        insert(&self.pending, id.clone(), pending, PENDING_TTL);
        id
    }

    pub fn pending(&self, id: &str) -> Option<Pending> {
        get(&self.pending, id)
    }

    /// Takes a request out: a consent is answered once.
    pub fn take_pending(&self, id: &str) -> Option<Pending> {
        let mut map = self.pending.lock().unwrap_or_else(|p| p.into_inner());
        map.remove(id)
            .filter(|(_, until)| *until > Instant::now())
            .map(|(p, _)| p)
    }
}

fn insert<T>(map: &Mutex<HashMap<String, (T, Instant)>>, id: String, value: T, ttl: Duration) {
    let now = Instant::now();
    let mut map = map.lock().unwrap_or_else(|p| p.into_inner());
    map.retain(|_, (_, until)| *until > now);
    map.insert(id, (value, now + ttl));
}

fn get<T: Clone>(map: &Mutex<HashMap<String, (T, Instant)>>, id: &str) -> Option<T> {
    let map = map.lock().unwrap_or_else(|p| p.into_inner());
    map.get(id)
        .filter(|(_, until)| *until > Instant::now())
        .map(|(v, _)| v.clone())
}
