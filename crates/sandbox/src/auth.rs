//! The checks WHMCS makes before any command runs, in its order, with its messages and
//! HTTP statuses (contract points 1–5): IP allow-list / access key, the action normalised,
//! credential and secret, action present, action known, role.

use std::net::IpAddr;

use whmcs_api::{Params, messages};

use crate::config::{ApiCredential, SandboxConfig};

/// A refusal before the command runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub status: u16,
    pub message: String,
}

fn refuse(status: u16, message: impl Into<String>) -> Refusal {
    Refusal {
        status,
        message: message.into(),
    }
}

/// Who is calling and what they asked for, once every check passed.
#[derive(Debug)]
pub struct Authorized<'c> {
    pub credential: &'c ApiCredential,
    /// The action in WHMCS's normal form (lower case, `[0-9a-z]` only).
    pub action: String,
}

pub fn authorize<'c>(
    config: &'c SandboxConfig,
    params: &Params,
    caller: IpAddr,
) -> Result<Authorized<'c>, Refusal> {
    // An access key matters only where the installation has one (point 2); otherwise the
    // IP check runs as if none were sent.
    match (params.get("accesskey"), &config.access_key) {
        (Some(given), Some(key)) if constant_time_eq(given, key) => {}
        (Some(_), Some(_)) => return Err(refuse(403, messages::INVALID_ACCESS_KEY)),
        _ => {
            if !config.allowed_ips.is_empty() && !config.allowed_ips.contains(&caller) {
                return Err(refuse(403, messages::invalid_ip(&caller.to_string())));
            }
        }
    }

    // Normalised before anything else reads it (point 3): every message names this form.
    let action = whmcs_api::action::normalize(params.get("action").unwrap_or(""));

    // `username` / `password` are the older spelling of `identifier` / `secret`; an unknown
    // username falls back to an admin-username login, which fails as a wrong secret does
    // (point 4).
    let by_username = params.get("identifier").is_none() && params.get("username").is_some();
    let identifier = params.get("identifier").or_else(|| params.get("username"));
    let secret = params
        .get("secret")
        .or_else(|| params.get("password"))
        .filter(|s| !s.is_empty());
    let credential = identifier
        .filter(|i| !i.is_empty())
        .and_then(|i| config.credential(i));
    let credential = match (credential, secret) {
        (Some(credential), Some(secret)) if constant_time_eq(secret, &credential.secret) => {
            credential
        }
        (Some(_), Some(_)) => return Err(refuse(403, messages::AUTHENTICATION_FAILED)),
        (None, Some(_)) if by_username => {
            return Err(refuse(403, messages::AUTHENTICATION_FAILED));
        }
        _ => return Err(refuse(403, messages::INVALID_CREDENTIALS)),
    };

    // After the credentials (point 1): no action with a wrong secret is a 403, not this.
    if action.is_empty() {
        return Err(refuse(400, messages::EMPTY_ACTION));
    }
    // Existence before permission (point 3), for a restricted role too.
    if whmcs_api::Action::parse(&action).is_none() {
        return Err(refuse(403, messages::invalid_action(&action)));
    }
    if !credential.allows(&action) {
        return Err(refuse(403, messages::invalid_permissions(&action)));
    }
    Ok(Authorized { credential, action })
}

/// Compares secrets without leaking, through timing, how much of a guess was right.
pub fn constant_time_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> SandboxConfig {
        SandboxConfig {
            company_name: "Acme".into(),
            api_credentials: vec![
                ApiCredential {
                    identifier: "admin".into(),
                    secret: "s3cret".into(),
                    description: String::new(),
                    allowed_actions: vec![],
                },
                ApiCredential {
                    identifier: "support".into(),
                    secret: "ro".into(),
                    description: String::new(),
                    allowed_actions: vec!["ListOAuthCredentials".into()],
                },
            ],
            scopes: None,
            clients: vec![],
            orphan_services: vec![],
            allowed_ips: vec![],
            access_key: None,
            oauth_credentials: vec![],
            id_token_key_bits: None,
        }
    }

    fn check(c: &SandboxConfig, body: &str) -> Result<String, Refusal> {
        authorize(c, &Params::parse(body), "127.0.0.1".parse().unwrap()).map(|a| a.action)
    }

    #[test]
    fn each_refusal_in_order() {
        let c = config();
        assert_eq!(
            check(&c, "identifier=admin&secret=s3cret"),
            Err(refuse(400, "Empty action request"))
        );
        assert_eq!(
            check(&c, "identifier=admin&secret=wrong"),
            Err(refuse(403, "Authentication Failed")),
            "credentials are checked before the action is"
        );
        assert_eq!(
            check(&c, "action=ListOAuthCredentials"),
            Err(refuse(403, "Invalid or missing credentials"))
        );
        assert_eq!(
            check(&c, "action=ListOAuthCredentials&identifier=admin"),
            Err(refuse(403, "Invalid or missing credentials"))
        );
        assert_eq!(
            check(&c, "action=ListOAuthCredentials&identifier=nobody&secret=x"),
            Err(refuse(403, "Invalid or missing credentials"))
        );
        assert_eq!(
            check(
                &c,
                "action=ListOAuthCredentials&identifier=admin&secret=wrong"
            ),
            Err(refuse(403, "Authentication Failed"))
        );
        assert_eq!(
            check(
                &c,
                "action=CreateOAuthCredential&identifier=support&secret=ro"
            ),
            Err(refuse(
                403,
                "Invalid Permissions: API action \"createoauthcredential\" is not allowed"
            ))
        );
        assert_eq!(
            check(&c, "action=GetInvoices&identifier=admin&secret=s3cret"),
            Err(refuse(
                403,
                "Invalid API Action: \"getinvoices\" is not a valid API action"
            ))
        );
        assert_eq!(
            check(&c, "action=Get_Invoices&identifier=support&secret=ro"),
            Err(refuse(
                403,
                "Invalid API Action: \"getinvoices\" is not a valid API action"
            )),
            "existence is checked before the role"
        );
        assert_eq!(
            check(&c, "action=ListOAuthCredentials&username=nobody&password=x"),
            Err(refuse(403, "Authentication Failed"))
        );
        assert_eq!(
            check(
                &c,
                "action=list_oauth_credentials&username=support&password=ro"
            )
            .unwrap(),
            "listoauthcredentials"
        );
    }

    #[test]
    fn an_access_key_is_ignored_where_none_is_configured() {
        let mut c = config();
        c.allowed_ips = vec!["10.0.0.1".parse().unwrap()];
        assert_eq!(
            check(
                &c,
                "action=ListOAuthCredentials&identifier=admin&secret=s3cret&accesskey=anything"
            ),
            Err(refuse(403, "Invalid IP 127.0.0.1"))
        );
        c.allowed_ips.clear();
        assert!(
            check(
                &c,
                "action=ListOAuthCredentials&identifier=admin&secret=s3cret&accesskey=anything"
            )
            .is_ok()
        );
    }

    #[test]
    fn ip_allow_list_and_access_key() {
        let mut c = config();
        c.allowed_ips = vec!["10.0.0.1".parse().unwrap()];
        c.access_key = Some("key".into());
        assert_eq!(
            check(
                &c,
                "action=ListOAuthCredentials&identifier=admin&secret=s3cret"
            ),
            Err(refuse(403, "Invalid IP 127.0.0.1"))
        );
        assert_eq!(
            check(
                &c,
                "action=ListOAuthCredentials&identifier=admin&secret=s3cret&accesskey=nope"
            ),
            Err(refuse(403, "Invalid Access Key"))
        );
        assert!(
            check(
                &c,
                "action=ListOAuthCredentials&identifier=admin&secret=s3cret&accesskey=key"
            )
            .is_ok()
        );
    }
}
