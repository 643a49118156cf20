use std::io::{BufRead as _, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

pub fn temp_dir(name: &str) -> PathBuf {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    std::env::temp_dir().join(format!(
        "portcullis-cli-{name}-{}-{nanos}",
        std::process::id()
    ))
}

pub fn portcullis() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_portcullis"));
    cmd.env_clear()
        .env("PORTCULLIS_LOG", "warn")
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .stdin(Stdio::null());
    cmd
}

pub fn run(args: &[&str], envs: &[(&str, &str)]) -> Output {
    let mut cmd = portcullis();
    cmd.args(args);
    for (k, v) in envs {
        cmd.env(k, v);
    }
    cmd.output().unwrap()
}

/// A running `portcullis serve`, killed on drop.
pub struct Running {
    child: Child,
    pub issuer: String,
    pub api: Option<String>,
    pub stdout: Vec<String>,
    /// The lines printed after those in `stdout`.
    pub later: std::sync::mpsc::Receiver<String>,
}

impl Running {
    /// The next lines printed, until `until` matches one (or ten seconds pass).
    pub fn lines_until(&self, until: impl Fn(&str) -> bool) -> Vec<String> {
        let deadline = Instant::now() + Duration::from_secs(10);
        let mut out = Vec::new();
        while Instant::now() < deadline {
            if let Ok(line) = self.later.recv_timeout(Duration::from_millis(100)) {
                let done = until(&line);
                out.push(line);
                if done {
                    break;
                }
            }
        }
        out
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `portcullis serve <args>` and reads stdout until the issuer (and, with
/// `--demo`, the API) URL is printed.
pub fn serve(args: &[&str]) -> Running {
    let mut child = portcullis()
        .arg("serve")
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let demo = args.contains(&"--demo");
    let (tx, rx) = std::sync::mpsc::channel();
    let stdout = child.stdout.take().unwrap();
    std::thread::spawn(move || {
        // Drain until the child exits, even once nobody listens: closing the pipe
        // early would make the child's next print fail.
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            let _ = tx.send(line);
        }
    });
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut lines = Vec::new();
    let (mut issuer, mut api, mut done) = (None, None, false);
    while Instant::now() < deadline && (issuer.is_none() || (demo && !done)) {
        let Ok(line) = rx.recv_timeout(Duration::from_millis(200)) else {
            continue;
        };
        if let Some(rest) = line.strip_prefix("Portcullis issuer: ") {
            issuer = rest.split_whitespace().next().map(str::to_owned);
        }
        if let Some(rest) = line.strip_prefix("Demo: the hello-world API is at ") {
            api = rest.split(',').next().map(str::to_owned);
        }
        done |= line.starts_with("Ctrl-C stops both");
        lines.push(line);
    }
    let issuer = issuer.unwrap_or_else(|| panic!("no issuer line in {lines:?}"));
    Running {
        child,
        issuer,
        api,
        stdout: lines,
        later: rx,
    }
}
