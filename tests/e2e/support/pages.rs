//! Page objects: what a person does on each page, in the panel's own terms.

use fantoccini::Locator;

use super::Browser;

pub struct LoginPage<'a>(pub &'a Browser);

impl LoginPage<'_> {
    pub async fn log_in(&self, identifier: &str, secret: &str) {
        self.0.type_into("login-identifier", identifier).await;
        self.0.type_into("login-secret", secret).await;
        self.0.click("login-submit").await;
    }

    pub async fn error(&self) -> String {
        self.0.text_of("login-error").await
    }
}

pub struct ListPage<'a>(pub &'a Browser);

impl ListPage<'_> {
    /// The ids of the rows on screen, top to bottom; none while only the first page of a big
    /// list is in (the list is not what a test reads yet) or while the page cannot be read
    /// (WebKit refuses a script while a navigation replaces the document). Read in one
    /// script, so a re-render cannot replace a row between two reads.
    pub async fn ids(&self) -> Vec<u64> {
        let read = self
            .0
            .eval(
                "if (document.querySelector(\"[data-testid='list-summary'][data-complete='false']\")) return [];
                 return [...document.querySelectorAll(\"[data-testid='row']\")].filter(r => r.dataset.id).map(r => Number(r.dataset.id));",
                vec![],
            )
            .await;
        read.ok()
            .and_then(|v| serde_json::from_value(v).ok())
            .unwrap_or_default()
    }

    /// The names of the rows on screen, top to bottom, read in one script.
    pub async fn names(&self) -> Vec<String> {
        let names = self
            .0
            .eval(
                "return [...document.querySelectorAll(\"[data-testid='row-name']\")].map(e => e.innerText.trim());",
                vec![],
            )
            .await
            .expect("the names can be read");
        serde_json::from_value(names).expect("a list of names")
    }

    /// Waits until the rows on screen are exactly `ids`.
    pub async fn wait_for_ids(&self, ids: &[u64]) {
        let want = ids.to_vec();
        self.0
            .eventually(&format!("rows {want:?}"), || {
                let want = want.clone();
                async move { (self.ids().await == want).then_some(()) }
            })
            .await;
    }

    /// Waits until `n` rows are on screen and returns their ids.
    pub async fn wait_for_count(&self, n: usize) -> Vec<u64> {
        self.0
            .eventually(&format!("{n} rows"), || async move {
                let got = self.ids().await;
                (got.len() == n).then_some(got)
            })
            .await
    }

    pub async fn search(&self, text: &str) {
        self.0.type_into("search", text).await;
    }

    pub async fn select(&self, testid: &str, value: &str) {
        self.0
            .find(testid)
            .await
            .select_by_value(value)
            .await
            .expect("select");
    }

    pub async fn summary(&self) -> String {
        self.0.text_of("list-summary").await
    }
}

pub struct CreatePage<'a>(pub &'a Browser);

impl CreatePage<'_> {
    pub async fn choose_grant(&self, grant: &str) {
        self.0.click(&format!("grant-{grant}")).await;
    }

    pub async fn tick_scope(&self, scope: &str) {
        self.0.click(&format!("scope-{scope}")).await;
    }

    pub async fn add_redirect(&self, index: usize, uri: &str) {
        self.0.click("add-redirect").await;
        self.0.type_into(&format!("redirect-{index}"), uri).await;
    }

    pub async fn submit_enabled(&self) -> bool {
        self.0
            .find("submit")
            .await
            .is_enabled()
            .await
            .expect("enabled state")
    }

    /// The inline error next to a field, once it shows.
    pub async fn error(&self, field: &str) -> String {
        self.0.text_of(&format!("{field}-error")).await
    }

    /// Whether a field shows no error (checked now, not waited for).
    pub async fn has_no_error(&self, field: &str) -> bool {
        self.0
            .client
            .find_all(Locator::Css(&format!("[data-testid='{field}-error']")))
            .await
            .expect("query")
            .is_empty()
    }
}

/// The one-time secret dialog (after a create or a reset).
pub struct SecretDialog<'a>(pub &'a Browser);

impl SecretDialog<'_> {
    /// The identifier and secret it shows.
    pub async fn read(&self) -> (String, String) {
        (
            self.0.text_of("secret-dialog-identifier").await,
            self.0.text_of("secret-dialog-secret").await,
        )
    }

    /// Checks it cannot be dismissed before the person says they stored the secret, then
    /// says so and closes it.
    pub async fn confirm_stored(&self) {
        let done = self.0.find("secret-dialog-done").await;
        assert!(
            !done.is_enabled().await.unwrap(),
            "Done waits for the checkbox"
        );
        // Escape closes a modal for a moment at most: it opens again at once.
        self.0
            .find("secret-dialog-stored")
            .await
            .send_keys(&char::from(fantoccini::key::Key::Escape).to_string())
            .await
            .unwrap();
        self.0
            .eventually("Escape not to dismiss it", || async {
                self.is_open().await.then_some(())
            })
            .await;
        let (_, secret) = self.read().await;
        assert_eq!(secret.len(), 88, "the secret is still there");
        self.0.click("secret-dialog-stored").await;
        self.0.click("secret-dialog-done").await;
        self.0
            .eventually("the dialog to close", || async {
                (!self.is_open().await).then_some(())
            })
            .await;
    }

    /// Clicks Copy beside the `identifier` or the `secret`, waits for it to say Copied, and
    /// returns what a paste (Ctrl+V into a field the test adds to the dialog) gives.
    pub async fn copy_and_paste(&self, which: &str) -> String {
        use fantoccini::key::Key;
        let button = format!("secret-dialog-copy-{which}");
        self.0.click(&button).await;
        self.0
            .eventually("the button to say Copied", || async {
                (self.0.text_of(&button).await == "Copied").then_some(())
            })
            .await;
        self.0
            .eval(
                "const t = document.createElement('textarea');
                 t.id = 'paste-here';
                 t.setAttribute('aria-label', 'paste here');
                 document.querySelector(\"[data-testid='secret-dialog']\").append(t);
                 return true;",
                vec![],
            )
            .await
            .unwrap();
        let field = self
            .0
            .client
            .find(Locator::Css("#paste-here"))
            .await
            .unwrap();
        field.click().await.unwrap();
        let paste = format!("{}v{}", char::from(Key::Control), char::from(Key::Null));
        field.send_keys(&paste).await.unwrap();
        let pasted = self
            .0
            .eval(
                "const t = document.getElementById('paste-here'); const v = t.value; t.remove(); return v;",
                vec![],
            )
            .await
            .unwrap();
        pasted.as_str().unwrap_or_default().to_owned()
    }

    pub async fn is_open(&self) -> bool {
        self.0
            .client
            .execute(
                "const d = document.querySelector(\"[data-testid='secret-dialog']\"); return !!(d && d.open);",
                vec![],
            )
            .await
            .unwrap()
            == serde_json::Value::Bool(true)
    }
}
