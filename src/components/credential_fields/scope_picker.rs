//! The catalogue's scopes, compact: the chosen ones as removable chips, a filter box, and
//! collapsible groups with their selected counts.

use leptos::prelude::*;
use whmcs_api::{GrantType, ScopeCatalogue};

use crate::form::{CredentialForm, FormPart, Touched};
use crate::text::lowercase;

/// The scope picker. A group opens by itself when it holds a chosen scope, when it is the
/// grant's own (single sign-on, OpenID Connect), or when the filter matches in it.
#[component]
pub(super) fn ScopePicker(
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
            touched.touch(FormPart::Scope);
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
