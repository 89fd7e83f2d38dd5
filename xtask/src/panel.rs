//! Builds the panel with Trunk into `dist/`, offline, with the local tools.

use crate::cmd::{Result, command, path_with, root, run};
use crate::tools::Toolchain;

pub fn build(tools: &Toolchain) -> Result {
    // Trunk runs cargo with --offline: the registry must already be in the local cache.
    run(command("cargo").args(["fetch", "--quiet"]))?;
    run(command("trunk")
        .args(["build", "--release", "--offline"])
        .env("PATH", path_with(&tools.path_dirs))
        .env("TRUNK_SKIP_VERSION_CHECK", "true")
        .env("NO_COLOR", "true"))?;
    let dist = root().join("dist");
    if !dist.join("index.html").is_file() {
        return Err("trunk reported success but dist/index.html is missing".into());
    }
    Ok(())
}
