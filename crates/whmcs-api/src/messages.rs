//! Every error message, verbatim. WHMCS's own come first (with plain `"` quotes, as real
//! installations send them); ours, for checks WHMCS lacks, follow and say so.

// --- WHMCS: before the command runs -------------------------------------------------------

pub fn invalid_ip(ip: &str) -> String {
    format!("Invalid IP {ip}")
}
pub const INVALID_ACCESS_KEY: &str = "Invalid Access Key";
pub const EMPTY_ACTION: &str = "Empty action request";
pub const INVALID_CREDENTIALS: &str = "Invalid or missing credentials";
pub const AUTHENTICATION_FAILED: &str = "Authentication Failed";
/// `action` is lower-cased, as WHMCS prints it (PHP's `strtolower`: ASCII only).
pub fn invalid_permissions(action: &str) -> String {
    format!(
        "Invalid Permissions: API action \"{}\" is not allowed",
        action.to_ascii_lowercase()
    )
}
pub fn invalid_action(action: &str) -> String {
    format!("Invalid API Action: \"{action}\" is not a valid API action")
}
/// The prefix that marks a role lacking an action (the panel turns read-only on it).
pub const INVALID_PERMISSIONS_PREFIX: &str = "Invalid Permissions";

// --- WHMCS: CreateOAuthCredential / UpdateOAuthCredential ----------------------------------

pub const GRANT_TYPE_REQUIRED: &str = "A valid grant type is required.";
pub fn grant_type_invalid(grant: &str) -> String {
    format!("The requested grant type \"{grant}\" is invalid.")
}
pub const NAME_REQUIRED: &str = "A name for the Client Credential is required.";
pub const SERVICE_ID_REQUIRED: &str = "A service ID is required for the single sign-on grant type.";
pub const SERVICE_ID_INVALID: &str = "A valid Service ID is required.";
pub const SERVICE_WITHOUT_CLIENT: &str = "Service ID not associated with valid Client.";
pub const SCOPE_REQUIRED: &str = "At least one valid scope is required.";
pub fn scope_invalid(scope: &str) -> String {
    format!("The requested scope \"{scope}\" is invalid.")
}
pub const CREDENTIAL_REF_REQUIRED: &str = "A Credential ID or Client Identifier is required.";
pub const CREDENTIAL_ID_INVALID: &str = "Invalid Credential ID provided.";
pub const CLIENT_IDENTIFIER_INVALID: &str = "Invalid Client Identifier provided.";

// --- WHMCS: ListOAuthCredentials ----------------------------------------------------------

pub const SORT_ORDER_INVALID: &str = "Order direction must be \"asc\" or \"desc\".";

/// `GetClientsDetails` for a customer id WHMCS does not know.
pub const CLIENT_NOT_FOUND: &str = "Client Not Found";
/// `GetClientsDetails` with neither `clientid` nor `email` (or `clientid=0`).
pub const CLIENT_ID_OR_EMAIL_REQUIRED: &str = "Either clientid Or email Is Required";

// --- Ours: what to do about WHMCS's setup refusals --------------------------------------

/// WHMCS's refusal of an API login that setting up the installation fixes, explained, with
/// WHMCS's own words kept at the end; `None` for every other message (a wrong identifier or
/// secret is the person's to fix, and WHMCS's words say so).
pub fn setup_guidance(message: &str) -> Option<String> {
    if let Some(ip) = message.strip_prefix("Invalid IP ") {
        return Some(format!(
            "WHMCS refuses API calls from this gateway's address ({ip}). Add {ip} in WHMCS under \
             System Settings → General Settings → Security → API IP Access Restriction, then log \
             in again. (WHMCS said: {message})"
        ));
    }
    if message == INVALID_ACCESS_KEY {
        return Some(format!(
            "WHMCS wants an API access key from this gateway's address: allow the gateway's IP \
             under System Settings → General Settings → Security → API IP Access Restriction \
             instead. (WHMCS said: {message})"
        ));
    }
    None
}

// --- Ours: checks WHMCS lacks ------------------------------------------------------------

pub fn sort_field_invalid(field: &str) -> String {
    format!("The requested sort field \"{field}\" is invalid.")
}
pub fn limit_invalid(limit: &str) -> String {
    format!("The requested limit \"{limit}\" is invalid: use a whole number, 0 for all.")
}
pub fn too_long(what: &str, max: usize) -> String {
    format!("The {what} must be at most {max} characters.")
}
/// A parameter over the ceiling every parameter has (the name is the client's own, capped).
pub fn param_too_long(name: &str, max: usize) -> String {
    let name: String = name.chars().take(64).collect();
    format!("The parameter \"{name}\" must be at most {max} characters.")
}
pub fn redirect_uri_not_absolute(uri: &str) -> String {
    format!(
        "Redirect URI \"{uri}\" must be an absolute URL, such as https://app.example.com/callback."
    )
}
pub fn redirect_uri_scheme(uri: &str) -> String {
    format!(
        "Redirect URI \"{uri}\" must use https (http is allowed only for localhost, 127.0.0.1 or [::1])."
    )
}
pub fn redirect_uri_script(uri: &str) -> String {
    format!("Redirect URI \"{uri}\" uses a scheme that can run code and is never allowed.")
}
pub fn redirect_uri_fragment(uri: &str) -> String {
    format!("Redirect URI \"{uri}\" must not contain a fragment (#).")
}
pub fn redirect_uri_whitespace(uri: &str) -> String {
    format!("Redirect URI \"{uri}\" must not contain spaces.")
}
pub fn redirect_uri_no_host(uri: &str) -> String {
    format!("Redirect URI \"{uri}\" has no host name.")
}
pub fn redirect_uri_duplicate(uri: &str) -> String {
    format!("Redirect URI \"{uri}\" is listed more than once.")
}
pub const LOGO_URI_INVALID: &str = "The logo URI must be an https URL or a path relative to the client area, such as assets/img/logo.png.";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn setup_refusals_say_what_to_do_and_keep_whmcs_words() {
        let g = setup_guidance(&invalid_ip("203.0.113.7")).unwrap();
        assert!(g.starts_with("WHMCS refuses API calls from this gateway's address (203.0.113.7). Add 203.0.113.7 in WHMCS under System Settings → General Settings → Security → API IP Access Restriction"), "{g}");
        assert!(g.ends_with("(WHMCS said: Invalid IP 203.0.113.7)"), "{g}");
        assert!(
            setup_guidance(INVALID_ACCESS_KEY)
                .unwrap()
                .ends_with("(WHMCS said: Invalid Access Key)")
        );
        for person in [AUTHENTICATION_FAILED, INVALID_CREDENTIALS, "anything else"] {
            assert_eq!(setup_guidance(person), None, "{person}");
        }
    }
}
