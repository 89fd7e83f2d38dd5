//! The two grant types WHMCS accepts for an OAuth credential.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A grant type a credential can be created with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GrantType {
    /// Third-party applications that log people in with WHMCS (OpenID Connect).
    AuthorizationCode,
    /// Single sign-on into the client area for one customer service.
    SingleSignOn,
}

impl GrantType {
    pub const ALL: [GrantType; 2] = [GrantType::AuthorizationCode, GrantType::SingleSignOn];

    /// The wire spelling WHMCS uses.
    pub fn as_str(self) -> &'static str {
        match self {
            GrantType::AuthorizationCode => "authorization_code",
            GrantType::SingleSignOn => "single_sign_on",
        }
    }

    /// A label for people.
    pub fn label(self) -> &'static str {
        match self {
            GrantType::AuthorizationCode => "Authorization code",
            GrantType::SingleSignOn => "Single sign-on",
        }
    }
}

impl fmt::Display for GrantType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The text was not one of the two grant types (exact, case-sensitive, as WHMCS compares).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown grant type {0:?}")]
pub struct UnknownGrantType(pub String);

impl FromStr for GrantType {
    type Err = UnknownGrantType;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        GrantType::ALL
            .into_iter()
            .find(|g| g.as_str() == s)
            .ok_or_else(|| UnknownGrantType(s.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_wire_spelling_only() {
        assert_eq!(
            "authorization_code".parse(),
            Ok(GrantType::AuthorizationCode)
        );
        assert_eq!("single_sign_on".parse(), Ok(GrantType::SingleSignOn));
        assert!("Single_Sign_On".parse::<GrantType>().is_err());
        assert!("".parse::<GrantType>().is_err());
    }

    #[test]
    fn display_round_trips() {
        for g in GrantType::ALL {
            assert_eq!(g.to_string().parse(), Ok(g));
        }
    }
}
