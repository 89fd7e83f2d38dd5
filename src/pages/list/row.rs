//! One credential's row: a plain render of its precomputed value, with no signal of its
//! own but the checkbox's. Copy and the checkbox are handled once for the whole table.

use leptos::prelude::*;

use super::state::rows::PageRow;

#[component]
pub(super) fn Row(row: PageRow, selected: RwSignal<Vec<u64>>, selectable: bool) -> impl IntoView {
    let PageRow {
        value: v,
        title,
        service,
        ..
    } = row;
    let id = v.id;
    let service_id = v.service_id;
    let hover = title.clone();
    view! {
        <tr data-testid="row" data-id=id.to_string()>
            {selectable.then(|| view! {
                <td class="select">
                    <input
                        type="checkbox"
                        data-testid="select-row"
                        data-select=id.to_string()
                        aria-label=format!("Select {}", v.name)
                        prop:checked=move || selected.with(|s| s.contains(&id))
                    />
                </td>
            })}
            <td class="num" data-label="ID">{id}</td>
            <td class="name"><a href=v.href.clone() title=hover data-testid="row-name">{title}</a></td>
            <td class="grant" data-label="Grant" data-testid="row-grant">{v.grant.clone()}</td>
            <td class="scope-chips" data-label="Scopes" title=v.scopes.clone() aria-label=v.scopes.clone()>
                <span class="chips">
                    {v.chips.iter().map(|s| view! { <span class="chip">{s.clone()}</span> }).collect_view()}
                    {(v.more > 0).then(|| view! { <span class="chip chip-more">{format!("+{}", v.more)}</span> })}
                </span>
            </td>
            <td class="mono client" data-label="Client">
                // Shortened in the middle (prefix and tail identify it); whole on hover and
                // on keyboard focus.
                <span class="trunc" tabindex="0" title=v.client.clone() data-testid="row-client" data-full=v.client.clone()>
                    <span class="trunc-short" aria-hidden="true">{v.short_client.clone()}</span>
                    <span class="trunc-full">{v.client.clone()}</span>
                </span>
                <button type="button" class="button button-small" aria-label="Copy client identifier" data-copy=v.client.clone()>
                    "Copy"
                </button>
            </td>
            <td class="service" class:no-service=service_id == 0 data-label="Service">
                <span class="service-id" data-testid="row-service">{(service_id > 0).then_some(service_id)}</span>
                {service.map(|cell| view! {
                    <span class="status" class:status-ended=cell.ended title=cell.detail.clone() data-testid="row-service-status">
                        {cell.status}
                    </span>
                    <span class="service-text" title=cell.detail data-testid="row-service-context">{cell.text}</span>
                })}
            </td>
            <td class="num" data-label="Redirects" data-testid="row-redirects">{v.redirects}</td>
            <td class="date" data-label="Created"><time title=v.created.1.clone()>{v.created.0.clone()}</time></td>
            <td class="date" data-label="Updated"><time title=v.updated.1.clone()>{v.updated.0.clone()}</time></td>
        </tr>
    }
}
