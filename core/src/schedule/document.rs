//! Reading a schedule from a document: the `"kind"`-tagged object, with exact field paths.
//!
//! Serde's derived internally tagged enums buffer the object before choosing the variant,
//! which loses the path of an error inside it (a malformed `tiers[2].price` would be
//! reported at the schedule). This reader takes every field of every kind in one flat
//! struct, so the document loader ([`crate::doc`]) reports errors at their exact path, then
//! checks that the fields present are those of the kind: a missing one or one that does not
//! belong is refused like a missing or unknown field of any struct ([`crate::Error::Parse`]
//! at the schedule).

use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer};

use super::{Schedule, Tier};
use crate::money::{Amount, Quantity, Rate, UnitPrice};

#[derive(Deserialize, Clone, Copy)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
enum Kind {
    Flat,
    Graduated,
    Volume,
    Package,
    Subscription,
    Discount,
}

#[derive(crate::read::ReadStruct)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
struct Raw {
    kind: Kind,
    #[serde(default, with = "crate::money::dec_opt")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<crate::money::DecimalText>"))]
    price: Option<Decimal>,
    #[serde(default)]
    minimum_charge: Option<Amount>,
    #[serde(default)]
    tiers: Option<Vec<Tier>>,
    #[serde(default)]
    size: Option<Quantity>,
    #[serde(default)]
    fee: Option<Amount>,
    #[serde(default)]
    included: Option<Quantity>,
    #[serde(default)]
    overage: Option<UnitPrice>,
    #[serde(default)]
    percent: Option<Rate>,
    #[serde(default)]
    base: Option<Box<Schedule>>,
}

const FLAT: &[&str] = &["kind", "price", "minimum_charge"];
const TIERED: &[&str] = &["kind", "tiers"];
const PACKAGE: &[&str] = &["kind", "size", "price"];
const SUBSCRIPTION: &[&str] = &["kind", "fee", "included", "overage"];
const DISCOUNT: &[&str] = &["kind", "percent", "base"];

fn need<T, E: serde::de::Error>(v: Option<T>, name: &'static str) -> Result<T, E> {
    v.ok_or_else(|| E::missing_field(name))
}

impl Raw {
    /// Refuse a field present that `allowed` does not list.
    fn only<E: serde::de::Error>(&self, allowed: &'static [&'static str]) -> Result<(), E> {
        let present = [
            ("price", self.price.is_some()),
            ("minimum_charge", self.minimum_charge.is_some()),
            ("tiers", self.tiers.is_some()),
            ("size", self.size.is_some()),
            ("fee", self.fee.is_some()),
            ("included", self.included.is_some()),
            ("overage", self.overage.is_some()),
            ("percent", self.percent.is_some()),
            ("base", self.base.is_some()),
        ];
        match present.iter().find(|(name, here)| *here && !allowed.contains(name)) {
            Some((name, _)) => Err(E::unknown_field(name, allowed)),
            None => Ok(()),
        }
    }

    fn into_schedule<E: serde::de::Error>(self) -> Result<Schedule, E> {
        let kind = self.kind;
        self.only(match kind {
            Kind::Flat => FLAT,
            Kind::Graduated | Kind::Volume => TIERED,
            Kind::Package => PACKAGE,
            Kind::Subscription => SUBSCRIPTION,
            Kind::Discount => DISCOUNT,
        })?;
        Ok(match kind {
            Kind::Flat => Schedule::Flat { price: UnitPrice::new(need(self.price, "price")?), minimum_charge: self.minimum_charge },
            Kind::Graduated => Schedule::Graduated { tiers: need(self.tiers, "tiers")? },
            Kind::Volume => Schedule::Volume { tiers: need(self.tiers, "tiers")? },
            Kind::Package => Schedule::Package { size: need(self.size, "size")?, price: Amount::new(need(self.price, "price")?) },
            Kind::Subscription => {
                Schedule::Subscription { fee: need(self.fee, "fee")?, included: need(self.included, "included")?, overage: need(self.overage, "overage")? }
            }
            Kind::Discount => Schedule::Discount { percent: need(self.percent, "percent")?, base: need(self.base, "base")? },
        })
    }
}

impl<'de> Deserialize<'de> for Schedule {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_struct("Raw", RAW_FIELDS, RawVisitor)
    }
}

/// The fields of [`Raw`], for `deserialize_struct`.
const RAW_FIELDS: &[&str] = &["kind", "price", "minimum_charge", "tiers", "size", "fee", "included", "overage", "percent", "base"];

/// Reads a [`Raw`] and checks it against its kind inside the visit, so that a field missing
/// from (or foreign to) the kind is reported while the reader is still at the schedule: a
/// reader that locates errors by position ([`crate::locate`]) then names the schedule, not
/// the object around it. The same `Raw` derive does the reading, so every other error and
/// message is the derived one.
struct RawVisitor;

impl<'de> serde::de::Visitor<'de> for RawVisitor {
    type Value = Schedule;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("struct Raw")
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<Schedule, A::Error> {
        Raw::deserialize(serde::de::value::MapAccessDeserializer::new(map))?.into_schedule()
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, seq: A) -> Result<Schedule, A::Error> {
        Raw::deserialize(serde::de::value::SeqAccessDeserializer::new(seq))?.into_schedule()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc;

    fn err(text: &str) -> (String, String, String) {
        let e = doc::from_json::<Schedule>(text).unwrap_err();
        (e.code().to_string(), e.field().to_string(), e.value().to_string())
    }

    #[cfg(feature = "toml")]
    #[test]
    fn round_trip_every_kind() {
        for text in [
            r#"{"kind":"flat","price":"0.50"}"#,
            r#"{"kind":"flat","price":"0.50","minimum_charge":"10.00"}"#,
            r#"{"kind":"graduated","tiers":[{"from":"0","to":"10","price":"1"},{"from":"10","price":"0.5"}]}"#,
            r#"{"kind":"volume","tiers":[{"from":"0","price":"1"}]}"#,
            r#"{"kind":"package","size":"1000","price":"45.00"}"#,
            r#"{"kind":"subscription","fee":"100","included":"1000","overage":"0.08"}"#,
            r#"{"kind":"discount","percent":"0.2","base":{"kind":"flat","price":"0.50"}}"#,
        ] {
            let s: Schedule = doc::from_json(text).unwrap();
            assert_eq!(serde_json::to_string(&s).unwrap(), text);
            let back: Schedule = doc::from_json(&serde_json::to_string(&s).unwrap()).unwrap();
            assert_eq!(back, s);
        }
        let t: Schedule = doc::from_toml("kind = \"package\"\nsize = \"10\"\nprice = \"4.5\"\n").unwrap();
        assert_eq!(t.kind(), "package");
    }

    #[test]
    fn errors_keep_their_path() {
        let (code, field, value) =
            err(r#"{"kind":"discount","percent":"0.1","base":{"kind":"graduated","tiers":[{"from":"0","to":"5","price":"1"},{"from":"5","price":"x"}]}}"#);
        assert_eq!((code.as_str(), field.as_str(), value.as_str()), ("malformed_decimal", "base.tiers[1].price", "x"));
        let (code, field, _) = err(r#"{"kind":"flat","price":0.5}"#);
        assert_eq!((code.as_str(), field.as_str()), ("decimal_not_string", "price"));
        let (code, field, _) = err(r#"{"kind":"flat","tiers":[]}"#);
        assert_eq!((code.as_str(), field.as_str()), ("parse", ""));
        let (code, _, _) = err(r#"{"kind":"flat"}"#);
        assert_eq!(code, "parse");
        let (code, field, _) = err(r#"{"kind":"stepwise","price":"1"}"#);
        assert_eq!((code.as_str(), field.as_str()), ("parse", "kind"));
        let (code, field, _) = err(r#"{"kind":"graduated","tiers":[{"from":"0","upto":"5","price":"1"}]}"#);
        assert_eq!((code.as_str(), field.as_str()), ("parse", "tiers[0].upto"));
        let e = doc::from_json::<Schedule>(r#"{"kind":"flat","tiers":[]}"#).unwrap_err();
        assert!(e.to_string().contains("unknown field `tiers`"), "{e}");
    }
}
