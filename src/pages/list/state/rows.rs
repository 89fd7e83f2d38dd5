//! Each row as the table shows it, computed once: the credential's own part once per load,
//! the part its service context adds once per arrival of that context. The table then
//! renders a row once, with no signal or memo of its own.

use std::sync::Arc;

use whmcs_api::Credential;

use crate::service_context::{Known, ServiceContext, service_label, title_for};
use crate::text::{day, middle_ellipsis};

/// Scope chips a row shows before "+N".
const CHIPS: usize = 1;

/// What a row shows of its credential.
#[derive(Debug, PartialEq, Eq)]
pub struct RowValue {
    pub id: u64,
    pub href: String,
    /// The credential's own name, or its fallback ("SSO · service 12").
    pub name: String,
    /// No name of its own: titled by its service once that is loaded.
    pub unnamed: bool,
    pub grant: String,
    pub chips: Vec<String>,
    /// Scopes beyond the chips.
    pub more: usize,
    /// Every scope, for the hover text.
    pub scopes: String,
    pub client: String,
    /// The client identifier shortened in the middle (prefix and tail identify it).
    pub short_client: String,
    pub service_id: u64,
    pub redirects: usize,
    /// (the day shown, the full time on hover)
    pub created: (String, String),
    pub updated: (String, String),
}

impl RowValue {
    pub fn new(c: &Credential) -> RowValue {
        RowValue {
            id: c.credential_id,
            href: format!("/credentials/{}", c.credential_id),
            name: c.display_name(),
            unnamed: c.name.trim().is_empty(),
            grant: c
                .grant_type()
                .map_or_else(|| c.grant_types.join(" "), |g| g.label().to_owned()),
            chips: c.scopes.iter().take(CHIPS).cloned().collect(),
            more: c.scopes.len().saturating_sub(CHIPS),
            scopes: c.scopes.join(" "),
            short_client: middle_ellipsis(&c.client_identifier, 12, 6),
            client: c.client_identifier.clone(),
            service_id: c.service_id,
            redirects: c.redirect_uris.len(),
            created: (day(&c.created_at), c.created_at.to_string()),
            updated: (day(&c.updated_at), c.updated_at.to_string()),
        }
    }
}

/// A service's status badge, then its customer, product and domain on one line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceCell {
    pub status: String,
    /// Ended or gone: a clean-up candidate, marked.
    pub ended: bool,
    pub text: String,
    /// Everything, on hover.
    pub detail: String,
}

impl ServiceCell {
    pub fn new(known: &Known) -> ServiceCell {
        let (status, ended) = known.context.badge();
        let (text, detail) = match &known.context {
            ServiceContext::Found(s) => match &known.customer {
                Some(c) => (
                    format!("{} · {}", c.display_name(), service_label(s)),
                    format!(
                        "{} <{}> · {} · {}",
                        c.display_name(),
                        c.email,
                        service_label(s),
                        s.status
                    ),
                ),
                None => (
                    service_label(s),
                    format!("{} · {}", service_label(s), s.status),
                ),
            },
            ServiceContext::Missing => (
                String::new(),
                "Service not found: WHMCS has no such service any more".to_owned(),
            ),
        };
        ServiceCell {
            status,
            ended,
            text,
            detail,
        }
    }
}

/// Which rendering of a row is on screen: the load and position of its credential, and the
/// stamps of its service context. A row whose key stays is never rendered again.
pub type RowKey = (u64, usize, (u64, u64));

/// A row on the current page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageRow {
    pub key: RowKey,
    pub value: Arc<RowValue>,
    /// The name shown: an unnamed credential's service title once its service is loaded.
    pub title: String,
    pub service: Option<ServiceCell>,
}

impl PageRow {
    pub fn new(serial: u64, at: usize, value: Arc<RowValue>, known: Option<Known>) -> PageRow {
        let title = match &known {
            Some(Known {
                context: ServiceContext::Found(s),
                ..
            }) if value.unnamed => title_for(s),
            _ => value.name.clone(),
        };
        PageRow {
            key: (serial, at, known.as_ref().map_or((0, 0), |k| k.stamp)),
            service: known.as_ref().map(ServiceCell::new),
            title,
            value,
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use whmcs_api::Timestamp;
    use whmcs_api::customer::{Client, ServiceSummary};

    pub fn cred(id: u64, name: &str, client: &str, redirects: &[&str]) -> Credential {
        Credential {
            credential_id: id,
            name: name.into(),
            description: String::new(),
            grant_types: vec!["authorization_code".into()],
            scopes: vec![],
            client_identifier: client.into(),
            client_secret: None,
            uuid: None,
            service_id: id * 10 % 7,
            logo_uri: String::new(),
            redirect_uris: redirects.iter().map(|s| s.to_string()).collect(),
            rsa_key_pair_id: 0,
            created_at: Timestamp::Unparsed(String::new()),
            updated_at: Timestamp::Unparsed(String::new()),
        }
    }

    pub fn sso(id: u64, service_id: u64) -> Credential {
        Credential {
            grant_types: vec!["single_sign_on".into()],
            scopes: vec!["clientarea:sso".into(), "clientarea:services".into()],
            service_id,
            ..cred(id, "", "ACME.x", &[])
        }
    }

    pub fn service(id: u64, product: &str, domain: &str, status: &str) -> ServiceSummary {
        ServiceSummary {
            id,
            clientid: 7,
            name: product.into(),
            translated_name: String::new(),
            domain: domain.into(),
            status: status.into(),
        }
    }

    #[test]
    fn a_row_shows_its_credential_shortened_where_the_column_is_narrow() {
        let c = Credential {
            client_identifier: "ACME-HOSTING.0123456789abcdef0123456789".into(),
            created_at: Timestamp::parse("24th November 2026 10:55:08pm"),
            ..sso(12, 103)
        };
        let v = RowValue::new(&c);
        assert_eq!(v.href, "/credentials/12");
        assert_eq!((v.name.as_str(), v.unnamed), ("SSO · service 103", true));
        assert_eq!(v.grant, "Single sign-on");
        assert_eq!(
            (v.chips.as_slice(), v.more),
            (&["clientarea:sso".to_owned()][..], 1)
        );
        assert_eq!(v.scopes, "clientarea:sso clientarea:services");
        assert_eq!(v.short_client, "ACME-HOSTING…456789");
        assert_eq!(v.created.0, "2026-11-24");
    }

    #[test]
    fn an_unnamed_row_is_titled_by_its_service_and_its_key_follows_the_context() {
        let value = Arc::new(RowValue::new(&sso(12, 103)));
        let bare = PageRow::new(1, 0, value.clone(), None);
        assert_eq!(
            (bare.title.as_str(), bare.service.is_none()),
            ("SSO · service 103", true)
        );
        let known = Known {
            context: ServiceContext::Found(service(103, "VPS 4 GB", "vps1.example", "Suspended")),
            customer: Some(Client {
                id: 7,
                firstname: "Kofi".into(),
                lastname: "Mensah".into(),
                companyname: String::new(),
                email: "kofi@example.com".into(),
                datecreated: String::new(),
                groupid: 0,
                status: "Active".into(),
            }),
            stamp: (5, 6),
        };
        let row = PageRow::new(1, 0, value, Some(known));
        assert_eq!(row.title, "SSO · VPS 4 GB · vps1.example");
        assert_ne!(
            row.key, bare.key,
            "the arrival of its context renders it again"
        );
        let cell = row.service.unwrap();
        assert_eq!(cell.status, "Suspended");
        assert_eq!(cell.text, "Kofi Mensah · VPS 4 GB · vps1.example");
        assert_eq!(
            cell.detail,
            "Kofi Mensah <kofi@example.com> · VPS 4 GB · vps1.example · Suspended"
        );
    }

    #[test]
    fn a_missing_service_is_marked_for_clean_up() {
        let known = Known {
            context: ServiceContext::Missing,
            customer: None,
            stamp: (1, 0),
        };
        let cell = ServiceCell::new(&known);
        assert_eq!((cell.status.as_str(), cell.ended), ("not found", true));
        assert_eq!(
            cell.detail,
            "Service not found: WHMCS has no such service any more"
        );
    }
}
