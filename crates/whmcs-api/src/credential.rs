//! One OAuth credential as `ListOAuthCredentials` returns it.

use serde::{Deserialize, Serialize};

use crate::grant_type::GrantType;
use crate::lenient;
use crate::timestamp::Timestamp;

/// A credential, read leniently from any response form the contract lists and written back
/// in the form real installations send (integers, space-joined strings, PHP dates).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Credential {
    #[serde(deserialize_with = "lenient::id")]
    pub credential_id: u64,
    #[serde(default, deserialize_with = "lenient::string")]
    pub name: String,
    #[serde(default, deserialize_with = "lenient::string")]
    pub description: String,
    #[serde(
        default,
        deserialize_with = "lenient::words",
        serialize_with = "lenient::join_words"
    )]
    pub grant_types: Vec<String>,
    #[serde(
        rename = "scope",
        default,
        deserialize_with = "lenient::words",
        serialize_with = "lenient::join_words"
    )]
    pub scopes: Vec<String>,
    #[serde(default, deserialize_with = "lenient::string")]
    pub client_identifier: String,
    /// Present in WHMCS's answer; the gateway removes it before a list reaches the browser.
    #[serde(
        default,
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub client_secret: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub uuid: Option<String>,
    #[serde(default, deserialize_with = "lenient::id_or_zero")]
    pub service_id: u64,
    #[serde(default, deserialize_with = "lenient::string")]
    pub logo_uri: String,
    #[serde(rename = "redirectUri", default, deserialize_with = "lenient::words")]
    pub redirect_uris: Vec<String>,
    #[serde(default, deserialize_with = "lenient::id_or_zero")]
    pub rsa_key_pair_id: u64,
    #[serde(default = "unknown_time")]
    pub created_at: Timestamp,
    #[serde(default = "unknown_time")]
    pub updated_at: Timestamp,
}

fn unknown_time() -> Timestamp {
    Timestamp::Unparsed(String::new())
}

impl Credential {
    /// The credential's grant type, if it holds one this product knows.
    pub fn grant_type(&self) -> Option<GrantType> {
        self.grant_types.iter().find_map(|g| g.parse().ok())
    }

    pub fn has_grant(&self, grant: GrantType) -> bool {
        self.grant_types.iter().any(|g| g == grant.as_str())
    }

    /// A name for people: the name, or, for the usual unnamed single sign-on credential,
    /// what it is for ("SSO · service 12"); never the 45-character client identifier.
    pub fn display_name(&self) -> String {
        if !self.name.trim().is_empty() {
            self.name.clone()
        } else if self.has_grant(GrantType::SingleSignOn) && self.service_id > 0 {
            format!("SSO · service {}", self.service_id)
        } else {
            format!("Unnamed credential {}", self.credential_id)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn documented_example() -> serde_json::Value {
        // As the published documentation shows it: ids as strings, redirectUri space-joined.
        json!({
            "credentialId": "1",
            "name": "Example App",
            "description": "",
            "grantTypes": "authorization_code",
            "scope": "clientarea:sso openid email",
            "clientIdentifier": "COMPANY-NAME.SQxOYrZOUTQC8YTkLQuQ0w==",
            "clientSecret": "c2VjcmV0",
            "uuid": null,
            "serviceId": "0",
            "logoUri": "",
            "redirectUri": "https://a.example/cb https://b.example/cb",
            "rsaKeyPairId": "3",
            "createdAt": "18th November 2016 9:32:24am",
            "updatedAt": "18th November 2016 9:32:24am",
            "somethingNew": {"nested": true}
        })
    }

    #[test]
    fn reads_the_documented_form() {
        let c: Credential = serde_json::from_value(documented_example()).unwrap();
        assert_eq!(c.credential_id, 1);
        assert_eq!(c.grant_type(), Some(GrantType::AuthorizationCode));
        assert_eq!(c.scopes, ["clientarea:sso", "openid", "email"]);
        assert_eq!(
            c.redirect_uris,
            ["https://a.example/cb", "https://b.example/cb"]
        );
        assert_eq!(c.rsa_key_pair_id, 3);
        assert_eq!(c.uuid, None);
        assert_eq!(c.client_secret.as_deref(), Some("c2VjcmV0"));
        assert_eq!(c.created_at.to_string(), "18th November 2016 9:32:24am");
    }

    #[test]
    fn reads_the_real_installation_form() {
        let c: Credential = serde_json::from_value(json!({
            "credentialId": 7, "name": null, "description": "d", "grantTypes": "single_sign_on",
            "scope": "clientarea:sso", "clientIdentifier": "ACME.0123456789abcdef0123456789abcdef",
            "uuid": null, "serviceId": 12, "logoUri": "", "redirectUri": [], "rsaKeyPairId": 0,
            "createdAt": "1st January 2024 12:05:09am", "updatedAt": "2nd January 2024 1:00:00pm"
        }))
        .unwrap();
        assert_eq!(c.credential_id, 7);
        assert_eq!(c.name, "");
        assert_eq!(c.service_id, 12);
        assert!(c.redirect_uris.is_empty());
        assert_eq!(c.client_secret, None);
        assert_eq!(c.display_name(), "SSO · service 12");
    }

    #[test]
    fn writes_the_real_installation_form() {
        let c: Credential = serde_json::from_value(documented_example()).unwrap();
        let v = serde_json::to_value(&c).unwrap();
        assert_eq!(v["credentialId"], json!(1));
        assert_eq!(v["scope"], json!("clientarea:sso openid email"));
        assert_eq!(v["grantTypes"], json!("authorization_code"));
        assert_eq!(
            v["redirectUri"],
            json!(["https://a.example/cb", "https://b.example/cb"])
        );
        assert_eq!(v["uuid"], json!(null));
        assert_eq!(v["serviceId"], json!(0));
        assert_eq!(v["createdAt"], json!("18th November 2016 9:32:24am"));
        let back: Credential = serde_json::from_value(v).unwrap();
        assert_eq!(back, c);
    }

    #[test]
    fn a_bad_id_is_an_error_not_a_zero() {
        let mut v = documented_example();
        v["credentialId"] = json!("abc");
        assert!(serde_json::from_value::<Credential>(v).is_err());
    }
}
