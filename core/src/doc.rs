//! Reading documents (文档读取): JSON and TOML into engine types, errors with a field path.
//!
//! Every engine input type implements `serde::Deserialize`; these helpers read it and turn
//! serde's errors into typed [`Error`]s whose `field` is the path inside the document
//! (`products[3].forecast_volume`), so a malformed decimal deep inside a scenario is
//! reported as `malformed_decimal` at that path, not as a generic parse failure.
//!
//! Documents are bounded: more than [`MAX_DOCUMENT_BYTES`] is refused with
//! [`Error::LimitExceeded`] before parsing.

use serde::de::DeserializeOwned;

use crate::error::{Error, Result};
use crate::money::error_from_serde_message;

/// The largest document accepted, in bytes (64 MiB).
pub const MAX_DOCUMENT_BYTES: usize = 64 << 20;

fn check_size(len: usize) -> Result<()> {
    if len > MAX_DOCUMENT_BYTES {
        return Err(Error::LimitExceeded { field: "document".into(), value: format!("{len} bytes"), max: format!("{MAX_DOCUMENT_BYTES} bytes") });
    }
    Ok(())
}

fn path_string(path: &serde_path_to_error::Path) -> String {
    let s = path.to_string();
    if s == "." {
        String::new()
    } else {
        s.replace(".[", "[")
    }
}

/// Read a JSON text into `T`.
///
/// ```
/// use datafee::{doc, Amount};
/// let a: Amount = doc::from_json("\"12.50\"")?;
/// assert_eq!(a.to_string(), "12.50");
/// let e = doc::from_json::<Amount>("12.5").unwrap_err();
/// assert_eq!(e.code(), "decimal_not_string");
/// # Ok::<(), datafee::Error>(())
/// ```
pub fn from_json<T: DeserializeOwned>(text: &str) -> Result<T> {
    check_size(text.len())?;
    let mut de = serde_json::Deserializer::from_str(text);
    let v = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let field = path_string(e.path());
        let inner = e.into_inner();
        let full = inner.to_string();
        let suffix = format!(" at line {} column {}", inner.line(), inner.column());
        let msg = full.strip_suffix(&suffix).unwrap_or(&full);
        let mut err = error_from_serde_message(&field, msg);
        if let Error::Parse { value, .. } = &mut err {
            *value = format!("line {} column {}", inner.line(), inner.column());
        }
        err
    })?;
    de.end().map_err(|e| Error::Parse { field: String::new(), value: e.to_string(), reason: "trailing characters".into() })?;
    Ok(v)
}

/// Convert a `serde_json::Value` into `T` (used by the bindings and the vector runner).
///
/// It goes through JSON text on purpose: every engine type is then deserialized by one
/// deserializer type only, which keeps the WebAssembly module small (each `Deserialize`
/// impl is generic, so every extra deserializer would copy every impl).
pub fn from_value<T: DeserializeOwned>(value: serde_json::Value) -> Result<T> {
    from_json(&value.to_string())
}

/// Read a TOML text into `T` (with the `toml` feature, on by default).
///
/// The TOML is read into a JSON value first and then through [`from_json`], so error paths
/// are the same as for JSON; a TOML number where a decimal is expected is
/// [`Error::DecimalNotString`] as in JSON.
#[cfg(feature = "toml")]
pub fn from_toml<T: DeserializeOwned>(text: &str) -> Result<T> {
    check_size(text.len())?;
    let value: serde_json::Value = toml::from_str(text).map_err(|e| Error::Parse {
        field: String::new(),
        value: e.span().map(|s| format!("bytes {}..{}", s.start, s.end)).unwrap_or_default(),
        reason: e.message().to_string(),
    })?;
    from_value(value)
}

/// Serialize `T` to pretty JSON (decimals as strings).
pub fn to_json<T: serde::Serialize>(value: &T) -> Result<String> {
    serde_json::to_string_pretty(value).map_err(|e| Error::invalid("document", "", e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::Amount;
    use serde::Deserialize;

    #[derive(Deserialize, Debug)]
    struct Line {
        #[allow(dead_code)]
        price: Amount,
    }
    #[derive(Deserialize, Debug)]
    struct Doc {
        #[allow(dead_code)]
        lines: Vec<Line>,
    }

    #[test]
    fn paths_in_errors() {
        let e = from_json::<Doc>(r#"{"lines":[{"price":"1"},{"price":"1,5"}]}"#).unwrap_err();
        assert_eq!((e.code(), e.field(), e.value()), ("malformed_decimal", "lines[1].price", "1,5"));
        let e = from_json::<Doc>(r#"{"lines":[{"price":2.5}]}"#).unwrap_err();
        assert_eq!((e.code(), e.field()), ("decimal_not_string", "lines[0].price"));
        #[cfg(feature = "toml")]
        {
            let e = from_toml::<Doc>("[[lines]]\nprice = \"x\"\n").unwrap_err();
            assert_eq!((e.code(), e.field()), ("malformed_decimal", "lines[0].price"));
            assert_eq!(from_toml::<Doc>("[[lines]]\nprice = 1.5\n").unwrap_err().code(), "decimal_not_string");
        }
        let e = from_json::<Doc>(r#"{"lines":[{}]}"#).unwrap_err();
        assert_eq!(e.code(), "parse");
    }
}
