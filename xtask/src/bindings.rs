//! The panel's WebAssembly optimized with short names between it and its JavaScript glue.
//!
//! wasm-bindgen names each import after its JS function plus a hash
//! (`__wbg_addEventListener_847fd86b8c33ec43`, in module `./oauth-admin-panel_bg.js`), and
//! every name is written twice: in the `.wasm` and in the glue. Hashes do not compress, so
//! the names cost ~4 kB of the brotli download. wasm-opt can shorten them
//! (`--minify-imports-and-exports-and-modules`, which prints the renaming as JSON) if the glue
//! is rewritten to match: the import object's keys and module, and its `wasm.<export>` uses.
//! The pass runs first, then `-Oz`, so the optimizer lays the code out for the new names
//! (renaming an optimized module grew its code by 3 kB). Trunk's own wasm-opt is off
//! (`data-wasm-opt="0"` in index.html) because it would rename without the mapping.
//!
//! The glue is renamed by its syntax tree (`rename_glue.cjs`, on acorn, the parser terser
//! uses), not by its text, so a change of wasm-bindgen's formatting cannot break it; a
//! change of its structure stops the build with what it could not place. The printed
//! mapping is JSON only from some binaryen on: renaming needs `RENAMES_MIN`, and with an
//! older wasm-opt (or no Node) the panel is only optimized, about 4.5 kB bigger.

use std::collections::BTreeSet;
use std::path::Path;

use crate::cmd::{Result, command, path_with};

/// How wasm-opt renamed the module's imports and exports.
#[derive(Debug, Default, PartialEq)]
pub struct Renames {
    /// `(module, old name, new name)`.
    pub imports: Vec<(String, String, String)>,
    /// `(old name, new name)`.
    pub exports: Vec<(String, String)>,
}

/// Optimizes `wasm` in place (`-Oz --converge`, with short names) and returns the renaming.
/// Two runs: `--converge` would repeat the renaming too and print each round's mapping.
pub fn optimize(wasm: &Path, path_dirs: &[std::path::PathBuf]) -> Result<Renames> {
    println!(
        "==> wasm-opt {}: short import names, then -Oz",
        wasm.display()
    );
    let printed = wasm_opt(
        wasm,
        path_dirs,
        &["--minify-imports-and-exports-and-modules"],
    )?;
    let renames = parse_renames(&printed)?;
    wasm_opt(wasm, path_dirs, &["-Oz", "--converge"])?;
    Ok(renames)
}

/// Optimizes `wasm` in place without renaming (`-Oz --converge`).
pub fn optimize_only(wasm: &Path, path_dirs: &[std::path::PathBuf]) -> Result {
    println!("==> wasm-opt {}: -Oz", wasm.display());
    wasm_opt(wasm, path_dirs, &["-Oz", "--converge"]).map(|_| ())
}

/// Runs wasm-opt on `wasm` in place; its standard output.
fn wasm_opt(wasm: &Path, path_dirs: &[std::path::PathBuf], args: &[&str]) -> Result<String> {
    let out = command("wasm-opt")
        .arg(wasm)
        .args(args)
        .arg("--output")
        .arg(wasm)
        .env("PATH", path_with(path_dirs))
        .output()
        .map_err(|e| format!("could not start wasm-opt: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "wasm-opt {} failed ({}): {}",
            args.join(" "),
            out.status,
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// wasm-opt's mapping: `{"imports": [[module, old, new], …], "exports": [[old, new], …]}`.
fn parse_renames(printed: &str) -> Result<Renames> {
    let start = printed
        .find('{')
        .ok_or("wasm-opt printed no renaming (is it older than the pass?)")?;
    let json: serde_json::Value = serde_json::from_str(&printed[start..])
        .map_err(|e| format!("wasm-opt's renaming is not the JSON expected: {e}"))?;
    let strings = |v: &serde_json::Value| -> Option<Vec<String>> {
        v.as_array()?
            .iter()
            .map(|s| s.as_str().map(str::to_owned))
            .collect()
    };
    let mut renames = Renames::default();
    for entry in json["imports"].as_array().into_iter().flatten() {
        match strings(entry).as_deref() {
            Some([module, old, new]) => {
                renames
                    .imports
                    .push((module.clone(), old.clone(), new.clone()))
            }
            _ => return Err(format!("unexpected import renaming {entry}")),
        }
    }
    for entry in json["exports"].as_array().into_iter().flatten() {
        match strings(entry).as_deref() {
            Some([old, new]) => renames.exports.push((old.clone(), new.clone())),
            _ => return Err(format!("unexpected export renaming {entry}")),
        }
    }
    Ok(renames)
}

/// The import modules the WebAssembly now asks for (wasm-opt does not print their new name).
pub fn import_modules(wasm: &[u8]) -> Result<BTreeSet<String>> {
    let mut modules = BTreeSet::new();
    for payload in wasmparser::Parser::new(0).parse_all(wasm) {
        if let wasmparser::Payload::ImportSection(imports) =
            payload.map_err(|e| format!("reading the optimized WebAssembly: {e}"))?
        {
            for import in imports.into_imports() {
                let import = import.map_err(|e| format!("reading an import: {e}"))?;
                modules.insert(import.module.to_owned());
            }
        }
    }
    Ok(modules)
}

/// The first binaryen whose `--minify-imports-and-exports-and-modules` was checked here to
/// print the JSON mapping `parse_renames` reads (npm's binaryen 132, what `cargo xtask`
/// installs). An older wasm-opt optimizes, but the renaming is left out.
pub const RENAMES_MIN: u32 = 132;

/// The renaming script, next to this file.
const SCRIPT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/src/rename_glue.cjs");

/// wasm-bindgen's (unminified) glue at `glue` with the new names, renamed by its syntax
/// tree with acorn (`acorn_dir`); fails, naming it, on any import it cannot find exactly
/// once and on any export the glue uses that wasm-opt did not rename.
pub fn rename_in_glue(
    glue: &Path,
    renames: &Renames,
    new_module: &str,
    acorn_dir: &Path,
) -> Result<String> {
    let mapping = serde_json::json!({
        "imports": renames.imports.iter().map(|(m, o, n)| [m, o, n]).collect::<Vec<_>>(),
        "exports": renames.exports.iter().map(|(o, n)| [o, n]).collect::<Vec<_>>(),
    });
    static FILES: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = FILES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let mapping_file =
        std::env::temp_dir().join(format!("glue-renames-{}-{n}.json", std::process::id()));
    std::fs::write(&mapping_file, mapping.to_string())
        .map_err(|e| format!("{}: {e}", mapping_file.display()))?;
    let out = command("node")
        .arg(SCRIPT)
        .arg(acorn_dir)
        .arg(glue)
        .arg(&mapping_file)
        .arg(new_module)
        .output()
        .map_err(|e| format!("could not start node: {e}"));
    let _ = std::fs::remove_file(&mapping_file);
    let out = out?;
    if !out.status.success() {
        return Err(format!(
            "renaming the glue failed: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    String::from_utf8(out.stdout).map_err(|e| format!("the renamed glue: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> std::path::PathBuf {
        crate::cmd::root().join("xtask/tests/glue").join(name)
    }

    fn fixture_renames() -> Renames {
        parse_renames(&std::fs::read_to_string(fixture("renames.json")).unwrap()).unwrap()
    }

    /// acorn as `cargo xtask` installs it (with terser).
    fn acorn() -> std::path::PathBuf {
        let dir = crate::cmd::root().join("target/tools/terser/node_modules/acorn");
        assert!(
            dir.is_dir(),
            "acorn is installed by `cargo xtask setup` (with terser): {}",
            dir.display()
        );
        dir
    }

    /// Real glue from the pinned wasm-bindgen, and wasm-opt's real mapping for its module:
    /// the renamed glue is the snapshot, byte for byte.
    #[test]
    fn real_glue_is_renamed_as_its_snapshot() {
        let out = rename_in_glue(&fixture("glue.js"), &fixture_renames(), "a", &acorn()).unwrap();
        let snapshot = std::fs::read_to_string(fixture("expected.js")).unwrap();
        assert!(
            out == snapshot,
            "the renamed glue differs from xtask/tests/glue/expected.js"
        );
        let renames = fixture_renames();
        assert!(
            renames
                .imports
                .iter()
                .all(|(_, old, _)| !out.contains(old.as_str()))
        );
        assert!(out.contains(r#""a": import0"#) && !out.contains("_bg.js\": import0"));
    }

    #[test]
    fn an_import_the_glue_does_not_have_stops_the_build() {
        let mut r = fixture_renames();
        r.imports[0].1 = "__wbg_removed_0000000000000000".into();
        let e = rename_in_glue(&fixture("glue.js"), &r, "a", &acorn()).unwrap_err();
        assert!(
            e.ends_with("the glue has the import __wbg_removed_0000000000000000 0 times, not once"),
            "{e}"
        );
    }

    #[test]
    fn an_export_wasm_opt_did_not_rename_stops_the_build() {
        let mut r = fixture_renames();
        let memory = r
            .exports
            .iter()
            .position(|(old, _)| old == "memory")
            .unwrap();
        r.exports.remove(memory);
        let e = rename_in_glue(&fixture("glue.js"), &r, "a", &acorn()).unwrap_err();
        assert!(
            e.contains("the glue uses wasm.memory, which wasm-opt did not rename"),
            "{e}"
        );
    }

    #[test]
    fn wasm_opts_printed_mapping_is_read() {
        let printed = r#"[wasm-opt] some log line
{
 "imports": [
  ["./x_bg.js", "__wbg_f_0123456789abcdef", "$"]
 ],
 "exports": [
  ["memory", "Tb"]
 ]
}"#;
        assert_eq!(
            parse_renames(printed).unwrap(),
            Renames {
                imports: vec![(
                    "./x_bg.js".into(),
                    "__wbg_f_0123456789abcdef".into(),
                    "$".into()
                )],
                exports: vec![("memory".into(), "Tb".into())],
            }
        );
    }
}
