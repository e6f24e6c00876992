//! Template profiles (模板参数) for the provinces the seeds cite.
//!
//! A template holds only the values a public source gives (statutory tax rates, the scope and
//! cap rules of 发改价格〔2025〕65号, a report deadline from a municipal plan), each with its source,
//! and lists as `required` every number no public source gives. A document uses one with
//! `profile = {template = "anhui", ...the required values...}`; a required value left out is
//! [`Error::Missing`] naming `profile.<field>`.
//!
//! | template | jurisdiction | basis |
//! |---|---|---|
//! | `anhui` | 安徽 (六安) | 皖发改价费〔2025〕256号 applying 65号 |
//! | `hubei` | 湖北 (大冶, 赤壁, 随州) | 65号 through the municipal plans |

use serde_json::{Map, Value};

use super::Policy;
use crate::error::{Error, Result, ResultExt};

/// The built-in templates: name → JSON text (`core/profiles/*.json`).
pub const TEMPLATES: &[(&str, &str)] = &[("anhui", include_str!("../../profiles/anhui.json")), ("hubei", include_str!("../../profiles/hubei.json"))];

#[derive(crate::read::ReadStruct)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
struct Template {
    #[allow(dead_code)]
    about: String,
    name: String,
    required: Vec<String>,
    values: Map<String, Value>,
    sources: std::collections::BTreeMap<String, String>,
}

fn template(name: &str) -> Result<Template> {
    let text = TEMPLATES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, t)| *t)
        .ok_or_else(|| Error::unknown("template", format!("{name} (known: {})", TEMPLATES.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", "))))?;
    serde_json::from_str(text).map_err(|e| Error::invalid("template", name, format!("built-in template does not load: {e}")))
}

impl Policy {
    /// Build a profile from the template `name` and the document's own values (`given`, an
    /// object of profile fields without `template`). Every field the template lists as required
    /// must be in `given`; the given values win over the template's; a value given by the
    /// document is recorded as "given in the document" unless `given.sources` says otherwise.
    ///
    /// ```
    /// use datafee::profile::Policy;
    /// let e = Policy::template("anhui", serde_json::json!({"period_years": 3})).unwrap_err();
    /// assert_eq!((e.code(), e.field()), ("missing", "profit"));
    /// # Ok::<(), datafee::Error>(())
    /// ```
    pub fn template(name: &str, given: Value) -> Result<Policy> {
        let t = template(name)?;
        let given = match given {
            Value::Object(m) => m,
            other => return Err(Error::invalid("", other.to_string(), "expected an object of profile values")),
        };
        for r in &t.required {
            if !given.contains_key(r) {
                return Err(Error::Missing {
                    field: r.clone(),
                    value: format!("{r}: template {name} ({}) has no public source for it; the document must give it", t.name),
                });
            }
        }
        let mut merged = t.values;
        merged.insert("name".into(), Value::String(t.name.clone()));
        // Filled by `insert`, not `collect` (which brings its own copy of the sort).
        let mut sources: Map<String, Value> = Map::new();
        for (k, v) in t.sources {
            sources.insert(k, Value::String(v));
        }
        for (k, v) in given {
            if k == "sources" {
                if let Value::Object(s) = v {
                    sources.extend(s);
                } else {
                    return Err(Error::invalid("sources", v.to_string(), "expected an object of field → source"));
                }
                continue;
            }
            if k != "name" {
                sources.entry(k.clone()).or_insert_with(|| Value::String(format!("given in the document (template {name} has no public source)")));
            }
            merged.insert(k, v);
        }
        merged.insert("sources".into(), Value::Object(sources));
        crate::doc::from_value(Value::Object(merged))
    }

    /// Resolve a `template` named in the `profile` of a scenario document (a JSON object), in
    /// place: the profile becomes the full profile. Errors name `profile.<field>`.
    pub fn resolve_in_document(doc: &mut Value) -> Result<()> {
        let Some(profile) = doc.get_mut("profile").and_then(Value::as_object_mut) else { return Ok(()) };
        let Some(name) = profile.remove("template") else { return Ok(()) };
        let name = name.as_str().map(str::to_string).ok_or_else(|| Error::invalid("profile.template", name.to_string(), "expected a template name"))?;
        let given = Value::Object(std::mem::take(profile));
        let policy = Policy::template(&name, given).within("profile")?;
        let value = serde_json::to_value(&policy).map_err(|e| Error::invalid("profile", &name, format!("profile does not serialize: {e}")))?;
        if let Some(slot) = doc.get_mut("profile") {
            *slot = value;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_load_and_require_their_missing_values() {
        for (name, _) in TEMPLATES {
            let e = Policy::template(name, serde_json::json!({})).unwrap_err();
            assert_eq!(e.code(), "missing", "{name}");
            let p = Policy::template(
                name,
                serde_json::json!({"profit": {"method": "return_on_assets", "rate": "0.05"}, "bond_yield": "0.018", "max_premium": "0.04",
                    "max_cost_plus_margin": "0.08", "working_capital_share": "0.08", "review_threshold": "0.1", "period_years": 3}),
            )
            .unwrap();
            p.validate().unwrap();
            assert_eq!(p.vat_rate.to_string(), "0.06");
            assert!(p.source_of("vat_rate").contains("36号"));
            assert!(p.source_of("bond_yield").starts_with("given in the document"));
            assert!(p.source_of("surcharges.education").contains("教育费附加"));
        }
        let e = Policy::template("atlantis", serde_json::json!({})).unwrap_err();
        assert_eq!((e.code(), e.field()), ("unknown_id", "template"));
    }
}
