//! Shared helpers: fixture sites copied into temporary folders, and the real binary run on them.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The repository root (where Cargo.toml is).
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fixture site copied into a temporary folder, so tests can build and edit it freely.
pub struct TempSite {
    pub dir: tempfile::TempDir,
}

impl TempSite {
    /// Copies `tests/sites/<area>/<case>/`.
    pub fn fixture(area: &str, case: &str) -> TempSite {
        let source = repo_root().join("tests/sites").join(area).join(case);
        Self::copy_of(&source)
    }

    /// Copies any folder (the demo hub, an example).
    pub fn copy_of(source: &Path) -> TempSite {
        assert!(source.is_dir(), "no fixture at {}", source.display());
        let dir = tempfile::tempdir().expect("temporary folder");
        copy_dir(source, dir.path());
        TempSite { dir }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn public(&self) -> PathBuf {
        self.path().join("public")
    }

    /// Reads a file of the output.
    pub fn read(&self, output_path: &str) -> String {
        let path = self.public().join(output_path);
        std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
    }

    pub fn write(&self, path: &str, text: &str) {
        let path = self.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    /// Runs `guildhall build --root <site>` with extra arguments.
    pub fn build(&self, extra: &[&str]) -> Run {
        self.build_with_env(extra, &[])
    }

    /// Runs `guildhall build --root <site>` with extra arguments and environment variables.
    pub fn build_with_env(&self, extra: &[&str], env: &[(&str, &str)]) -> Run {
        let mut args = vec!["build", "--root"];
        let root = self.path().to_str().unwrap().to_string();
        args.push(&root);
        args.extend_from_slice(extra);
        guildhall_with_env(&args, self.path(), env)
    }
}

/// Copies a folder recursively, skipping build output.
pub fn copy_dir(source: &Path, target: &Path) {
    for entry in walkdir::WalkDir::new(source).min_depth(1) {
        let entry = entry.unwrap();
        let relative = entry.path().strip_prefix(source).unwrap();
        if ["public", "node_modules", "target", ".git"]
            .iter()
            .any(|skip| relative.starts_with(skip))
            || relative
                .components()
                .any(|c| c.as_os_str() == "node_modules")
        {
            continue;
        }
        let destination = target.join(relative);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&destination).unwrap();
        } else {
            std::fs::copy(entry.path(), &destination).unwrap();
        }
    }
}

/// What a run of the binary printed and how it ended.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn assert_success(&self) -> &Self {
        assert_eq!(
            self.code, 0,
            "expected success\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        self
    }
}

/// Runs the guildhall binary with `args` in `cwd`, without the caller's `SOURCE_DATE_EPOCH`.
pub fn guildhall(args: &[&str], cwd: &Path) -> Run {
    guildhall_with_env(args, cwd, &[])
}

/// Runs the guildhall binary with `args` in `cwd` and the variables of `env` set (the caller's
/// `SOURCE_DATE_EPOCH` is removed first, so only `env` can set it).
pub fn guildhall_with_env(args: &[&str], cwd: &Path, env: &[(&str, &str)]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_guildhall"))
        .args(args)
        .current_dir(cwd)
        .env_remove("SOURCE_DATE_EPOCH")
        .envs(env.iter().copied())
        .output()
        .expect("the guildhall binary runs");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// Every file below `dir` with its bytes, sorted by path: a whole output folder, for comparisons.
pub fn snapshot_tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let relative = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (relative, std::fs::read(e.path()).unwrap())
        })
        .collect();
    files.sort();
    files
}

/// The Python of the independent checkers in `tests/validators/`: the virtual environment that
/// `.ci/install-deps` makes from `tests/validators/requirements.txt`, or a system `python3` that has
/// every package of it. Panics when neither is there, so the checks fail rather than skip.
pub fn validator_python() -> PathBuf {
    let venv = repo_root().join("target/validators-venv");
    let python = venv.join("bin/python");
    if python.is_file() {
        let wanted = std::fs::read(repo_root().join("tests/validators/requirements.txt")).ok();
        let installed = std::fs::read(venv.join(".installed-requirements")).ok();
        assert!(
            wanted.is_some() && wanted == installed,
            "target/validators-venv does not have the packages of tests/validators/requirements.txt: run `.ci/install-deps`"
        );
        return python;
    }
    let system = PathBuf::from("python3");
    let has_packages = Command::new(&system)
        .args([
            "-c",
            "import icalendar, dateutil, lxml, rnc2rng, feedparser, xmlschema",
        ])
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        has_packages,
        "the checkers in tests/validators need the Python packages of tests/validators/requirements.txt: run `.ci/install-deps`"
    );
    system
}
