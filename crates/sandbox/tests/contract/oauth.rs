//! Single sign-on as a real installation runs it (contract point 20): a server module
//! posts to `token.php?module=cpanel&module_type=server`, and the customer opens the
//! one-time `redirect_url` into the client area.

use reqwest::StatusCode;
use sandbox::config::ClientConfig;
use serde_json::{Value, json};

use crate::helpers::{TestSandbox, config};

/// Client 2 is Closed; its service 40 is Active.
const CLOSED_SERVICE: &str = "40";

async fn spawn() -> TestSandbox {
    let mut c = config();
    let mut service = c.clients[0].services[0].clone();
    service.id = 40;
    service.domain = "closed.example".into();
    c.clients.push(ClientConfig {
        id: 2,
        first_name: "Cleo".into(),
        last_name: "Closed".into(),
        company: String::new(),
        email: "cleo@example.com".into(),
        status: "Closed".into(),
        password: String::new(),
        services: vec![service],
    });
    TestSandbox::spawn_with(c, None).await
}

async fn sso_credential(sb: &TestSandbox, service: &str, scope: &str) -> (String, String) {
    let created = sb
        .ok(&[
            ("action", "CreateOAuthCredential"),
            ("grantType", "single_sign_on"),
            ("serviceId", service),
            ("scope", scope),
        ])
        .await;
    (
        created["clientIdentifier"].as_str().unwrap().to_owned(),
        created["clientSecret"].as_str().unwrap().to_owned(),
    )
}

/// cPanel's request: the credential as `subscriber_unique_id` and `token`.
async fn cpanel(sb: &TestSandbox, module: &str, body: &[(&str, &str)]) -> (StatusCode, Value) {
    let r = sb
        .http
        .post(format!(
            "{}/oauth/token.php?module={module}&module_type=server",
            sb.base
        ))
        .form(body)
        .send()
        .await
        .unwrap();
    (r.status(), r.json().await.unwrap())
}

fn no_redirects() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

#[tokio::test]
async fn point_20_a_server_modules_sign_on_opens_the_client_area_once() {
    let sb = spawn().await;
    let (id, secret) = sso_credential(&sb, "10", "clientarea:sso clientarea:profile").await;
    let (status, body) = cpanel(
        &sb,
        "cpanel",
        &[
            ("subscriber_unique_id", &id),
            ("token", &secret),
            ("scope", "clientarea:sso"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let fields: Vec<&String> = body.as_object().unwrap().keys().collect();
    assert_eq!(
        fields,
        [
            "access_token",
            "expires_in",
            "token_type",
            "scope",
            "redirect_url"
        ]
    );
    assert_eq!(body["token_type"], "bearer");
    assert_eq!(body["scope"], "clientarea:sso");
    let access = body["access_token"].as_str().unwrap();
    let url = body["redirect_url"].as_str().unwrap();
    assert_eq!(
        url,
        format!(
            "{}/oauth/singlesignon.php?module_type=server&module=cpanel&access_token={access}",
            sb.base
        )
    );

    let browser = no_redirects();
    let r = browser.get(url).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(r.headers()["location"], "/clientarea.php");
    let cookie = r.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    let page = browser
        .get(format!("{}/clientarea.php", sb.base))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("Signed in as <strong>Ada Lovelace</strong> (ada@example.com)"),
        "{page}"
    );
    assert!(
        page.contains("Service #10: <strong>Hosting</strong> · ada.example · Active"),
        "{page}"
    );

    // Once only.
    let again = browser.get(url).send().await.unwrap();
    assert_eq!(again.status(), StatusCode::FORBIDDEN);
    assert!(
        again
            .text()
            .await
            .unwrap()
            .contains("This single sign-on link was already used.")
    );
}

#[tokio::test]
async fn point_20_no_scope_asked_is_the_credentials_and_without_clientarea_sso_it_is_resource_php()
{
    let sb = spawn().await;
    let (id, secret) = sso_credential(&sb, "10", "clientarea:sso clientarea:profile").await;
    let (status, body) = cpanel(
        &sb,
        "cpanel",
        &[("subscriber_unique_id", &id), ("token", &secret)],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["scope"], "clientarea:sso clientarea:profile");

    let (status, body) = cpanel(
        &sb,
        "cpanel",
        &[
            ("subscriber_unique_id", &id),
            ("token", &secret),
            ("scope", "clientarea:profile"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let url = body["redirect_url"].as_str().unwrap();
    assert!(
        url.starts_with(&format!(
            "{}/oauth/resource.php?module_type=server&module=cpanel&access_token=",
            sb.base
        )),
        "{url}"
    );
    // And it cannot be used to sign in.
    let access = body["access_token"].as_str().unwrap();
    let r = no_redirects()
        .get(format!(
            "{}/oauth/singlesignon.php?module_type=server&module=cpanel&access_token={access}",
            sb.base
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn point_20_refusals_scope_clientarea_sso_closed_client_secret_and_module() {
    let sb = spawn().await;
    let (id, secret) = sso_credential(&sb, "10", "clientarea:sso").await;
    let invalid_scope = json!({"error": "invalid_scope", "error_description": "The scope requested is invalid for this client"});
    let (status, body) = cpanel(
        &sb,
        "cpanel",
        &[
            ("subscriber_unique_id", &id),
            ("token", &secret),
            ("scope", "clientarea:sso clientarea:invoices"),
        ],
    )
    .await;
    assert_eq!((status, &body), (StatusCode::BAD_REQUEST, &invalid_scope));

    // A credential without clientarea:sso cannot sign anyone on.
    let (bare_id, bare_secret) = sso_credential(&sb, "10", "clientarea:profile").await;
    let (status, body) = cpanel(
        &sb,
        "cpanel",
        &[("subscriber_unique_id", &bare_id), ("token", &bare_secret)],
    )
    .await;
    assert_eq!((status, &body), (StatusCode::BAD_REQUEST, &invalid_scope));

    let (closed_id, closed_secret) = sso_credential(&sb, CLOSED_SERVICE, "clientarea:sso").await;
    let (status, body) = cpanel(
        &sb,
        "cpanel",
        &[
            ("subscriber_unique_id", &closed_id),
            ("token", &closed_secret),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        body,
        json!({"error": "access_denied", "error_description": "Single Sign-On authentication denied"})
    );

    let (status, body) = cpanel(
        &sb,
        "cpanel",
        &[("subscriber_unique_id", &id), ("token", "wrong")],
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["error"], "invalid_client");

    let (status, body) = cpanel(
        &sb,
        "plesk",
        &[("subscriber_unique_id", &id), ("token", &secret)],
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        body,
        json!({"error": "invalid_request", "error_description": "The server module \"plesk\" is not available"})
    );

    // An authorization code credential is not a single sign-on one.
    let app = crate::helpers::TestSandbox::create_app(&sb, "App").await;
    let (status, body) = cpanel(
        &sb,
        "cpanel",
        &[
            (
                "subscriber_unique_id",
                app["clientIdentifier"].as_str().unwrap(),
            ),
            ("token", app["clientSecret"].as_str().unwrap()),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["error"], "unauthorized_client");
}

#[tokio::test]
async fn point_20_the_client_area_without_a_login() {
    let sb = spawn().await;
    let page = sb
        .http
        .get(format!("{}/clientarea.php", sb.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("You are not signed in."), "{page}");
}
