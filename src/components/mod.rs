//! Reusable pieces of the panel.

pub mod confirm_dialog;
pub mod copy_button;
pub mod credential_fields;
pub mod credential_findings;
pub mod form_field;
pub mod header;
pub mod installation_context;
pub mod one_time_secret;
pub mod require_login;
pub mod service_line;
pub mod service_picker;
pub mod toasts;
