//! Interoperability: a third-party OpenID Connect client (`openidconnect`, inside the demo
//! app) signs a demo customer in against the real sandbox, over HTTP, the browser's part
//! played by hand (no redirects followed, cookies carried).

use reqwest::StatusCode;
use reqwest::redirect::Policy;

const CUSTOMER: (&str, &str) = ("maria.jensen@example.com", "maria-demo");

struct Stack {
    sandbox: String,
    app: String,
    http: reqwest::Client,
    _stops: Vec<tokio::sync::oneshot::Sender<()>>,
}

async fn stack() -> Stack {
    let state =
        sandbox::SandboxState::open(sandbox::seed::demo_config("admin", "admin-secret"), None)
            .unwrap();
    let (stop_sb, sb_stopped) = tokio::sync::oneshot::channel::<()>();
    let sb = sandbox::Sandbox::start("127.0.0.1:0".parse().unwrap(), state, async {
        let _ = sb_stopped.await;
    })
    .await
    .unwrap();
    let (stop_rp, rp_stopped) = tokio::sync::oneshot::channel::<()>();
    let rp =
        relying_party::RelyingParty::start("127.0.0.1:0".parse().unwrap(), sb.base_url(), async {
            let _ = rp_stopped.await;
        })
        .await
        .unwrap();
    Stack {
        sandbox: sb.base_url(),
        app: rp.url(),
        http: reqwest::Client::builder()
            .redirect(Policy::none())
            .build()
            .unwrap(),
        _stops: vec![stop_sb, stop_rp],
    }
}

impl Stack {
    /// An authorization code credential registered for the demo app: (client id, secret).
    async fn credential(&self) -> (String, String) {
        let body: serde_json::Value = self
            .http
            .post(format!("{}/includes/api.php", self.sandbox))
            .form(&[
                ("identifier", "admin"),
                ("secret", "admin-secret"),
                ("responsetype", "json"),
                ("action", "CreateOAuthCredential"),
                ("grantType", "authorization_code"),
                ("name", "Demo app"),
                ("scope", "openid profile email"),
                ("redirectUri[]", &format!("{}/callback", self.app)),
            ])
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(body["result"], "success", "{body}");
        (
            body["clientIdentifier"].as_str().unwrap().to_owned(),
            body["clientSecret"].as_str().unwrap().to_owned(),
        )
    }

    /// Presses "Sign in with WHMCS", logs in as the customer, answers the consent with
    /// `decision`; returns the demo app's final page (status, text).
    async fn sign_in(&self, client: &(String, String), decision: &str) -> (StatusCode, String) {
        let start = self
            .http
            .post(format!("{}/start", self.app))
            .form(&[
                ("client_id", client.0.as_str()),
                ("client_secret", client.1.as_str()),
                ("scope", "openid profile email"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(start.status(), StatusCode::SEE_OTHER);
        let app_cookie = start.headers()["set-cookie"]
            .to_str()
            .unwrap()
            .split(';')
            .next()
            .unwrap()
            .to_owned();
        let authorize = start.headers()["location"].to_str().unwrap().to_owned();
        assert!(
            authorize.starts_with(&format!("{}/oauth/authorize.php?", self.sandbox)),
            "{authorize}"
        );
        assert!(
            authorize.contains("&state=") && authorize.contains("&nonce="),
            "state and nonce: {authorize}"
        );
        assert!(
            !authorize.contains("code_challenge"),
            "no PKCE, which WHMCS ignores: {authorize}"
        );

        let login_page = self
            .http
            .get(&authorize)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let request = {
            let at = login_page.find(r#"name="request" value=""#).unwrap() + 22;
            login_page[at..].split('"').next().unwrap().to_owned()
        };
        let logged_in = self
            .http
            .post(format!("{}/oauth/authorize.php", self.sandbox))
            .form(&[
                ("request", request.as_str()),
                ("step", "login"),
                ("email", CUSTOMER.0),
                ("password", CUSTOMER.1),
            ])
            .send()
            .await
            .unwrap();
        let area_cookie = logged_in.headers()["set-cookie"]
            .to_str()
            .unwrap()
            .split(';')
            .next()
            .unwrap()
            .to_owned();
        let consent = self
            .http
            .post(format!("{}/oauth/authorize.php", self.sandbox))
            .header("cookie", &area_cookie)
            .form(&[
                ("request", request.as_str()),
                ("step", "consent"),
                ("decision", decision),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(consent.status(), StatusCode::SEE_OTHER);
        let back = consent.headers()["location"].to_str().unwrap().to_owned();
        assert!(
            back.starts_with(&format!("{}/callback?", self.app)),
            "{back}"
        );
        let page = self
            .http
            .get(&back)
            .header("cookie", &app_cookie)
            .send()
            .await
            .unwrap();
        (page.status(), page.text().await.unwrap())
    }
}

#[tokio::test]
async fn a_customer_signs_in_and_the_app_sees_verified_claims() {
    let s = stack().await;
    let client = s.credential().await;
    let (status, page) = s.sign_in(&client, "allow").await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(page.contains(r#"data-testid="rp-verified""#), "{page}");
    assert!(
        page.contains("<th>email (userinfo)</th><td>maria.jensen@example.com</td>"),
        "{page}"
    );
    assert!(
        page.contains("<th>name (userinfo)</th><td>Maria Jensen</td>"),
        "{page}"
    );
    assert!(
        page.contains("<th>refresh token</th><td>no refresh token (WHMCS never issues one"),
        "{page}"
    );
    assert!(
        page.contains(&format!("<th>aud</th><td>{}</td>", client.0)),
        "{page}"
    );
    assert!(
        page.contains("&quot;email_verified&quot;: false"),
        "userinfo: {page}"
    );
    assert!(!page.contains(&client.1), "the secret never reaches a page");
    let sub = page
        .split("<th>sub</th><td>")
        .nth(1)
        .and_then(|rest| rest.split('<').next())
        .unwrap();
    assert!(
        sub.len() == 36 && sub.matches('-').count() == 4,
        "sub is the customer's UUID: {sub}"
    );
}

#[tokio::test]
async fn a_denied_consent_and_a_wrong_secret_are_explained() {
    let s = stack().await;
    let client = s.credential().await;
    let (status, page) = s.sign_in(&client, "deny").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        page.contains("The customer pressed Deny on the consent page."),
        "{page}"
    );

    let wrong = (client.0.clone(), "not-the-secret".to_owned());
    let (status, page) = s.sign_in(&wrong, "allow").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        page.contains("WHMCS refused the client identifier or secret"),
        "{page}"
    );
}
