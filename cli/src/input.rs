//! Reading input documents, bounded in size: scenarios (测算方案), tariffs, JSON inputs.

use std::io::Read;
use std::path::Path;

use datafee::scenario::ScenarioDoc;
use serde_json::Value;

use crate::fail::Failure;

/// The largest document read whole (a scenario, a tariff, an operation input): the core's
/// own bound on documents.
pub const MAX_DOCUMENT_BYTES: usize = datafee::doc::MAX_DOCUMENT_BYTES;

/// Read a whole text file (UTF-8), refusing one above [`MAX_DOCUMENT_BYTES`]. `-` reads
/// standard input.
pub fn read_text(path: &Path) -> Result<String, Failure> {
    let mut bytes = Vec::new();
    let limit = MAX_DOCUMENT_BYTES as u64 + 1;
    let read = if path == Path::new("-") {
        std::io::stdin().lock().take(limit).read_to_end(&mut bytes)
    } else {
        let file = std::fs::File::open(path).map_err(|e| Failure::input(path, format!("cannot read: {e}")))?;
        file.take(limit).read_to_end(&mut bytes)
    };
    read.map_err(|e| Failure::input(path, format!("cannot read: {e}")))?;
    if bytes.len() > MAX_DOCUMENT_BYTES {
        return Err(Failure::input(path, format!("[limit_exceeded] the file is larger than the limit of {MAX_DOCUMENT_BYTES} bytes for a document")));
    }
    String::from_utf8(bytes).map_err(|e| Failure::input(path, format!("[parse] not UTF-8 text (invalid byte at offset {})", e.utf8_error().valid_up_to())))
}

/// Whether a path names a JSON file (by extension; anything else is read as TOML).
fn is_json(path: &Path) -> bool {
    path.extension().is_some_and(|e| e.eq_ignore_ascii_case("json"))
}

/// Read a scenario document: JSON when the file ends in `.json`, else TOML.
pub fn scenario(path: &Path) -> Result<ScenarioDoc, Failure> {
    let text = read_text(path)?;
    let doc = if is_json(path) { ScenarioDoc::from_json(&text) } else { ScenarioDoc::from_toml(&text) };
    doc.map_err(|e| Failure::core(path, &e))
}

/// The scenario as the JSON value the operations take under `document`.
pub fn scenario_value(path: &Path) -> Result<Value, Failure> {
    let doc = scenario(path)?;
    serde_json::to_value(&doc).map_err(|e| Failure::input(path, format!("cannot convert the scenario to JSON: {e}")))
}

/// Read a JSON document (duplicate keys refused, as everywhere in the core).
pub fn json(path: &Path) -> Result<Value, Failure> {
    let text = read_text(path)?;
    datafee::doc::from_json::<Value>(&text).map_err(|e| Failure::core(path, &e))
}
