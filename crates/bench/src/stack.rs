//! The system under test, as people run it: `oauth-admin sandbox` and `oauth-admin serve`
//! in their own processes on loopback (so the gateway's memory is its own and the load
//! generator does not share their threads), killed when dropped.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use headless::free_port;

/// The sandbox's demo installation has this many credentials before any are generated.
pub const DEMO_CREDENTIALS: usize = 20;
/// The demo's full-access API credential.
pub const API_IDENTIFIER: &str = "demo-admin";
pub const API_SECRET: &str = "demo-admin-secret";

/// How long a process may take to start answering (seeding 50,000 rows included).
const START_TIMEOUT: Duration = Duration::from_secs(120);

/// One child process, killed on drop.
pub struct Process {
    child: Child,
    name: &'static str,
    log: PathBuf,
}

impl Process {
    fn spawn(name: &'static str, mut command: Command, log: PathBuf) -> std::io::Result<Process> {
        let stderr = std::fs::File::create(&log)?;
        let child = command
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(stderr)
            .spawn()?;
        Ok(Process { child, name, log })
    }

    /// Resident memory now, in kibibytes (Linux `/proc`).
    pub fn rss_kib(&self) -> Option<u64> {
        proc_status_kib(self.child.id(), "VmRSS:")
    }

    /// The most resident memory it has had, in kibibytes.
    pub fn peak_rss_kib(&self) -> Option<u64> {
        proc_status_kib(self.child.id(), "VmHWM:")
    }

    /// Why the process is not answering: its exit status and the end of its log.
    fn failure(&mut self) -> String {
        let status = match self.child.try_wait() {
            Ok(Some(s)) => format!("exited with {s}"),
            _ => "still running but not answering".to_owned(),
        };
        let log = std::fs::read_to_string(&self.log).unwrap_or_default();
        let tail: Vec<&str> = log.lines().rev().take(20).collect();
        let tail: Vec<&str> = tail.into_iter().rev().collect();
        format!("{} {status}:\n{}", self.name, tail.join("\n"))
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn proc_status_kib(pid: u32, key: &str) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix(key))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
}

/// A sandbox holding `credentials` credentials and a gateway in front of it.
pub struct Stack {
    pub sandbox: Process,
    pub gateway: Process,
    /// `http://127.0.0.1:port/includes/api.php`
    pub api_url: String,
    /// `http://127.0.0.1:port`
    pub gateway_url: String,
    pub credentials: usize,
    /// The gateway's resident memory once it answered its first request, in kibibytes.
    pub gateway_rss_at_start: Option<u64>,
    _dir: tempfile::TempDir,
}

impl Stack {
    pub async fn start(
        oauth_admin: &Path,
        dist: &Path,
        credentials: usize,
    ) -> Result<Stack, String> {
        let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
        let (sandbox_port, gateway_port) = (free_port()?, free_port()?);
        let api_url = format!("http://127.0.0.1:{sandbox_port}/includes/api.php");
        let gateway_url = format!("http://127.0.0.1:{gateway_port}");

        let mut command = Command::new(oauth_admin);
        command
            .arg("sandbox")
            .arg(format!("--listen=127.0.0.1:{sandbox_port}"))
            .arg("--db")
            .arg(dir.path().join("sandbox.sqlite3"))
            .arg(format!(
                "--bulk-credentials={}",
                credentials.saturating_sub(DEMO_CREDENTIALS)
            ));
        let mut sandbox = Process::spawn("sandbox", command, dir.path().join("sandbox.log"))
            .map_err(|e| format!("{}: {e}", oauth_admin.display()))?;
        let http = reqwest::Client::new();
        let probe = http
            .post(&api_url)
            .header("content-type", "application/x-www-form-urlencoded")
            .body("responsetype=json");
        wait_until_answering(probe, &mut sandbox).await?;

        let mut command = Command::new(oauth_admin);
        command
            .arg("serve")
            .arg(format!("--upstream={api_url}"))
            .arg(format!("--listen=127.0.0.1:{gateway_port}"))
            .arg("--dist")
            .arg(dist)
            .arg("--session-key-file")
            .arg(dir.path().join("session.key"))
            .arg("--audit-log")
            .arg(dir.path().join("audit.log"))
            .arg("--upstream-label=Benchmark sandbox");
        let mut gateway = Process::spawn("gateway", command, dir.path().join("gateway.log"))
            .map_err(|e| format!("{}: {e}", oauth_admin.display()))?;
        wait_until_answering(http.get(format!("{gateway_url}/healthz")), &mut gateway).await?;
        let gateway_rss_at_start = gateway.rss_kib();

        Ok(Stack {
            gateway_rss_at_start,
            sandbox,
            gateway,
            api_url,
            gateway_url,
            credentials,
            _dir: dir,
        })
    }

    /// The form body for a direct `api.php` call with the demo credential.
    pub fn direct_body(&self, command: &str) -> String {
        format!("identifier={API_IDENTIFIER}&secret={API_SECRET}&responsetype=json&{command}")
    }

    /// A client logged in to the gateway (its session cookie kept), and the `Origin` the
    /// gateway expects on state-changing requests.
    pub async fn gateway_client(&self) -> Result<reqwest::Client, String> {
        let http = reqwest::Client::builder()
            .cookie_store(true)
            .build()
            .map_err(|e| e.to_string())?;
        let response = http
            .post(format!("{}/api/session", self.gateway_url))
            .header("origin", &self.gateway_url)
            .json(&serde_json::json!({"identifier": API_IDENTIFIER, "secret": API_SECRET}))
            .send()
            .await
            .map_err(|e| format!("gateway login: {e}"))?;
        if !response.status().is_success() {
            return Err(format!("gateway login: HTTP {}", response.status()));
        }
        Ok(http)
    }
}

async fn wait_until_answering(
    request: reqwest::RequestBuilder,
    process: &mut Process,
) -> Result<(), String> {
    let deadline = Instant::now() + START_TIMEOUT;
    loop {
        let attempt = request
            .try_clone()
            .expect("a body that clones")
            .send()
            .await;
        if attempt.is_ok() {
            return Ok(());
        }
        if Instant::now() > deadline || matches!(process.child.try_wait(), Ok(Some(_))) {
            return Err(process.failure());
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_its_own_resident_memory() {
        let rss = proc_status_kib(std::process::id(), "VmRSS:").unwrap();
        assert!(rss > 100, "{rss} KiB");
    }
}
