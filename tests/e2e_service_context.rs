//! End to end: whose service a single sign-on credential is for. The list fills in each
//! visible SSO row's service status (ended and missing services flagged) and titles unnamed
//! credentials by product and domain; a role that may not read services sees plain ids.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use fantoccini::Locator;
use support::pages::ListPage;
use support::{Browser, DemoApp, logged_in, logged_in_as, within_timeout};

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
        let browser = logged_in(&app).await;
        ListPage(&browser).wait_for_count(12).await;
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
        browser.client.clone().close().await.unwrap();
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_role_without_get_clients_products_sees_plain_service_ids() {
    within_timeout(async {
        let app = DemoApp::start().await;
        // The demo's support role may only list credentials.
        let browser = logged_in_as(&app, "demo-support", "demo-support-secret").await;
        ListPage(&browser).wait_for_count(12).await;
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
        browser.client.clone().close().await.unwrap();
    })
    .await;
}
