//! End to end: whose service a single sign-on credential is for. The list fills in each
//! visible SSO row's customer, product, domain and status (ended and missing services
//! flagged) and titles unnamed credentials by product and domain; search and the service
//! filter read that context; the service picker finds a customer by email and fills the
//! service ID; a role that may not read services sees plain ids and no picker.

use crate::support::pages::ListPage;
use crate::support::{
    Browser, DEMO_CREDENTIALS, DemoApp, Engine, logged_in, logged_in_as_support, within_timeout,
};
use fantoccini::Locator;

/// Each row's (id, name, service status, whether the status is flagged), once `n` statuses
/// have arrived.
async fn rows_with_status(browser: &Browser, n: usize) -> Vec<(u64, String, String, bool)> {
    browser
        .eventually("the services' statuses", || async {
            let statuses = browser
                .client
                .find_all(Locator::Css("[data-testid='row-service-status']"))
                .await
                .ok()?;
            if statuses.len() < n {
                return None;
            }
            let mut rows = Vec::new();
            for row in browser
                .client
                .find_all(Locator::Css("[data-testid='row']"))
                .await
                .ok()?
            {
                let id = row.attr("data-id").await.ok()??.parse().ok()?;
                let name = row
                    .find(Locator::Css("[data-testid='row-name']"))
                    .await
                    .ok()?
                    .text()
                    .await
                    .ok()?;
                let (status, flagged) = match row
                    .find(Locator::Css("[data-testid='row-service-status']"))
                    .await
                {
                    Ok(s) => (
                        s.text().await.ok()?,
                        s.attr("class").await.ok()??.contains("status-ended"),
                    ),
                    Err(_) => (String::new(), false),
                };
                rows.push((id, name, status, flagged));
            }
            Some(rows)
        })
        .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn single_sign_on_rows_show_their_service_and_flag_ended_or_missing_ones() {
    within_timeout(async {
        let app = DemoApp::start().await;
        let browser = logged_in(&app, Engine::Chromium).await;
        ListPage(&browser).wait_for_count(DEMO_CREDENTIALS as usize).await;
        let rows = rows_with_status(&browser, 6).await;
        let sso: Vec<_> = rows.iter().filter(|r| r.0 >= 7).cloned().collect();
        let row = |id: u64| sso.iter().find(|r| r.0 == id).unwrap().clone();
        assert_eq!(row(7).2, "Active");
        assert!(!row(7).3);
        assert_eq!(
            (row(8).2, row(8).3),
            ("not found".to_owned(), true),
            "the credential whose service was deleted"
        );
        assert_eq!(
            (row(9).1, row(9).2),
            (
                "SSO · VPS 4 GB · vps1.mensah-logistics.example".to_owned(),
                "Suspended".to_owned()
            ),
            "an unnamed credential is titled by its service"
        );
        assert_eq!(
            (row(11).2, row(11).3),
            ("Terminated".to_owned(), true),
            "a terminated service is a clean-up candidate"
        );
        // Authorization code rows have no service to show.
        assert!(rows.iter().filter(|r| r.0 < 7).all(|r| r.2.is_empty()));
        // The customer comes with the product and domain (company, else first and last name).
        let context = |id: u64| {
            let browser = &browser;
            async move {
                browser
                    .eventually("the row's customer", || async {
                        let text = browser
                            .client
                            .find(Locator::Css(&format!(
                                "[data-id='{id}'] [data-testid='row-service-context']"
                            )))
                            .await
                            .ok()?
                            .attr("title")
                            .await
                            .ok()??;
                        text.contains('<').then_some(text)
                    })
                    .await
            }
        };
        assert_eq!(
            context(9).await,
            "Mensah Logistics <kofi.mensah@example.com> · VPS 4 GB · vps1.mensah-logistics.example · Suspended"
        );
        assert!(context(11).await.starts_with("Hana Sato <hana.sato@example.com> · Email Pro"));
        browser.close().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_role_without_get_clients_products_sees_plain_service_ids() {
    within_timeout(async {
        let app = DemoApp::start().await;
        // The demo's support role may only list credentials.
        let browser = logged_in_as_support(&app).await;
        ListPage(&browser)
            .wait_for_count(DEMO_CREDENTIALS as usize)
            .await;
        let names = ListPage(&browser).names().await;
        assert!(names.contains(&"SSO · service 103".to_owned()), "{names:?}");
        let statuses = browser
            .client
            .find_all(Locator::Css("[data-testid='row-service-status']"))
            .await
            .unwrap();
        assert!(statuses.is_empty(), "no context without the permission");
        let services = browser
            .client
            .find_all(Locator::Css("[data-testid='row-service']"))
            .await
            .unwrap();
        let mut ids = Vec::new();
        for s in services {
            ids.push(s.text().await.unwrap());
        }
        assert!(ids.contains(&"103".to_owned()), "{ids:?}");
        // No picker: the number field, and one line saying why.
        browser.open(&app, "/credentials/9").await;
        let why = browser
            .eventually("the hint instead of the picker", || async {
                let t = browser.text_of("picker-unavailable").await;
                (!t.is_empty()).then_some(t)
            })
            .await;
        assert!(why.contains("cannot search customers"), "{why}");
        assert!(
            browser
                .client
                .find_all(Locator::Css("[data-testid='service-picker']"))
                .await
                .unwrap()
                .is_empty()
        );
        browser.close().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn search_and_the_service_filter_read_the_loaded_context() {
    within_timeout(async {
        let app = DemoApp::start().await;
        let browser = logged_in(&app, Engine::Chromium).await;
        let list = ListPage(&browser);
        list.wait_for_count(DEMO_CREDENTIALS as usize).await;
        rows_with_status(&browser, 6).await;
        // A customer's email finds her credentials (neither names her).
        list.search("hana.sato@").await;
        list.wait_for_ids(&[10, 11]).await;
        list.search("mensah logistics").await;
        list.wait_for_ids(&[9]).await;
        list.search("").await;
        // Ended services: the terminated one and the one WHMCS no longer has are not
        // "ended" both: terminated is ended, not found is its own choice.
        list.select("filter-service", "ended").await;
        list.wait_for_ids(&[11, 19]).await;
        list.select("filter-service", "missing").await;
        list.wait_for_ids(&[8]).await;
        assert!(browser.path_and_query().await.contains("svc=missing"));
        browser.close().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rows_off_screen_are_counted_and_load_the_rest_fills_them_in() {
    within_timeout(async {
        let app = DemoApp::start().await;
        // 30 more on service 101: newest first, 25 a page, the first page is all 101, and
        // the demo's services 102–109 are on page 2.
        app.add_sso_credentials(30).await;
        let browser = logged_in(&app, Engine::Chromium).await;
        browser.open(&app, "/?size=25&sort=id&dir=desc").await;
        rows_with_status(&browser, 25).await;
        // The filter judges only loaded rows, and says how many it cannot judge yet.
        ListPage(&browser).select("filter-service", "active").await;
        // Services 102 to 109 are not loaded; the filter sees 101's 32 credentials only.
        browser
            .eventually("the count of rows without context", || async {
                let t = browser.text_of("context-bar-text").await;
                t.starts_with("8 services not loaded yet").then_some(())
            })
            .await;
        assert!(
            ListPage(&browser)
                .summary()
                .await
                .contains("of 32 (50 loaded)")
        );
        browser.click("context-load-rest").await;
        browser
            .eventually("every service loaded", || async {
                let gone = browser
                    .client
                    .find_all(Locator::Css("[data-testid='context-bar']"))
                    .await
                    .ok()?
                    .is_empty();
                gone.then_some(())
            })
            .await;
        // Now the filter sees them: 101's 32 credentials, and 104's, 106's and 109's.
        browser
            .eventually("the active services of page 2 counted", || async {
                let summary = ListPage(&browser).summary().await;
                summary.contains("of 35 (50 loaded)").then_some(())
            })
            .await;
        browser.close().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_picker_finds_a_customer_by_email_and_fills_the_service_id() {
    within_timeout(async {
        use fantoccini::key::Key;
        let app = DemoApp::start().await;
        let browser = logged_in(&app, Engine::Chromium).await;
        browser.open(&app, "/credentials/new").await;
        browser.click("grant-single_sign_on").await;
        browser.type_into("service-picker", "hana.sato@").await;
        let picker = browser.find("service-picker").await;
        // The customer, by keyboard: the first option is active, Enter opens it.
        let first = browser
            .eventually("the matching customer", || async {
                let options = browser
                    .client
                    .find_all(Locator::Css("[data-testid='picker-option']"))
                    .await
                    .ok()?;
                let first = options.first()?.text().await.ok()?;
                first.contains("Hana Sato").then_some(first)
            })
            .await;
        assert!(first.contains("hana.sato@example.com"), "{first}");
        assert_eq!(
            picker.attr("aria-expanded").await.unwrap().as_deref(),
            Some("true")
        );
        assert_eq!(
            picker
                .attr("aria-activedescendant")
                .await
                .unwrap()
                .as_deref(),
            Some("service-picker-0")
        );
        picker
            .send_keys(&char::from(Key::Enter).to_string())
            .await
            .unwrap();
        // Her services, then the second one (Email Pro, terminated) by arrow and Enter.
        let services = browser
            .eventually("her services", || async {
                let heading = browser.text_of("picker-heading").await;
                let options = browser
                    .client
                    .find_all(Locator::Css("[data-testid='picker-option']"))
                    .await
                    .ok()?;
                let mut texts = Vec::new();
                for o in options {
                    texts.push(o.text().await.ok()?);
                }
                (heading == "Services of Hana Sato" && texts.len() == 2).then_some(texts)
            })
            .await;
        assert!(
            services[0].contains("Starter Hosting") && services[0].contains("#104"),
            "{services:?}"
        );
        assert!(
            services[1].contains("Terminated") && services[1].contains("#105"),
            "{services:?}"
        );
        picker
            .send_keys(&char::from(Key::Down).to_string())
            .await
            .unwrap();
        picker
            .send_keys(&char::from(Key::Enter).to_string())
            .await
            .unwrap();
        let id = browser
            .eventually("the service ID filled in", || async {
                let v = browser
                    .find("service-id")
                    .await
                    .prop("value")
                    .await
                    .ok()??;
                (!v.is_empty()).then_some(v)
            })
            .await;
        assert_eq!(id, "105");
        let line = browser
            .eventually("the chosen service's context", || async {
                let t = browser.text_of("service-line").await;
                t.contains("hana.sato@example.com").then_some(t)
            })
            .await;
        assert!(
            line.contains("Terminated") && line.contains("Email Pro"),
            "{line}"
        );
        // Typing a number still works, and is still checked as WHMCS checks it.
        // WHMCS reads it with `(int)`: `abc` is 0, so missing (contract point 10).
        browser.type_into("service-id", "abc").await;
        assert_eq!(
            browser.text_of("service-error").await,
            "A service ID is required for the single sign-on grant type."
        );
        browser.close().await;
    })
    .await;
}
