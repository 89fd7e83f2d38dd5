//! `TestApp`: a gateway on a free port with a throwaway `dist/`, stopped on drop.

use std::path::PathBuf;

pub struct TestApp {
    pub url: String,
    pub http: reqwest::Client,
    _dist: TempDist,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
}

pub const INDEX_HTML: &str = "<!DOCTYPE html><title>panel</title><body></body>";

impl TestApp {
    pub async fn spawn() -> TestApp {
        let dist = TempDist::new();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let server = gateway::demo::start("127.0.0.1:0".parse().unwrap(), dist.0.clone(), async {
            let _ = stopped.await;
        })
        .await
        .expect("gateway starts");
        TestApp {
            url: server.url(),
            http: reqwest::Client::new(),
            _dist: dist,
            stop: Some(stop),
        }
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.http
            .get(format!("{}{path}", self.url))
            .send()
            .await
            .expect("request sent")
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// A `dist/` with an index page and one hashed asset, removed on drop.
struct TempDist(PathBuf);

impl TempDist {
    fn new() -> TempDist {
        static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "oauth-admin-dist-{}-{}",
            std::process::id(),
            N.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("index.html"), INDEX_HTML).unwrap();
        std::fs::write(dir.join("app-0123abcd.js"), "export {};").unwrap();
        TempDist(dir)
    }
}

impl Drop for TempDist {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
