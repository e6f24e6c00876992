//! What-if documents kept read between changes (假设测算): the public fee calculator edits one
//! value of the scenario at a time and recomputes, so the document is kept as a parsed JSON tree
//! between what-ifs instead of being written out and read again by every change.
//!
//! A [`WhatIf`] is the document of `chain.with_changes` (a JSON object, not yet checked as a
//! scenario: a change may make it invalid until the next change). [`WhatIf::with_changes`]
//! applies changes with the same code as `chain.with_changes` ([`crate::paths::apply_changes`]),
//! and [`WhatIf::call`] runs an operation on `{"document": …}` written from the tree, through
//! [`crate::api::call_json_unique_keys`]: the same reading, results and errors (code, field,
//! value) as the operation on the document as JSON text. Work: one write of the document
//! (bounded by [`crate::doc::MAX_DOCUMENT_BYTES`]) plus the operation's own bound.

use serde_json::{Map, Value};

use crate::error::Result;
use crate::paths::{apply_changes, WithChangesInput};

/// A scenario document held as a parsed JSON object between what-if changes.
#[derive(Debug, Clone)]
pub struct WhatIf {
    document: Map<String, Value>,
    /// The document written as JSON text, once (it is what every operation reads).
    text: String,
}

impl WhatIf {
    /// The document of a JSON text (an object), read as `chain.with_changes` reads its
    /// `document` (errors name `document`; a repeated key keeps its last value, as
    /// `JSON.parse` does).
    pub fn from_text(text: &str) -> Result<WhatIf> {
        let input: WithChangesInput = crate::doc::from_json_unique_keys(&format!("{{\"document\":{text},\"changes\":[]}}"))?;
        WhatIf::from_map(input.document)
    }

    fn from_map(document: Map<String, Value>) -> Result<WhatIf> {
        // `serde_json`'s writer: a map's keys are in order already, so the results' sorting
        // writer (`chain.with_changes`' own, 15 % of the page's recompute in a CPU profile when
        // used here) is not needed.
        let text = serde_json::to_string(&document).map_err(|e| crate::error::Error::Internal { field: "document".into(), value: e.to_string() })?;
        Ok(WhatIf { document, text })
    }

    /// A copy with `changes_json` (a JSON array of `{path, value | values}`, `chain.with_changes`'
    /// `changes`) applied in order: the same errors as `chain.with_changes` (`changes[i]…`).
    pub fn with_changes(&self, changes_json: &str) -> Result<WhatIf> {
        // Read by `chain.with_changes`' own input reader (no second reader in the module).
        let c: WithChangesInput = crate::doc::from_json_unique_keys(&format!("{{\"document\":{{}},\"changes\":{changes_json}}}"))?;
        let mut doc = Value::Object(self.document.clone());
        apply_changes(&mut doc, &c.changes)?;
        match doc {
            Value::Object(document) => WhatIf::from_map(document),
            _ => Err(crate::error::Error::Internal { field: "document".into(), value: "no longer an object".into() }),
        }
    }

    /// The document as JSON text (`serde_json`'s writing of the tree, keys in order).
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Operation `op` on `{"document": …}` (nothing else), its result as JSON text: exactly
    /// [`crate::api::call_json_unique_keys`] on that text.
    pub fn call(&self, op: &str) -> Result<String> {
        let mut input = String::with_capacity(self.text.len() + 13);
        input.push_str("{\"document\":");
        input.push_str(&self.text);
        input.push('}');
        crate::api::call_json_unique_keys(op, &input)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn city() -> Value {
        serde_json::from_str(&std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/vectors/figures.json")).unwrap()).unwrap()
    }

    /// The what-if's results and errors are `chain.with_changes` then the operation on its text.
    #[test]
    fn same_as_with_changes_then_call() {
        let vectors = city();
        let doc = vectors["cases"][0]["input"]["document"].clone();
        let base = WhatIf::from_text(&doc.to_string()).unwrap();
        for changes in [
            json!([{"path": "profile.profit.rate", "value": "0.07"}]),
            json!([{"path": "profile.profit.rate", "value": 0.07}]),
            json!([{"path": "profile.profit.rate", "value": "x"}]),
            json!([{"path": "forecasts[*].volume", "value": "-1"}]),
            json!([{"path": "nope[", "value": "1"}]),
            json!([{"path": "forecasts[*].volume", "values": ["1"]}]),
            json!([{"path": "catalog", "value": null}]),
        ] {
            let old = crate::api::call("chain.with_changes", json!({"document": doc, "changes": changes}));
            let new = base.with_changes(&changes.to_string());
            let (old, new) = match (old, new) {
                (Ok(o), Ok(n)) => (o, n),
                (Err(a), Err(b)) => {
                    assert_eq!((a.code(), a.field(), a.value()), (b.code(), b.field(), b.value()), "{changes}");
                    continue;
                }
                (a, b) => panic!("{changes}: {a:?} / {b:?}"),
            };
            for op in ["chain.summary", "chain.figures", "chain.validate"] {
                let a = crate::api::call_json(op, &json!({"document": old["document"]}).to_string());
                let b = new.call(op);
                match (a, b) {
                    (Ok(a), Ok(b)) => assert_eq!(a, b, "{op} {changes}"),
                    (Err(a), Err(b)) => assert_eq!((a.code(), a.field(), a.value()), (b.code(), b.field(), b.value()), "{op} {changes}"),
                    (a, b) => panic!("{op} {changes}: {a:?} / {b:?}"),
                }
            }
        }
        let e = WhatIf::from_text("[1]").unwrap_err();
        assert_eq!(e.field(), "document");
    }
}
