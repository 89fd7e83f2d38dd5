//! The production binary (`cargo xtask release`: the panel built in, no sandbox) as an
//! operator runs it: from an empty folder, no `dist/` beside it, the session key and audit
//! log in the state directory, not in the current one.

use std::path::PathBuf;
use std::process::Command;

use reqwest::StatusCode;

use crate::helpers::start_sandbox;
use crate::serve_process::Serve;

/// The production build, as `cargo xtask test` makes it (`OAUTH_ADMIN_PRODUCTION_BIN`).
fn production_binary() -> PathBuf {
    let path = std::env::var_os("OAUTH_ADMIN_PRODUCTION_BIN").map(PathBuf::from);
    match path {
        Some(p) if p.is_file() => p,
        _ => panic!(
            "OAUTH_ADMIN_PRODUCTION_BIN names no file: `cargo xtask test` builds the production \
             binary (`--no-default-features --features embed-panel`) and sets it"
        ),
    }
}

#[tokio::test]
async fn the_production_binary_serves_its_built_in_panel_and_keeps_its_files_in_the_state_directory()
 {
    let (upstream, _stop) = start_sandbox().await;
    let cwd = tempfile::tempdir().unwrap();
    let state = tempfile::tempdir().unwrap();
    let mut command = Command::new(production_binary());
    command
        .args(["serve", "--upstream", &upstream, "--listen", "127.0.0.1:0"])
        .current_dir(cwd.path())
        .env("STATE_DIRECTORY", state.path())
        .env_remove("OAUTH_ADMIN_DIST")
        .env_remove("OAUTH_ADMIN_SESSION_KEY_FILE")
        .env_remove("OAUTH_ADMIN_AUDIT_LOG");
    let serve = Serve::start(command);
    let said = serve.banner.join("\n");
    let key = state.path().join("session.key");
    assert!(
        said.contains(&format!("Session key: {}", key.display())),
        "{said}"
    );
    assert!(
        said.contains("Panel:       the panel built into this binary"),
        "{said}"
    );

    // The panel, from inside the binary: its page, a client-side route, its WebAssembly.
    let http = reqwest::Client::new();
    let index = http.get(&serve.url).send().await.unwrap();
    assert_eq!(index.status(), StatusCode::OK);
    assert_eq!(index.headers()["cache-control"], "no-cache");
    assert!(
        index.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    let page = index.text().await.unwrap();
    let wasm = page
        .split(['"', '\''])
        .find(|s| s.ends_with("_bg.wasm"))
        .unwrap_or_else(|| panic!("index.html names no WebAssembly: {page}"))
        .to_owned();
    let route = http
        .get(format!("{}/credentials/7", serve.url))
        .send()
        .await
        .unwrap();
    assert_eq!(route.status(), StatusCode::OK);
    assert_eq!(route.text().await.unwrap(), page);
    let module = http
        .get(format!("{}/{}", serve.url, wasm.trim_start_matches('/')))
        .send()
        .await
        .unwrap();
    assert_eq!(module.status(), StatusCode::OK);
    assert_eq!(module.headers()["content-type"], "application/wasm");
    assert_eq!(
        module.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    assert!(module.bytes().await.unwrap().starts_with(b"\0asm"));

    // The key is a private file in the state directory; nothing lands where it was run.
    let meta = std::fs::metadata(&key).expect("the session key is in the state directory");
    assert_eq!(meta.len(), 64);
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(meta.permissions().mode() & 0o777, 0o600);
    let audit = std::fs::metadata(state.path().join("audit.log")).expect("the audit log too");
    assert_eq!(audit.permissions().mode() & 0o777, 0o600);
    let left: Vec<_> = std::fs::read_dir(cwd.path()).unwrap().collect();
    assert!(
        left.is_empty(),
        "files left in the current directory: {left:?}"
    );
    serve.stop();

    // The sandbox and the demo are not in it.
    let demo = Command::new(production_binary())
        .args(["demo", "--help"])
        .output()
        .unwrap();
    assert!(!demo.status.success());
    assert!(String::from_utf8_lossy(&demo.stderr).contains("unrecognized subcommand 'demo'"));
}
