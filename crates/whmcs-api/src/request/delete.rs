use super::names;
use crate::Action;
use crate::messages;
use crate::params::Params;
use crate::validation::{Field, FieldErrors};

/// `DeleteOAuthCredential`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DeleteCredential {
    pub credential_id: u64,
}

impl DeleteCredential {
    pub fn to_params(&self) -> Params {
        let mut p = Params::new();
        p.push(names::ACTION, Action::Delete.name())
            .push(names::CREDENTIAL_ID, self.credential_id.to_string());
        p
    }

    pub fn from_params(params: &Params) -> Result<Self, FieldErrors> {
        match params
            .get(names::CREDENTIAL_ID)
            .map(|v| v.trim().parse::<u64>())
        {
            Some(Ok(credential_id)) if credential_id > 0 => Ok(DeleteCredential { credential_id }),
            _ => {
                let mut e = FieldErrors::default();
                e.push(Field::CredentialRef, messages::CREDENTIAL_ID_INVALID);
                Err(e)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn needs_a_positive_id() {
        for body in [
            "",
            "credentialId=",
            "credentialId=x",
            "credentialId=0",
            "credentialid=3",
        ] {
            assert_eq!(
                DeleteCredential::from_params(&Params::parse(body))
                    .unwrap_err()
                    .first_message(),
                messages::CREDENTIAL_ID_INVALID,
                "{body}"
            );
        }
        let d = DeleteCredential::from_params(&Params::parse("credentialId=3")).unwrap();
        assert_eq!(d.credential_id, 3);
        assert_eq!(
            d.to_params().encode(),
            "action=DeleteOAuthCredential&credentialId=3"
        );
    }
}
