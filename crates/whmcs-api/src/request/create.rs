use super::{items, names};
use crate::grant_type::GrantType;
use crate::messages;
use crate::params::Params;
use crate::validation::{self, Field, FieldErrors, Rules};
use crate::{Action, scope};

/// `CreateOAuthCredential`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreateCredential {
    pub grant_type: GrantType,
    pub scopes: Vec<String>,
    /// Required for `authorization_code`.
    pub name: String,
    /// Required for `single_sign_on`; 0 when none.
    pub service_id: u64,
    pub description: String,
    pub logo_uri: String,
    pub redirect_uris: Vec<String>,
}

impl CreateCredential {
    pub fn to_params(&self) -> Params {
        let mut p = Params::new();
        p.push(names::ACTION, Action::Create.name())
            .push(names::GRANT_TYPE, self.grant_type.as_str())
            .push(names::SCOPE, self.scopes.join(" "));
        for (name, value) in [
            (names::NAME, &self.name),
            (names::DESCRIPTION, &self.description),
            (names::LOGO_URI, &self.logo_uri),
        ] {
            if !value.is_empty() {
                p.push(name, value.as_str());
            }
        }
        if self.service_id > 0 {
            p.push(names::SERVICE_ID, self.service_id.to_string());
        }
        p.push_list(names::REDIRECT_URI, self.redirect_uris.iter().cloned());
        p
    }

    /// Decodes and validates, with WHMCS's messages in WHMCS's order.
    pub fn from_params(params: &Params, rules: &Rules<'_>) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::default();

        let grant_raw = params.get(names::GRANT_TYPE).unwrap_or("");
        let grant_type = if grant_raw.is_empty() {
            errors.push(Field::GrantType, messages::GRANT_TYPE_REQUIRED);
            None
        } else {
            let parsed = grant_raw.parse::<GrantType>().ok();
            if parsed.is_none() {
                errors.push(Field::GrantType, messages::grant_type_invalid(grant_raw));
            }
            parsed
        };

        let name = params.get(names::NAME).unwrap_or("").trim().to_owned();
        if grant_type == Some(GrantType::AuthorizationCode) && name.is_empty() {
            errors.push(Field::Name, messages::NAME_REQUIRED);
        }

        // Read with PHP's `(int)` (point 10): `abc` is 0, so it is missing, not invalid.
        let service_id = super::customers::php_int(params.get(names::SERVICE_ID));
        if grant_type == Some(GrantType::SingleSignOn) {
            if service_id == 0 {
                errors.push(Field::ServiceId, messages::SERVICE_ID_REQUIRED);
            } else {
                validation::check_service_id(service_id, rules, &mut errors);
            }
        }

        // Unsent or empty is "none"; otherwise split as WHMCS splits it (point 8).
        let scopes = params
            .get(names::SCOPE)
            .filter(|s| !s.is_empty())
            .map(scope::explode_scopes)
            .unwrap_or_default();
        validation::check_scopes(&scopes, rules, &mut errors);

        let description = params.get(names::DESCRIPTION).unwrap_or("").to_owned();
        let logo_uri = params.get(names::LOGO_URI).unwrap_or("").trim().to_owned();
        let redirect_uris = items(params, names::REDIRECT_URI).unwrap_or_default();
        validation::check_extras(
            Some(&name),
            Some(&description),
            Some(&logo_uri),
            Some(&redirect_uris),
            &mut errors,
        );

        let Some(grant_type) = grant_type else {
            return Err(errors);
        };
        errors.into_result(CreateCredential {
            grant_type,
            scopes,
            name,
            service_id,
            description,
            logo_uri,
            redirect_uris,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scope::ScopeCatalogue;
    use crate::validation::{ServiceCheck, ServiceLookup};

    struct Db;
    impl ServiceLookup for Db {
        fn check_service(&self, id: u64) -> ServiceCheck {
            match id {
                1 => ServiceCheck::Found,
                2 => ServiceCheck::WithoutClient,
                _ => ServiceCheck::Missing,
            }
        }
    }

    fn check(body: &str) -> Result<CreateCredential, FieldErrors> {
        let catalogue = ScopeCatalogue::default();
        CreateCredential::from_params(
            &Params::parse(body),
            &Rules {
                catalogue: &catalogue,
                services: &Db,
            },
        )
    }

    fn first(body: &str) -> String {
        check(body).unwrap_err().first_message().to_owned()
    }

    #[test]
    fn errors_come_in_whmcs_order() {
        assert_eq!(first(""), "A valid grant type is required.");
        assert_eq!(
            first("granttype=single_sign_on&scope=openid"),
            "A valid grant type is required."
        );
        assert_eq!(
            first("grantType=password&scope=nope"),
            "The requested grant type \"password\" is invalid."
        );
        assert_eq!(
            first("grantType=authorization_code&scope=nope"),
            "A name for the Client Credential is required."
        );
        assert_eq!(
            first("grantType=single_sign_on&scope=nope"),
            "A service ID is required for the single sign-on grant type."
        );
        // `(int)` reads `abc` as 0: missing, not invalid (point 10); `12abc` as 12.
        assert_eq!(
            first("grantType=single_sign_on&serviceId=abc&scope=nope"),
            "A service ID is required for the single sign-on grant type."
        );
        assert_eq!(
            check("grantType=single_sign_on&serviceId=1abc&scope=clientarea:sso")
                .unwrap()
                .service_id,
            1
        );
        assert_eq!(
            first("grantType=single_sign_on&serviceId=9&scope=nope"),
            "A valid Service ID is required."
        );
        assert_eq!(
            first("grantType=single_sign_on&serviceId=2&scope=nope"),
            "Service ID not associated with valid Client."
        );
        assert_eq!(
            first("grantType=single_sign_on&serviceId=1"),
            "At least one valid scope is required."
        );
        assert_eq!(
            first("grantType=single_sign_on&serviceId=1&scope=clientarea:sso+nope+worse"),
            "The requested scope \"nope\" is invalid."
        );
        // Split on each single space (point 8).
        assert_eq!(
            first("grantType=single_sign_on&serviceId=1&scope=clientarea:sso+"),
            "The requested scope \"\" is invalid."
        );
        assert_eq!(
            first("grantType=single_sign_on&serviceId=1&scope="),
            "At least one valid scope is required."
        );
    }

    #[test]
    fn collects_every_field_for_a_form() {
        let e = check("grantType=authorization_code&scope=nope&redirectUri[]=http://a.example&logoUri=javascript:x")
            .unwrap_err();
        assert_eq!(e.for_field(Field::Name), Some(messages::NAME_REQUIRED));
        assert_eq!(
            e.for_field(Field::Scope),
            Some("The requested scope \"nope\" is invalid.")
        );
        assert!(e.for_field(Field::RedirectUri(0)).is_some());
        assert_eq!(
            e.for_field(Field::LogoUri),
            Some(messages::LOGO_URI_INVALID)
        );
        assert_eq!(e.len(), 4);
    }

    #[test]
    fn accepts_both_redirect_uri_forms() {
        let a = check("grantType=authorization_code&name=App&scope=openid&redirectUri=https://a.example/1+https://b.example/2").unwrap();
        let b = check("grantType=authorization_code&name=App&scope=openid&redirectUri[]=https://a.example/1&redirectUri[]=https://b.example/2").unwrap();
        assert_eq!(a, b);
        assert_eq!(
            a.redirect_uris,
            ["https://a.example/1", "https://b.example/2"]
        );
    }

    #[test]
    fn sso_with_a_real_service_passes() {
        let c = check("grantType=single_sign_on&serviceId=1&scope=clientarea:sso").unwrap();
        assert_eq!(c.service_id, 1);
        assert_eq!(c.grant_type, GrantType::SingleSignOn);
        assert_eq!(c.name, "");
    }

    #[test]
    fn encodes_what_whmcs_reads() {
        let c = check("grantType=authorization_code&name=App&scope=openid+email&redirectUri[]=https://a.example/1").unwrap();
        assert_eq!(
            c.to_params().encode(),
            "action=CreateOAuthCredential&grantType=authorization_code&scope=openid+email&name=App&redirectUri%5B%5D=https%3A%2F%2Fa.example%2F1"
        );
    }
}
