//! Checks on redirect URIs and logo URIs that WHMCS does not make but a careful
//! installation needs: a redirect URI is where authorization codes are delivered, so a
//! typo or a script scheme there is a security hole, not a cosmetic error.

use crate::messages;

/// Schemes that run code in a browser; never acceptable anywhere a URL is stored.
const SCRIPT_SCHEMES: [&str; 4] = ["javascript", "data", "vbscript", "file"];

/// Checks one redirect URI; the error is the message to show next to it.
pub fn check_redirect_uri(uri: &str) -> Result<(), String> {
    if uri.chars().any(char::is_whitespace) {
        return Err(messages::redirect_uri_whitespace(uri));
    }
    let Some((scheme, rest)) = split_scheme(uri) else {
        return Err(messages::redirect_uri_not_absolute(uri));
    };
    let scheme = scheme.to_ascii_lowercase();
    if SCRIPT_SCHEMES.contains(&scheme.as_str()) {
        return Err(messages::redirect_uri_script(uri));
    }
    if scheme != "https" && scheme != "http" {
        return Err(messages::redirect_uri_scheme(uri));
    }
    let Some(after_slashes) = rest.strip_prefix("//") else {
        return Err(messages::redirect_uri_not_absolute(uri));
    };
    if uri.contains('#') {
        return Err(messages::redirect_uri_fragment(uri));
    }
    let host = host_of(after_slashes);
    if host.is_empty() {
        return Err(messages::redirect_uri_no_host(uri));
    }
    if scheme == "http" && !is_loopback(&host) {
        return Err(messages::redirect_uri_scheme(uri));
    }
    Ok(())
}

/// Checks a logo URI: an https URL, or a path relative to the client area.
pub fn check_logo_uri(uri: &str) -> Result<(), String> {
    if uri.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(messages::LOGO_URI_INVALID.to_owned());
    }
    match split_scheme(uri) {
        Some((scheme, rest)) => {
            let ok = scheme.eq_ignore_ascii_case("https")
                && rest
                    .strip_prefix("//")
                    .is_some_and(|r| !host_of(r).is_empty());
            if ok {
                Ok(())
            } else {
                Err(messages::LOGO_URI_INVALID.to_owned())
            }
        }
        // A relative path; `//host/x` would be protocol-relative, i.e. another site.
        None if uri.starts_with("//") || uri.contains(':') || uri.contains('\\') => {
            Err(messages::LOGO_URI_INVALID.to_owned())
        }
        None => Ok(()),
    }
}

/// Why a stored redirect URI lets authorization codes go where they should not, if it does:
/// plain `http://` to a host that is not this machine (anyone on the way reads the code),
/// a fragment (refused by OAuth 2.0, RFC 6749 §3.1.2), or a `*` (a pattern WHMCS compares
/// as text, which people mean as a wildcard). WHMCS stores such URIs when an older release
/// or a direct database change put them there; the findings name them.
pub fn unsafe_redirect(uri: &str) -> Option<&'static str> {
    if uri.contains('*') {
        return Some("has a \"*\", which WHMCS matches as text, not as a wildcard");
    }
    if uri.contains('#') {
        return Some("has a fragment (#), which OAuth 2.0 forbids in a redirect URI");
    }
    let (scheme, rest) = split_scheme(uri)?;
    let plain_http = scheme.eq_ignore_ascii_case("http")
        && rest
            .strip_prefix("//")
            .is_some_and(|r| !is_loopback(&host_of(r)));
    plain_http.then_some("sends codes over plain http:// to a host that is not this machine")
}

/// `scheme:rest` when the text starts with an RFC 3986 scheme.
fn split_scheme(uri: &str) -> Option<(&str, &str)> {
    let colon = uri.find(':')?;
    let scheme = &uri[..colon];
    let mut chars = scheme.chars();
    let first_ok = chars.next().is_some_and(|c| c.is_ascii_alphabetic());
    let rest_ok = chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    (first_ok && rest_ok).then(|| (scheme, &uri[colon + 1..]))
}

/// The host of `user@host:port/path?query`, lower-cased, brackets kept for IPv6.
fn host_of(authority_and_path: &str) -> String {
    let end = authority_and_path
        .find(['/', '?', '#'])
        .unwrap_or(authority_and_path.len());
    let authority = &authority_and_path[..end];
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = if host_port.starts_with('[') {
        host_port.find(']').map_or(host_port, |i| &host_port[..=i])
    } else {
        host_port.split(':').next().unwrap_or("")
    };
    host.to_ascii_lowercase()
}

fn is_loopback(host: &str) -> bool {
    if host == "localhost" || host == "[::1]" {
        return true;
    }
    let octets: Vec<&str> = host.split('.').collect();
    octets.len() == 4 && octets[0] == "127" && octets.iter().all(|o| o.parse::<u8>().is_ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsafe_stored_redirects_are_named() {
        for safe in [
            "https://app.example/cb",
            "http://127.0.0.1:7777/callback",
            "http://localhost/cb",
            "http://[::1]/cb",
            "com.example.app:/oauth",
        ] {
            assert_eq!(unsafe_redirect(safe), None, "{safe}");
        }
        assert!(
            unsafe_redirect("http://app.example/cb")
                .unwrap()
                .contains("plain http")
        );
        assert!(
            unsafe_redirect("HTTP://App.Example/cb")
                .unwrap()
                .contains("plain http")
        );
        assert!(
            unsafe_redirect("https://app.example/cb#x")
                .unwrap()
                .contains("fragment")
        );
        assert!(
            unsafe_redirect("https://*.example/cb")
                .unwrap()
                .contains('*')
        );
    }

    #[test]
    fn accepts_https_and_loopback_http() {
        for ok in [
            "https://app.example.com/callback",
            "https://app.example.com:8443/cb?x=1",
            "HTTPS://APP.EXAMPLE.COM/",
            "http://localhost:3000/cb",
            "http://127.0.0.1/cb",
            "http://127.8.9.10:99/cb",
            "http://[::1]:8080/cb",
        ] {
            assert_eq!(check_redirect_uri(ok), Ok(()), "{ok}");
        }
    }

    #[test]
    fn refuses_with_the_reason() {
        let cases = [
            (
                "/callback",
                messages::redirect_uri_not_absolute("/callback"),
            ),
            (
                "app.example.com/cb",
                messages::redirect_uri_not_absolute("app.example.com/cb"),
            ),
            (
                "https:app",
                messages::redirect_uri_not_absolute("https:app"),
            ),
            (
                "http://app.example.com/cb",
                messages::redirect_uri_scheme("http://app.example.com/cb"),
            ),
            (
                "http://127.0.0.1.evil.com/",
                messages::redirect_uri_scheme("http://127.0.0.1.evil.com/"),
            ),
            (
                "http://localhost@evil.com/",
                messages::redirect_uri_scheme("http://localhost@evil.com/"),
            ),
            (
                "ftp://x.example/",
                messages::redirect_uri_scheme("ftp://x.example/"),
            ),
            (
                "javascript:alert(1)",
                messages::redirect_uri_script("javascript:alert(1)"),
            ),
            (
                "JavaScript://x%0aalert(1)",
                messages::redirect_uri_script("JavaScript://x%0aalert(1)"),
            ),
            (
                "data:text/html,x",
                messages::redirect_uri_script("data:text/html,x"),
            ),
            (
                "https://a.example/cb#frag",
                messages::redirect_uri_fragment("https://a.example/cb#frag"),
            ),
            (
                "https://a.example/c b",
                messages::redirect_uri_whitespace("https://a.example/c b"),
            ),
            (
                "https://a.example/c\tb",
                messages::redirect_uri_whitespace("https://a.example/c\tb"),
            ),
            ("https:///cb", messages::redirect_uri_no_host("https:///cb")),
        ];
        for (uri, msg) in cases {
            assert_eq!(check_redirect_uri(uri), Err(msg), "{uri}");
        }
    }

    #[test]
    fn logo_is_https_or_relative() {
        for ok in [
            "https://cdn.example.com/logo.png",
            "assets/img/logo.png",
            "/logo.png",
            "logo.svg",
        ] {
            assert_eq!(check_logo_uri(ok), Ok(()), "{ok}");
        }
        for bad in [
            "http://cdn.example.com/logo.png",
            "javascript:alert(1)",
            "data:image/png;base64,AAAA",
            "//evil.example/logo.png",
            "https://",
            "logo .png",
            "\\\\evil\\share",
        ] {
            assert_eq!(
                check_logo_uri(bad),
                Err(messages::LOGO_URI_INVALID.to_owned()),
                "{bad}"
            );
        }
    }
}
