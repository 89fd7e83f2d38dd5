//! "Try sign-in" for an authorization code credential: the authorization request an app
//! would send to WHMCS, and the setup mistakes that would make it fail, found before anyone
//! tries (WHMCS's own answers to them are a bare error page or a redirect with `error=`).

use crate::credential::Credential;
use crate::grant_type::GrantType;
use crate::scope::ScopeCatalogue;
use crate::uri::check_redirect_uri;

/// The scope that makes a sign-in OpenID Connect (an ID token, the userinfo endpoint).
pub const OPENID: &str = "openid";

/// An authorization code request (RFC 6749 §4.1.1, OpenID Connect Core §3.1.2.1): always
/// `state`, `nonce` and `redirect_uri`, which WHMCS requires or binds the code to; no PKCE,
/// which WHMCS ignores (contract points 21–22).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthorizationRequest<'a> {
    /// The installation's `…/oauth/authorize.php`.
    pub endpoint: &'a str,
    pub client_id: &'a str,
    pub redirect_uri: &'a str,
    pub scopes: &'a [String],
    pub state: &'a str,
    pub nonce: &'a str,
}

impl AuthorizationRequest<'_> {
    /// The URL a person opens to sign in.
    pub fn url(&self) -> String {
        let mut query = form_urlencoded::Serializer::new(String::new());
        query
            .append_pair("response_type", "code")
            .append_pair("client_id", self.client_id)
            .append_pair("redirect_uri", self.redirect_uri)
            .append_pair("scope", &self.scopes.join(" "))
            .append_pair("state", self.state)
            .append_pair("nonce", self.nonce);
        let separator = if self.endpoint.contains('?') {
            '&'
        } else {
            '?'
        };
        format!("{}{separator}{}", self.endpoint, query.finish())
    }
}

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// The sign-in will fail.
    Problem,
    /// The sign-in works, and so would an attacker's.
    Danger,
    /// The sign-in may work but is unsafe or not what an OpenID Connect app needs.
    Warning,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub severity: Severity,
    pub message: String,
}

impl Finding {
    fn problem(message: String) -> Finding {
        Finding {
            severity: Severity::Problem,
            message,
        }
    }

    fn warning(message: String) -> Finding {
        Finding {
            severity: Severity::Warning,
            message,
        }
    }
}

/// What would make a sign-in with this credential fail or be unsafe, most serious first.
/// Empty when the setup looks right.
pub fn setup_check(credential: &Credential, catalogue: &ScopeCatalogue) -> Vec<Finding> {
    let mut findings = Vec::new();
    if !credential.has_grant(GrantType::AuthorizationCode) {
        findings.push(Finding::problem(
            "This credential does not have the authorization code grant: WHMCS refuses a sign-in with it.".into(),
        ));
    }
    if credential.redirect_uris.is_empty() {
        // Contract point 22: with none registered, WHMCS accepts any redirect URI.
        findings.push(Finding {
            severity: Severity::Danger,
            message: "Danger: no redirect URI is registered, so WHMCS sends authorization codes to any address a request names. Anyone who knows the client identifier can have a customer's code sent to them. Register the app's callback address.".into(),
        });
    }
    for uri in &credential.redirect_uris {
        if let Err(message) = check_redirect_uri(uri) {
            findings.push(Finding::problem(message));
        }
    }
    for scope in &credential.scopes {
        if !catalogue.contains(scope) {
            findings.push(Finding::problem(format!(
                "The scope “{scope}” is not in this installation's scope list: WHMCS refuses a request that asks for it."
            )));
        }
    }
    if !credential.scopes.iter().any(|s| s == OPENID) {
        findings.push(Finding::warning(
            "The openid scope is missing: WHMCS issues no ID token without it, so an OpenID Connect app (“Sign in with WHMCS”) cannot sign anyone in. A plain OAuth 2.0 app does not need it.".into(),
        ));
    }
    if credential.scopes.is_empty() {
        findings.push(Finding::problem(
            "The credential has no scopes: there is nothing a sign-in could ask for.".into(),
        ));
    }
    // Problems, then dangers, then warnings, each kind in the order found.
    let (mut first, rest): (Vec<_>, Vec<_>) = findings
        .into_iter()
        .partition(|f| f.severity == Severity::Problem);
    let (dangers, warnings): (Vec<_>, Vec<_>) = rest
        .into_iter()
        .partition(|f| f.severity == Severity::Danger);
    first.extend(dangers);
    first.extend(warnings);
    first
}

/// The scopes a test sign-in asks for: the credential's own that the catalogue knows,
/// `openid` first (WHMCS lists it first in its examples; order does not matter to it).
pub fn default_scopes(credential: &Credential, catalogue: &ScopeCatalogue) -> Vec<String> {
    let mut scopes: Vec<String> = credential
        .scopes
        .iter()
        .filter(|s| catalogue.contains(s))
        .cloned()
        .collect();
    if let Some(at) = scopes.iter().position(|s| s == OPENID) {
        scopes[..=at].rotate_right(1);
    }
    scopes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::timestamp::Timestamp;

    fn credential(grant: &str, scopes: &[&str], redirects: &[&str]) -> Credential {
        Credential {
            credential_id: 1,
            name: "App".into(),
            description: String::new(),
            grant_types: vec![grant.into()],
            scopes: scopes.iter().map(|s| s.to_string()).collect(),
            client_identifier: "WHMCS.app".into(),
            client_secret: None,
            uuid: None,
            service_id: 0,
            logo_uri: String::new(),
            redirect_uris: redirects.iter().map(|s| s.to_string()).collect(),
            rsa_key_pair_id: 0,
            created_at: Timestamp::Unparsed(String::new()),
            updated_at: Timestamp::Unparsed(String::new()),
        }
    }

    fn catalogue() -> ScopeCatalogue {
        ScopeCatalogue::from_names(["openid", "profile", "email"])
    }

    #[test]
    fn a_sound_setup_has_no_findings() {
        let c = credential(
            "authorization_code",
            &["openid", "email"],
            &["https://app.example.com/cb", "http://localhost:8080/cb"],
        );
        assert_eq!(setup_check(&c, &catalogue()), []);
    }

    #[test]
    fn each_usual_mistake_is_named_problems_first() {
        let c = credential(
            "authorization_code",
            &["email", "billing"],
            &["http://app.example.com/cb"],
        );
        let findings = setup_check(&c, &catalogue());
        let severities: Vec<_> = findings.iter().map(|f| f.severity).collect();
        assert_eq!(
            severities,
            [Severity::Problem, Severity::Problem, Severity::Warning]
        );
        assert_eq!(
            findings[0].message,
            crate::messages::redirect_uri_scheme("http://app.example.com/cb")
        );
        assert_eq!(
            findings[1].message,
            "The scope “billing” is not in this installation's scope list: WHMCS refuses a request that asks for it."
        );
        assert!(
            findings[2]
                .message
                .starts_with("The openid scope is missing")
        );

        let bare = credential("single_sign_on", &[], &[]);
        let messages: Vec<_> = setup_check(&bare, &catalogue())
            .into_iter()
            .map(|f| f.message)
            .collect();
        assert!(
            messages[0].starts_with("This credential does not have the authorization code grant")
        );
        assert!(messages[1].starts_with("The credential has no scopes"));
        assert!(
            messages[2].starts_with("Danger: no redirect URI is registered, so WHMCS sends authorization codes to any address"),
            "a danger, after the problems: {messages:?}"
        );
        assert!(messages[3].starts_with("The openid scope is missing"));
    }

    #[test]
    fn the_request_url_carries_every_parameter_encoded() {
        let scopes = vec!["openid".to_owned(), "email".to_owned()];
        let request = AuthorizationRequest {
            endpoint: "https://billing.example.com/oauth/authorize.php",
            client_id: "WHMCS.app",
            redirect_uri: "https://app.example.com/cb?x=1",
            scopes: &scopes,
            state: "s1",
            nonce: "n1",
        };
        assert_eq!(
            request.url(),
            "https://billing.example.com/oauth/authorize.php?response_type=code&client_id=WHMCS.app&redirect_uri=https%3A%2F%2Fapp.example.com%2Fcb%3Fx%3D1&scope=openid+email&state=s1&nonce=n1"
        );
    }

    #[test]
    fn default_scopes_put_openid_first_and_drop_unknown_ones() {
        let c = credential("authorization_code", &["email", "billing", "openid"], &[]);
        assert_eq!(default_scopes(&c, &catalogue()), ["openid", "email"]);
        let c = credential("authorization_code", &["email", "profile", "openid"], &[]);
        assert_eq!(
            default_scopes(&c, &catalogue()),
            ["openid", "email", "profile"]
        );
    }
}
