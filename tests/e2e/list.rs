//! End to end: the credentials list — WHMCS's server-side parameters, search, column sort,
//! paging — and its URL round trip, in headless Chromium.

use crate::support::pages::ListPage;
use crate::support::{DEMO_CREDENTIALS, DemoApp, Engine, in_engines, logged_in, within_timeout};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn server_side_filter_order_and_limit_round_trip_through_the_url() {
    within_timeout(async {
        let app = DemoApp::start().await;
        let browser = logged_in(&app, Engine::Chromium).await;
        let list = ListPage(&browser);
        assert_eq!(
            list.wait_for_count(DEMO_CREDENTIALS as usize).await,
            (1..=DEMO_CREDENTIALS).collect::<Vec<_>>()
        );

        list.select("filter-grant", "single_sign_on").await;
        list.wait_for_ids(&[7, 8, 9, 10, 11, 12, 17, 18, 19, 20])
            .await;
        assert_eq!(browser.path_and_query().await, "/?grant=single_sign_on");

        list.select("filter-grant", "").await;
        list.select("server-sort-field", "name").await;
        list.select("server-sort-order", "desc").await;
        browser.type_into("limit", "3").await;
        browser.find("search").await.click().await.unwrap(); // commit the limit field
        list.wait_for_count(3).await;
        assert_eq!(
            list.names().await,
            [
                "cPanel SSO – nordlys-design.example",
                "cPanel SSO (old) – nordlys-design.example",
                "WordPress SSO – blog.nordlys-design.example",
            ]
        );
        let url = browser.path_and_query().await;
        assert_eq!(url, "/?sortField=name&sortOrder=desc&limit=3");

        // The link alone reproduces the view.
        browser.open(&app, &url).await;
        list.wait_for_count(3).await;
        assert_eq!(list.names().await[0], "cPanel SSO – nordlys-design.example");
        let order = browser
            .find("server-sort-order")
            .await
            .prop("value")
            .await
            .unwrap();
        assert_eq!(order.as_deref(), Some("desc"));

        // Back returns to the previous view.
        browser.client.back().await.unwrap();
        browser.client.back().await.unwrap();
        browser
            .eventually("an earlier view after Back", || async {
                (browser.path_and_query().await != url).then_some(())
            })
            .await;
        browser.close().await;
    })
    .await;
}

in_engines!(search_column_sort_and_paging: chromium, firefox, webkit);
async fn search_column_sort_and_paging(engine: Engine) {
    within_timeout(async {
        let app = DemoApp::start().await;
        app.add_sso_credentials(40).await;
        let browser = logged_in(&app, engine).await;
        let list = ListPage(&browser);
        list.wait_for_count(50).await;
        assert_eq!(list.summary().await, "Showing 1–50 of 60 (60 loaded)");

        // Paging.
        list.select("page-size", "25").await;
        list.wait_for_count(25).await;
        assert_eq!(browser.text_of("page-status").await, "Page 1 of 3");
        browser.click("page-next").await;
        browser.click("page-next").await;
        list.wait_for_count(10).await;
        assert_eq!(browser.text_of("page-status").await, "Page 3 of 3");
        assert_eq!(browser.path_and_query().await, "/?page=3&size=25");

        // Search: name, description, identifier and redirect URIs; case-insensitive.
        list.search("PORTAL").await;
        list.wait_for_ids(&[1]).await;
        assert_eq!(browser.path_and_query().await, "/?q=PORTAL&size=25");
        // 11 by its redirect URI; 10 by its service's domain (the loaded context).
        list.search("hanasato").await;
        list.wait_for_ids(&[10, 11]).await;
        list.search("no such thing").await;
        assert_eq!(
            browser.text_of("list-empty").await,
            "No credential matches the search."
        );
        list.search("bulk 03").await;
        list.wait_for_ids(&[51, 52, 53, 54, 55, 56, 57, 58, 59, 60])
            .await;

        // Column sort: a click ascends, a second descends.
        browser.click("sort-name").await;
        browser.click("sort-name").await;
        list.wait_for_ids(&[60, 59, 58, 57, 56, 55, 54, 53, 52, 51])
            .await;
        assert_eq!(
            browser.path_and_query().await,
            "/?q=bulk+03&sort=name&dir=desc&size=25"
        );
        browser.close().await;
    })
    .await;
}

/// Every WHMCS sort field, both ways: the panel shows the rows in the order WHMCS gave.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_server_sort_field_both_ways() {
    within_timeout(async {
        let app = DemoApp::start().await;
        let browser = logged_in(&app, Engine::Chromium).await;
        let list = ListPage(&browser);
        list.wait_for_count(DEMO_CREDENTIALS as usize).await;
        let api = app.api_client().await;
        for field in whmcs_api::SortField::ALL {
            for order in ["asc", "desc"] {
                let body = format!(
                    "action=ListOAuthCredentials&sortField={}&sortOrder={order}",
                    field.column()
                );
                let expected: Vec<u64> = app.whmcs(&api, body).await["clients"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|c| c["credentialId"].as_u64().unwrap())
                    .collect();
                browser
                    .client
                    .goto(&format!(
                        "{}/?sortField={}&sortOrder={order}",
                        app.url,
                        field.column()
                    ))
                    .await
                    .unwrap();
                list.wait_for_ids(&expected).await;
            }
        }
        browser.close().await;
    })
    .await;
}
