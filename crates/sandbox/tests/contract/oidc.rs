//! The sandbox as WHMCS 8.12's OpenID Connect provider (contract points 13, 18, 19, 21–25),
//! driven over HTTP as an application and a browser would: discovery → authorize →
//! client-area login → consent → code → token → ID token checked against the JWKS →
//! userinfo, and each refusal in the OAuth library's words.

use jsonwebtoken::{Algorithm, DecodingKey, Validation, decode, decode_header};
use reqwest::StatusCode;
use serde_json::{Value, json};

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
    sign_in_with(&mut Browser::new(sb), client_id, extra).await
}

async fn sign_in_with(browser: &mut Browser, client_id: &str, extra: &[(&str, &str)]) -> String {
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
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(
        page.contains("Log in to continue to <strong>Status Board</strong>"),
        "{page}"
    );
    let request = request_id(&page);
    let (status, consent, location) = browser
        .post(&[
            ("request", &request),
            ("step", "login"),
            ("email", CUSTOMER.0),
            ("password", CUSTOMER.1),
        ])
        .await;
    // A consent given before is remembered (point 22): straight back with a code.
    let location = if status == StatusCode::SEE_OTHER {
        location.unwrap()
    } else {
        assert_eq!(status, StatusCode::OK);
        assert!(consent.contains("<code>openid</code>"), "{consent}");
        let (status, _, location) = browser
            .post(&[
                ("request", &request),
                ("step", "consent"),
                ("decision", "allow"),
            ])
            .await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        location.unwrap()
    };
    assert!(
        location.starts_with(&format!("{REDIRECT}?code=")),
        "{location}"
    );
    assert_eq!(query_param(&location, "state").as_deref(), Some("st-123"));
    query_param(&location, "code").unwrap()
}

async fn exchange(sb: &TestSandbox, client: &(String, String), code: &str) -> (StatusCode, Value) {
    token(
        sb,
        client,
        &[
            ("grant_type", "authorization_code"),
            ("code", code),
            ("redirect_uri", REDIRECT),
        ],
    )
    .await
}

async fn get_json(sb: &TestSandbox, path: &str) -> Value {
    sb.http
        .get(format!("{}{path}", sb.base))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

fn oauth_error(error: &str, description: &str) -> Value {
    json!({"error": error, "error_description": description})
}

#[tokio::test]
async fn point_25_discovery_holds_exactly_whmcss_document() {
    let sb = TestSandbox::spawn().await;
    let base = &sb.base;
    let expected = json!({
        "issuer": base,
        "authorization_endpoint": format!("{base}/oauth/authorize.php"),
        "token_endpoint": format!("{base}/oauth/token.php"),
        "userinfo_endpoint": format!("{base}/oauth/userinfo.php"),
        "jwks_uri": format!("{base}/oauth/certs.php"),
        "response_types_supported": [],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["RS256"],
        "scopes_supported": ["openid", "email", "profile"],
        "claims_supported": ["iss", "aud", "exp", "sub"],
    });
    for path in [
        "/oauth/openid-configuration.php",
        "/.well-known/openid-configuration",
    ] {
        let r = sb.http.get(format!("{base}{path}")).send().await.unwrap();
        assert_eq!(r.headers()["cache-control"], "public, max-age=60", "{path}");
        assert_eq!(r.json::<Value>().await.unwrap(), expected, "{path}");
    }
}

#[tokio::test]
async fn point_23_the_id_token_holds_exactly_its_claims_with_the_uuid_as_sub_and_its_own_key() {
    let sb = TestSandbox::spawn().await;
    let client = app(&sb).await;
    let other = app(&sb).await;
    assert_eq!(
        get_json(&sb, "/oauth/certs.php").await,
        json!({"keys": []}),
        "keys are made when first needed"
    );
    let code = sign_in(&sb, &client.0, &[]).await;
    let (status, tokens) = exchange(&sb, &client, &code).await;
    assert_eq!(status, StatusCode::OK, "{tokens}");
    let id_token = tokens["id_token"].as_str().unwrap();
    let kid = decode_header(id_token).unwrap().kid.unwrap();
    assert_eq!(kid.len(), 64);
    assert!(kid.chars().all(|c| c.is_ascii_hexdigit()), "{kid}");

    let jwks = get_json(&sb, "/oauth/certs.php").await;
    let keys = jwks["keys"].as_array().unwrap();
    assert_eq!(keys.len(), 1, "one key per credential that signed: {jwks}");
    let jwk = &keys[0];
    assert_eq!(jwk["kid"], kid.as_str());
    let key =
        DecodingKey::from_rsa_components(jwk["n"].as_str().unwrap(), jwk["e"].as_str().unwrap())
            .unwrap();
    let mut validation = Validation::new(Algorithm::RS256);
    validation.set_audience(&[&client.0]);
    validation.set_issuer(&[sb.base.as_str()]);
    let claims = decode::<Value>(id_token, &key, &validation).unwrap().claims;
    let names: Vec<&String> = claims.as_object().unwrap().keys().collect();
    assert_eq!(
        names,
        ["iss", "sub", "aud", "iat", "exp", "auth_time", "nonce"],
        "no name, no email: {claims}"
    );
    assert_eq!(claims["nonce"], "n-456");
    assert_eq!(
        claims["exp"].as_i64().unwrap(),
        claims["iat"].as_i64().unwrap() + 3600
    );
    let details = sb
        .ok(&[("action", "GetClientsDetails"), ("clientid", "1")])
        .await;
    assert_eq!(claims["sub"], details["client"]["uuid"], "sub is the UUID");

    // The second credential signs with a key of its own.
    let code = sign_in(&sb, &other.0, &[]).await;
    let (_, tokens) = exchange(&sb, &other, &code).await;
    let other_kid = decode_header(tokens["id_token"].as_str().unwrap())
        .unwrap()
        .kid
        .unwrap();
    assert_ne!(other_kid, kid);
    assert_eq!(
        get_json(&sb, "/oauth/certs.php").await["keys"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
}

#[tokio::test]
async fn point_18_only_code_and_client_credentials_grants_and_never_a_refresh_token() {
    let sb = TestSandbox::spawn().await;
    let client = app(&sb).await;
    let code = sign_in(&sb, &client.0, &[]).await;
    let (status, tokens) = exchange(&sb, &client, &code).await;
    assert_eq!(status, StatusCode::OK, "{tokens}");
    let fields: Vec<&String> = tokens.as_object().unwrap().keys().collect();
    assert_eq!(
        fields,
        [
            "access_token",
            "expires_in",
            "token_type",
            "scope",
            "id_token"
        ]
    );
    assert_eq!(tokens["token_type"], "bearer");
    assert_eq!(tokens["expires_in"], 3600);
    assert_eq!(tokens["scope"], "openid profile email");

    for grant in ["single_sign_on", "refresh_token", "password"] {
        let (status, body) = token(&sb, &client, &[("grant_type", grant)]).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert_eq!(
            body,
            oauth_error(
                "unsupported_grant_type",
                &format!("Grant type \"{grant}\" not supported")
            )
        );
    }
    let (status, body) = token(&sb, &client, &[]).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        body,
        oauth_error(
            "invalid_request",
            "The grant type was not specified in the request"
        )
    );
}

#[tokio::test]
async fn point_19_client_authentication_fails_with_400_and_client_credentials_proves_a_secret() {
    let sb = TestSandbox::spawn().await;
    let sso = sb.create_sso().await;
    let id = sso["clientIdentifier"].as_str().unwrap().to_owned();
    let secret = sso["clientSecret"].as_str().unwrap().to_owned();
    let cc = [("grant_type", "client_credentials")];

    let (status, body) = token(&sb, &(id.clone(), secret.clone()), &cc).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        body,
        oauth_error(
            "unauthorized_client",
            "The grant type is unauthorized for this client_id"
        ),
        "the right secret"
    );
    let (status, body) = token(&sb, &(id.clone(), "wrong".into()), &cc).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        body,
        oauth_error("invalid_client", "The client credentials are invalid")
    );

    // In the body instead of HTTP Basic, and with nothing at all.
    let post = |form: Vec<(&'static str, String)>| {
        let http = sb.http.clone();
        let url = format!("{}/oauth/token.php", sb.base);
        async move {
            let r = http.post(url).form(&form).send().await.unwrap();
            (r.status(), r.json::<Value>().await.unwrap())
        }
    };
    let (status, body) = post(vec![
        ("grant_type", "client_credentials".into()),
        ("client_id", id.clone()),
        ("client_secret", secret.clone()),
    ])
    .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (StatusCode::BAD_REQUEST, Some("unauthorized_client"))
    );
    let (status, body) = post(vec![("grant_type", "client_credentials".into())]).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        body,
        oauth_error(
            "invalid_client",
            "Client credentials were not found in the headers or body"
        )
    );
    let (status, body) = post(vec![
        ("grant_type", "client_credentials".into()),
        ("client_id", id.clone()),
    ])
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        body,
        oauth_error(
            "invalid_client",
            "This client is invalid or must authenticate using a client secret"
        )
    );

    // After a reset the old secret is refused the same way, the new one accepted.
    let reset = sb
        .ok(&[
            ("action", "UpdateOAuthCredential"),
            ("clientIdentifier", &id),
            ("resetSecret", "1"),
        ])
        .await;
    let new = reset["newClientSecret"].as_str().unwrap().to_owned();
    let (_, body) = token(&sb, &(id.clone(), secret), &cc).await;
    assert_eq!(body["error"], "invalid_client");
    let (_, body) = token(&sb, &(id, new), &cc).await;
    assert_eq!(body["error"], "unauthorized_client");
}

#[tokio::test]
async fn point_21_codes_are_spent_only_by_success_bound_to_the_redirect_uri_and_pkce_is_ignored() {
    let sb = TestSandbox::spawn().await;
    let client = app(&sb).await;
    // A PKCE challenge is ignored: no verifier is asked for.
    let code = sign_in(
        &sb,
        &client.0,
        &[
            (
                "code_challenge",
                "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
            ),
            ("code_challenge_method", "S256"),
        ],
    )
    .await;
    let (status, body) = token(
        &sb,
        &client,
        &[("grant_type", "authorization_code"), ("code", &code)],
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        body,
        oauth_error(
            "redirect_uri_mismatch",
            "The redirect URI is missing or do not match"
        )
    );
    let (status, body) = token(
        &sb,
        &client,
        &[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("redirect_uri", "https://app.example/other"),
        ],
    )
    .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (StatusCode::BAD_REQUEST, Some("redirect_uri_mismatch"))
    );
    let (status, body) = token(
        &sb,
        &(client.0.clone(), "wrong".into()),
        &[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("redirect_uri", REDIRECT),
        ],
    )
    .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (StatusCode::BAD_REQUEST, Some("invalid_client"))
    );

    // Those failures did not spend it.
    let (status, body) = exchange(&sb, &client, &code).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, body) = exchange(&sb, &client, &code).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        body,
        oauth_error(
            "invalid_grant",
            "Authorization code doesn't exist or is invalid for the client"
        )
    );
    let (status, body) = token(&sb, &client, &[("grant_type", "authorization_code")]).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        body,
        oauth_error("invalid_request", "Missing parameter: \"code\" is required")
    );

    // A code from a request that named no redirect URI needs none at the exchange.
    let mut browser = Browser::new(&sb);
    let code = sign_in_with(&mut browser, &client.0, &[]).await;
    let _ = exchange(&sb, &client, &code).await;
    let (status, page, location) = browser
        .authorize(&[
            ("response_type", "code"),
            ("client_id", &client.0),
            ("state", "s"),
            ("scope", "openid"),
        ])
        .await;
    assert_eq!(
        status,
        StatusCode::SEE_OTHER,
        "consent is remembered: {page}"
    );
    let code = query_param(&location.unwrap(), "code").unwrap();
    let (status, body) = token(
        &sb,
        &client,
        &[("grant_type", "authorization_code"), ("code", &code)],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        sandbox::oidc::CODE_LIFETIME_SECS,
        30,
        "codes live 30 seconds"
    );
}

#[tokio::test]
async fn point_22_a_bad_client_or_redirect_uri_is_json_400_never_a_redirect() {
    let sb = TestSandbox::spawn().await;
    let client = app(&sb).await;
    let browser = Browser::new(&sb);
    for query in [
        vec![("response_type", "code"), ("state", "s")],
        vec![
            ("response_type", "code"),
            ("client_id", "NOPE.x"),
            ("state", "s"),
        ],
    ] {
        let (status, body, location) = browser.authorize(&query).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert_eq!(location, None);
        assert_eq!(
            serde_json::from_str::<Value>(&body).unwrap(),
            oauth_error("invalid_client", "The client id supplied is invalid")
        );
    }
    let (status, body, location) = browser
        .authorize(&[
            ("response_type", "code"),
            ("client_id", &client.0),
            ("redirect_uri", "https://evil.example/cb"),
            ("state", "s"),
        ])
        .await;
    assert_eq!((status, location), (StatusCode::BAD_REQUEST, None));
    assert_eq!(
        serde_json::from_str::<Value>(&body).unwrap(),
        oauth_error(
            "redirect_uri_mismatch",
            "The redirect URI provided is missing or does not match"
        )
    );
}

#[tokio::test]
async fn point_22_with_no_redirect_uri_registered_any_is_accepted() {
    let sb = TestSandbox::spawn().await;
    let created = sb
        .ok(&[
            ("action", "CreateOAuthCredential"),
            ("grantType", "authorization_code"),
            ("name", "Open App"),
            ("scope", "openid"),
        ])
        .await;
    let id = created["clientIdentifier"].as_str().unwrap();
    let (status, page, _) = Browser::new(&sb)
        .authorize(&[
            ("response_type", "code"),
            ("client_id", id),
            ("redirect_uri", "https://anywhere.example/cb"),
            ("state", "s"),
            ("scope", "openid"),
        ])
        .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(page.contains("Log in to continue"), "{page}");
}

#[tokio::test]
async fn point_22_state_response_types_and_scope_go_back_to_the_application() {
    let sb = TestSandbox::spawn().await;
    let client = app(&sb).await;
    let browser = Browser::new(&sb);
    let refused = |query: Vec<(&'static str, String)>| {
        let browser = &browser;
        async move {
            let q: Vec<(&str, &str)> = query.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let (status, _, location) = browser.authorize(&q).await;
            assert_eq!(status, StatusCode::SEE_OTHER);
            let location = location.unwrap();
            assert!(location.starts_with(REDIRECT), "{location}");
            (
                query_param(&location, "error").unwrap(),
                query_param(&location, "error_description").unwrap(),
                query_param(&location, "state"),
            )
        }
    };
    let base = |extra: &[(&'static str, &str)]| {
        let mut q = vec![
            ("client_id", client.0.clone()),
            ("redirect_uri", REDIRECT.to_owned()),
        ];
        q.extend(extra.iter().map(|(k, v)| (*k, (*v).to_owned())));
        q
    };
    assert_eq!(
        refused(base(&[("response_type", "code")])).await,
        (
            "invalid_request".into(),
            "The state parameter is required".into(),
            None
        )
    );
    assert_eq!(
        refused(base(&[("response_type", "token"), ("state", "s1")])).await,
        (
            "unsupported_response_type".into(),
            "implicit grant type not supported".into(),
            Some("s1".into())
        )
    );
    assert_eq!(
        refused(base(&[("response_type", "banana"), ("state", "s2")])).await,
        (
            "invalid_request".into(),
            "Invalid or missing response type".into(),
            Some("s2".into())
        )
    );
    assert_eq!(
        refused(base(&[
            ("response_type", "code"),
            ("state", "s3"),
            ("scope", "openid clientarea:billing_info")
        ]))
        .await,
        (
            "invalid_scope".into(),
            "An unsupported scope was requested".into(),
            Some("s3".into())
        )
    );
}

#[tokio::test]
async fn point_22_no_scope_means_profile_consent_offers_three_is_remembered_and_deny_is_consent_required()
 {
    let sb = TestSandbox::spawn().await;
    let created = sb
        .ok(&[
            ("action", "CreateOAuthCredential"),
            ("grantType", "authorization_code"),
            ("name", "Status Board"),
            ("scope", "openid profile email clientarea:profile"),
            ("redirectUri[]", REDIRECT),
        ])
        .await;
    let client = (
        created["clientIdentifier"].as_str().unwrap().to_owned(),
        created["clientSecret"].as_str().unwrap().to_owned(),
    );
    let mut browser = Browser::new(&sb);
    let (_, page, _) = browser
        .authorize(&[
            ("response_type", "code"),
            ("client_id", &client.0),
            ("redirect_uri", REDIRECT),
            ("state", "deny-me"),
            ("scope", "openid email clientarea:profile"),
        ])
        .await;
    let request = request_id(&page);
    let (_, consent, _) = browser
        .post(&[
            ("request", &request),
            ("step", "login"),
            ("email", CUSTOMER.0),
            ("password", CUSTOMER.1),
        ])
        .await;
    assert!(consent.contains("<code>openid</code>"), "{consent}");
    assert!(consent.contains("<code>email</code>"), "{consent}");
    assert!(
        !consent.contains("clientarea:profile"),
        "only openid, profile and email are offered: {consent}"
    );
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
        location,
        format!(
            "{REDIRECT}?error=consent_required&error_description=The+user+denied+access+to+your+application&state=deny-me"
        )
    );

    // No scope: `profile`. Consent once, then remembered.
    let (_, page, _) = browser
        .authorize(&[
            ("response_type", "code"),
            ("client_id", &client.0),
            ("redirect_uri", REDIRECT),
            ("state", "s"),
        ])
        .await;
    assert!(page.contains("<code>profile</code>"), "{page}");
    let request = request_id(&page);
    let (_, _, location) = browser
        .post(&[
            ("request", &request),
            ("step", "consent"),
            ("decision", "allow"),
        ])
        .await;
    let code = query_param(&location.unwrap(), "code").unwrap();
    let (status, tokens) = exchange(&sb, &client, &code).await;
    assert_eq!(status, StatusCode::OK, "{tokens}");
    assert_eq!(tokens["scope"], "profile");
    assert!(
        tokens.get("id_token").is_none(),
        "no openid, no ID token: {tokens}"
    );

    let (status, _, location) = browser
        .authorize(&[
            ("response_type", "code"),
            ("client_id", &client.0),
            ("redirect_uri", REDIRECT),
            ("state", "again"),
            ("scope", "openid"),
        ])
        .await;
    assert_eq!(
        status,
        StatusCode::SEE_OTHER,
        "no consent page the second time"
    );
    let location = location.unwrap();
    assert!(
        location.starts_with(&format!("{REDIRECT}?code=")),
        "{location}"
    );
    assert_eq!(query_param(&location, "state").as_deref(), Some("again"));
}

async fn access_token_for(sb: &TestSandbox, client: &(String, String), scope: &str) -> String {
    let code = sign_in(sb, &client.0, &[("scope", scope)]).await;
    let (status, tokens) = exchange(sb, client, &code).await;
    assert_eq!(status, StatusCode::OK, "{tokens}");
    tokens["access_token"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn point_24_userinfo_claims_and_the_token_from_header_query_or_body() {
    let sb = TestSandbox::spawn().await;
    let client = app(&sb).await;
    let access = access_token_for(&sb, &client, "openid profile email").await;
    let uuid = sb
        .ok(&[("action", "GetClientsDetails"), ("clientid", "1")])
        .await["client"]["uuid"]
        .clone();
    let url = format!("{}/oauth/userinfo.php", sb.base);
    let by_header: Value = sb
        .http
        .get(&url)
        .bearer_auth(&access)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let names: Vec<&String> = by_header.as_object().unwrap().keys().collect();
    assert_eq!(
        names,
        [
            "name",
            "family_name",
            "given_name",
            "preferred_username",
            "locale",
            "update_at",
            "email",
            "email_verified",
            "sub"
        ]
    );
    assert_eq!(by_header["name"], "Ada Lovelace");
    assert_eq!(by_header["email"], CUSTOMER.0);
    assert_eq!(by_header["email_verified"], false);
    assert_eq!(by_header["sub"], uuid);
    let by_query: Value = sb
        .http
        .get(&url)
        .query(&[("access_token", &access)])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(by_query, by_header);
    let by_body: Value = sb
        .http
        .post(&url)
        .form(&[("access_token", &access)])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(by_body, by_header);

    let r = sb
        .http
        .get(&url)
        .bearer_auth(&access)
        .query(&[("access_token", &access)])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert_eq!(
        r.json::<Value>().await.unwrap(),
        oauth_error(
            "invalid_request",
            "Only one method may be used to authenticate at a time (Auth header, GET or POST)"
        )
    );
    let r = sb.http.get(&url).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(r.headers()["www-authenticate"], "Bearer realm=\"Service\"");
    let r = sb.http.get(&url).bearer_auth("nope").send().await.unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        r.json::<Value>().await.unwrap(),
        oauth_error("invalid_token", "The access token provided is invalid")
    );

    // `openid` is required.
    let profile_only = access_token_for(&sb, &client, "profile").await;
    let r = sb
        .http
        .get(&url)
        .bearer_auth(&profile_only)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        r.json::<Value>().await.unwrap(),
        oauth_error(
            "insufficient_scope",
            "The request requires higher privileges than provided by the access token"
        )
    );
    // Email alone: no profile claims.
    let email_only = access_token_for(&sb, &client, "openid email").await;
    let claims: Value = sb
        .http
        .get(&url)
        .bearer_auth(&email_only)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        claims,
        json!({"email": CUSTOMER.0, "email_verified": false, "sub": uuid})
    );
}

#[tokio::test]
async fn point_13_access_tokens_outlive_a_reset_and_a_deleted_credential() {
    let sb = TestSandbox::spawn().await;
    let client = app(&sb).await;
    let access = access_token_for(&sb, &client, "openid email").await;
    let url = format!("{}/oauth/userinfo.php", sb.base);
    let works = || async {
        sb.http
            .get(&url)
            .bearer_auth(&access)
            .send()
            .await
            .unwrap()
            .status()
    };
    assert_eq!(works().await, StatusCode::OK);
    sb.ok(&[
        ("action", "UpdateOAuthCredential"),
        ("clientIdentifier", &client.0),
        ("resetSecret", "1"),
    ])
    .await;
    assert_eq!(works().await, StatusCode::OK, "after a reset");
    let id = sb.list(&[]).await[0]["credentialId"].to_string();
    sb.ok(&[("action", "DeleteOAuthCredential"), ("credentialId", &id)])
        .await;
    assert_eq!(
        works().await,
        StatusCode::OK,
        "after the credential was deleted"
    );
}
