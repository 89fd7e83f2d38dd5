//! A test of the workspace's layering: inside each crate, imports run downwards only. A
//! module (a top-level file or folder of a crate's `src/`) that names another with
//! `crate::…` depends on it; no two modules may depend on each other, directly or through
//! others. Only code outside `#[cfg(test)]` counts, and comments do not.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::cmd::root;

const CRATES: &[&str] = &[
    "src",
    "crates/whmcs-api/src",
    "crates/gateway/src",
    "crates/sandbox/src",
    "crates/relying-party/src",
    "crates/bench/src",
    "crates/headless/src",
    "xtask/src",
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The modules each module of the crate at `src` names, by top-level module.
fn dependencies(src: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    let mut deps: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in files {
        let relative = file.strip_prefix(src).unwrap();
        let top = relative.components().next().unwrap().as_os_str();
        let top = top.to_string_lossy().trim_end_matches(".rs").to_owned();
        if top == "lib" || top == "main" {
            continue;
        }
        let text = std::fs::read_to_string(&file).unwrap();
        let code = text.split("#[cfg(test)]").next().unwrap_or("");
        for line in code.lines().filter(|l| !l.trim_start().starts_with("//")) {
            for (at, _) in line.match_indices("crate::") {
                let name: String = line[at + "crate::".len()..]
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                if !name.is_empty() && name != top {
                    deps.entry(top.clone()).or_default().insert(name);
                }
            }
        }
    }
    deps
}

/// Whether `from` reaches `to` through the dependencies.
fn reaches(deps: &BTreeMap<String, BTreeSet<String>>, from: &str, to: &str) -> bool {
    let mut seen = BTreeSet::new();
    let mut next = vec![from.to_owned()];
    while let Some(m) = next.pop() {
        for d in deps.get(&m).into_iter().flatten() {
            if d == to {
                return true;
            }
            if seen.insert(d.clone()) {
                next.push(d.clone());
            }
        }
    }
    false
}

#[test]
fn imports_run_downwards_in_every_crate() {
    let mut circles = Vec::new();
    for krate in CRATES {
        let deps = dependencies(&root().join(krate));
        for (module, names) in &deps {
            for name in names {
                if reaches(&deps, name, module) {
                    circles.push(format!("{krate}: {module} → {name} → … → {module}"));
                }
            }
        }
    }
    assert!(
        circles.is_empty(),
        "import circles:\n{}",
        circles.join("\n")
    );
}

#[test]
fn a_circle_is_found() {
    let deps = BTreeMap::from([
        ("a".to_owned(), BTreeSet::from(["b".to_owned()])),
        ("b".to_owned(), BTreeSet::from(["c".to_owned()])),
        ("c".to_owned(), BTreeSet::from(["a".to_owned()])),
    ]);
    assert!(reaches(&deps, "b", "a"));
    assert!(!reaches(&deps, "d", "a"));
}
