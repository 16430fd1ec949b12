//! Wall time, CPU time and peak memory of a command, read from `/usr/bin/time`.

use std::process::Command;

#[allow(dead_code, reason = "each benchmark reads the figures it reports")]
pub struct Measured {
    pub wall: f64,
    /// User and system time.
    pub cpu: f64,
    /// The system's share of `cpu`: mostly the file system, when many files are written.
    pub system: f64,
    pub peak_mb: u64,
    /// What the command printed on stderr (stage times, with GUILDHALL_TIMINGS).
    pub stderr: String,
}

/// Runs `command` under `/usr/bin/time`; panics when it fails.
pub fn measure(command: &mut Command) -> Measured {
    let program = command.get_program().to_owned();
    let args: Vec<_> = command.get_args().map(ToOwned::to_owned).collect();
    let envs: Vec<_> = command
        .get_envs()
        .filter_map(|(k, v)| Some((k.to_owned(), v?.to_owned())))
        .collect();
    let output = Command::new("/usr/bin/time")
        .args(["-f", "TIME %e %U %S %M"])
        .arg(program)
        .args(args)
        .envs(envs)
        .output()
        .expect("/usr/bin/time runs (apt install time)");
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(
        output.status.success(),
        "the measured command failed:\n{stderr}"
    );
    let line = stderr
        .lines()
        .rev()
        .find(|l| l.starts_with("TIME "))
        .expect("a time line");
    let f: Vec<f64> = line[5..]
        .split_whitespace()
        .map(|x| x.parse().unwrap_or(0.0))
        .collect();
    Measured {
        wall: f[0],
        cpu: f[1] + f[2],
        system: f[2],
        peak_mb: (f[3] / 1024.0) as u64,
        stderr,
    }
}
