//! Builds the panel with Trunk into `dist/`, offline, with the local tools; then optimizes
//! the WebAssembly with short import names and rewrites the glue to match (`bindings.rs`),
//! minifies the glue with terser (Trunk's own minifier cannot parse it), and puts both files'
//! new Subresource Integrity hashes into `index.html`.

use std::path::{Path, PathBuf};

use base64::Engine;
use sha2::{Digest, Sha384};

use crate::bindings;
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
    let index_path = dist.join("index.html");
    let mut index = read_text(&index_path)?;
    let wasm = only_file(&dist, "_bg.wasm")?;
    let glue = only_file(&dist, ".js")?;
    let (wasm_before, glue_before) = (read(&wasm)?, read(&glue)?);

    match (
        &tools.acorn,
        tools.wasm_opt_version >= bindings::RENAMES_MIN,
    ) {
        (Some(acorn), true) => {
            let renames = bindings::optimize(&wasm, &tools.path_dirs)?;
            let modules = bindings::import_modules(&read(&wasm)?)?;
            let [module] = modules.iter().collect::<Vec<_>>()[..] else {
                return Err(format!(
                    "expected one import module after wasm-opt, found {modules:?}"
                ));
            };
            let renamed = bindings::rename_in_glue(&glue, &renames, module, acorn)?;
            write(&glue, renamed.as_bytes())?;
        }
        _ => {
            println!(
                "==> wasm-opt {} without short names (they need binaryen {} and Node's acorn): about 4.5 kB more to download",
                tools.wasm_opt_version,
                bindings::RENAMES_MIN
            );
            bindings::optimize_only(&wasm, &tools.path_dirs)?;
        }
    }
    let wasm_after = read(&wasm)?;
    if let Some(terser) = &tools.terser {
        run(command(terser)
            .arg(&glue)
            .args(["--module", "--compress", "--mangle", "--output"])
            .arg(&glue))?;
    }
    let glue_after = read(&glue)?;
    for (path, before, after) in [
        (&wasm, &wasm_before, &wasm_after),
        (&glue, &glue_before, &glue_after),
    ] {
        let (old, new) = (integrity(before), integrity(after));
        if index.matches(&old).count() != 1 {
            return Err(format!(
                "index.html does not name {} by its integrity hash once",
                path.display()
            ));
        }
        index = index.replace(&old, &new);
        println!(
            "==> {}: {} → {} bytes",
            path.file_name().unwrap_or_default().to_string_lossy(),
            before.len(),
            after.len()
        );
    }
    write(&index_path, index.as_bytes())
}

/// The one file in `dir` whose name ends with `suffix` (Trunk hashes the names).
fn only_file(dir: &Path, suffix: &str) -> Result<PathBuf> {
    let found: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(suffix))
        .collect();
    match &found[..] {
        [one] => Ok(one.clone()),
        _ => Err(format!(
            "expected one *{suffix} in {}, found {found:?}",
            dir.display()
        )),
    }
}

fn read(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))
}

fn read_text(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))
}

fn write(path: &Path, bytes: &[u8]) -> Result {
    std::fs::write(path, bytes).map_err(|e| format!("{}: {e}", path.display()))
}

/// `sha384-…`, as Trunk writes it in `integrity`.
fn integrity(bytes: &[u8]) -> String {
    format!(
        "sha384-{}",
        base64::engine::general_purpose::STANDARD.encode(Sha384::digest(bytes))
    )
}
