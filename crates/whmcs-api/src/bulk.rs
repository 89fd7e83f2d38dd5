//! One change to many credentials: what each credential becomes (before → after), and what
//! WHMCS would refuse, in WHMCS's words. The panel previews with this and the gateway plans
//! its job with it, so the preview is what runs. Each item is one WHMCS call: WHMCS changes
//! one credential per request.

use serde::{Deserialize, Serialize};

use crate::credential::Credential;
use crate::params::Params;
use crate::request::{CredentialRef, DeleteCredential, UpdateCredential};
use crate::scope::ScopeCatalogue;
use crate::validation::Rules;

/// What to do to every credential of a selection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    tag = "kind",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum BulkChange {
    AddScopes {
        scopes: Vec<String>,
    },
    RemoveScopes {
        scopes: Vec<String>,
    },
    /// Every redirect URI that starts with `from` starts with `to` instead.
    ReplaceRedirectPrefix {
        from: String,
        to: String,
    },
    ResetSecrets,
    Delete,
}

impl BulkChange {
    /// "Add scopes: openid, email", for people.
    pub fn label(&self) -> String {
        match self {
            BulkChange::AddScopes { scopes } => format!("Add scopes: {}", scopes.join(", ")),
            BulkChange::RemoveScopes { scopes } => {
                format!("Remove scopes: {}", scopes.join(", "))
            }
            BulkChange::ReplaceRedirectPrefix { from, to } => {
                format!("Replace redirect URI prefix {from} → {to}")
            }
            BulkChange::ResetSecrets => "Reset client secrets".into(),
            BulkChange::Delete => "Delete".into(),
        }
    }

    pub fn is_delete(&self) -> bool {
        matches!(self, BulkChange::Delete)
    }

    /// Whether it is well formed; else what to say next to the field.
    pub fn check(&self) -> Result<(), &'static str> {
        match self {
            BulkChange::AddScopes { scopes } | BulkChange::RemoveScopes { scopes }
                if scopes.iter().all(|s| s.trim().is_empty()) =>
            {
                Err("Choose at least one scope.")
            }
            BulkChange::ReplaceRedirectPrefix { from, .. } if from.trim().is_empty() => {
                Err("Enter the prefix to replace.")
            }
            BulkChange::ReplaceRedirectPrefix { from, to } if from == to => {
                Err("The new prefix is the same as the old one.")
            }
            _ => Ok(()),
        }
    }
}

/// What happens to one credential.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "verdict", rename_all = "camelCase")]
pub enum Verdict {
    /// It changes: `request` is the WHMCS call, form-encoded, without credentials.
    Change { request: String },
    /// Nothing to do (it already is so).
    Unchanged,
    /// WHMCS would refuse it, with this message.
    Refused { message: String },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PlannedItem {
    pub credential_id: u64,
    pub client_identifier: String,
    pub name: String,
    pub before: String,
    pub after: String,
    #[serde(flatten)]
    pub verdict: Verdict,
}

/// Counts of a plan.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanCounts {
    pub change: usize,
    pub unchanged: usize,
    pub refused: usize,
}

/// Plans `change` for each credential, in order.
pub fn plan<'c>(
    change: &BulkChange,
    credentials: impl IntoIterator<Item = &'c Credential>,
    catalogue: &ScopeCatalogue,
) -> (Vec<PlannedItem>, PlanCounts) {
    let mut counts = PlanCounts::default();
    let items: Vec<PlannedItem> = credentials
        .into_iter()
        .map(|c| {
            let item = plan_one(change, c, catalogue);
            match item.verdict {
                Verdict::Change { .. } => counts.change += 1,
                Verdict::Unchanged => counts.unchanged += 1,
                Verdict::Refused { .. } => counts.refused += 1,
            }
            item
        })
        .collect();
    (items, counts)
}

/// What `change` does to `c`.
pub fn plan_one(change: &BulkChange, c: &Credential, catalogue: &ScopeCatalogue) -> PlannedItem {
    let item = |before: String, after: String, verdict| PlannedItem {
        credential_id: c.credential_id,
        client_identifier: c.client_identifier.clone(),
        name: c.display_name(),
        before,
        after,
        verdict,
    };
    let mut update = UpdateCredential::new(CredentialRef::Id(c.credential_id));
    match change {
        BulkChange::Delete => {
            let request = DeleteCredential {
                credential_id: c.credential_id,
            }
            .to_params()
            .encode();
            item(
                "exists".into(),
                "deleted".into(),
                Verdict::Change { request },
            )
        }
        BulkChange::ResetSecrets => {
            update.reset_secret = true;
            item(
                "current secret".into(),
                "new secret, shown once".into(),
                Verdict::Change {
                    request: update.to_params().encode(),
                },
            )
        }
        BulkChange::AddScopes { scopes } | BulkChange::RemoveScopes { scopes } => {
            let adding = matches!(change, BulkChange::AddScopes { .. });
            let mut after: Vec<String> = c
                .scopes
                .iter()
                .filter(|s| adding || !scopes.contains(s))
                .cloned()
                .collect();
            if adding {
                after.extend(scopes.iter().map(|s| s.trim().to_owned()));
            }
            // As WHMCS stores them (contract point 9).
            let after = in_stored_order(&after, catalogue);
            let (before_text, after_text) = (c.scopes.join(" "), after.join(" "));
            if after == c.scopes {
                return item(before_text, after_text, Verdict::Unchanged);
            }
            update.scopes = Some(after);
            checked(
                item(before_text, after_text, Verdict::Unchanged),
                &update,
                c,
                catalogue,
            )
        }
        BulkChange::ReplaceRedirectPrefix { from, to } => {
            let after: Vec<String> = c
                .redirect_uris
                .iter()
                .map(|u| match u.strip_prefix(from.as_str()) {
                    Some(rest) => format!("{to}{rest}"),
                    None => u.clone(),
                })
                .collect();
            let (before_text, after_text) = (c.redirect_uris.join(" "), after.join(" "));
            if after == c.redirect_uris {
                return item(before_text, after_text, Verdict::Unchanged);
            }
            // The whole list (contract point 12: WHMCS may merge a partial one).
            update.redirect_uris = Some(after);
            checked(
                item(before_text, after_text, Verdict::Unchanged),
                &update,
                c,
                catalogue,
            )
        }
    }
}

/// The item with its verdict: the change, or WHMCS's refusal of it.
fn checked(
    mut item: PlannedItem,
    update: &UpdateCredential,
    current: &Credential,
    catalogue: &ScopeCatalogue,
) -> PlannedItem {
    let params = update.to_params();
    item.verdict =
        match UpdateCredential::from_params(&params, &Rules::offline(catalogue), Some(current)) {
            Ok(_) => Verdict::Change {
                request: params.encode(),
            },
            Err(errors) => Verdict::Refused {
                message: errors.first_message().to_owned(),
            },
        };
    item
}

/// Catalogue order without repeats, names the catalogue does not know last, as they came.
fn in_stored_order(scopes: &[String], catalogue: &ScopeCatalogue) -> Vec<String> {
    let mut out = catalogue.in_catalogue_order(scopes);
    for s in scopes {
        if !out.contains(s) {
            out.push(s.clone());
        }
    }
    out
}

/// A planned request, ready to send (credentials added by whoever sends it).
pub fn request_params(request: &str) -> Params {
    Params::parse(request)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::messages;
    use crate::timestamp::Timestamp;

    fn credential(id: u64, scopes: &[&str], redirects: &[&str]) -> Credential {
        Credential {
            credential_id: id,
            name: format!("App {id}"),
            description: String::new(),
            grant_types: vec!["authorization_code".into()],
            scopes: scopes.iter().map(|s| s.to_string()).collect(),
            client_identifier: format!("ACME.{id}"),
            client_secret: None,
            uuid: None,
            service_id: 0,
            logo_uri: String::new(),
            redirect_uris: redirects.iter().map(|s| s.to_string()).collect(),
            rsa_key_pair_id: 1,
            created_at: Timestamp::Unparsed(String::new()),
            updated_at: Timestamp::Unparsed(String::new()),
        }
    }

    fn scopes(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn adding_scopes_keeps_catalogue_order_and_skips_those_that_have_them() {
        let catalogue = ScopeCatalogue::default();
        let change = BulkChange::AddScopes {
            scopes: scopes(&["email", "openid"]),
        };
        let all = [
            credential(1, &["profile"], &[]),
            credential(2, &["openid", "email"], &[]),
        ];
        let (items, counts) = plan(&change, &all, &catalogue);
        assert_eq!(
            counts,
            PlanCounts {
                change: 1,
                unchanged: 1,
                refused: 0
            }
        );
        assert_eq!(
            (items[0].before.as_str(), items[0].after.as_str()),
            ("profile", "openid email profile")
        );
        assert_eq!(
            items[0].verdict,
            Verdict::Change {
                request: "action=UpdateOAuthCredential&credentialId=1&scope=openid+email+profile"
                    .into()
            }
        );
        assert_eq!(items[1].verdict, Verdict::Unchanged);
    }

    #[test]
    fn whmcs_refusals_are_in_its_words() {
        let catalogue = ScopeCatalogue::default();
        // A stored scope outside the catalogue: any update that sends scopes is refused.
        let legacy = credential(1, &["openid", "legacy:x"], &[]);
        let add = BulkChange::AddScopes {
            scopes: scopes(&["email"]),
        };
        assert_eq!(
            plan_one(&add, &legacy, &catalogue).verdict,
            Verdict::Refused {
                message: "The requested scope \"legacy:x\" is invalid.".into()
            }
        );
        // Removing every scope sends `scope=` (contract point 8).
        let remove = BulkChange::RemoveScopes {
            scopes: scopes(&["openid"]),
        };
        assert_eq!(
            plan_one(&remove, &credential(2, &["openid"], &[]), &catalogue).verdict,
            Verdict::Refused {
                message: "The requested scope \"\" is invalid.".into()
            }
        );
        // A new redirect URI that is not safe.
        let prefix = BulkChange::ReplaceRedirectPrefix {
            from: "https://".into(),
            to: "http://".into(),
        };
        assert_eq!(
            plan_one(
                &prefix,
                &credential(3, &["openid"], &["https://a.example/cb"]),
                &catalogue
            )
            .verdict,
            Verdict::Refused {
                message: messages::redirect_uri_scheme("http://a.example/cb")
            }
        );
    }

    #[test]
    fn a_prefix_is_replaced_in_every_uri_that_starts_with_it_and_the_whole_list_is_sent() {
        let catalogue = ScopeCatalogue::default();
        let change = BulkChange::ReplaceRedirectPrefix {
            from: "http://app.example".into(),
            to: "https://app.example".into(),
        };
        let c = credential(
            4,
            &["openid"],
            &["http://app.example/cb", "https://other.example/cb"],
        );
        let item = plan_one(&change, &c, &catalogue);
        assert_eq!(
            item.after,
            "https://app.example/cb https://other.example/cb"
        );
        let Verdict::Change { request } = &item.verdict else {
            panic!("{item:?}")
        };
        let sent = request_params(request);
        assert_eq!(
            sent.get_value("redirectUri").map(|v| v.into_items()),
            Some(scopes(&[
                "https://app.example/cb",
                "https://other.example/cb"
            ]))
        );
        let untouched = credential(5, &["openid"], &["https://other.example/cb"]);
        assert_eq!(
            plan_one(&change, &untouched, &catalogue).verdict,
            Verdict::Unchanged
        );
    }

    #[test]
    fn resets_and_deletes_are_one_call_each() {
        let catalogue = ScopeCatalogue::default();
        let c = credential(6, &["openid"], &[]);
        assert_eq!(
            plan_one(&BulkChange::ResetSecrets, &c, &catalogue).verdict,
            Verdict::Change {
                request: "action=UpdateOAuthCredential&credentialId=6&resetSecret=1".into()
            }
        );
        assert_eq!(
            plan_one(&BulkChange::Delete, &c, &catalogue).verdict,
            Verdict::Change {
                request: "action=DeleteOAuthCredential&credentialId=6".into()
            }
        );
    }

    #[test]
    fn a_change_is_checked_before_it_is_planned_and_round_trips_as_json() {
        assert_eq!(
            BulkChange::AddScopes {
                scopes: vec![" ".into()]
            }
            .check(),
            Err("Choose at least one scope.")
        );
        let same = BulkChange::ReplaceRedirectPrefix {
            from: "a".into(),
            to: "a".into(),
        };
        assert!(same.check().is_err());
        assert!(BulkChange::Delete.check().is_ok());
        let json = serde_json::to_string(&BulkChange::ReplaceRedirectPrefix {
            from: "http://a".into(),
            to: "https://a".into(),
        })
        .unwrap();
        assert_eq!(
            json,
            r#"{"kind":"replaceRedirectPrefix","from":"http://a","to":"https://a"}"#
        );
        assert_eq!(
            serde_json::from_str::<BulkChange>(r#"{"kind":"resetSecrets"}"#).unwrap(),
            BulkChange::ResetSecrets
        );
    }
}
