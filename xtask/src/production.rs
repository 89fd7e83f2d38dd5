//! The production binary: `oauth-admin` with the optimised panel built in and without the
//! sandbox or the demo app (`--no-default-features --features embed-panel`).

use std::path::PathBuf;

use crate::cmd::{Result, command, root, run};

/// What a production build must not link: the sandbox's SQLite and RSA key generation, and
/// the demo app's OpenID Connect client.
const NOT_IN_PRODUCTION: &[&str] = &[
    "rusqlite",
    "rsa",
    "openidconnect",
    "sandbox",
    "relying-party",
];

const FEATURES: [&str; 3] = ["--no-default-features", "--features", "embed-panel"];

/// Fails if the production build's dependency tree holds anything of `NOT_IN_PRODUCTION`.
pub fn check_tree() -> Result {
    let out = command("cargo")
        .args([
            "tree", "--quiet", "-p", "gateway", "-e", "normal", "--prefix", "none",
        ])
        .args(FEATURES)
        .output()
        .map_err(|e| format!("cargo tree: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "cargo tree failed: {}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    let tree = String::from_utf8_lossy(&out.stdout);
    let found = linked(&tree, NOT_IN_PRODUCTION);
    if !found.is_empty() {
        return Err(format!(
            "the production build links {}: keep them behind the gateway's `demo` feature",
            found.join(", ")
        ));
    }
    println!(
        "==> the production build links none of {}",
        NOT_IN_PRODUCTION.join(", ")
    );
    Ok(())
}

/// The crates of `forbidden` that `tree` (`cargo tree --prefix none`) lists.
fn linked<'a>(tree: &str, forbidden: &[&'a str]) -> Vec<&'a str> {
    forbidden
        .iter()
        .copied()
        .filter(|name| {
            tree.lines()
                .any(|l| l.split_whitespace().next() == Some(name))
        })
        .collect()
}

/// Builds the production binary with `profile` (the panel in `dist/` must be built first)
/// and returns its path.
pub fn build(profile: &str) -> Result<PathBuf> {
    run(command("cargo")
        .args([
            "build",
            "--quiet",
            "--profile",
            profile,
            "-p",
            "gateway",
            "--bin",
            "oauth-admin",
        ])
        .args(FEATURES))?;
    let dir = if profile == "dev" { "debug" } else { profile };
    let built = root().join("target").join(dir).join("oauth-admin");
    // Its own place: the next demo build (with the sandbox) replaces the file cargo wrote.
    let kept = root().join("target").join("production").join(profile);
    std::fs::create_dir_all(&kept).map_err(|e| format!("{}: {e}", kept.display()))?;
    let kept = kept.join("oauth-admin");
    std::fs::copy(&built, &kept).map_err(|e| format!("{}: {e}", built.display()))?;
    Ok(kept)
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_crate_is_found_by_its_name_not_a_part_of_another() {
        let tree = "gateway v0.1.0 (/w/crates/gateway)\nuniversal-hash v0.5.1\nrsa v0.9.10\n";
        assert_eq!(super::linked(tree, &["rsa", "rusqlite"]), vec!["rsa"]);
        assert!(super::linked("universal-hash v0.5.1\n", &["rsa"]).is_empty());
    }
}
