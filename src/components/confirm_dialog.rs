use leptos::html::Dialog;
use leptos::prelude::*;

/// A modal confirmation on the native `<dialog>`: the browser traps focus inside it and
/// closes it on Escape; `open` drives it, and closing by any means sets `open` back.
#[component]
pub fn ConfirmDialog(
    open: RwSignal<bool>,
    #[prop(into)] title: String,
    #[prop(into)] confirm_label: String,
    #[prop(into)] testid: String,
    on_confirm: Callback<()>,
    #[prop(optional)] danger: bool,
    children: Children,
) -> impl IntoView {
    let dialog = NodeRef::<Dialog>::new();
    Effect::new(move |_| {
        let Some(d) = dialog.get() else { return };
        if open.get() && !d.open() {
            let _ = d.show_modal();
        } else if !open.get() && d.open() {
            d.close();
        }
    });
    let title_id = format!("{testid}-title");
    let labelled_by = title_id.clone();
    let confirm_id = format!("{testid}-confirm");
    let cancel_id = format!("{testid}-cancel");
    view! {
        <dialog
            node_ref=dialog
            class="dialog"
            data-testid=testid
            aria-labelledby=labelled_by
            on:close=move |_| open.set(false)
        >
            <h2 id=title_id>{title}</h2>
            <div class="dialog-body">{children()}</div>
            <div class="form-actions">
                <button
                    type="button"
                    class=if danger { "button button-danger" } else { "button button-primary" }
                    data-testid=confirm_id
                    on:click=move |_| {
                        open.set(false);
                        on_confirm.run(());
                    }
                >
                    {confirm_label}
                </button>
                <button
                    type="button"
                    class="button"
                    autofocus
                    data-testid=cancel_id
                    on:click=move |_| open.set(false)
                >
                    "Cancel"
                </button>
            </div>
        </dialog>
    }
}
