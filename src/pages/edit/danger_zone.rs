use leptos::prelude::*;

use crate::api;
use crate::components::confirm_dialog::ConfirmDialog;
use crate::components::toasts::use_toasts;
use crate::context::use_app;
use crate::router::navigate_to_page;
use crate::task::Task;

/// Delete, behind a confirmation that names the credential.
#[component]
pub fn DangerZone(id: u64, name: String) -> impl IntoView {
    let app = use_app();
    let toasts = use_toasts();
    let confirm = RwSignal::new(false);
    let deleted_name = name.clone();
    let delete = Task::with_answer(
        move |()| api::delete(id),
        move |answer| match answer {
            Ok(_) => {
                toasts.success(format!("Deleted “{deleted_name}”."));
                navigate_to_page("/");
            }
            Err(e) => {
                use_app().note_failure(e);
                toasts.error(e.to_string());
            }
        },
    );
    view! {
        <section class="card form-card danger-zone" aria-labelledby="danger-title">
            <h2 id="danger-title">"Delete"</h2>
            <p class="muted">"Applications using this credential stop working at once. This cannot be undone."</p>
            <button
                class="button button-danger"
                data-testid="delete"
                disabled={
                    let app = app.clone();
                    move || !app.can_delete() || delete.pending().get()
                }
                on:click=move |_| confirm.set(true)
            >
                "Delete credential…"
            </button>
            <ConfirmDialog
                open=confirm
                title="Delete this credential?"
                confirm_label="Delete"
                testid="delete-dialog"
                danger=true
                on_confirm=Callback::new(move |()| { delete.dispatch(()); })
            >
                <p data-testid="delete-dialog-text">
                    {format!("“{name}” will be deleted. Applications using it stop working at once.")}
                </p>
            </ConfirmDialog>
        </section>
    }
}
