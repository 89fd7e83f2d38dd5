//! An `oauth-admin serve` run as its own process: its standard output collected on a
//! thread, killed on drop.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

pub struct Serve {
    child: Child,
    pub url: String,
    /// What it printed before saying where it runs (where its files are, say).
    pub banner: Vec<String>,
    lines: std::sync::mpsc::Receiver<String>,
}

impl Serve {
    /// Starts `command` and waits for the line that says where it runs.
    pub fn start(mut command: Command) -> Serve {
        let mut child = command
            .env_remove("RUST_LOG")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = BufReader::new(child.stdout.take().unwrap());
        let (send, lines) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in stdout.lines().map_while(Result::ok) {
                let _ = send.send(line);
            }
        });
        let mut banner = Vec::new();
        let url = loop {
            let line = lines
                .recv_timeout(Duration::from_secs(30))
                .unwrap_or_else(|_| panic!("the gateway never said where it runs: {banner:?}"));
            if line.contains(" is running at ") {
                break line
                    .split_whitespace()
                    .find(|w| w.starts_with("http://"))
                    .unwrap_or_else(|| panic!("no URL in {line:?}"))
                    .to_owned();
            }
            banner.push(line);
        };
        Serve {
            child,
            url,
            banner,
            lines,
        }
    }

    /// Stops the process and returns every line it logged after saying where it runs.
    pub fn stop(mut self) -> Vec<String> {
        let _ = self.child.kill();
        let _ = self.child.wait();
        self.lines.try_iter().collect()
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
