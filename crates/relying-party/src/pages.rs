//! The app's pages: the form to start a sign-in, and the verified result (or the error).

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};

fn esc(text: &str) -> String {
    html_escape::encode_safe(text).into_owned()
}

fn page(status: StatusCode, title: &str, body: &str) -> Response {
    let html = format!(
        r#"<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>{title} – Demo app</title>
<style>body{{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;color:#1a202c}}
label{{display:block;margin-top:1rem;font-weight:600}}input{{width:100%;padding:.5rem;box-sizing:border-box}}
button{{margin-top:1.25rem;padding:.6rem 1.1rem;font-weight:600}}code,pre{{overflow-wrap:anywhere;white-space:pre-wrap}}
table{{border-collapse:collapse;width:100%}}td,th{{border:1px solid #cbd5e0;padding:.3rem .5rem;text-align:left;vertical-align:top}}td{{overflow-wrap:anywhere}}
.error{{color:#9b2c2c}}.ok{{color:#276749}}</style></head>
<body><p>Demo app · signs in with WHMCS (OpenID Connect)</p><h1>{title}</h1>{body}</body></html>"#,
        title = esc(title)
    );
    let mut response = (status, Html(html)).into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// The start form: client id and secret from the panel, the scopes to ask for.
pub fn home(redirect_uri: &str, issuer: &str, error: Option<&str>) -> Response {
    let error = error
        .map(|e| {
            format!(
                r#"<p class="error" role="alert" data-testid="rp-error">{}</p>"#,
                esc(e)
            )
        })
        .unwrap_or_default();
    page(
        StatusCode::OK,
        "Sign in with WHMCS",
        &format!(
            r#"{error}<p>Create an <strong>authorization code</strong> credential in the panel with this
redirect URI and the scopes <code>openid profile email</code>, then paste its client identifier and
secret here.</p>
<p>Redirect URI: <code data-testid="rp-redirect-uri">{redirect}</code><br>Installation: <code>{issuer}</code></p>
<form method="post" action="/start">
<label for="client_id">Client identifier</label><input id="client_id" name="client_id" data-testid="rp-client-id" required autocomplete="off">
<label for="client_secret">Client secret</label><input id="client_secret" name="client_secret" type="password" data-testid="rp-client-secret" required autocomplete="off">
<label for="scope">Scopes</label><input id="scope" name="scope" value="openid profile email" data-testid="rp-scope">
<button type="submit" data-testid="rp-sign-in">Sign in with WHMCS</button></form>"#,
            redirect = esc(redirect_uri),
            issuer = esc(issuer),
        ),
    )
}

/// A verified sign-in: the ID token's claims and the userinfo answer.
pub fn signed_in(claims: &[(String, String)], userinfo: &str) -> Response {
    let rows: String = claims
        .iter()
        .map(|(k, v)| format!("<tr><th>{}</th><td>{}</td></tr>", esc(k), esc(v)))
        .collect();
    page(
        StatusCode::OK,
        "Signed in",
        &format!(
            r#"<p class="ok" data-testid="rp-verified">The ID token's signature, issuer, audience, expiry and nonce were verified.</p>
<p data-testid="rp-whmcs-gives">What WHMCS gives, and does not: <code>sub</code> is the customer's UUID; the ID token carries no name and no email (they come from userinfo); userinfo's <code>email_verified</code> is always false; and there is no refresh token.</p>
<h2>Claims</h2><table data-testid="rp-claims">{rows}</table>
<h2>Userinfo</h2><pre data-testid="rp-userinfo">{userinfo}</pre>
<p><a href="/">Sign in again</a></p>"#,
            userinfo = esc(userinfo),
        ),
    )
}

/// A sign-in that did not work, in words a person can act on.
pub fn failed(message: &str) -> Response {
    page(
        StatusCode::BAD_REQUEST,
        "Sign-in failed",
        &format!(
            r#"<p class="error" role="alert" data-testid="rp-error">{}</p><p><a href="/">Try again</a></p>"#,
            esc(message)
        ),
    )
}
