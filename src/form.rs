//! The create / edit form's state as a person types it, which parts they have touched, and
//! how it becomes a request. Validation is the shared crate's, so the browser shows exactly
//! what WHMCS would say.

use leptos::prelude::{Get, RwSignal, Set, Update, With, WithUntracked};
use whmcs_api::params::Params;
use whmcs_api::request::names;
use whmcs_api::validation::Rules;
use whmcs_api::{
    CreateCredential, Credential, CredentialRef, FieldErrors, ScopeCatalogue, UpdateCredential,
};

/// A part of the form a person touches; its inline error shows once they have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormPart {
    Grant,
    Name,
    Service,
    /// The scope picker and the typed scopes: one error for both.
    Scope,
    Logo,
    Description,
    /// One redirect URI row of the editor, by its position among the rows.
    Redirect(usize),
    /// The redirect URIs as a whole (too many, too long together): no one control, so
    /// shown once everything counts as touched.
    Redirects,
}

/// The form's free-text fields, each written by typing into one control.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextField {
    Name,
    ServiceId,
    OtherScopes,
    LogoUri,
    Description,
}

impl TextField {
    /// The part whose error typing here may show.
    pub fn part(self) -> FormPart {
        match self {
            TextField::Name => FormPart::Name,
            TextField::ServiceId => FormPart::Service,
            TextField::OtherScopes => FormPart::Scope,
            TextField::LogoUri => FormPart::Logo,
            TextField::Description => FormPart::Description,
        }
    }
}

/// Which parts the person has touched: an error shows once its part has been, so a fresh
/// form is not a wall of red, yet every mistake shows as it is typed.
#[derive(Clone, Copy)]
pub struct Touched {
    parts: RwSignal<Vec<FormPart>>,
    /// Everything counts as touched: after a submit attempt, and on an edit form.
    all: RwSignal<bool>,
}

impl Touched {
    pub fn new() -> Touched {
        Touched {
            parts: RwSignal::new(Vec::new()),
            all: RwSignal::new(false),
        }
    }

    pub fn touch(&self, part: FormPart) {
        if !self.parts.with_untracked(|t| t.contains(&part)) {
            self.parts.update(|t| t.push(part));
        }
    }

    pub fn all(&self) {
        self.all.set(true);
    }

    /// Whether `part`'s error is to be shown.
    pub fn shows(&self, part: FormPart) -> bool {
        self.all.get() || self.parts.with(|t| t.contains(&part))
    }
}

impl Default for Touched {
    fn default() -> Self {
        Touched::new()
    }
}

/// Raw form fields, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CredentialForm {
    /// `authorization_code`, `single_sign_on`, or empty before a choice.
    pub grant: String,
    pub name: String,
    pub service_id: String,
    pub description: String,
    pub logo_uri: String,
    /// Scopes ticked in the picker, in catalogue order.
    pub scopes: Vec<String>,
    /// Scopes typed by hand (space-separated), for catalogues the picker does not know.
    pub other_scopes: String,
    /// One entry per editor row; empty rows are ignored.
    pub redirect_uris: Vec<String>,
}

impl CredentialForm {
    pub fn text(&self, field: TextField) -> &String {
        match field {
            TextField::Name => &self.name,
            TextField::ServiceId => &self.service_id,
            TextField::OtherScopes => &self.other_scopes,
            TextField::LogoUri => &self.logo_uri,
            TextField::Description => &self.description,
        }
    }

    pub fn text_mut(&mut self, field: TextField) -> &mut String {
        match field {
            TextField::Name => &mut self.name,
            TextField::ServiceId => &mut self.service_id,
            TextField::OtherScopes => &mut self.other_scopes,
            TextField::LogoUri => &mut self.logo_uri,
            TextField::Description => &mut self.description,
        }
    }

    /// The form for an existing credential.
    pub fn from_credential(c: &Credential, catalogue: &ScopeCatalogue) -> CredentialForm {
        let (known, other): (Vec<String>, Vec<String>) = c
            .scopes
            .iter()
            .cloned()
            .partition(|s| catalogue.contains(s));
        CredentialForm {
            grant: c
                .grant_type()
                .map(|g| g.as_str().to_owned())
                .unwrap_or_else(|| c.grant_types.join(" ")),
            name: c.name.clone(),
            service_id: if c.service_id > 0 {
                c.service_id.to_string()
            } else {
                String::new()
            },
            description: c.description.clone(),
            logo_uri: c.logo_uri.clone(),
            scopes: known,
            other_scopes: other.join(" "),
            redirect_uris: c.redirect_uris.clone(),
        }
    }

    /// Ticked and typed scopes as WHMCS stores them (contract point 9): in catalogue order,
    /// without repeats, names it does not know last. So a saved credential read back does
    /// not differ from the form by order alone.
    pub fn all_scopes(&self, catalogue: &ScopeCatalogue) -> Vec<String> {
        let mut out = self.scopes.clone();
        out.extend(self.other_scopes.split_whitespace().map(str::to_owned));
        catalogue.in_catalogue_order(&out)
    }

    fn uris(&self) -> Vec<String> {
        self.redirect_uris
            .iter()
            .map(|u| u.trim().to_owned())
            .filter(|u| !u.is_empty())
            .collect()
    }

    /// Toggles one scope in the picker, keeping catalogue order.
    pub fn toggle_scope(&mut self, scope: &str, catalogue: &ScopeCatalogue) {
        if let Some(i) = self.scopes.iter().position(|s| s == scope) {
            self.scopes.remove(i);
        } else {
            // Catalogue order, then any the catalogue does not know, as they were (a walk,
            // not a sort: a stable sort costs the download a few kB).
            let mut chosen = std::mem::take(&mut self.scopes);
            chosen.push(scope.to_owned());
            self.scopes = catalogue
                .scopes
                .iter()
                .filter(|c| chosen.contains(&c.name))
                .map(|c| c.name.clone())
                .collect();
            self.scopes
                .extend(chosen.into_iter().filter(|s| !catalogue.contains(s)));
        }
    }

    /// The parameters a create sends (nothing empty is sent).
    pub fn create_params(&self, catalogue: &ScopeCatalogue) -> Params {
        let mut p = Params::new();
        for (name, value) in [
            (names::GRANT_TYPE, self.grant.as_str()),
            (names::NAME, self.name.as_str()),
            (names::SERVICE_ID, self.service_id.as_str()),
            (names::DESCRIPTION, self.description.as_str()),
            (names::LOGO_URI, self.logo_uri.as_str()),
        ] {
            if !value.trim().is_empty() {
                p.push(name, value);
            }
        }
        let scopes = self.all_scopes(catalogue);
        if !scopes.is_empty() {
            p.push(names::SCOPE, scopes.join(" "));
        }
        p.push_list(names::REDIRECT_URI, self.uris());
        p
    }

    /// A valid create request, or every error to show (WHMCS's messages first).
    pub fn check_create(
        &self,
        catalogue: &ScopeCatalogue,
    ) -> Result<CreateCredential, FieldErrors> {
        CreateCredential::from_params(&self.create_params(catalogue), &Rules::offline(catalogue))
    }

    /// An update of `original` carrying only the fields that differ from it.
    pub fn update_params(&self, original: &Credential, catalogue: &ScopeCatalogue) -> Params {
        let before = CredentialForm::from_credential(original, catalogue);
        let mut p = Params::new();
        p.push(names::CREDENTIAL_ID, original.credential_id.to_string());
        if self.grant != before.grant {
            p.push(names::GRANT_TYPE, self.grant.as_str());
        }
        for (name, now, then) in [
            (names::NAME, &self.name, &before.name),
            (names::DESCRIPTION, &self.description, &before.description),
            (names::LOGO_URI, &self.logo_uri, &before.logo_uri),
        ] {
            if now.trim() != then.trim() {
                p.push(name, now.trim());
            }
        }
        if self.service_id.trim() != before.service_id {
            let value = if self.service_id.trim().is_empty() {
                "0"
            } else {
                self.service_id.trim()
            };
            p.push(names::SERVICE_ID, value);
        }
        let scopes = self.all_scopes(catalogue);
        if scopes != before.all_scopes(catalogue) {
            p.push(names::SCOPE, scopes.join(" "));
        }
        if self.uris() != before.uris() {
            let uris = self.uris();
            if uris.is_empty() {
                p.push(names::REDIRECT_URI, "");
            } else {
                p.push_list(names::REDIRECT_URI, uris);
            }
        }
        p
    }

    /// A valid update of `original` with only what changed, or every error to show.
    pub fn check_update(
        &self,
        original: &Credential,
        catalogue: &ScopeCatalogue,
    ) -> Result<UpdateCredential, FieldErrors> {
        UpdateCredential::from_params(
            &self.update_params(original, catalogue),
            &Rules::offline(catalogue),
            Some(original),
        )
        .map(|mut u| {
            u.target = CredentialRef::Id(original.credential_id);
            u
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use whmcs_api::validation::Field;
    use whmcs_api::{GrantType, Timestamp, messages};

    fn catalogue() -> ScopeCatalogue {
        ScopeCatalogue::default()
    }

    #[test]
    fn an_error_shows_once_its_part_is_touched_or_everything_is() {
        let touched = Touched::new();
        assert!(!touched.shows(FormPart::Name));
        touched.touch(FormPart::Redirect(1));
        assert!(touched.shows(FormPart::Redirect(1)));
        assert!(!touched.shows(FormPart::Redirect(0)), "rows apart");
        assert!(!touched.shows(FormPart::Redirects), "no row is the list");
        touched.all();
        for part in [FormPart::Name, FormPart::Redirect(0), FormPart::Redirects] {
            assert!(touched.shows(part));
        }
    }

    #[test]
    fn typing_writes_the_field_whose_part_it_touches() {
        let mut f = CredentialForm::default();
        *f.text_mut(TextField::OtherScopes) = "email".into();
        assert_eq!(f.other_scopes, "email");
        assert_eq!(f.text(TextField::OtherScopes), "email");
        assert_eq!(TextField::OtherScopes.part(), FormPart::Scope);
        assert_eq!(TextField::ServiceId.part(), FormPart::Service);
    }

    #[test]
    fn an_empty_form_needs_a_grant_type_first() {
        let e = CredentialForm::default()
            .check_create(&catalogue())
            .unwrap_err();
        assert_eq!(e.first_message(), messages::GRANT_TYPE_REQUIRED);
        assert_eq!(e.for_field(Field::Scope), Some(messages::SCOPE_REQUIRED));
    }

    #[test]
    fn the_form_adapts_to_the_grant_type() {
        let mut f = CredentialForm {
            grant: "authorization_code".into(),
            ..Default::default()
        };
        f.toggle_scope("openid", &catalogue());
        let e = f.check_create(&catalogue()).unwrap_err();
        assert_eq!(e.for_field(Field::Name), Some(messages::NAME_REQUIRED));
        assert_eq!(e.for_field(Field::ServiceId), None);
        f.grant = "single_sign_on".into();
        let e = f.check_create(&catalogue()).unwrap_err();
        assert_eq!(e.for_field(Field::Name), None);
        assert_eq!(
            e.for_field(Field::ServiceId),
            Some(messages::SERVICE_ID_REQUIRED)
        );
        f.service_id = "12".into();
        let ok = f.check_create(&catalogue()).unwrap();
        assert_eq!(
            (ok.grant_type, ok.service_id),
            (GrantType::SingleSignOn, 12)
        );
    }

    #[test]
    fn typed_scopes_and_redirect_rows_are_checked_each() {
        let f = CredentialForm {
            grant: "authorization_code".into(),
            name: "App".into(),
            scopes: vec!["openid".into()],
            other_scopes: "email  bogus openid".into(),
            redirect_uris: vec![
                "https://a.example/cb".into(),
                "".into(),
                "http://b.example/cb".into(),
            ],
            ..Default::default()
        };
        assert_eq!(f.all_scopes(&catalogue()), ["openid", "email", "bogus"]);
        let typed_first = CredentialForm {
            scopes: vec!["profile".into()],
            other_scopes: "openid".into(),
            ..Default::default()
        };
        assert_eq!(
            typed_first.all_scopes(&catalogue()),
            ["openid", "profile"],
            "catalogue order, as WHMCS stores them"
        );
        let e = f.check_create(&catalogue()).unwrap_err();
        assert_eq!(
            e.for_field(Field::Scope),
            Some("The requested scope \"bogus\" is invalid.")
        );
        // The empty row is skipped, so the http URI is the second one sent.
        assert_eq!(
            e.for_field(Field::RedirectUri(1)),
            Some(messages::redirect_uri_scheme("http://b.example/cb").as_str())
        );
    }

    #[test]
    fn toggling_keeps_catalogue_order() {
        let mut f = CredentialForm::default();
        for s in ["email", "clientarea:sso", "openid"] {
            f.toggle_scope(s, &catalogue());
        }
        assert_eq!(f.scopes, ["clientarea:sso", "openid", "email"]);
        f.toggle_scope("openid", &catalogue());
        assert_eq!(f.scopes, ["clientarea:sso", "email"]);
    }

    #[test]
    fn scopes_the_catalogue_does_not_know_stay_after_the_known_ones() {
        let mut f = CredentialForm {
            scopes: vec![
                "legacy:custom".into(),
                "email".into(),
                "clientarea:sso".into(),
            ],
            ..Default::default()
        };
        f.toggle_scope("openid", &catalogue());
        assert_eq!(
            f.scopes,
            ["clientarea:sso", "openid", "email", "legacy:custom"]
        );
    }

    fn stored() -> Credential {
        Credential {
            credential_id: 9,
            name: "App".into(),
            description: "d".into(),
            grant_types: vec!["authorization_code".into()],
            scopes: vec!["openid".into(), "custom:thing".into()],
            client_identifier: "ACME.x".into(),
            client_secret: None,
            uuid: None,
            service_id: 0,
            logo_uri: String::new(),
            redirect_uris: vec!["https://a.example/cb".into()],
            rsa_key_pair_id: 1,
            created_at: Timestamp::Unparsed(String::new()),
            updated_at: Timestamp::Unparsed(String::new()),
        }
    }

    #[test]
    fn an_update_sends_only_what_changed() {
        let c = stored();
        let mut f = CredentialForm::from_credential(&c, &catalogue());
        assert_eq!(f.other_scopes, "custom:thing");
        assert_eq!(f.update_params(&c, &catalogue()).encode(), "credentialId=9");
        f.description = "new".into();
        f.redirect_uris.push("https://b.example/cb".into());
        assert_eq!(
            f.update_params(&c, &catalogue()).encode(),
            "credentialId=9&description=new&redirectUri%5B%5D=https%3A%2F%2Fa.example%2Fcb&redirectUri%5B%5D=https%3A%2F%2Fb.example%2Fcb"
        );
        f.redirect_uris.clear();
        assert!(
            f.update_params(&c, &catalogue())
                .encode()
                .ends_with("&redirectUri=")
        );
        let u = f.check_update(&c, &catalogue()).unwrap();
        assert_eq!(u.changed_fields(), ["description", "redirectUri"]);
        assert_eq!(u.redirect_uris, Some(vec![]));
        // Once scopes are sent, a stored scope outside this catalogue is refused, as WHMCS would.
        f.toggle_scope("email", &catalogue());
        let e = f.check_update(&c, &catalogue()).unwrap_err();
        assert_eq!(
            e.first_message(),
            "The requested scope \"custom:thing\" is invalid."
        );
    }

    #[test]
    fn clearing_a_required_name_is_refused_like_whmcs() {
        let c = stored();
        let mut f = CredentialForm::from_credential(&c, &catalogue());
        f.other_scopes.clear();
        f.name = "  ".into();
        let e = f.check_update(&c, &catalogue()).unwrap_err();
        assert_eq!(e.first_message(), messages::NAME_REQUIRED);
    }
}
