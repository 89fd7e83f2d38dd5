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

/// wasm-bindgen's (unminified) glue with the new names; fails, naming it, on any name it
/// cannot find exactly where expected, so a changed glue layout stops the build instead of
/// shipping a panel that cannot start.
pub fn rename_in_glue(glue: &str, renames: &Renames, new_module: &str) -> Result<String> {
    let mut out = glue.to_owned();
    let old_modules: BTreeSet<&str> = renames.imports.iter().map(|(m, _, _)| m.as_str()).collect();
    for old in old_modules {
        let key = format!("{}: import0", serde_json::Value::from(old));
        replace_once(
            &mut out,
            &key,
            &format!("{}: import0", serde_json::Value::from(new_module)),
        )?;
    }
    for (_, old, new) in &renames.imports {
        // A key of the import object: `        name: function(`.
        replace_once(
            &mut out,
            &format!(" {old}: function("),
            &format!(" {new}: function("),
        )?;
    }
    rename_members(&out, &renames.exports)
}

fn replace_once(text: &mut String, old: &str, new: &str) -> Result {
    match text.matches(old).count() {
        1 => {
            *text = text.replacen(old, new, 1);
            Ok(())
        }
        n => Err(format!("the glue has `{old}` {n} times, not once")),
    }
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '$'
}

/// Every `wasm.<export>` renamed in one pass (an old name is never mistaken for a new one);
/// an export wasm-opt did not rename is an error.
fn rename_members(text: &str, exports: &[(String, String)]) -> Result<String> {
    let map: std::collections::BTreeMap<&str, &str> = exports
        .iter()
        .map(|(old, new)| (old.as_str(), new.as_str()))
        .collect();
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("wasm.") {
        let (before, after) = (&rest[..at], &rest[at + "wasm.".len()..]);
        let name = &after[..after.find(|c| !is_ident(c)).unwrap_or(after.len())];
        out.push_str(before);
        out.push_str("wasm.");
        if before.ends_with(is_ident) {
            out.push_str(name); // `xwasm.name`: not the exports object
        } else {
            let new = map.get(name).ok_or_else(|| {
                format!("the glue uses wasm.{name}, which wasm-opt did not rename")
            })?;
            out.push_str(new);
        }
        rest = &after[name.len()..];
    }
    out.push_str(rest);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const GLUE: &str = r#"function __wbg_get_imports() {
    const import0 = {
        __proto__: null,
        __wbg_addEventListener_847fd86b8c33ec43: function(arg0, arg1) {
            arg0.addEventListener(getStringFromWasm0(arg1), wasm.__wbindgen_malloc);
        },
        __wbindgen_init_externref_table: function() {
            const table = wasm.__wbindgen_externrefs;
        },
    };
    return {
        __proto__: null,
        "./oauth-admin-panel_bg.js": import0,
    };
}
function start() { wasm.main(); wasm.main_loop(); return wasm.memory.buffer; }
"#;

    fn renames() -> Renames {
        let module = "./oauth-admin-panel_bg.js".to_owned();
        Renames {
            imports: vec![
                (
                    module.clone(),
                    "__wbg_addEventListener_847fd86b8c33ec43".into(),
                    "A".into(),
                ),
                (module, "__wbindgen_init_externref_table".into(), "$".into()),
            ],
            exports: [
                "__wbindgen_malloc",
                "__wbindgen_externrefs",
                "main",
                "main_loop",
                "memory",
            ]
            .iter()
            .zip(["a", "b", "c", "d", "e"])
            .map(|(o, n)| (o.to_string(), n.to_string()))
            .collect(),
        }
    }

    #[test]
    fn the_glue_gets_every_new_name_and_the_new_module() {
        let out = rename_in_glue(GLUE, &renames(), "a").unwrap();
        assert!(out.contains("        A: function(arg0, arg1) {"));
        assert!(out.contains("        $: function() {"));
        assert!(out.contains(r#"        "a": import0,"#));
        assert!(out.contains("getStringFromWasm0(arg1), wasm.a);"));
        assert!(out.contains("const table = wasm.b;"));
        assert!(out.contains("{ wasm.c(); wasm.d(); return wasm.e.buffer; }"));
        assert!(!out.contains("847fd86b8c33ec43") && !out.contains("_bg.js"));
    }

    #[test]
    fn a_name_the_glue_does_not_have_stops_the_build() {
        let mut r = renames();
        r.imports[0].1 = "__wbg_removed_0000000000000000".into();
        let e = rename_in_glue(GLUE, &r, "a").unwrap_err();
        assert_eq!(
            e,
            "the glue has ` __wbg_removed_0000000000000000: function(` 0 times, not once"
        );
    }

    #[test]
    fn an_export_wasm_opt_did_not_rename_stops_the_build() {
        let mut r = renames();
        r.exports.retain(|(old, _)| old != "memory");
        let e = rename_in_glue(GLUE, &r, "a").unwrap_err();
        assert_eq!(
            e,
            "the glue uses wasm.memory, which wasm-opt did not rename"
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
