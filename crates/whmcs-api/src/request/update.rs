use super::{items, names, truthy};
use crate::credential::Credential;
use crate::grant_type::GrantType;
use crate::messages;
use crate::params::Params;
use crate::validation::{self, Field, FieldErrors, Rules};
use crate::{Action, scope};

/// Which credential an update is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CredentialRef {
    Id(u64),
    ClientIdentifier(String),
}

impl CredentialRef {
    /// The lookup an update names: `credentialId`, else the client identifier (sent as
    /// `clientIdentifier` by real clients, documented as `clientApiIdentifier`). The error
    /// is WHMCS's message.
    pub fn from_params(params: &Params) -> Result<CredentialRef, &'static str> {
        let id_raw = params.get(names::CREDENTIAL_ID).unwrap_or("").trim();
        if !id_raw.is_empty() {
            return match id_raw.parse::<u64>() {
                Ok(id) if id > 0 => Ok(CredentialRef::Id(id)),
                _ => Err(messages::CREDENTIAL_ID_INVALID),
            };
        }
        [names::CLIENT_IDENTIFIER, names::CLIENT_API_IDENTIFIER]
            .into_iter()
            .filter_map(|n| params.get(n))
            .map(str::trim)
            .find(|v| !v.is_empty())
            .map(|ci| CredentialRef::ClientIdentifier(ci.to_owned()))
            .ok_or(messages::CREDENTIAL_REF_REQUIRED)
    }
}

/// `UpdateOAuthCredential`: only fields that are `Some` are sent, and only they change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UpdateCredential {
    pub target: CredentialRef,
    pub name: Option<String>,
    pub description: Option<String>,
    pub grant_type: Option<GrantType>,
    pub scopes: Option<Vec<String>>,
    pub service_id: Option<u64>,
    pub logo_uri: Option<String>,
    pub redirect_uris: Option<Vec<String>>,
    pub reset_secret: bool,
}

impl UpdateCredential {
    /// An update of `target` that changes nothing yet.
    pub fn new(target: CredentialRef) -> Self {
        UpdateCredential {
            target,
            name: None,
            description: None,
            grant_type: None,
            scopes: None,
            service_id: None,
            logo_uri: None,
            redirect_uris: None,
            reset_secret: false,
        }
    }

    /// Names of the fields this update changes, in a stable order (for summaries and the
    /// audit log; never values).
    pub fn changed_fields(&self) -> Vec<&'static str> {
        let mut out = Vec::new();
        let flags = [
            (self.name.is_some(), names::NAME),
            (self.description.is_some(), names::DESCRIPTION),
            (self.grant_type.is_some(), names::GRANT_TYPE),
            (self.scopes.is_some(), names::SCOPE),
            (self.service_id.is_some(), names::SERVICE_ID),
            (self.logo_uri.is_some(), names::LOGO_URI),
            (self.redirect_uris.is_some(), names::REDIRECT_URI),
            (self.reset_secret, names::RESET_SECRET),
        ];
        for (changed, name) in flags {
            if changed {
                out.push(name);
            }
        }
        out
    }

    pub fn to_params(&self) -> Params {
        let mut p = Params::new();
        p.push(names::ACTION, Action::Update.name());
        match &self.target {
            CredentialRef::Id(id) => p.push(names::CREDENTIAL_ID, id.to_string()),
            CredentialRef::ClientIdentifier(c) => p.push(names::CLIENT_IDENTIFIER, c.as_str()),
        };
        if let Some(v) = &self.name {
            p.push(names::NAME, v.as_str());
        }
        if let Some(v) = &self.description {
            p.push(names::DESCRIPTION, v.as_str());
        }
        if let Some(v) = self.grant_type {
            p.push(names::GRANT_TYPE, v.as_str());
        }
        if let Some(v) = &self.scopes {
            p.push(names::SCOPE, v.join(" "));
        }
        if let Some(v) = self.service_id {
            p.push(names::SERVICE_ID, v.to_string());
        }
        if let Some(v) = &self.logo_uri {
            p.push(names::LOGO_URI, v.as_str());
        }
        if let Some(uris) = &self.redirect_uris {
            if uris.is_empty() {
                // An empty PHP array cannot be sent; an empty string clears the list.
                p.push(names::REDIRECT_URI, "");
            } else {
                p.push_list(names::REDIRECT_URI, uris.iter().cloned());
            }
        }
        if self.reset_secret {
            p.push(names::RESET_SECRET, "1");
        }
        p
    }

    /// Decodes and validates. `current` is the stored credential when the caller has it
    /// (the sandbox, the edit form): rules that depend on its grant type need it.
    pub fn from_params(
        params: &Params,
        rules: &Rules<'_>,
        current: Option<&Credential>,
    ) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::default();

        let target = CredentialRef::from_params(params)
            .map_err(|message| errors.push(Field::CredentialRef, message))
            .ok();

        let grant_type = params.get(names::GRANT_TYPE).and_then(|raw| {
            let parsed = raw.parse::<GrantType>().ok();
            if parsed.is_none() {
                errors.push(Field::GrantType, messages::grant_type_invalid(raw));
            }
            parsed
        });
        let effective_grant = grant_type.or_else(|| current.and_then(Credential::grant_type));

        let name = params.get(names::NAME).map(|n| n.trim().to_owned());
        if effective_grant == Some(GrantType::AuthorizationCode) {
            let name_after = name
                .clone()
                .or_else(|| current.map(|c| c.name.trim().to_owned()));
            if name_after.as_deref() == Some("") {
                errors.push(Field::Name, messages::NAME_REQUIRED);
            }
        }

        // Checked only when sent, and only for 0 (point 11): WHMCS never looks the
        // service up on an update, and an unsent one is not missing.
        let service_id = params
            .get(names::SERVICE_ID)
            .map(|raw| super::customers::php_int(Some(raw)));
        if service_id == Some(0) && effective_grant == Some(GrantType::SingleSignOn) {
            errors.push(Field::ServiceId, messages::SERVICE_ID_REQUIRED);
        }

        // Sent empty, it is one empty name (point 8).
        let scopes = params.get(names::SCOPE).map(scope::explode_scopes);
        if let Some(scopes) = &scopes {
            validation::check_scopes(scopes, rules, &mut errors);
        }

        let description = params.get(names::DESCRIPTION).map(str::to_owned);
        let logo_uri = params.get(names::LOGO_URI).map(|l| l.trim().to_owned());
        let redirect_uris = items(params, names::REDIRECT_URI);
        validation::check_extras(
            name.as_deref(),
            description.as_deref(),
            logo_uri.as_deref(),
            redirect_uris.as_deref(),
            &mut errors,
        );

        let Some(target) = target else {
            return Err(errors);
        };
        errors.into_result(UpdateCredential {
            target,
            name,
            description,
            grant_type,
            scopes,
            service_id,
            logo_uri,
            redirect_uris,
            reset_secret: truthy(params.get(names::RESET_SECRET)),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scope::ScopeCatalogue;
    use crate::timestamp::Timestamp;

    fn stored(grant: GrantType) -> Credential {
        Credential {
            credential_id: 4,
            name: "App".into(),
            description: String::new(),
            grant_types: vec![grant.as_str().into()],
            scopes: vec!["openid".into()],
            client_identifier: "ACME.abc".into(),
            client_secret: None,
            uuid: None,
            service_id: if grant == GrantType::SingleSignOn {
                3
            } else {
                0
            },
            logo_uri: String::new(),
            redirect_uris: vec![],
            rsa_key_pair_id: 0,
            created_at: Timestamp::Unparsed(String::new()),
            updated_at: Timestamp::Unparsed(String::new()),
        }
    }

    fn check(body: &str, current: Option<&Credential>) -> Result<UpdateCredential, FieldErrors> {
        let catalogue = ScopeCatalogue::default();
        UpdateCredential::from_params(&Params::parse(body), &Rules::offline(&catalogue), current)
    }

    fn first(body: &str, current: Option<&Credential>) -> String {
        check(body, current).unwrap_err().first_message().to_owned()
    }

    #[test]
    fn needs_a_target() {
        assert_eq!(first("name=x", None), messages::CREDENTIAL_REF_REQUIRED);
        assert_eq!(
            first("credentialId=abc", None),
            messages::CREDENTIAL_ID_INVALID
        );
        assert_eq!(
            first("credentialId=0", None),
            messages::CREDENTIAL_ID_INVALID
        );
        assert_eq!(
            check("clientApiIdentifier=ACME.abc", None).unwrap().target,
            CredentialRef::ClientIdentifier("ACME.abc".into())
        );
        assert_eq!(
            check("clientIdentifier=ACME.abc", None).unwrap().target,
            CredentialRef::ClientIdentifier("ACME.abc".into())
        );
        assert_eq!(
            check("credentialId=5", None).unwrap().target,
            CredentialRef::Id(5)
        );
    }

    #[test]
    fn checks_in_whmcs_order() {
        let auth = stored(GrantType::AuthorizationCode);
        let sso = stored(GrantType::SingleSignOn);
        assert_eq!(
            first("credentialId=4&grantType=x&name=&scope=bad", Some(&auth)),
            "The requested grant type \"x\" is invalid."
        );
        assert_eq!(
            first("credentialId=4&name=&scope=bad", Some(&auth)),
            messages::NAME_REQUIRED
        );
        assert_eq!(
            first("credentialId=4&serviceId=0", Some(&sso)),
            messages::SERVICE_ID_REQUIRED
        );
        // Not sent, it is not checked (point 11).
        assert!(check("credentialId=4&grantType=single_sign_on", Some(&auth)).is_ok());
        assert_eq!(
            first("credentialId=4&scope=", Some(&auth)),
            "The requested scope \"\" is invalid."
        );
        assert_eq!(
            first("credentialId=4&scope=openid+bad", Some(&auth)),
            "The requested scope \"bad\" is invalid."
        );
        // An empty name is fine on single sign-on.
        assert!(check("credentialId=4&name=", Some(&sso)).is_ok());
    }

    #[test]
    fn only_sent_fields_change() {
        let u = check("credentialId=4&description=new", None).unwrap();
        assert_eq!(u.changed_fields(), ["description"]);
        assert_eq!(u.name, None);
        assert_eq!(u.scopes, None);
        assert!(!u.reset_secret);
        let r = check("credentialId=4&resetSecret=true", None).unwrap();
        assert!(r.reset_secret);
        assert!(
            !check("credentialId=4&resetSecret=0", None)
                .unwrap()
                .reset_secret
        );
    }

    #[test]
    fn an_empty_redirect_list_round_trips() {
        let mut u = UpdateCredential::new(CredentialRef::Id(4));
        u.redirect_uris = Some(vec![]);
        let back = check(&u.to_params().encode(), None).unwrap();
        assert_eq!(back.redirect_uris, Some(vec![]));
    }
}
