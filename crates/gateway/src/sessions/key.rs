//! The session key: seals API secrets in session records. `serve` keeps it in a file so
//! restarts and sibling instances (sharing the file and a Redis) keep their sessions.

use axum_extra::extract::cookie::Key;

/// A fresh random key (the demo; `serve` reads one from a file so restarts keep sessions).
pub fn random_key() -> Key {
    let mut bytes = [0u8; 64];
    getrandom::fill(&mut bytes).expect("the operating system's random source works");
    Key::from(&bytes)
}

/// Reads the 64-byte key from `path`, creating it (mode 0600) when missing.
pub fn key_from_file(path: &std::path::Path) -> std::io::Result<Key> {
    match std::fs::read(path) {
        Ok(bytes) if bytes.len() >= 64 => Ok(Key::from(&bytes[..64])),
        Ok(_) => Err(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("{} must hold at least 64 bytes", path.display()),
        )),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let mut bytes = [0u8; 64];
            getrandom::fill(&mut bytes).map_err(std::io::Error::other)?;
            write_private(path, &bytes)?;
            Ok(Key::from(&bytes))
        }
        Err(e) => Err(e),
    }
}

#[cfg(unix)]
fn write_private(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)?;
    f.write_all(bytes)
}

#[cfg(not(unix))]
fn write_private(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    std::fs::write(path, bytes)
}
