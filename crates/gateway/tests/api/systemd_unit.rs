//! `deploy/oauth-admin.service` as systemd reads it: `systemd-analyze verify` finds nothing
//! to say (an unknown or mistyped setting is only a warning there, so any output fails),
//! and its offline security review rates the sandboxing "OK". Where systemd is not
//! installed there is nothing to check it with, and the test says so.

use std::path::{Path, PathBuf};
use std::process::Command;

fn unit_text() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../deploy/oauth-admin.service");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The unit with its `ExecStart` pointing at `binary` (verify checks that it exists).
fn unit_for(binary: &Path, dir: &Path) -> PathBuf {
    let text = unit_text().replace(
        "ExecStart=/usr/local/bin/oauth-admin",
        &format!("ExecStart={}", binary.display()),
    );
    let path = dir.join("oauth-admin.service");
    std::fs::write(&path, text).unwrap();
    path
}

fn systemd_analyze() -> Option<PathBuf> {
    ["/usr/bin/systemd-analyze", "/bin/systemd-analyze"]
        .into_iter()
        .map(PathBuf::from)
        .find(|p| p.is_file())
}

#[test]
fn the_unit_is_hardened_as_the_readme_says() {
    let unit = unit_text();
    for setting in [
        "ExecStart=/usr/local/bin/oauth-admin serve",
        "EnvironmentFile=/etc/oauth-admin/oauth-admin.env",
        "DynamicUser=yes",
        "StateDirectory=oauth-admin",
        "ProtectSystem=strict",
        "NoNewPrivileges=yes",
        "CapabilityBoundingSet=\n",
    ] {
        assert!(unit.contains(setting), "the unit lacks {setting:?}");
    }
}

#[test]
fn systemd_verifies_the_unit_and_rates_its_sandboxing_ok() {
    let Some(analyze) = systemd_analyze() else {
        eprintln!("systemd-analyze is not installed here: the unit was not verified");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    // Any executable will do for verify; the unit is what is checked.
    let unit = unit_for(Path::new(env!("CARGO_BIN_EXE_oauth-admin")), dir.path());
    let verify = Command::new(&analyze)
        .arg("verify")
        .arg(&unit)
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&verify.stderr);
    assert!(verify.status.success() && said.trim().is_empty(), "{said}");

    let security = Command::new(&analyze)
        .args(["security", "--offline=true", "--no-pager"])
        .arg(&unit)
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&security.stdout);
    let exposure: f64 = report
        .lines()
        .find_map(|l| l.split_once("Overall exposure level for oauth-admin.service: "))
        .and_then(|(_, rest)| rest.split_whitespace().next()?.parse().ok())
        .unwrap_or_else(|| panic!("no exposure level in {report}"));
    // systemd's scale: up to 2.0 is "OK"; 10 is a service with no sandboxing at all.
    assert!(exposure <= 2.0, "exposure {exposure}:\n{report}");
}
