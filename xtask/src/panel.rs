//! Builds the panel with Trunk into `dist/`, offline, with the local tools, then minifies
//! wasm-bindgen's JavaScript with terser (Trunk's own minifier cannot parse it) and puts the
//! minified file's Subresource Integrity hash into `index.html`.

use std::path::Path;

use base64::Engine;
use sha2::{Digest, Sha384};

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
    if let Some(terser) = &tools.terser {
        minify_scripts(&dist, terser)?;
    }
    Ok(())
}

/// Minifies each `.js` in `dist` in place and rewrites its integrity hash in `index.html`.
fn minify_scripts(dist: &Path, terser: &Path) -> Result {
    let index_path = dist.join("index.html");
    let mut index = std::fs::read_to_string(&index_path)
        .map_err(|e| format!("{}: {e}", index_path.display()))?;
    let scripts = std::fs::read_dir(dist)
        .map_err(|e| format!("{}: {e}", dist.display()))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "js"));
    for script in scripts {
        let before = std::fs::read(&script).map_err(|e| format!("{}: {e}", script.display()))?;
        run(command(terser)
            .arg(&script)
            .args(["--module", "--compress", "--mangle", "--output"])
            .arg(&script))?;
        let after = std::fs::read(&script).map_err(|e| format!("{}: {e}", script.display()))?;
        let (old, new) = (integrity(&before), integrity(&after));
        if index.matches(&old).count() != 1 {
            return Err(format!(
                "index.html does not name {} by its integrity hash once",
                script.display()
            ));
        }
        index = index.replace(&old, &new);
        println!(
            "==> minified {}: {} → {} bytes",
            script.file_name().unwrap_or_default().to_string_lossy(),
            before.len(),
            after.len()
        );
    }
    std::fs::write(&index_path, index).map_err(|e| format!("{}: {e}", index_path.display()))
}

/// `sha384-…`, as Trunk writes it in `integrity`.
fn integrity(bytes: &[u8]) -> String {
    format!(
        "sha384-{}",
        base64::engine::general_purpose::STANDARD.encode(Sha384::digest(bytes))
    )
}
