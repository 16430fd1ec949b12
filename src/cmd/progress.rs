//! What a build tells the person watching it: on a terminal, a line for each stage as it ends and
//! a spinner with a count for the stage running; with `--timings`, a table of the stages' wall and
//! CPU times at the end (the CPU time tells what a stage costs on a busy machine too). Nothing at all when stderr is not a terminal or `CI` is set (logs stay clean), and
//! never anything on standard output.

use std::io::IsTerminal as _;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A handle on the build's progress; the default one says nothing.
#[derive(Clone, Default)]
pub(crate) struct Progress {
    inner: Option<Arc<Inner>>,
}

struct Inner {
    /// The spinner on the terminal, when there is one to draw on.
    spinner: Option<indicatif::ProgressBar>,
    /// Whether to print the table of stage times at the end.
    timings: bool,
    state: Mutex<State>,
}

struct State {
    /// When the running stage started, and the process's CPU time then.
    started: Instant,
    cpu_started: f64,
    /// The stages that ended: name, wall time, CPU time, and what they counted.
    laps: Vec<(String, Duration, f64, Option<String>)>,
    /// What the running stage counted so far.
    count: u64,
}

impl Progress {
    /// Progress for a build: live on a terminal outside CI, and a table of times with `timings`.
    pub(crate) fn new(timings: bool) -> Progress {
        let live = std::io::stderr().is_terminal() && std::env::var_os("CI").is_none();
        if !live && !timings {
            return Progress::default();
        }
        let spinner = live.then(|| {
            let spinner = indicatif::ProgressBar::new_spinner();
            spinner.set_style(
                indicatif::ProgressStyle::with_template("{spinner} {msg} {elapsed}")
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
            );
            spinner.enable_steady_tick(Duration::from_millis(100));
            spinner
        });
        Progress {
            inner: Some(Arc::new(Inner {
                spinner,
                timings,
                state: Mutex::new(State {
                    started: Instant::now(),
                    cpu_started: cpu_seconds(),
                    laps: Vec::new(),
                    count: 0,
                }),
            })),
        }
    }

    /// Names the stage that runs now.
    pub(crate) fn stage(&self, name: &str) {
        if let Some(spinner) = self.inner.as_ref().and_then(|i| i.spinner.as_ref()) {
            spinner.set_message(name.to_string());
        }
    }

    /// Adds `n` things (files written) to what the running stage counts.
    pub(crate) fn count(&self, n: usize, what: &str) {
        let Some(inner) = &self.inner else { return };
        let mut state = inner.state.lock().unwrap_or_else(|e| e.into_inner());
        state.count += n as u64;
        if let Some(spinner) = &inner.spinner {
            spinner.set_message(format!("{} {what}", state.count));
        }
    }

    /// Ends the running stage as `name` (with `counted`, what it went through, if anything).
    pub(crate) fn lap(&self, name: &str, counted: Option<String>) {
        let Some(inner) = &self.inner else { return };
        let mut state = inner.state.lock().unwrap_or_else(|e| e.into_inner());
        let now = Instant::now();
        let took = now - state.started;
        let cpu = cpu_seconds();
        let cpu_took = cpu - state.cpu_started;
        state.started = now;
        state.cpu_started = cpu;
        state.count = 0;
        if let Some(spinner) = &inner.spinner {
            let counted = counted
                .as_deref()
                .map(|c| format!(" ({c})"))
                .unwrap_or_default();
            spinner.println(format!("  {name}{counted}: {:.2} s", took.as_secs_f64()));
        }
        state.laps.push((name.to_string(), took, cpu_took, counted));
    }

    /// Clears the spinner, so that what is printed next stands alone.
    pub(crate) fn clear(&self) {
        if let Some(spinner) = self.inner.as_ref().and_then(|i| i.spinner.as_ref()) {
            spinner.finish_and_clear();
        }
    }

    /// Clears the spinner and, with `--timings`, prints the table of stage times and the CPU time
    /// the whole run used.
    pub(crate) fn finish(&self) {
        let Some(inner) = &self.inner else { return };
        self.clear();
        if !inner.timings {
            return;
        }
        let state = inner.state.lock().unwrap_or_else(|e| e.into_inner());
        let width = state.laps.iter().map(|l| l.0.len()).max().unwrap_or(0);
        let mut total = Duration::ZERO;
        eprintln!("timings:");
        eprintln!("  {:<width$}  {:>9}  {:>9}", "", "wall", "cpu");
        for (name, took, cpu, counted) in &state.laps {
            total += *took;
            let counted = counted
                .as_deref()
                .map(|c| format!("  {c}"))
                .unwrap_or_default();
            eprintln!(
                "  {name:<width$}  {:>7.3} s  {cpu:>7.3} s{counted}",
                took.as_secs_f64()
            );
        }
        eprintln!("  {:<width$}  {:>7.3} s", "total", total.as_secs_f64());
        if let Some((user, system)) = cpu_time() {
            eprintln!(
                "  cpu: {:.3} s ({user:.3} s user, {system:.3} s system)",
                user + system
            );
        }
    }
}

/// The CPU time this process used so far, user and system together (0 where the system does not
/// tell).
fn cpu_seconds() -> f64 {
    cpu_time().map_or(0.0, |(user, system)| user + system)
}

/// The CPU time this process used so far, user and system, in seconds (where the system tells).
fn cpu_time() -> Option<(f64, f64)> {
    #[cfg(unix)]
    {
        // SAFETY: getrusage only writes into the struct it is given.
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        // SAFETY: RUSAGE_SELF with a valid pointer.
        if unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) } != 0 {
            return None;
        }
        let seconds = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
        Some((seconds(usage.ru_utime), seconds(usage.ru_stime)))
    }
    #[cfg(not(unix))]
    {
        None
    }
}
