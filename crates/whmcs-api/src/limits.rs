//! Lengths that fit WHMCS's `tbloauthserver_clients` columns, so a value is refused in the
//! browser instead of being cut or rejected by the database.

/// `name varchar(255)`.
pub const NAME_MAX: usize = 255;
/// `description text`, kept to a size a person can read in a list.
pub const DESCRIPTION_MAX: usize = 1000;
/// `logo_uri varchar(255)`.
pub const LOGO_URI_MAX: usize = 255;
/// `redirect_uri varchar(2000)`: all redirect URIs joined by spaces.
pub const REDIRECT_URIS_MAX: usize = 2000;
/// `scope varchar(4000)`: all scopes joined by spaces.
pub const SCOPES_MAX: usize = 4000;

/// `grantType`: the longest grant type is 18 characters; a filter is a part of one.
pub const GRANT_TYPE_MAX: usize = 64;
/// `clientIdentifier` / `clientApiIdentifier`: `identifier varchar(255)`.
pub const CLIENT_IDENTIFIER_MAX: usize = 255;
/// Whole numbers (`credentialId`, `serviceId`, `limit`): a `u64` has at most 20 digits.
pub const NUMBER_MAX: usize = 20;
/// `sortField` / `sortOrder`: column names and `asc`/`desc`.
pub const SORT_MAX: usize = 64;
/// `GetClients`'s `search`: the start of a name, email or company.
pub const SEARCH_MAX: usize = 255;
/// `GetClientsProducts`'s `domain`: `tblhosting.domain varchar(255)`.
pub const DOMAIN_MAX: usize = 255;
/// Any parameter at all, including the ones WHMCS ignores: what no real value comes near.
pub const PARAM_MAX: usize = 65_536;

/// Parameters without a length rule of their own in validation, with how people name them
/// and their longest value.
const CAPPED: [(&str, &str, usize); 15] = [
    ("grantType", "grant type", GRANT_TYPE_MAX),
    (
        "clientIdentifier",
        "client identifier",
        CLIENT_IDENTIFIER_MAX,
    ),
    (
        "clientApiIdentifier",
        "client identifier",
        CLIENT_IDENTIFIER_MAX,
    ),
    ("credentialId", "credential ID", NUMBER_MAX),
    ("serviceId", "service ID", NUMBER_MAX),
    ("limit", "limit", NUMBER_MAX),
    ("resetSecret", "resetSecret flag", NUMBER_MAX),
    ("sortField", "sort field", SORT_MAX),
    ("sortOrder", "sort order", SORT_MAX),
    ("search", "search", SEARCH_MAX),
    ("domain", "domain", DOMAIN_MAX),
    ("clientid", "client ID", NUMBER_MAX),
    ("serviceid", "service ID", NUMBER_MAX),
    ("limitstart", "limitstart", NUMBER_MAX),
    ("limitnum", "limitnum", NUMBER_MAX),
];

/// Refuses a parameter value longer than its cap, before any command reads it: a value
/// no client needs must not reach a database (SQLite refuses `LIKE` patterns over 50,000
/// bytes) or come back whole in an error message. Fields whose length validation already
/// checks (name, description, logo URI, redirect URIs, scopes) only meet `PARAM_MAX` here,
/// so their own message and WHMCS's order stay as they are.
pub fn check_params(params: &crate::Params) -> Result<(), String> {
    for (key, value) in params.iter() {
        let name = crate::params::base_name(key);
        let (label, max) = CAPPED
            .iter()
            .find(|(n, _, _)| *n == name)
            .map_or((name, PARAM_MAX), |(_, label, max)| (*label, *max));
        if value.chars().count() > max {
            return Err(if max == PARAM_MAX {
                crate::messages::param_too_long(name, max)
            } else {
                crate::messages::too_long(label, max)
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Params, messages};

    fn check(name: &str, len: usize) -> Result<(), String> {
        let mut p = Params::new();
        p.push("action", "ListOAuthCredentials")
            .push(name, "x".repeat(len));
        check_params(&p)
    }

    #[test]
    fn each_capped_parameter_is_refused_one_past_its_cap() {
        for (name, label, max) in CAPPED {
            assert_eq!(check(name, max), Ok(()), "{name}");
            assert_eq!(
                check(name, max + 1),
                Err(messages::too_long(label, max)),
                "{name}"
            );
        }
        assert_eq!(
            check("grantType", 50_000),
            Err("The grant type must be at most 64 characters.".into())
        );
    }

    #[test]
    fn validated_and_unknown_parameters_meet_only_the_ceiling() {
        assert_eq!(check("name", NAME_MAX + 1), Ok(()), "validation says it");
        assert_eq!(check("somethingElse", PARAM_MAX), Ok(()));
        assert_eq!(
            check("somethingElse", PARAM_MAX + 1),
            Err(messages::param_too_long("somethingElse", PARAM_MAX))
        );
        let mut p = Params::new();
        p.push_list(
            "redirectUri",
            ["https://a.example/cb".to_owned(), "y".repeat(PARAM_MAX + 1)],
        );
        assert_eq!(
            check_params(&p),
            Err(messages::param_too_long("redirectUri", PARAM_MAX))
        );
    }

    #[test]
    fn counts_characters_not_bytes() {
        let mut p = Params::new();
        p.push("grantType", "é".repeat(GRANT_TYPE_MAX));
        assert_eq!(check_params(&p), Ok(()));
    }
}
