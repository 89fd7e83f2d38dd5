//! The sandbox as an OpenID Connect provider, driven over HTTP as an application and a
//! browser would: discovery → authorize → client-area login → consent → code → token → ID
//! token checked against the JWKS → userinfo; refresh; and each refusal.

use jsonwebtoken::{Algorithm, DecodingKey, Validation, decode, decode_header};
use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::{CUSTOMER, TestSandbox};

const REDIRECT: &str = "https://app.example/callback";

/// An app credential (authorization code, `openid profile email`): (client id, secret).
async fn app(sb: &TestSandbox) -> (String, String) {
    let created = sb
        .ok(&[
            ("action", "CreateOAuthCredential"),
            ("grantType", "authorization_code"),
            ("name", "Status Board"),
            ("scope", "openid profile email"),
            ("redirectUri[]", REDIRECT),
        ])
        .await;
    (
        created["clientIdentifier"].as_str().unwrap().to_owned(),
        created["clientSecret"].as_str().unwrap().to_owned(),
    )
}

/// A browser: no redirects followed, the client-area cookie kept by hand.
struct Browser {
    http: reqwest::Client,
    base: String,
    cookie: Option<String>,
}

impl Browser {
    fn new(sb: &TestSandbox) -> Browser {
        Browser {
            http: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap(),
            base: sb.base.clone(),
            cookie: None,
        }
    }

    async fn authorize(&self, query: &[(&str, &str)]) -> (StatusCode, String, Option<String>) {
        let mut r = self
            .http
            .get(format!("{}/oauth/authorize.php", self.base))
            .query(query);
        if let Some(c) = &self.cookie {
            r = r.header("cookie", c);
        }
        let r = r.send().await.unwrap();
        let location = r
            .headers()
            .get("location")
            .map(|l| l.to_str().unwrap().to_owned());
        (r.status(), r.text().await.unwrap(), location)
    }

    async fn post(&mut self, form: &[(&str, &str)]) -> (StatusCode, String, Option<String>) {
        let mut r = self
            .http
            .post(format!("{}/oauth/authorize.php", self.base))
            .form(form);
        if let Some(c) = &self.cookie {
            r = r.header("cookie", c);
        }
        let r = r.send().await.unwrap();
        if let Some(set) = r.headers().get("set-cookie") {
            self.cookie = Some(set.to_str().unwrap().split(';').next().unwrap().to_owned());
        }
        let location = r
            .headers()
            .get("location")
            .map(|l| l.to_str().unwrap().to_owned());
        (r.status(), r.text().await.unwrap(), location)
    }
}

/// The hidden `request` id in a login or consent page.
fn request_id(page: &str) -> String {
    let start = page
        .find(r#"name="request" value=""#)
        .expect("a request id")
        + 22;
    page[start..].split('"').next().unwrap().to_owned()
}

fn query_param(url: &str, name: &str) -> Option<String> {
    let query = url.split_once('?')?.1;
    whmcs_api::Params::parse(query).get(name).map(str::to_owned)
}

async fn token(
    sb: &TestSandbox,
    client: &(String, String),
    form: &[(&str, &str)],
) -> (StatusCode, Value) {
    let r = sb
        .http
        .post(format!("{}/oauth/token.php", sb.base))
        .basic_auth(&client.0, Some(&client.1))
        .form(form)
        .send()
        .await
        .unwrap();
    (r.status(), r.json().await.unwrap())
}

/// Signs in as the customer and consents; returns the code.
async fn sign_in(sb: &TestSandbox, client_id: &str, extra: &[(&str, &str)]) -> String {
    let mut browser = Browser::new(sb);
    let mut query = vec![
        ("response_type", "code"),
        ("client_id", client_id),
        ("redirect_uri", REDIRECT),
        ("scope", "openid profile email"),
        ("state", "st-123"),
        ("nonce", "n-456"),
    ];
    query.extend_from_slice(extra);
    let (status, page, _) = browser.authorize(&query).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("Log in to continue to <strong>Status Board</strong>"),
        "{page}"
    );
    let request = request_id(&page);
    let (status, consent, _) = browser
        .post(&[
            ("request", &request),
            ("step", "login"),
            ("email", CUSTOMER.0),
            ("password", CUSTOMER.1),
        ])
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(consent.contains("<code>email</code>"), "{consent}");
    let (status, _, location) = browser
        .post(&[
            ("request", &request),
            ("step", "consent"),
            ("decision", "allow"),
        ])
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let location = location.unwrap();
    assert!(
        location.starts_with(&format!("{REDIRECT}?code=")),
        "{location}"
    );
    assert_eq!(query_param(&location, "state").as_deref(), Some("st-123"));
    query_param(&location, "code").unwrap()
}

#[tokio::test]
async fn the_whole_code_flow_with_a_verified_id_token_and_userinfo() {
    let sb = TestSandbox::spawn().await;
    let discovery: Value = sb
        .http
        .get(format!("{}/.well-known/openid-configuration", sb.base))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        discovery["authorization_endpoint"],
        format!("{}/oauth/authorize.php", sb.base)
    );
    let client = app(&sb).await;
    let code = sign_in(&sb, &client.0, &[]).await;

    let (status, tokens) = token(
        &sb,
        &client,
        &[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("redirect_uri", REDIRECT),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{tokens}");
    assert_eq!(
        (tokens["token_type"].as_str(), tokens["expires_in"].as_i64()),
        (Some("Bearer"), Some(3600))
    );

    // The ID token verifies against the published JWKS, for this client, from this issuer.
    let jwks: Value = sb
        .http
        .get(discovery["jwks_uri"].as_str().unwrap())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id_token = tokens["id_token"].as_str().unwrap();
    let kid = decode_header(id_token).unwrap().kid.unwrap();
    let jwk = jwks["keys"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["kid"] == kid)
        .expect("the token's kid is published");
    let key =
        DecodingKey::from_rsa_components(jwk["n"].as_str().unwrap(), jwk["e"].as_str().unwrap())
            .unwrap();
    let mut validation = Validation::new(Algorithm::RS256);
    validation.set_audience(&[&client.0]);
    validation.set_issuer(&[discovery["issuer"].as_str().unwrap()]);
    let claims = decode::<Value>(id_token, &key, &validation).unwrap().claims;
    assert_eq!(claims["sub"], "1");
    assert_eq!(claims["nonce"], "n-456");
    assert_eq!(claims["email"], CUSTOMER.0);
    assert_eq!(claims["name"], "Ada Lovelace");
    assert!(claims["auth_time"].as_i64().unwrap() <= claims["iat"].as_i64().unwrap());

    let info: Value = sb
        .http
        .get(format!("{}/oauth/userinfo.php", sb.base))
        .bearer_auth(tokens["access_token"].as_str().unwrap())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        info,
        serde_json::json!({"sub": "1", "name": "Ada Lovelace", "given_name": "Ada",
            "family_name": "Lovelace", "email": CUSTOMER.0, "email_verified": true})
    );

    // A code is good once.
    let (status, again) = token(
        &sb,
        &client,
        &[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("redirect_uri", REDIRECT),
        ],
    )
    .await;
    assert_eq!(
        (status, again["error"].as_str()),
        (StatusCode::BAD_REQUEST, Some("invalid_grant"))
    );

    // Refresh: a new set, and the old refresh token is spent.
    let old_refresh = tokens["refresh_token"].as_str().unwrap().to_owned();
    let (status, refreshed) = token(
        &sb,
        &client,
        &[
            ("grant_type", "refresh_token"),
            ("refresh_token", &old_refresh),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{refreshed}");
    assert!(refreshed["id_token"].is_string());
    let (status, spent) = token(
        &sb,
        &client,
        &[
            ("grant_type", "refresh_token"),
            ("refresh_token", &old_refresh),
        ],
    )
    .await;
    assert_eq!(
        (status, spent["error"].as_str()),
        (StatusCode::BAD_REQUEST, Some("invalid_grant"))
    );

    // Resetting the secret ends what was issued: the new secret's refresh finds nothing.
    let reset = sb
        .ok(&[
            ("action", "UpdateOAuthCredential"),
            ("clientIdentifier", &client.0),
            ("resetSecret", "1"),
        ])
        .await;
    let renewed = (
        client.0.clone(),
        reset["newClientSecret"].as_str().unwrap().to_owned(),
    );
    let live_refresh = refreshed["refresh_token"].as_str().unwrap();
    let (status, ended) = token(
        &sb,
        &renewed,
        &[
            ("grant_type", "refresh_token"),
            ("refresh_token", live_refresh),
        ],
    )
    .await;
    assert_eq!(
        (status, ended["error"].as_str()),
        (StatusCode::BAD_REQUEST, Some("invalid_grant"))
    );
    let (status, old_secret) = token(
        &sb,
        &client,
        &[
            ("grant_type", "refresh_token"),
            ("refresh_token", live_refresh),
        ],
    )
    .await;
    assert_eq!(
        (status, old_secret["error"].as_str()),
        (StatusCode::UNAUTHORIZED, Some("invalid_client"))
    );
}

#[tokio::test]
async fn requests_that_cannot_go_back_are_error_pages() {
    let sb = TestSandbox::spawn().await;
    let client = app(&sb).await;
    let browser = Browser::new(&sb);
    for (query, message) in [
        (
            vec![
                ("response_type", "code"),
                ("client_id", "NOPE.1"),
                ("redirect_uri", REDIRECT),
                ("scope", "openid"),
            ],
            "No application has this client_id.",
        ),
        (
            vec![
                ("response_type", "code"),
                ("client_id", &client.0),
                ("redirect_uri", "https://app.example/callback/"),
                ("scope", "openid"),
            ],
            "The redirect_uri is not one registered for this application.",
        ),
    ] {
        let (status, page, location) = browser.authorize(&query).await;
        assert_eq!((status, location), (StatusCode::BAD_REQUEST, None));
        assert!(page.contains(message), "{page}");
    }
}

#[tokio::test]
async fn other_refusals_go_back_to_the_application_with_the_state() {
    let sb = TestSandbox::spawn().await;
    let client = app(&sb).await;
    let mut browser = Browser::new(&sb);
    for (scope, response_type, error) in [
        ("profile email", "code", "invalid_scope"),
        ("openid clientarea:billing_info", "code", "invalid_scope"),
        ("openid", "token", "unsupported_response_type"),
    ] {
        let (status, _, location) = browser
            .authorize(&[
                ("response_type", response_type),
                ("client_id", &client.0),
                ("redirect_uri", REDIRECT),
                ("scope", scope),
                ("state", "s1"),
            ])
            .await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{scope}");
        let location = location.unwrap();
        assert_eq!(
            query_param(&location, "error").as_deref(),
            Some(error),
            "{location}"
        );
        assert_eq!(query_param(&location, "state").as_deref(), Some("s1"));
    }
    // A wrong password stays on the login page with WHMCS's words; Deny goes back denied.
    let (_, page, _) = browser
        .authorize(&[
            ("response_type", "code"),
            ("client_id", &client.0),
            ("redirect_uri", REDIRECT),
            ("scope", "openid"),
            ("state", "s2"),
        ])
        .await;
    let request = request_id(&page);
    let (status, again, _) = browser
        .post(&[
            ("request", &request),
            ("step", "login"),
            ("email", CUSTOMER.0),
            ("password", "wrong"),
        ])
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        again.contains("Login Details Incorrect. Please try again."),
        "{again}"
    );
    browser
        .post(&[
            ("request", &request),
            ("step", "login"),
            ("email", CUSTOMER.0),
            ("password", CUSTOMER.1),
        ])
        .await;
    let (status, _, location) = browser
        .post(&[
            ("request", &request),
            ("step", "consent"),
            ("decision", "deny"),
        ])
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let location = location.unwrap();
    assert_eq!(
        query_param(&location, "error").as_deref(),
        Some("access_denied")
    );
    assert_eq!(query_param(&location, "state").as_deref(), Some("s2"));
}

#[tokio::test]
async fn pkce_and_client_authentication_are_enforced_at_the_token_endpoint() {
    let sb = TestSandbox::spawn().await;
    let client = app(&sb).await;
    // S256 of "verifier-0123456789-0123456789-0123456789" (RFC 7636 appendix B's method).
    let verifier = "verifier-0123456789-0123456789-0123456789";
    let challenge = {
        use base64::Engine;
        use sha2::Digest;
        base64::engine::general_purpose::URL_SAFE_NO_PAD
            .encode(sha2::Sha256::digest(verifier.as_bytes()))
    };
    // A wrong verifier is refused (and spends the code); the right one, with a new code, works.
    for (verifier, expected) in [
        ("wrong", StatusCode::BAD_REQUEST),
        (verifier, StatusCode::OK),
    ] {
        let pkce = [
            ("code_challenge", challenge.as_str()),
            ("code_challenge_method", "S256"),
        ];
        let code = sign_in(&sb, &client.0, &pkce).await;
        let form = [
            ("grant_type", "authorization_code"),
            ("code", code.as_str()),
            ("code_verifier", verifier),
        ];
        let (status, body) = token(&sb, &client, &form).await;
        assert_eq!(status, expected, "{verifier}: {body}");
        if expected == StatusCode::BAD_REQUEST {
            assert_eq!(body["error"], "invalid_grant");
        }
    }

    let code = sign_in(&sb, &client.0, &[]).await;
    let wrong = (client.0.clone(), "not-the-secret".to_owned());
    let (status, body) = token(
        &sb,
        &wrong,
        &[("grant_type", "authorization_code"), ("code", &code)],
    )
    .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (StatusCode::UNAUTHORIZED, Some("invalid_client"))
    );
    // Client authentication in the form works as well as HTTP Basic.
    let r = sb
        .http
        .post(format!("{}/oauth/token.php", sb.base))
        .form(&[
            ("grant_type", "authorization_code"),
            ("code", code.as_str()),
            ("redirect_uri", REDIRECT),
            ("client_id", client.0.as_str()),
            ("client_secret", client.1.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
}
