//! The compact struct reader's shared half (文档结构的紧凑读取): what every struct declared with
//! `#[derive(ReadStruct)]` (the `datafee-derive` crate) shares, so that each type carries only its
//! own loop over keys and its fields' readers.
//!
//! serde's `#[derive(Deserialize)]` writes, per struct, a field-identifier enum with its visitor
//! (`visit_str`, `visit_bytes`, `visit_u64`), a `visit_seq` (the struct read from an array), a
//! `visit_map`, and `deserialize_struct` with both. `ReadStruct` writes the `visit_map` only and
//! reads each key through [`Key`], one lookup in a table of names ([`Fields`]) shared by every
//! type; the errors are serde's own (`unknown field`, `duplicate field`, `missing field`,
//! through the same `serde::de::Error` constructors). The one difference: a struct given as a
//! JSON array of its fields is refused (`invalid type: sequence, expected struct Foo`) where
//! serde's derive would read it positionally; no document of the engine is written that way.
//! `read::tests` compares both on generated inputs.

use serde::de::{DeserializeSeed, Error, Unexpected, Visitor};
use std::fmt;

/// A struct's field names as a reader looks them up (one `static` per type).
#[derive(Debug)]
pub struct Fields {
    /// Every name a key may have, in serde's order (each field's name and aliases, sorted per
    /// field): the list `unknown field` errors give as expected.
    pub names: &'static [&'static str],
    /// The field each name reads (its position among the fields read); empty when every field
    /// has one name (then the name's position is the field's).
    pub to: &'static [u16],
    /// Each field's own name (the one `missing field` and `duplicate field` report); empty when
    /// every field has one name (then [`Fields::names`]).
    pub primary: &'static [&'static str],
    /// `deny_unknown_fields`: an unknown key is an error, else its value is skipped.
    pub strict: bool,
}

/// What [`Key`] returns for a key the struct does not know (when not strict).
pub const IGNORE: u16 = u16::MAX;

impl Fields {
    /// The number of fields read (not of names).
    fn count(&self) -> usize {
        if self.to.is_empty() {
            self.names.len()
        } else {
            self.primary.len()
        }
    }

    /// Field `i`'s own name.
    fn name(&self, i: u16) -> &'static str {
        let i = usize::from(i);
        if self.primary.is_empty() {
            self.names.get(i).copied().unwrap_or("")
        } else {
            self.primary.get(i).copied().unwrap_or("")
        }
    }

    /// The field a name reads.
    fn find(&self, name: &[u8]) -> Option<u16> {
        let at = self.names.iter().position(|n| n.as_bytes() == name)?;
        Some(if self.to.is_empty() { at as u16 } else { self.to[at] })
    }
}

/// Read a map key as a field of `Fields` (a `DeserializeSeed`): the field's position, or
/// [`IGNORE`] for an unknown key of a struct that is not strict.
#[derive(Debug, Clone, Copy)]
pub struct Key(pub &'static Fields);

impl<'de> DeserializeSeed<'de> for Key {
    type Value = u16;
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<u16, D::Error> {
        d.deserialize_identifier(self)
    }
}

/// serde's expectation for a field index out of range (`field index 0 <= i < 3`).
struct IndexBound(usize);

impl serde::de::Expected for IndexBound {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "field index 0 <= i < {}", self.0)
    }
}

impl<'de> Visitor<'de> for Key {
    type Value = u16;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("field identifier")
    }
    fn visit_u64<E: Error>(self, v: u64) -> Result<u16, E> {
        let n = self.0.count();
        match usize::try_from(v) {
            Ok(i) if i < n => Ok(i as u16),
            _ if !self.0.strict => Ok(IGNORE),
            _ => Err(E::invalid_value(Unexpected::Unsigned(v), &IndexBound(n))),
        }
    }
    fn visit_str<E: Error>(self, v: &str) -> Result<u16, E> {
        match self.0.find(v.as_bytes()) {
            Some(i) => Ok(i),
            None if !self.0.strict => Ok(IGNORE),
            None => Err(E::unknown_field(v, self.0.names)),
        }
    }
    fn visit_bytes<E: Error>(self, v: &[u8]) -> Result<u16, E> {
        match self.0.find(v) {
            Some(i) => Ok(i),
            None if !self.0.strict => Ok(IGNORE),
            None => Err(E::unknown_field(&String::from_utf8_lossy(v), self.0.names)),
        }
    }
}

/// serde's `duplicate field` error for field `i`.
#[cold]
pub fn duplicate<E: Error>(f: &Fields, i: u16) -> E {
    E::duplicate_field(f.name(i))
}

/// serde's `missing field` error for field `i`.
#[cold]
pub fn missing<E: Error>(f: &Fields, i: u16) -> E {
    E::missing_field(f.name(i))
}

/// `#[derive(ReadStruct)]` (the `datafee-derive` crate): a struct read through this module.
pub use datafee_derive::ReadStruct;
