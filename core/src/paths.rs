//! Paths into a scenario document (文档路径) and "what if" changes (情景变更): the one path
//! language of sweeps ([`crate::sweep`]), `chain.with_changes` and `chain.values_at`, which
//! Python's `Scenario.with_changes` and JavaScript's `withChanges` call.
//!
//! A path is keys separated by `.`, `[n]` for the n-th element of a list, `[*]` for every
//! element: `profile.profit.rate`, `forecasts[0].volume`, `forecasts[*].volume`. The last key
//! may name a field the document does not have yet (it is added); every other step must
//! exist. A path that designates nothing, or is malformed, is [`Error::Invalid`] naming the
//! path. Changes edit the document only; the engine checks the values when it runs.
//!
//! ```
//! use serde_json::json;
//! let mut doc = json!({"forecasts": [{"volume": "10"}, {"volume": "20"}]});
//! let n = datafee::paths::set(&mut doc, "forecasts[*].volume", "forecasts[*].volume", &mut |_| Ok(json!("7")))?;
//! assert_eq!((n, doc), (2, json!({"forecasts": [{"volume": "7"}, {"volume": "7"}]})));
//! # Ok::<(), datafee::Error>(())
//! ```

use serde::Serialize;
use serde_json::Value;

use crate::error::{Error, Result};

/// The most changes in one `chain.with_changes`, and paths in one `chain.values_at`.
pub const MAX_CHANGES: usize = 10_000;

/// One step of a path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// A key of an object.
    Key(String),
    /// The n-th element of a list.
    Index(usize),
    /// Every element of a list (`[*]`).
    All,
}

const SYNTAX: &str = "expected keys separated by '.', with [n] or [*] indices";

/// The steps of `path`; errors name `field`.
pub fn parse(path: &str, field: &str) -> Result<Vec<Step>> {
    let bad = || Error::invalid(field, path, SYNTAX);
    let mut steps = Vec::new();
    for part in path.split('.') {
        let (key, mut rest) = match part.find('[') {
            Some(i) => (&part[..i], &part[i..]),
            None => (part, ""),
        };
        if key.is_empty() || key.contains(']') {
            return Err(bad());
        }
        steps.push(Step::Key(key.to_string()));
        while let Some(r) = rest.strip_prefix('[') {
            let end = r.find(']').ok_or_else(bad)?;
            let idx = &r[..end];
            steps.push(match idx {
                "*" => Step::All,
                _ if !idx.is_empty() && idx.bytes().all(|b| b.is_ascii_digit()) => Step::Index(idx.parse().map_err(|_| bad())?),
                _ => return Err(bad()),
            });
            rest = &r[end + 1..];
        }
        if !rest.is_empty() {
            return Err(bad());
        }
    }
    Ok(steps)
}

/// Replace every value `path` designates in `doc` by `update(old)` (`old` is null where the
/// last key is new), in document order; returns how many were replaced (at least one).
pub fn set(doc: &mut Value, path: &str, field: &str, update: &mut dyn FnMut(&Value) -> Result<Value>) -> Result<usize> {
    set_parsed(doc, &parse(path, field)?, path, field, update)
}

/// [`set`] with the path already parsed ([`parse`]), for callers that apply one path many
/// times (a sweep's grid points).
pub fn set_parsed(doc: &mut Value, steps: &[Step], path: &str, field: &str, update: &mut dyn FnMut(&Value) -> Result<Value>) -> Result<usize> {
    match set_steps(doc, steps, path, field, update)? {
        0 => Err(Error::invalid(field, path, "designates nothing in the document (an empty list)")),
        n => Ok(n),
    }
}

fn set_steps(value: &mut Value, steps: &[Step], path: &str, field: &str, update: &mut dyn FnMut(&Value) -> Result<Value>) -> Result<usize> {
    let nothing = |why: String| Error::invalid(field, path, format!("designates nothing in the document ({why})"));
    let Some((first, rest)) = steps.split_first() else {
        *value = update(value)?;
        return Ok(1);
    };
    match first {
        Step::Key(k) => {
            let obj = value.as_object_mut().ok_or_else(|| nothing(format!("no object holds {k:?}")))?;
            if rest.is_empty() {
                let old = obj.get(k).cloned().unwrap_or(Value::Null);
                obj.insert(k.clone(), update(&old)?);
                return Ok(1);
            }
            let next = obj.get_mut(k).ok_or_else(|| nothing(format!("no key {k:?}")))?;
            set_steps(next, rest, path, field, update)
        }
        Step::Index(i) => {
            let arr = value.as_array_mut().ok_or_else(|| nothing("not a list".into()))?;
            let len = arr.len();
            let v = arr.get_mut(*i).ok_or_else(|| nothing(format!("no element {i}; the list has {len}")))?;
            set_steps(v, rest, path, field, update)
        }
        Step::All => {
            let arr = value.as_array_mut().ok_or_else(|| nothing("not a list".into()))?;
            let mut n = 0;
            for v in arr {
                n += set_steps(v, rest, path, field, update)?;
            }
            Ok(n)
        }
    }
}

/// The values `path` designates in `doc`, in document order (null where the last key is
/// new); the same values [`set`] would pass to its update. The walk is [`set`]'s with each value
/// put back, so a new last key is left in `doc` as null: pass a document you own.
pub fn get(doc: &mut Value, path: &str, field: &str) -> Result<Vec<Value>> {
    let mut out = Vec::new();
    set(doc, path, field, &mut |old| {
        out.push(old.clone());
        Ok(old.clone())
    })?;
    Ok(out)
}

/// One change of `chain.with_changes`: the value to set at every place the path designates,
/// or one value per place (`values`, in document order).
#[derive(Debug, Clone, PartialEq, crate::read::ReadStruct)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Change {
    /// The path (`profile.profit.rate`, `forecasts[*].volume`).
    pub path: String,
    /// The new value at every place the path designates.
    #[serde(default)]
    pub value: Option<Value>,
    /// One new value per place, in document order (as `chain.values_at` lists them).
    #[serde(default)]
    pub values: Option<Vec<Value>>,
}

/// Apply `changes` in order to `doc` (a scenario as JSON). Errors name `changes[i]`.
pub fn apply_changes(doc: &mut Value, changes: &[Change]) -> Result<()> {
    if changes.len() > MAX_CHANGES {
        return Err(Error::LimitExceeded { field: "changes".into(), value: changes.len().to_string(), max: MAX_CHANGES.to_string() });
    }
    for (i, c) in changes.iter().enumerate() {
        match (&c.value, &c.values) {
            (Some(v), None) => {
                set(doc, &c.path, &c.path, &mut |_| Ok(v.clone()))?;
            }
            (None, Some(vs)) => {
                let mut it = vs.iter();
                let n = set(doc, &c.path, &c.path, &mut |_| {
                    it.next().cloned().ok_or_else(|| Error::invalid(format!("changes[{i}].values"), vs.len(), "fewer values than places the path designates"))
                })?;
                if n != vs.len() {
                    return Err(Error::invalid(format!("changes[{i}].values"), vs.len(), format!("the path designates {n} places")));
                }
            }
            _ => return Err(Error::invalid(format!("changes[{i}]"), &c.path, "give exactly one of `value` or `values`")),
        }
    }
    Ok(())
}

/// The input of `chain.with_changes`.
#[derive(Debug, crate::read::ReadStruct)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct WithChangesInput {
    /// The scenario as JSON (not read: a change may make it invalid until the next change).
    pub document: serde_json::Map<String, Value>,
    /// The changes, applied in order.
    pub changes: Vec<Change>,
}

/// The result of `chain.with_changes`.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct WithChangesOutput {
    /// The changed scenario.
    pub document: serde_json::Map<String, Value>,
}

/// The input of `chain.values_at`.
#[derive(Debug, crate::read::ReadStruct)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ValuesAtInput {
    /// The scenario as JSON.
    pub document: serde_json::Map<String, Value>,
    /// The paths.
    pub paths: Vec<String>,
}

/// The result of `chain.values_at`.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ValuesAtOutput {
    /// Per path, the values it designates, in document order.
    pub values: Vec<Vec<Value>>,
}

crate::op::plain_input!(WithChangesInput, ValuesAtInput);

crate::op::operation! {
    /// `chain.with_changes`: a scenario with the values at some paths replaced ("what if").
    pub struct WithChanges = "chain.with_changes";
    fn(i: WithChangesInput) -> WithChangesOutput {
        let mut doc = Value::Object(i.document);
        apply_changes(&mut doc, &i.changes)?;
        match doc {
            Value::Object(document) => Ok(WithChangesOutput { document }),
            _ => Err(Error::Internal { field: "document".into(), value: "no longer an object".into() }),
        }
    }
}

crate::op::operation! {
    /// `chain.values_at`: the values some paths designate in a scenario.
    pub struct ValuesAt = "chain.values_at";
    fn(i: ValuesAtInput) -> ValuesAtOutput {
        if i.paths.len() > MAX_CHANGES {
            return Err(Error::LimitExceeded { field: "paths".into(), value: i.paths.len().to_string(), max: MAX_CHANGES.to_string() });
        }
        let mut doc = Value::Object(i.document);
        Ok(ValuesAtOutput { values: i.paths.iter().map(|p| get(&mut doc, p, p)).collect::<Result<_>>()? })
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::api::call;

    #[test]
    fn syntax() {
        assert_eq!(parse("a.b[2][*]", "f").unwrap(), vec![Step::Key("a".into()), Step::Key("b".into()), Step::Index(2), Step::All]);
        for bad in ["", ".", "a..b", ".a", "a.", "a.[0]", "a[", "a[x]", "a[-1]", "a[]", "a]", "a[0]x"] {
            let e = parse(bad, "p").unwrap_err();
            assert_eq!((e.code(), e.field(), e.value()), ("invalid", "p", bad), "{bad}");
        }
    }

    #[test]
    fn changes_in_order_and_per_place() {
        let doc = json!({"name": "x", "forecasts": [{"volume": "10"}, {"volume": "20"}]});
        let out = call(
            "chain.with_changes",
            json!({"document": doc, "changes": [
                {"path": "forecasts[*].volume", "values": ["1", "2"]},
                {"path": "forecasts[1].volume", "value": "3"},
                {"path": "profile", "value": {"period_years": 1}},
            ]}),
        )
        .unwrap();
        assert_eq!(out["document"], json!({"name": "x", "forecasts": [{"volume": "1"}, {"volume": "3"}], "profile": {"period_years": 1}}));
        let got = call("chain.values_at", json!({"document": out["document"], "paths": ["forecasts[*].volume", "nothing_yet"]})).unwrap();
        assert_eq!(got, json!({"values": [["1", "3"], [null]]}));
    }

    #[test]
    fn refusals_name_the_path() {
        let doc = json!({"forecasts": [{"volume": "10"}], "fees": []});
        for (path, why) in
            [("forecasts[3].volume", "no element 3"), ("fees[*].effective", "empty"), ("name.first", "no key"), ("forecasts[0].volume.x", "no object")]
        {
            let e = call("chain.with_changes", json!({"document": doc, "changes": [{"path": path, "value": "1"}]})).unwrap_err();
            assert_eq!((e.code(), e.field(), e.value()), ("invalid", path, path));
            assert!(e.to_string().contains(why), "{e}");
        }
        let e = call("chain.with_changes", json!({"document": doc, "changes": [{"path": "forecasts[*].volume", "values": ["1", "2"]}]})).unwrap_err();
        assert_eq!((e.code(), e.field()), ("invalid", "changes[0].values"));
        let e = call("chain.with_changes", json!({"document": doc, "changes": [{"path": "x", "value": "1", "values": []}]})).unwrap_err();
        assert_eq!((e.code(), e.field()), ("invalid", "changes[0]"));
    }
}
