//! The checks WHMCS makes before any command runs, in its order, with its messages and
//! HTTP statuses: IP allow-list / access key, action present, credential, secret, role.

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
    /// The action as sent (WHMCS echoes it in its messages as sent).
    pub action: String,
}

pub fn authorize<'c>(
    config: &'c SandboxConfig,
    params: &Params,
    caller: IpAddr,
) -> Result<Authorized<'c>, Refusal> {
    match (params.get("accesskey"), &config.access_key) {
        (Some(given), Some(key)) if constant_time_eq(given, key) => {}
        (Some(_), _) => return Err(refuse(403, messages::INVALID_ACCESS_KEY)),
        (None, _) => {
            if !config.allowed_ips.is_empty() && !config.allowed_ips.contains(&caller) {
                return Err(refuse(403, messages::invalid_ip(&caller.to_string())));
            }
        }
    }

    let action = params.get("action").unwrap_or("").trim();
    if action.is_empty() {
        return Err(refuse(400, messages::EMPTY_ACTION));
    }

    // `username` / `password` are the older spelling of `identifier` / `secret`.
    let identifier = params.get("identifier").or_else(|| params.get("username"));
    let secret = params.get("secret").or_else(|| params.get("password"));
    let credential = identifier
        .filter(|i| !i.is_empty())
        .and_then(|i| config.credential(i));
    let (Some(credential), Some(secret)) = (credential, secret.filter(|s| !s.is_empty())) else {
        return Err(refuse(403, messages::INVALID_CREDENTIALS));
    };
    if !constant_time_eq(secret, &credential.secret) {
        return Err(refuse(403, messages::AUTHENTICATION_FAILED));
    }

    if !credential.allows(action) {
        return Err(refuse(403, messages::invalid_permissions(action)));
    }
    if whmcs_api::Action::parse(action).is_none() {
        return Err(refuse(403, messages::invalid_action(action)));
    }
    Ok(Authorized {
        credential,
        action: action.to_owned(),
    })
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
            demo_credentials: false,
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
                "Invalid API Action: \"GetInvoices\" is not a valid API action"
            ))
        );
        assert_eq!(
            check(
                &c,
                "action=list_oauth_credentials&username=support&password=ro"
            )
            .unwrap(),
            "list_oauth_credentials"
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
