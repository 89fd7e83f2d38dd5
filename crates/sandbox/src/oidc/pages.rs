//! The client-area pages: the login and consent of a sign-in, the client area itself, and
//! the error page. Plain HTML, every interpolated value escaped.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};

/// Text for HTML element content and attribute values (`html-escape`'s safe set).
pub fn escape(text: &str) -> String {
    html_escape::encode_safe(text).into_owned()
}

fn page(status: StatusCode, company: &str, title: &str, body: &str) -> Response {
    let html = format!(
        r#"<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} – {company}</title>
<style>body{{font-family:system-ui,sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem;color:#1a202c}}
label{{display:block;margin-top:1rem;font-weight:600}}input{{width:100%;padding:.5rem;box-sizing:border-box}}
button{{margin-top:1.25rem;padding:.55rem 1rem;margin-right:.5rem}}.error{{color:#9b2c2c}}
li small{{display:block;color:#4a5568}}</style></head>
<body><p>{company} · Client Area</p><h1>{title}</h1>{body}</body></html>"#,
        title = escape(title),
        company = escape(company),
    );
    let mut response = (status, Html(html)).into_response();
    // Nothing here may be framed (clickjacking a consent) or cached.
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert("x-frame-options", HeaderValue::from_static("DENY"));
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        // No `form-action`: browsers apply it to the redirect after a submit, and the consent's
        // answer is a redirect to the application.
        HeaderValue::from_static(
            "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
        ),
    );
    response
}

/// The client-area login, for the request `request`.
pub fn login(company: &str, app: &str, request: &str, error: Option<&str>) -> Response {
    let error = error
        .map(|e| format!(r#"<p class="error" role="alert">{}</p>"#, escape(e)))
        .unwrap_or_default();
    page(
        StatusCode::OK,
        company,
        "Login",
        &format!(
            r#"<p>Log in to continue to <strong>{app}</strong>.</p>{error}
<form method="post" action="/oauth/authorize.php">
<input type="hidden" name="request" value="{request}"><input type="hidden" name="step" value="login">
<label for="email">Email address</label><input id="email" name="email" type="email" autocomplete="username" required>
<label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Login</button></form>"#,
            app = escape(app),
            request = escape(request),
        ),
    )
}

/// The service a single sign-on opened the client area for.
pub struct ServiceShown {
    pub id: u64,
    pub product: String,
    pub domain: String,
    pub status: String,
}

/// Who is signed in to the client area.
pub struct SignedIn {
    pub name: String,
    pub email: String,
    pub status: String,
    pub service: Option<ServiceShown>,
}

/// `/clientarea.php`: the signed-in customer and, after a single sign-on, its service.
pub fn client_area(company: &str, who: Option<&SignedIn>) -> Response {
    let Some(who) = who else {
        return page(
            StatusCode::OK,
            company,
            "Client Area",
            r#"<p data-testid="clientarea-signed-out">You are not signed in.</p>"#,
        );
    };
    let service = match &who.service {
        Some(s) => format!(
            r#"<h2>Signed in through single sign-on</h2>
<p data-testid="clientarea-service">Service #{id}: <strong>{product}</strong>{domain} · {status}</p>"#,
            id = s.id,
            product = escape(&s.product),
            domain = if s.domain.is_empty() {
                String::new()
            } else {
                format!(" · {}", escape(&s.domain))
            },
            status = escape(&s.status),
        ),
        None => String::new(),
    };
    page(
        StatusCode::OK,
        company,
        "Client Area",
        &format!(
            r#"<p data-testid="clientarea-customer">Signed in as <strong>{name}</strong> ({email}), account {status}.</p>{service}"#,
            name = escape(&who.name),
            email = escape(&who.email),
            status = escape(&who.status),
        ),
    )
}

/// The consent page: what `app` asks for, each scope with its description.
pub fn consent(company: &str, app: &str, request: &str, scopes: &[(String, String)]) -> Response {
    let items: String = scopes
        .iter()
        .map(|(name, description)| {
            format!(
                "<li><code>{}</code><small>{}</small></li>",
                escape(name),
                escape(description)
            )
        })
        .collect();
    page(
        StatusCode::OK,
        company,
        "Authorize access",
        &format!(
            r#"<p><strong>{app}</strong> would like to access your account:</p><ul>{items}</ul>
<form method="post" action="/oauth/authorize.php">
<input type="hidden" name="request" value="{request}"><input type="hidden" name="step" value="consent">
<button type="submit" name="decision" value="allow">Authorize</button>
<button type="submit" name="decision" value="deny">Deny</button></form>"#,
            app = escape(app),
            request = escape(request),
        ),
    )
}

/// A request that cannot go back to the application: shown here, never redirected.
pub fn error(company: &str, status: StatusCode, error: &str, description: &str) -> Response {
    page(
        status,
        company,
        "Authorization failed",
        &format!(
            r#"<p class="error" role="alert" data-error="{}">{}</p>"#,
            escape(error),
            escape(description)
        ),
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_what_html_reads() {
        let escaped = super::escape(r#"<a href="x">'&'</a>"#);
        for raw in ['<', '>', '"', '\'', '&'] {
            assert!(
                !escaped
                    .replace("&amp;", "")
                    .replace("&lt;", "")
                    .replace("&gt;", "")
                    .replace("&quot;", "")
                    .replace("&#x27;", "")
                    .replace("&#x2F;", "")
                    .contains(raw),
                "{escaped}"
            );
        }
    }
}
