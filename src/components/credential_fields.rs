use leptos::prelude::*;
use whmcs_api::validation::Field;
use whmcs_api::{FieldErrors, GrantType, ScopeCatalogue};

use crate::components::form_field::{FieldError, FormField};
use crate::components::service_line::ServiceLine;
use crate::components::service_picker::ServicePicker;
use crate::context::use_app;
use crate::form::CredentialForm;
use crate::text::lowercase;

/// Which fields the person has touched: a field's error shows once it has been, so a fresh
/// form is not a wall of red, but every mistake shows as it is typed.
#[derive(Clone, Copy)]
pub struct Touched(RwSignal<Vec<String>>);

impl Touched {
    pub fn new() -> Touched {
        Touched(RwSignal::new(Vec::new()))
    }

    pub fn touch(&self, key: &str) {
        if !self.0.with_untracked(|t| t.iter().any(|k| k == key)) {
            self.0.update(|t| t.push(key.to_owned()));
        }
    }

    pub fn has(&self, key: &str) -> bool {
        self.0.with(|t| t.iter().any(|k| k == key))
    }

    /// Everything counts as touched (after a submit attempt or for an edit form).
    pub fn all(&self) {
        self.touch("*");
    }

    fn shows(&self, key: &str) -> bool {
        self.has("*") || self.has(key)
    }
}

impl Default for Touched {
    fn default() -> Self {
        Touched::new()
    }
}

/// The message to show next to a field, if any.
fn error_for(
    errors: Memo<Option<FieldErrors>>,
    touched: Touched,
    key: &'static str,
    field: Field,
) -> impl Fn() -> Option<String> + Copy {
    move || {
        if !touched.shows(key) {
            return None;
        }
        errors.with(|e| {
            e.as_ref()
                .and_then(|e| e.for_field(field))
                .map(str::to_owned)
        })
    }
}

/// The fields of a credential, shared by the create and edit forms, with inline errors.
#[component]
pub fn CredentialFields(
    form: RwSignal<CredentialForm>,
    errors: Memo<Option<FieldErrors>>,
    touched: Touched,
    catalogue: ScopeCatalogue,
    /// The grant type cannot be changed on the edit form's first step? It can; WHMCS allows it.
    #[prop(optional)]
    grant_locked: bool,
) -> impl IntoView {
    let grant = move || form.with(|f| f.grant.clone());
    let is = move |g: GrantType| grant() == g.as_str();
    let can_pick = {
        let app = use_app();
        Signal::derive(move || app.can_pick_services())
    };

    let grant_error = error_for(errors, touched, "grant", Field::GrantType);
    let name_error = error_for(errors, touched, "name", Field::Name);
    let service_error = error_for(errors, touched, "service", Field::ServiceId);
    let scope_error = error_for(errors, touched, "scope", Field::Scope);
    let logo_error = error_for(errors, touched, "logo", Field::LogoUri);
    let description_error = error_for(errors, touched, "description", Field::Description);
    let redirects_error = error_for(errors, touched, "redirect", Field::RedirectUris);

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
                        disabled=grant_locked
                        prop:checked=move || is(g)
                        on:change=move |_| {
                            touched.touch("grant");
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

    let rows = move || form.with(|f| (0..f.redirect_uris.len()).collect::<Vec<_>>());

    view! {
        <fieldset class="field">
            <legend>"Grant type"</legend>
            <div class="choices" role="radiogroup">{grant_choices}</div>
            <FieldError id="grant".into() message=Signal::derive(grant_error)/>
        </fieldset>

        <Show when=move || !grant().is_empty()>
            <FormField
                for_id="cred-name"
                label="Name"
                required=Signal::derive(move || is(GrantType::AuthorizationCode))
                error=("name", Signal::derive(name_error))
            >
                <input
                    id="cred-name"
                    data-testid="name"
                    aria-invalid=move || name_error().is_some().to_string()
                    aria-describedby="name"
                    prop:value=move || form.with(|f| f.name.clone())
                    on:input=move |ev| { touched.touch("name"); form.update(|f| f.name = event_target_value(&ev)); }
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
                    aria-invalid=move || service_error().is_some().to_string()
                    aria-describedby="service"
                    prop:value=move || form.with(|f| f.service_id.clone())
                    on:input=move |ev| { touched.touch("service"); form.update(|f| f.service_id = event_target_value(&ev)); }
                />
                <FieldError id="service".into() message=Signal::derive(service_error)/>
                <ServiceLine service_id=Signal::derive(move || form.with(|f| f.service_id.trim().parse().unwrap_or(0)))/>
                {move || if can_pick.get() {
                    view! {
                        <ServicePicker on_pick=Callback::new(move |id: u64| {
                            touched.touch("service");
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
                    prop:value=move || form.with(|f| f.other_scopes.clone())
                    on:input=move |ev| { touched.touch("scope"); form.update(|f| f.other_scopes = event_target_value(&ev)); }
                />
                <FieldError id="scope".into() message=Signal::derive(scope_error)/>
            </div>

            <fieldset class="field" id="redirects">
                <legend>"Redirect URIs"</legend>
                <p class="hint muted">"Where WHMCS may send people back after they sign in. https, or http for localhost only; matched exactly."</p>
                <For each=rows key=|i| *i let:i>
                    <RedirectRow form errors touched index=i/>
                </For>
                <button
                    type="button"
                    class="button"
                    data-testid="add-redirect"
                    on:click=move |_| form.update(|f| f.redirect_uris.push(String::new()))
                >
                    "+ Add redirect URI"
                </button>
                <FieldError id="redirect".into() message=Signal::derive(redirects_error)/>
            </fieldset>

            <FormField for_id="cred-logo" label="Logo URI" error=("logo", Signal::derive(logo_error))>
                <input
                    id="cred-logo"
                    data-testid="logo-uri"
                    spellcheck="false"
                    placeholder="https://… or a path such as assets/img/logo.png"
                    aria-describedby="logo"
                    prop:value=move || form.with(|f| f.logo_uri.clone())
                    on:input=move |ev| { touched.touch("logo"); form.update(|f| f.logo_uri = event_target_value(&ev)); }
                />
            </FormField>

            <FormField
                for_id="cred-description"
                label="Description"
                error=("description", Signal::derive(description_error))
            >
                <textarea
                    id="cred-description"
                    data-testid="description"
                    rows="2"
                    aria-describedby="description"
                    prop:value=move || form.with(|f| f.description.clone())
                    on:input=move |ev| { touched.touch("description"); form.update(|f| f.description = event_target_value(&ev)); }
                ></textarea>
            </FormField>
        </Show>
    }
}

/// The catalogue's scopes, compact: the chosen ones as removable chips, a filter box, and
/// collapsible groups with their selected counts. A group opens by itself when it holds a
/// chosen scope, when it is the grant's own (single sign-on, OpenID Connect), or when the
/// filter matches in it.
#[component]
fn ScopePicker(
    form: RwSignal<CredentialForm>,
    touched: Touched,
    catalogue: ScopeCatalogue,
) -> impl IntoView {
    let filter = RwSignal::new(String::new());
    // Lower-cased once per keystroke, not once per scope.
    let query = Memo::new(move |_| filter.with(|q| lowercase(q)));
    let toggle = {
        let catalogue = catalogue.clone();
        move |name: &str| {
            touched.touch("scope");
            form.update(|f| f.toggle_scope(name, &catalogue));
        }
    };
    let groups = catalogue
        .grouped()
        .into_iter()
        .map(|(group, scopes)| {
            let names: Vec<String> = scopes.iter().map(|s| s.name.clone()).collect();
            let haystacks: Vec<String> = scopes
                .iter()
                .map(|s| lowercase(&format!("{} {}", s.name, s.description)))
                .collect();
            let total = names.len();
            let own_grant = if names.iter().any(|n| n == "clientarea:sso") {
                Some(GrantType::SingleSignOn)
            } else if names.iter().any(|n| n == "openid") {
                Some(GrantType::AuthorizationCode)
            } else {
                None
            };
            let counted = names.clone();
            let selected = move || form.with(|f| counted.iter().filter(|n| f.scopes.contains(n)).count());
            let matches =
                move |i: usize| query.with(|q| q.is_empty() || haystacks[i].contains(q.as_str()));
            let any_match = {
                let matches = matches.clone();
                move || (0..total).any(&matches)
            };
            let open = {
                let selected = selected.clone();
                let any_match = any_match.clone();
                move || {
                    (!query.with(String::is_empty) && any_match())
                        || selected() > 0
                        || own_grant.is_some_and(|g| form.with(|f| f.grant == g.as_str()))
                }
            };
            let items = scopes
                .into_iter()
                .enumerate()
                .map(|(i, s)| {
                    let name = s.name.clone();
                    let name_for_check = name.clone();
                    let toggle = toggle.clone();
                    let matches = matches.clone();
                    view! {
                        <label class="scope" class:hidden=move || !matches(i)>
                            <input
                                type="checkbox"
                                data-testid=format!("scope-{name}")
                                prop:checked=move || form.with(|f| f.scopes.contains(&name_for_check))
                                on:change=move |_| toggle(&name)
                            />
                            <code>{breakable(&s.name)}</code>
                            <span class="muted">{s.description.clone()}</span>
                        </label>
                    }
                })
                .collect_view();
            let title = if group.is_empty() { "Scopes".to_owned() } else { group.to_owned() };
            view! {
                <details class="scope-group" prop:open=open class:hidden=move || !any_match()>
                    <summary>
                        {title}
                        <span class="muted count">{move || format!("{} of {total}", selected())}</span>
                    </summary>
                    {items}
                </details>
            }
        })
        .collect_view();

    view! {
        <div class="scope-picker">
            <div class="chips chosen-scopes" data-testid="chosen-scopes" aria-label="Chosen scopes">
                {move || {
                    let chosen = form.with(|f| f.scopes.clone());
                    if chosen.is_empty() {
                        view! { <span class="muted hint">"No scope chosen yet."</span> }.into_any()
                    } else {
                        chosen
                            .into_iter()
                            .map(|name| {
                                let toggle = toggle.clone();
                                let label = format!("Remove scope {name}");
                                view! {
                                    <span class="chip chip-removable">
                                        {name.clone()}
                                        <button type="button" aria-label=label data-testid=format!("unchoose-{name}") on:click=move |_| toggle(&name)>
                                            "×"
                                        </button>
                                    </span>
                                }
                            })
                            .collect_view()
                            .into_any()
                    }
                }}
            </div>
            <input
                type="search"
                class="scope-filter"
                data-testid="scope-filter"
                aria-label="Filter scopes"
                placeholder="Filter scopes by name or description"
                prop:value=move || filter.get()
                on:input=move |ev| filter.set(event_target_value(&ev))
            />
            <div class="scopes">{groups}</div>
        </div>
    }
}

/// A scope name that may wrap after `:` and `_` on a narrow screen, never inside a word.
fn breakable(name: &str) -> impl IntoView + use<> {
    name.split_inclusive([':', '_'])
        .map(|part| view! { {part.to_owned()}<wbr/> })
        .collect_view()
}

/// One redirect URI with its own inline error and a remove button.
#[component]
fn RedirectRow(
    form: RwSignal<CredentialForm>,
    errors: Memo<Option<FieldErrors>>,
    touched: Touched,
    index: usize,
) -> impl IntoView {
    let key = format!("redirect-{index}");
    let key_for_input = key.clone();
    // Errors are numbered among non-empty rows (empty rows are not sent).
    let sent_position = move || {
        form.with(|f| {
            let uri = f.redirect_uris.get(index)?;
            if uri.trim().is_empty() {
                return None;
            }
            Some(
                f.redirect_uris[..index]
                    .iter()
                    .filter(|u| !u.trim().is_empty())
                    .count(),
            )
        })
    };
    let message = Signal::derive(move || {
        if !touched.shows(&key) {
            return None;
        }
        let pos = sent_position()?;
        errors.with(|e| {
            e.as_ref()
                .and_then(|e| e.for_field(Field::RedirectUri(pos)))
                .map(str::to_owned)
        })
    });
    let error_id = format!("redirect-{index}");
    view! {
        <div class="redirect-row">
            <input
                aria-label=format!("Redirect URI {}", index + 1)
                data-testid=format!("redirect-{index}")
                spellcheck="false"
                placeholder="https://app.example.com/oauth/callback"
                aria-describedby=error_id.clone()
                aria-invalid=move || message.with(Option::is_some).to_string()
                prop:value=move || form.with(|f| f.redirect_uris.get(index).cloned().unwrap_or_default())
                on:input=move |ev| {
                    touched.touch(&key_for_input);
                    let v = event_target_value(&ev);
                    form.update(|f| if let Some(u) = f.redirect_uris.get_mut(index) { *u = v; });
                }
            />
            <button
                type="button"
                class="button button-small"
                data-testid=format!("remove-redirect-{index}")
                aria-label=format!("Remove redirect URI {}", index + 1)
                on:click=move |_| form.update(|f| { if index < f.redirect_uris.len() { f.redirect_uris.remove(index); } })
            >
                "Remove"
            </button>
            <FieldError id=error_id message=message/>
        </div>
    }
}
