//! Installs what the panel's build and the browser tests need, only when it is missing, and
//! only from the package registries: crates.io (cargo), npm, Debian (apt). Nothing fetches
//! a prebuilt binary from anywhere else, and Trunk is told never to.

use std::path::PathBuf;

use crate::cmd::{self, Result, command, output, run, which};

/// Newest Trunk that builds with rustc 1.95 (0.22 needs 1.96).
const TRUNK_VERSION: &str = "0.21.14";
/// binaryen from npm: a wasm-opt that works (Debian's 108 produces a page that crashes).
const BINARYEN_NPM_VERSION: &str = "132.0.0";
/// The oldest wasm-opt whose output runs correctly with this wasm-bindgen.
const WASM_OPT_MIN: u32 = 116;

/// terser from npm: minifies wasm-bindgen's JavaScript (Trunk's own minifier cannot parse it).
const TERSER_NPM_VERSION: &str = "5.51.4";
/// acorn from npm (terser's own parser): the glue is renamed by its syntax tree.
const ACORN_NPM_VERSION: &str = "8.19.0";

/// geckodriver from crates.io: Firefox's WebDriver server (Debian has none).
const GECKODRIVER_VERSION: &str = "0.37.1";

/// The browser WebKitWebDriver starts (the path `headless` asks it for).
const MINIBROWSER: &str = "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser";

/// axe-core from npm: the end-to-end tests inject it to measure accessibility.
const AXE_CORE_NPM_VERSION: &str = "4.14.1";

/// Folders to put in front of PATH for the build: where wasm-opt was installed.
pub struct Toolchain {
    pub path_dirs: Vec<PathBuf>,
    /// The wasm-opt's binaryen version (the short names need `bindings::RENAMES_MIN`).
    pub wasm_opt_version: u32,
    /// terser, when npm could install it (the build works without, a little bigger).
    pub terser: Option<PathBuf>,
    /// acorn's package folder, with terser (without it, no short names).
    pub acorn: Option<PathBuf>,
}

/// Everything the panel's build needs.
pub fn ensure_build_tools() -> Result<Toolchain> {
    ensure_wasm_target()?;
    ensure_crate_binary("trunk", TRUNK_VERSION, "about 5 minutes on 2 cores")?;
    ensure_wasm_bindgen()?;
    let (wasm_opt_dir, wasm_opt_version) = ensure_wasm_opt()?;
    let terser = ensure_terser()?;
    let acorn = terser
        .as_ref()
        .map(|_| cmd::root().join("target/tools/terser/node_modules/acorn"));
    Ok(Toolchain {
        path_dirs: wasm_opt_dir.into_iter().collect(),
        wasm_opt_version,
        terser,
        acorn,
    })
}

/// Installs npm `package@version`s into `dir` (its own `node_modules`).
fn npm_install(dir: &std::path::Path, packages: &[String]) -> Result {
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    run(command("npm")
        .args(["install", "--no-audit", "--no-fund", "--prefix"])
        .arg(dir)
        .args(packages))
}

/// terser and acorn in `target/tools/terser`, installed from npm when missing; `None`
/// without npm.
fn ensure_terser() -> Result<Option<PathBuf>> {
    let dir = cmd::root().join("target/tools/terser");
    let bin = dir.join("node_modules/.bin/terser");
    let acorn = dir.join("node_modules/acorn/package.json");
    let acorn_pinned = std::fs::read_to_string(&acorn)
        .is_ok_and(|p| p.contains(&format!("\"version\": \"{ACORN_NPM_VERSION}\"")));
    if bin.is_file() && acorn_pinned {
        return Ok(Some(bin));
    }
    if which("npm").is_none() {
        println!("==> no npm here: the panel's JavaScript is shipped unminified");
        return Ok(None);
    }
    npm_install(
        &dir,
        &[
            format!("terser@{TERSER_NPM_VERSION}"),
            format!("acorn@{ACORN_NPM_VERSION}"),
        ],
    )?;
    Ok(Some(bin))
}

fn ensure_wasm_target() -> Result {
    let installed = output("rustup", &["target", "list", "--installed"]).unwrap_or_default();
    if installed
        .lines()
        .any(|l| l.trim() == "wasm32-unknown-unknown")
    {
        return Ok(());
    }
    run(command("rustup").args(["target", "add", "wasm32-unknown-unknown"]))
}

/// The program a crate of the same name installs, from crates.io at `version` with its own
/// lock file, unless that version (what `PROGRAM --version` prints second) is on PATH.
fn ensure_crate_binary(name: &str, version: &str, how_long: &str) -> Result {
    let have = output(name, &["--version"]).unwrap_or_default();
    if have.split_whitespace().nth(1) == Some(version) {
        return Ok(());
    }
    println!("==> installing {name} {version} from crates.io (once; {how_long})");
    run(command("cargo").args(["install", "--locked", name, "--version", version]))
}

/// wasm-bindgen's CLI must match the library in Cargo.lock exactly, or Trunk refuses to run
/// offline. Its own lock file wants a crate the registry lacks, so no `--locked` here.
fn ensure_wasm_bindgen() -> Result {
    let wanted = locked_version("wasm-bindgen")?;
    let have = output("wasm-bindgen", &["--version"]).unwrap_or_default();
    if have.split_whitespace().nth(1) == Some(wanted.as_str())
        && which("wasm-bindgen-test-runner").is_some()
    {
        return Ok(());
    }
    println!("==> installing wasm-bindgen-cli {wanted} from crates.io (once; about 2 minutes)");
    run(command("cargo").args([
        "install",
        "wasm-bindgen-cli",
        "--version",
        &wanted,
        "--force",
    ]))
}

/// A working wasm-opt and its version: binaryen from npm into `target/tools` (the pinned
/// one, which also prints the mapping the short names need), else one already on PATH
/// if recent enough, else (no npm) binaryen built from crates.io (older: no short names).
fn ensure_wasm_opt() -> Result<(Option<PathBuf>, u32)> {
    let npm_dir = cmd::root().join("target/tools/binaryen");
    let npm_bin = npm_dir.join("node_modules/.bin");
    let npm_version = || wasm_opt_version(&npm_bin.join("wasm-opt"));
    if let Some(v) = npm_version().filter(|v| *v >= WASM_OPT_MIN) {
        return Ok((Some(npm_bin), v));
    }
    if which("npm").is_some() {
        npm_install(&npm_dir, &[format!("binaryen@{BINARYEN_NPM_VERSION}")])?;
        let v = npm_version().ok_or("npm's binaryen installed no working wasm-opt")?;
        return Ok((Some(npm_bin), v));
    }
    if let Some(v) = which("wasm-opt")
        .and_then(|found| wasm_opt_version(&found))
        .filter(|v| *v >= WASM_OPT_MIN)
    {
        return Ok((None, v));
    }
    println!("==> no npm here: building wasm-opt from crates.io (once; about 5 minutes)");
    run(command("cargo").args(["install", "--locked", "wasm-opt"]))?;
    let v = which("wasm-opt")
        .and_then(|found| wasm_opt_version(&found))
        .ok_or("cargo installed no working wasm-opt")?;
    Ok((None, v))
}

/// `wasm-opt version 116 (…)` → 116.
fn wasm_opt_version(program: &std::path::Path) -> Option<u32> {
    let text = output(program, &["--version"])?;
    text.split_whitespace()
        .skip_while(|w| *w != "version")
        .nth(1)
        .and_then(|v| v.trim_start_matches('v').split('.').next()?.parse().ok())
}

/// Chromium and its driver (Debian's `(program, package)`s): the browser tests, the bench.
const CHROMIUM: &[(&str, &str)] = &[
    ("chromium", "chromium"),
    ("chromedriver", "chromium-driver"),
];
/// Firefox ESR; its driver, geckodriver, comes from crates.io.
const FIREFOX: &[(&str, &str)] = &[("firefox-esr", "firefox-esr")];
/// WebKitGTK's WebDriver and MiniBrowser (the engine Safari uses), and a virtual X display
/// to run them in (WebKitGTK has no headless mode).
const WEBKIT: &[(&str, &str)] = &[
    ("WebKitWebDriver", "webkit2gtk-driver"),
    (MINIBROWSER, "libwebkit2gtk-4.1-0"),
    ("xvfb-run", "xvfb"),
    ("xauth", "xauth"),
];
/// Redis: the gateway's integration tests start some as shared session stores.
const REDIS: &[(&str, &str)] = &[("redis-server", "redis-server")];

/// Chromium and its driver from Debian, for the bench.
pub fn ensure_chromium() -> Result {
    ensure_debian(CHROMIUM)
}

/// What the tests run in and against: the three browser engines with their drivers, and
/// Redis (Debian's packages in one `apt-get install`; geckodriver from crates.io).
pub fn ensure_browsers_and_redis() -> Result {
    ensure_debian(&[CHROMIUM, FIREFOX, WEBKIT, REDIS].concat())?;
    ensure_crate_binary("geckodriver", GECKODRIVER_VERSION, "about 2 minutes")
}

/// axe-core's browser script, for the accessibility end-to-end test (`AXE_CORE_JS`).
pub fn ensure_axe() -> Result<PathBuf> {
    let dir = cmd::root().join("target/tools/axe-core");
    let script = dir.join("node_modules/axe-core/axe.min.js");
    if script.is_file() {
        return Ok(script);
    }
    if which("npm").is_none() {
        return Err("npm is needed to install axe-core for the accessibility tests".into());
    }
    npm_install(&dir, &[format!("axe-core@{AXE_CORE_NPM_VERSION}")])?;
    Ok(script)
}

/// Installs the Debian packages whose programs (`(program, package)`; a program is a name on
/// PATH or an absolute path) are missing.
fn ensure_debian(wanted: &[(&str, &str)]) -> Result {
    let present = |program: &str| {
        if program.starts_with('/') {
            std::path::Path::new(program).is_file()
        } else {
            which(program).is_some()
        }
    };
    let missing: Vec<&str> = wanted
        .iter()
        .filter(|(program, _)| !present(program))
        .map(|(_, package)| *package)
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    println!(
        "==> installing {} from Debian's packages",
        missing.join(", ")
    );
    let sudo = !is_root() && which("sudo").is_some();
    let apt = |args: &[&str]| {
        let mut c = if sudo {
            let mut c = command("sudo");
            c.arg("apt-get");
            c
        } else {
            command("apt-get")
        };
        c.args(args).env("DEBIAN_FRONTEND", "noninteractive");
        c
    };
    run(&mut apt(&["update"]))?;
    run(apt(&["install", "-y", "--no-install-recommends"]).args(&missing))
}

fn is_root() -> bool {
    output("id", &["-u"]).is_some_and(|id| id.trim() == "0")
}

/// Lint tools (rustfmt, clippy) come with rustup's default profile; add them if not.
pub fn ensure_lint_tools() -> Result {
    for (probe, component) in [("cargo-fmt", "rustfmt"), ("cargo-clippy", "clippy")] {
        if which(probe).is_none() {
            run(command("rustup").args(["component", "add", component]))?;
        }
    }
    Ok(())
}

/// The version of `package` in Cargo.lock.
pub fn locked_version(package: &str) -> Result<String> {
    let lock = std::fs::read_to_string(cmd::root().join("Cargo.lock"))
        .map_err(|e| format!("Cargo.lock: {e}"))?;
    let header = format!("name = \"{package}\"");
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == header
            && let Some(v) = lines
                .next()
                .and_then(|l| l.trim().strip_prefix("version = "))
        {
            return Ok(v.trim_matches('"').to_owned());
        }
    }
    Err(format!("{package} is not in Cargo.lock"))
}
