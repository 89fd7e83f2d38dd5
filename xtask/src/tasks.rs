//! The commands people run.

use crate::cmd::{Result, command, path_with, root, run, which};
use crate::{panel, production, tools};

pub fn setup() -> Result {
    tools::ensure_build_tools()?;
    tools::ensure_browsers_and_redis()?;
    tools::ensure_lint_tools()?;
    tools::ensure_axe()?;
    println!("==> all tools present");
    Ok(())
}

/// Builds the panel as shipped into `dist/`.
pub fn build() -> Result {
    panel::build(&tools::ensure_build_tools()?)
}

/// Builds the panel and runs the gateway's demo (sandbox plus gateway, one port).
pub fn demo(args: Vec<String>) -> Result {
    let tools = tools::ensure_build_tools()?;
    panel::build(&tools)?;
    run(command("cargo")
        .args([
            "run",
            "--quiet",
            "--profile",
            "server",
            "-p",
            "gateway",
            "--bin",
            "oauth-admin",
            "--",
            "demo",
        ])
        .arg("--dist")
        .arg(root().join("dist"))
        .args(args))
}

/// The production binary: the optimised panel built in, no sandbox or demo app.
pub fn release() -> Result {
    panel::build(&tools::ensure_build_tools()?)?;
    production::check_tree()?;
    let bin = production::build("server")?;
    let size = std::fs::metadata(&bin).map_err(|e| e.to_string())?.len();
    println!(
        "==> {} ({:.1} MB): copy it anywhere and run `oauth-admin serve --upstream …`",
        bin.display(),
        size as f64 / 1e6
    );
    Ok(())
}

/// Builds the panel as shipped and the servers with their profile, then measures everything
/// against its budget (`target/bench/report.json`). ARGS go to `oauth-admin-bench`.
pub fn bench(args: Vec<String>) -> Result {
    let tools = tools::ensure_build_tools()?;
    tools::ensure_chromium()?;
    panel::build(&tools)?;
    run(command("cargo").args([
        "build",
        "--quiet",
        "--profile",
        "server",
        "-p",
        "gateway",
        "-p",
        "bench",
    ]))?;
    let bin = root().join("target").join("server");
    run(command(bin.join("oauth-admin-bench"))
        .arg("--oauth-admin")
        .arg(bin.join("oauth-admin"))
        .arg("--dist")
        .arg(root().join("dist"))
        .arg("--out")
        .arg(root().join("target").join("bench").join("report.json"))
        .args(args))
}

/// Lint, build the panel, then every test: native (unit, integration, end-to-end in
/// Chromium, and the named subset of flows in Firefox and WebKit too) and the panel's own
/// browser tests (wasm-bindgen-test in Chromium).
pub fn test() -> Result {
    let tools = tools::ensure_build_tools()?;
    tools::ensure_browsers_and_redis()?;
    tools::ensure_lint_tools()?;
    let axe = tools::ensure_axe()?;

    run(command("cargo").args(["fmt", "--all", "--check"]))?;
    run(command("cargo").args([
        "clippy",
        "--workspace",
        "--all-targets",
        "--quiet",
        "--",
        "-D",
        "warnings",
    ]))?;

    panel::build(&tools)?;
    // The production binary (panel built in, no sandbox): what it links, and a build for
    // the test that boots it with no dist/ beside it.
    production::check_tree()?;
    let production_bin = production::build("dev")?;

    // The panel's own browser tests (wasm-bindgen-test in headless Chromium).
    run(command("cargo")
        .args([
            "test",
            "-p",
            "oauth-admin-panel",
            "--target",
            "wasm32-unknown-unknown",
            "--test",
            "browser",
        ])
        .env("PATH", path_with(&tools.path_dirs)))?;

    // Everything native: unit, property, integration (servers on port 0) and the
    // end-to-end tests that drive the built panel in the three engines. Last, so its summary
    // closes the output.
    let mut native = command("cargo");
    if which("cargo-nextest").is_some() {
        native.args(["nextest", "run", "--workspace", "--no-fail-fast"]);
    } else {
        native.args(["test", "--workspace", "--no-fail-fast"]);
    }
    run(native
        .env("OAUTH_ADMIN_DIST", root().join("dist"))
        .env("OAUTH_ADMIN_PRODUCTION_BIN", production_bin)
        .env("AXE_CORE_JS", axe))
}
