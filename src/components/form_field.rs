//! One form control as every form here shows it: the `.field` block, its label pointing at
//! the control, the control itself (the children), and its inline error under it. Used by
//! the credential form, the list's toolbar, the login form and Try sign-in.

use leptos::prelude::*;

/// A labelled control and, when given, its inline error. (Boxed children: a transparent
/// component generic over them measured 0.3 kB bigger, each use compiled apart.)
#[component]
pub fn FormField(
    /// The control's id, which the label points at.
    for_id: &'static str,
    label: &'static str,
    /// Adds " (required)" to the label while it holds.
    #[prop(optional)]
    required: Option<Signal<bool>>,
    /// More classes for the block (`field-grow`, `field-narrow`).
    #[prop(optional)]
    class: &'static str,
    /// The inline error: its element id (the control's `aria-describedby`) and message.
    #[prop(optional)]
    error: Option<(&'static str, Signal<Option<String>>)>,
    children: Children,
) -> impl IntoView {
    let class = if class.is_empty() {
        "field".to_owned()
    } else {
        format!("field {class}")
    };
    view! {
        <div class=class>
            <label for=for_id>
                {label}
                {required.map(|r| move || r.get().then_some(" (required)"))}
            </label>
            {children()}
            {error.map(|(id, message)| view! { <FieldError id=id.to_owned() message/> })}
        </div>
    }
}

/// A field's inline error (`{id}-error` for tests), shown while there is one.
#[component]
pub fn FieldError(id: String, message: Signal<Option<String>>) -> impl IntoView {
    let testid = format!("{id}-error");
    view! {
        <Show when=move || message.with(Option::is_some)>
            <p class="field-error" id=id.clone() data-testid=testid.clone() role="alert">
                {move || message.get()}
            </p>
        </Show>
    }
}
