//! Failures (失败) of a command: a message naming the file (and row and field), and an exit code.

use std::fmt;
use std::path::Path;

/// Why a command failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// Bad input: an unreadable or malformed file, a document the core refuses, a bad option (exit 2).
    Input(String),
    /// An output that cannot be written (exit 3).
    Output(String),
}

impl Failure {
    /// Bad input in a file: `file: message`.
    pub fn input(path: &Path, message: impl fmt::Display) -> Failure {
        Failure::Input(format!("{}: {message}", path.display()))
    }

    /// A refusal of the core for the document in `path`: `file: [code] field: message`.
    pub fn core(path: &Path, e: &datafee::Error) -> Failure {
        Failure::Input(format!("{}: {}", path.display(), describe(e)))
    }

    /// A refusal of the core not tied to one file (a combination of files).
    pub fn core_in(what: &str, e: &datafee::Error) -> Failure {
        Failure::Input(format!("{what}: {}", describe(e)))
    }

    /// An output that cannot be written.
    pub fn output(path: &Path, e: impl fmt::Display) -> Failure {
        Failure::Output(format!("{}: cannot write: {e}", path.display()))
    }

    /// The exit code.
    pub fn exit_code(&self) -> u8 {
        match self {
            Failure::Input(_) => 2,
            Failure::Output(_) => 3,
        }
    }

    /// Print the message to standard error (ignoring a closed standard error).
    pub fn print(&self) {
        use std::io::Write;
        let m = match self {
            Failure::Input(m) | Failure::Output(m) => m,
        };
        let _ = writeln!(std::io::stderr().lock(), "datafee: error: {m}");
    }
}

/// A core error as `[code] message` (the message names the field and value).
pub fn describe(e: &datafee::Error) -> String {
    format!("[{}] {e}", e.code())
}
