//! The panel's own browser tests: components mounted in headless Chromium by
//! wasm-bindgen-test (`cargo xtask test` runs them with `--target wasm32-unknown-unknown`).
#![cfg(target_arch = "wasm32")]

use std::time::Duration;

use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::HtmlElement;

wasm_bindgen_test_configure!(run_in_browser);

/// Polls until `[data-testid=…]` exists inside `root`, or fails after five seconds.
async fn wait_for(root: &web_sys::Element, testid: &str) -> HtmlElement {
    for _ in 0..100 {
        if let Ok(Some(el)) = root.query_selector(&format!("[data-testid='{testid}']")) {
            return el.unchecked_into();
        }
        gloo_timers::future::sleep(Duration::from_millis(50)).await;
    }
    panic!("[data-testid='{testid}'] never appeared");
}

fn fresh_root() -> HtmlElement {
    let document = web_sys::window().unwrap().document().unwrap();
    let root: HtmlElement = document.create_element("div").unwrap().unchecked_into();
    document.body().unwrap().append_child(&root).unwrap();
    root
}

#[wasm_bindgen_test]
async fn without_a_gateway_the_panel_says_so_instead_of_staying_blank() {
    let root = fresh_root();
    let _handle = leptos::mount::mount_to(root.clone(), panel::App);
    assert_eq!(
        wait_for(&root, "product-name").await.inner_text(),
        "WHMCS OAuth Admin"
    );
    // The test runner's own server has no /api/config: the panel must show why, not hang.
    let error = wait_for(&root, "load-error").await;
    assert_eq!(error.get_attribute("role").as_deref(), Some("alert"));
    assert_eq!(error.inner_text(), "The gateway answered with HTTP 404.");
}

/// The list's URL state survives the browser's own URL parser (what the router uses).
#[wasm_bindgen_test]
fn list_url_state_round_trips_through_the_browser_url_parser() {
    use panel::pages::list::state::columns::Column;
    use panel::pages::list::state::filter::ServiceFilter;
    use panel::pages::list::state::url::ListUrlState;
    use whmcs_api::{SortField, SortOrder};

    let view = ListUrlState {
        grant: "single_sign_on".into(),
        server_sort: Some((SortField::UpdatedAt, SortOrder::Desc)),
        limit: 250,
        search: "Ünïcode & spaces/slashes?".into(),
        service: ServiceFilter::Ended,
        finding: Some(whmcs_api::findings::FindingKind::DuplicateSingleSignOn),
        sort: Some((Column::ClientIdentifier, SortOrder::Asc)),
        page: 4,
        page_size: 25,
    };
    let url = web_sys::Url::new(&format!("http://panel.test/{}", view.to_query())).unwrap();
    let params = url.search_params();
    let parsed = ListUrlState::from_query(|k| params.get(k));
    assert_eq!(parsed, view);
}

/// The create form's validation runs in the browser with WHMCS's words.
#[wasm_bindgen_test]
fn form_validation_runs_in_the_browser() {
    use panel::form::CredentialForm;
    use whmcs_api::ScopeCatalogue;
    use whmcs_api::validation::Field;

    let catalogue = ScopeCatalogue::default();
    let mut form = CredentialForm {
        grant: "single_sign_on".into(),
        ..Default::default()
    };
    form.toggle_scope("clientarea:sso", &catalogue);
    let errors = form.check_create(&catalogue).unwrap_err();
    assert_eq!(
        errors.for_field(Field::ServiceId),
        Some("A service ID is required for the single sign-on grant type.")
    );
    form.service_id = "42".into();
    assert_eq!(form.check_create(&catalogue).unwrap().service_id, 42);
}

#[wasm_bindgen_test]
async fn random_tokens_are_base64url() {
    // RFC 7636 appendix A's octets: `+` and `/` become `-` and `_`, and no padding.
    assert_eq!(panel::pkce::base64url(&[3, 236, 255, 224, 193]), "A-z_4ME");
    let token = panel::pkce::random_token(32);
    assert_eq!(token.len(), 43);
    assert!(
        token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    );
}

#[wasm_bindgen_test]
fn the_browsers_lower_casing_matches_unicodes() {
    // Non-ASCII text is lower-cased by the browser: the same mapping as Rust's own.
    for text in [
        "ØSTERGAARD Ärzte GmbH",
        "ΟΔΥΣΣΕΥΣ",
        "İstanbul Hosting",
        "ＦＵＬＬＷＩＤＴＨ",
        "Nordlys DESIGN",
    ] {
        assert_eq!(panel::text::lowercase(text), text.to_lowercase(), "{text}");
    }
}
