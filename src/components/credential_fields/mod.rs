//! The fields of a credential, shared by the create and edit forms, with their inline
//! errors: the grant type, the text fields, the scope picker and the redirect URI rows.

mod redirect_rows;
mod scope_picker;

use leptos::prelude::*;
use whmcs_api::validation::Field;
use whmcs_api::{FieldErrors, GrantType, ScopeCatalogue};

use crate::components::form_field::{FieldError, FormField};
use crate::components::service_line::ServiceLine;
use crate::components::service_picker::ServicePicker;
use crate::context::use_app;
use crate::form::{CredentialForm, FormPart, TextField, Touched};
use redirect_rows::RedirectRows;
use scope_picker::ScopePicker;

/// The message to show next to a field, if any.
fn error_for(
    errors: Memo<Option<FieldErrors>>,
    touched: Touched,
    part: FormPart,
    field: Field,
) -> Signal<Option<String>> {
    Signal::derive(move || {
        if !touched.shows(part) {
            return None;
        }
        errors.with(|e| {
            e.as_ref()
                .and_then(|e| e.for_field(field))
                .map(str::to_owned)
        })
    })
}

/// One text control's wiring: its value read from the form, and typing that writes it back
/// and marks its part touched.
fn typed(
    form: RwSignal<CredentialForm>,
    touched: Touched,
    field: TextField,
) -> (
    impl Fn() -> String + Copy,
    impl Fn(leptos::ev::Event) + Copy,
) {
    (
        move || form.with(|f| f.text(field).clone()),
        move |ev| {
            touched.touch(field.part());
            let value = event_target_value(&ev);
            form.update(|f| *f.text_mut(field) = value);
        },
    )
}

/// The fields of a credential, shared by the create and edit forms, with inline errors.
#[component]
pub fn CredentialFields(
    form: RwSignal<CredentialForm>,
    errors: Memo<Option<FieldErrors>>,
    touched: Touched,
    catalogue: ScopeCatalogue,
) -> impl IntoView {
    let grant = move || form.with(|f| f.grant.clone());
    let is = move |g: GrantType| grant() == g.as_str();
    let can_pick = {
        let app = use_app();
        Signal::derive(move || app.can_pick_services())
    };

    let grant_error = error_for(errors, touched, FormPart::Grant, Field::GrantType);
    let name_error = error_for(errors, touched, FormPart::Name, Field::Name);
    let service_error = error_for(errors, touched, FormPart::Service, Field::ServiceId);
    let scope_error = error_for(errors, touched, FormPart::Scope, Field::Scope);
    let logo_error = error_for(errors, touched, FormPart::Logo, Field::LogoUri);
    let description_error = error_for(errors, touched, FormPart::Description, Field::Description);
    let redirects_error = error_for(errors, touched, FormPart::Redirects, Field::RedirectUris);
    let (name, name_typed) = typed(form, touched, TextField::Name);
    let (service, service_typed) = typed(form, touched, TextField::ServiceId);
    let (other_scopes, other_scopes_typed) = typed(form, touched, TextField::OtherScopes);
    let (logo, logo_typed) = typed(form, touched, TextField::LogoUri);
    let (description, description_typed) = typed(form, touched, TextField::Description);

    let grant_choices = GrantType::ALL
        .iter()
        .map(|&g| {
            let hint = match g {
                GrantType::AuthorizationCode => "An application that signs people in with WHMCS (OpenID Connect). Needs a name and redirect URIs.",
                GrantType::SingleSignOn => "Single sign-on into the client area for one customer service.",
            };
            view! {
                <label class="choice">
                    <input
                        type="radio"
                        name="grantType"
                        value=g.as_str()
                        data-testid=format!("grant-{}", g.as_str())
                        prop:checked=move || is(g)
                        on:change=move |_| {
                            touched.touch(FormPart::Grant);
                            form.update(|f| f.grant = g.as_str().to_owned());
                        }
                    />
                    <span class="choice-text">
                        <strong>{g.label()}</strong>
                        <span class="muted">{hint}</span>
                    </span>
                </label>
            }
        })
        .collect_view();

    view! {
        <fieldset class="field">
            <legend>"Grant type"</legend>
            <div class="choices" role="radiogroup">{grant_choices}</div>
            <FieldError id="grant".into() message=grant_error/>
        </fieldset>

        <Show when=move || !grant().is_empty()>
            <FormField
                for_id="cred-name"
                label="Name"
                required=Signal::derive(move || is(GrantType::AuthorizationCode))
                error=("name", name_error)
            >
                <input
                    id="cred-name"
                    data-testid="name"
                    aria-invalid=move || name_error.with(Option::is_some).to_string()
                    aria-describedby="name"
                    prop:value=name
                    on:input=name_typed
                />
            </FormField>

            <FormField
                for_id="cred-service"
                label="Service ID"
                required=Signal::derive(move || is(GrantType::SingleSignOn))
            >
                <input
                    id="cred-service"
                    data-testid="service-id"
                    inputmode="numeric"
                    aria-invalid=move || service_error.with(Option::is_some).to_string()
                    aria-describedby="service"
                    prop:value=service
                    on:input=service_typed
                />
                <FieldError id="service".into() message=service_error/>
                <ServiceLine service_id=Signal::derive(move || form.with(|f| f.service_id.trim().parse().unwrap_or(0)))/>
                {move || if can_pick.get() {
                    view! {
                        <ServicePicker on_pick=Callback::new(move |id: u64| {
                            touched.touch(FormPart::Service);
                            form.update(|f| f.service_id = id.to_string());
                        })/>
                    }.into_any()
                } else {
                    view! {
                        <p class="hint muted" data-testid="picker-unavailable">
                            "The customer service (product or hosting account) single sign-on logs into. Your API role cannot search customers (GetClients, GetClientsProducts), so enter its ID."
                        </p>
                    }.into_any()
                }}
            </FormField>

            <div class="field" id="scopes">
                <span class="label">"Scopes"</span>
                <ScopePicker form touched catalogue=catalogue.clone()/>
                <label for="cred-other-scopes">"Other scopes (space-separated)"</label>
                <input
                    id="cred-other-scopes"
                    data-testid="other-scopes"
                    spellcheck="false"
                    aria-describedby="scope"
                    prop:value=other_scopes
                    on:input=other_scopes_typed
                />
                <FieldError id="scope".into() message=scope_error/>
            </div>

            <RedirectRows form errors touched list_error=redirects_error/>

            <FormField for_id="cred-logo" label="Logo URI" error=("logo", logo_error)>
                <input
                    id="cred-logo"
                    data-testid="logo-uri"
                    spellcheck="false"
                    placeholder="https://… or a path such as assets/img/logo.png"
                    aria-describedby="logo"
                    prop:value=logo
                    on:input=logo_typed
                />
            </FormField>

            <FormField
                for_id="cred-description"
                label="Description"
                error=("description", description_error)
            >
                <textarea
                    id="cred-description"
                    data-testid="description"
                    rows="2"
                    aria-describedby="description"
                    prop:value=description
                    on:input=description_typed
                ></textarea>
            </FormField>
        </Show>
    }
}
