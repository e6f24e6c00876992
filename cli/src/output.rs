//! Writing outputs: standard output (a closed pipe ends quietly) and files.

use std::io::Write;
use std::path::Path;

use crate::fail::Failure;
use crate::Outcome;

/// Write text to standard output. A closed pipe (`datafee run x | head`) is not a failure.
pub fn stdout(text: &str) -> Result<Outcome, Failure> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(Outcome::Done),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(Outcome::Done),
        Err(e) => Err(Failure::Output(format!("standard output: {e}"))),
    }
}

/// Write a whole file.
pub fn file(path: &Path, text: &str) -> Result<(), Failure> {
    std::fs::write(path, text).map_err(|e| Failure::output(path, e))
}

/// Pretty JSON text of a value, with a final newline.
pub fn json_text(v: &impl serde::Serialize) -> Result<String, Failure> {
    let mut s = serde_json::to_string_pretty(v).map_err(|e| Failure::Output(format!("serializing JSON: {e}")))?;
    s.push('\n');
    Ok(s)
}
