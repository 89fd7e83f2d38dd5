//! Validation results shared by every command: which field is wrong and the message to show.
//!
//! Errors are collected in WHMCS's order, so the first one is exactly what WHMCS itself would
//! answer, and the rest let a form mark every wrong field at once.

use std::fmt;

use crate::limits;
use crate::messages;
use crate::scope::ScopeCatalogue;
use crate::uri;

/// The request field an error belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    GrantType,
    Name,
    ServiceId,
    Scope,
    Description,
    LogoUri,
    /// The redirect URI at this position; `RedirectUris` is the list as a whole.
    RedirectUri(usize),
    RedirectUris,
    CredentialRef,
    SortField,
    SortOrder,
    Limit,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: Field,
    pub message: String,
}

/// Errors in WHMCS's order; never empty when returned as an `Err`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldErrors(Vec<FieldError>);

impl FieldErrors {
    pub fn push(&mut self, field: Field, message: impl Into<String>) {
        self.0.push(FieldError {
            field,
            message: message.into(),
        });
    }

    /// The message WHMCS would answer: the first error in its order.
    pub fn first_message(&self) -> &str {
        self.0.first().map_or("", |e| e.message.as_str())
    }

    /// The first message for a field, to show next to it.
    pub fn for_field(&self, field: Field) -> Option<&str> {
        self.0
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.message.as_str())
    }

    pub fn iter(&self) -> impl Iterator<Item = &FieldError> {
        self.0.iter()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// `Ok(value)` when nothing was found.
    pub fn into_result<T>(self, value: T) -> Result<T, FieldErrors> {
        if self.0.is_empty() {
            Ok(value)
        } else {
            Err(self)
        }
    }
}

impl fmt::Display for FieldErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.first_message())
    }
}

impl std::error::Error for FieldErrors {}

/// What a service id lookup found. Only the sandbox (with its database) can answer; the
/// browser and the gateway answer `Unchecked` and leave it to WHMCS.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ServiceCheck {
    Unchecked,
    Found,
    Missing,
    WithoutClient,
}

/// Looks up a service id; `()` checks nothing.
pub trait ServiceLookup {
    fn check_service(&self, service_id: u64) -> ServiceCheck;
}

impl ServiceLookup for () {
    fn check_service(&self, _: u64) -> ServiceCheck {
        ServiceCheck::Unchecked
    }
}

/// What validation needs beyond the request: the catalogue and, where there is a database,
/// the services.
#[derive(Clone, Copy)]
pub struct Rules<'a> {
    pub catalogue: &'a ScopeCatalogue,
    pub services: &'a dyn ServiceLookup,
}

impl<'a> Rules<'a> {
    /// Rules without a database: everything but service existence.
    pub fn offline(catalogue: &'a ScopeCatalogue) -> Self {
        Rules {
            catalogue,
            services: &(),
        }
    }
}

/// A non-zero `serviceId` of a single sign-on credential: does the service exist, with a
/// client? (Required-ness is the caller's.)
pub(crate) fn check_service_id(id: u64, rules: &Rules<'_>, errors: &mut FieldErrors) {
    match rules.services.check_service(id) {
        ServiceCheck::Missing => errors.push(Field::ServiceId, messages::SERVICE_ID_INVALID),
        ServiceCheck::WithoutClient => {
            errors.push(Field::ServiceId, messages::SERVICE_WITHOUT_CLIENT)
        }
        ServiceCheck::Found | ServiceCheck::Unchecked => {}
    }
}

/// Scopes: at least one, each in the catalogue, all of them fitting the column.
pub(crate) fn check_scopes(scopes: &[String], rules: &Rules<'_>, errors: &mut FieldErrors) {
    if scopes.is_empty() {
        errors.push(Field::Scope, messages::SCOPE_REQUIRED);
        return;
    }
    for s in scopes.iter().filter(|s| !rules.catalogue.contains(s)) {
        errors.push(Field::Scope, messages::scope_invalid(s));
    }
    if scopes.join(" ").chars().count() > limits::SCOPES_MAX {
        errors.push(
            Field::Scope,
            messages::too_long("list of scopes", limits::SCOPES_MAX),
        );
    }
}

/// Our checks that WHMCS lacks; they come after all of WHMCS's own.
pub(crate) fn check_extras(
    name: Option<&str>,
    description: Option<&str>,
    logo_uri: Option<&str>,
    redirect_uris: Option<&[String]>,
    errors: &mut FieldErrors,
) {
    if name.is_some_and(|n| n.chars().count() > limits::NAME_MAX) {
        errors.push(Field::Name, messages::too_long("name", limits::NAME_MAX));
    }
    if description.is_some_and(|d| d.chars().count() > limits::DESCRIPTION_MAX) {
        errors.push(
            Field::Description,
            messages::too_long("description", limits::DESCRIPTION_MAX),
        );
    }
    if let Some(logo) = logo_uri.filter(|l| !l.is_empty()) {
        if logo.chars().count() > limits::LOGO_URI_MAX {
            errors.push(
                Field::LogoUri,
                messages::too_long("logo URI", limits::LOGO_URI_MAX),
            );
        } else if let Err(message) = uri::check_logo_uri(logo) {
            errors.push(Field::LogoUri, message);
        }
    }
    if let Some(uris) = redirect_uris {
        for (i, u) in uris.iter().enumerate() {
            if let Err(message) = uri::check_redirect_uri(u) {
                errors.push(Field::RedirectUri(i), message);
            } else if uris[..i].contains(u) {
                errors.push(Field::RedirectUri(i), messages::redirect_uri_duplicate(u));
            }
        }
        if uris.join(" ").chars().count() > limits::REDIRECT_URIS_MAX {
            errors.push(
                Field::RedirectUris,
                messages::too_long("list of redirect URIs", limits::REDIRECT_URIS_MAX),
            );
        }
    }
}
