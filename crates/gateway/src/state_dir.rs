//! Where `serve` keeps what must outlive a restart when no path is given (the session key,
//! the audit log): systemd's `$STATE_DIRECTORY`, else the platform's data directory
//! (`~/.local/share/oauth-admin` on Linux). Never the current directory: run from a
//! checkout, that would leave a secret in the repository.

use std::path::{Path, PathBuf};

/// The state directory, created (owner-only) when missing.
pub fn state_dir() -> std::io::Result<PathBuf> {
    let dir = chosen(std::env::var_os("STATE_DIRECTORY").as_deref()).ok_or_else(|| {
        std::io::Error::new(
            std::io::ErrorKind::NotFound,
            "no state directory: set $STATE_DIRECTORY or $HOME, or name the files \
             (--session-key-file, --audit-log)",
        )
    })?;
    create_private(&dir)?;
    Ok(dir)
}

/// systemd's `$STATE_DIRECTORY` (the first, when it lists several), else the platform's.
fn chosen(systemd: Option<&std::ffi::OsStr>) -> Option<PathBuf> {
    if let Some(first) = systemd
        .and_then(|dirs| dirs.to_str())
        .and_then(|dirs| dirs.split(':').next())
        .filter(|d| !d.is_empty())
    {
        return Some(PathBuf::from(first));
    }
    directories::ProjectDirs::from("", "", "oauth-admin").map(|d| d.data_dir().to_path_buf())
}

#[cfg(unix)]
fn create_private(dir: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
}

#[cfg(not(unix))]
fn create_private(dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)
}

#[cfg(test)]
mod tests {
    use super::chosen;
    use std::ffi::OsStr;
    use std::path::PathBuf;

    #[test]
    fn systemd_state_directory_wins_and_its_first_entry_is_ours() {
        assert_eq!(
            chosen(Some(OsStr::new("/var/lib/oauth-admin:/var/lib/other"))),
            Some(PathBuf::from("/var/lib/oauth-admin"))
        );
    }

    #[test]
    fn without_systemd_it_is_a_data_directory_named_for_the_product() {
        let dir = chosen(None).expect("a home directory here");
        assert!(dir.ends_with("oauth-admin"), "{}", dir.display());
        assert!(chosen(Some(OsStr::new(""))).is_some());
    }
}
