//! The command line: dispatch, exit codes, and the guard that turns a panic into exit code 2.
//!
//! Exit codes (as ripgrep documents its own): 0 when all went well, 1 when the content has errors an
//! editor must fix, 2 when the run failed for another reason (a file that cannot be written, a bad
//! argument, a bug).

use std::process::ExitCode;

use clap::Parser as _;

use crate::args::{Cli, Command};
use crate::cmd::{self, Outcome};

/// Parses the arguments, runs the command, and maps the result to an exit code.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = std::panic::catch_unwind(|| run(cli));
    match result {
        Ok(Ok(Outcome::Success)) => ExitCode::SUCCESS,
        Ok(Ok(Outcome::ContentErrors)) => ExitCode::from(1),
        Ok(Err(error)) => {
            eprintln!("error: {error:#}");
            ExitCode::from(2)
        }
        Err(_) => {
            eprintln!(
                "error: guildhall stopped on an internal error; this is a bug, please report it with the input that caused it"
            );
            ExitCode::from(2)
        }
    }
}

/// Runs one parsed command line.
pub fn run(cli: Cli) -> anyhow::Result<Outcome> {
    match cli.command {
        Command::Build(args) => cmd::build::run(&args, cli.format),
        Command::Init(args) => cmd::init::run(&args),
        Command::Check(args) => cmd::check::run(&args, cli.format),
        Command::Serve(args) => cmd::serve::run(&args, cli.format),
        Command::Faq(args) => cmd::faq::run(&args, cli.format),
        Command::New(args) => cmd::new::run(&args, cli.format),
        Command::Import(args) => cmd::import::run(&args),
        Command::Cms(args) => cmd::cms::run(&args, cli.format),
    }
}
