//! The mergeable rating state (可合并的计费状态): two raters, or a rater and a partial state
//! from another process (Spark), merged into the single-process result.

use super::*;

impl Rater {
    /// Merge the partial state of another rater into this one (rating in partitions,
    /// 分区计费).
    ///
    /// Merging is associative and commutative: rating records in partitions, then merging
    /// the partial states in any order and grouping, gives exactly the result of one rater
    /// over all the records, provided every id's records are in one partition (partition
    /// by id, e.g. with [`crate::rating::id_partition`]: duplicates and replays are then detected
    /// inside the partition, as one rater would) and each partition pushes its records in
    /// input order with [`Rater::push_at`] and their global positions (only the listed
    /// rejections and kept outcomes depend on the positions).
    ///
    /// Refused, leaving `self` unchanged: a different tariff or options ([`Error::Invalid`]
    /// at `merge.tariff` / `merge.options`), and an id rated in both partial states
    /// ([`Error::DuplicateId`] at `merge.records.id`: the records were not partitioned by
    /// id, and rating both would charge the id twice).
    pub fn merge(&mut self, other: Rater) -> Result<()> {
        if self.tariff != other.tariff {
            return Err(Error::invalid("merge.tariff", "another tariff", "partial ratings must be rated against the same tariff"));
        }
        if self.options != other.options {
            return Err(Error::invalid(
                "merge.options",
                format!("{:?}", other.options),
                format!("partial ratings must use the same options ({:?})", self.options),
            ));
        }
        let mut other = other;
        if let Some(id) = self.str_ids.common(&mut other.str_ids) {
            return Err(Error::DuplicateId { field: "merge.records.id".into(), value: id });
        }
        if let Some(id) = self.raw_ids.common(&other.raw_ids) {
            return Err(Error::DuplicateId { field: "merge.records.id".into(), value: id.to_string() });
        }
        let room = MAX_CUSTOMERS - self.customers.len();
        let new_customers = other.customers.iter().filter(|c| !self.customer_ids.contains_key(&***c)).count();
        if new_customers > room {
            return Err(Error::LimitExceeded {
                field: "customers".into(),
                value: (self.customers.len() + new_customers).to_string(),
                max: MAX_CUSTOMERS.to_string(),
            });
        }
        let mut map = Vec::with_capacity(other.customers.len());
        for c in &other.customers {
            map.push(self.intern_customer(c)?);
        }
        for a in other.aggregates() {
            let customer = map.get((a.key >> 32) as usize).copied().unwrap_or(u32::MAX);
            self.add_n(customer, (a.key & 0xffff_ffff) as u32, a.nano, a.records);
        }
        self.str_ids.absorb(other.str_ids);
        self.raw_ids.absorb(&other.raw_ids);
        self.records_in += other.records_in;
        for (n, m) in self.rejected.iter_mut().zip(other.rejected) {
            *n += m;
        }
        self.rejections.extend(other.rejections);
        self.rejections.sort_unstable_by(|a, b| (a.index, &a.id, a.reason, &a.value).cmp(&(b.index, &b.id, b.reason, &b.value)));
        self.rejections.truncate(MAX_LISTED_REJECTIONS);
        if self.options.keep_records {
            self.kept.extend(other.kept);
            self.kept.sort_by_key(|k| k.index);
        }
        self.overflow |= other.overflow;
        Ok(())
    }

    /// Export the partial state of this rater (分区计费的部分状态) for another process to merge
    /// with [`Rater::merge_partial`]: the counts, the listed rejections and one aggregate per
    /// (customer, fee in force or free pair), but **not the claimed ids**. Exact: merging the
    /// exported states of partitions gives the result of [`Rater::merge`] on the raters.
    ///
    /// Without the ids, a merge of exported states cannot detect an id rated in two states:
    /// partition the records by id (every id's records in one partition, e.g. with
    /// [`crate::rating::id_partition`] or any hash of the id), so that duplicates are co-located and
    /// detected inside their partition.
    ///
    /// Refused ([`Error::Invalid`] at `partial.options`) when records are kept: their
    /// outcomes are not part of the state.
    pub fn partial(&self) -> Result<PartialState> {
        if self.options.keep_records {
            return Err(Error::invalid("partial.options", "keep_records", "per-record outcomes are not exported; turn keep_records off"));
        }
        let aggregates = self
            .aggregates()
            .map(|a| PartialAggregate {
                customer: self.customer_name((a.key >> 32) as u32),
                slot: (a.key & 0xffff_ffff) as u32,
                nano: a.nano.to_string(),
                records: a.records,
            })
            .collect();
        let rejected = RejectReason::ALL.iter().zip(&self.rejected).filter(|(_, &n)| n > 0).map(|(r, &n)| (r.code().to_string(), n)).collect();
        Ok(PartialState {
            format: PartialState::FORMAT,
            tariff: tariff_digest(&self.tariff)?,
            records_in: self.records_in,
            rejected,
            rejections: self.rejections.clone(),
            aggregates,
            overflow: self.overflow,
        })
    }

    /// Merge an exported partial state ([`Rater::partial`]) into this rater: associative and
    /// commutative like [`Rater::merge`], and exact (quantities are summed as integers in
    /// 10^-9 units; pricing happens once, at [`Rater::finish`]).
    ///
    /// The state is checked whole before anything is merged, so a refused state leaves the
    /// rater unchanged: another format (`partial.format`) or tariff (`partial.tariff`), a
    /// rater that keeps records (`partial.options`), an unknown reason code
    /// (`partial.rejected.<code>`), an aggregate with an empty customer, a slot out of range
    /// or a quantity that is not a positive integer (`partial.aggregates[i].customer` /
    /// `.slot` / `.nano`), counts that do not add up (`partial.records_in`: records in must
    /// be the rejected plus the aggregates' records) and more customers than
    /// [`MAX_CUSTOMERS`] ([`Error::LimitExceeded`]). Ids are not checked (see
    /// [`Rater::partial`]).
    pub fn merge_partial(&mut self, p: &PartialState) -> Result<()> {
        if p.format != PartialState::FORMAT {
            return Err(Error::invalid("partial.format", p.format, format!("this build reads format {}", PartialState::FORMAT)));
        }
        if self.options.keep_records {
            return Err(Error::invalid("partial.options", "keep_records", "per-record outcomes are not exported; turn keep_records off"));
        }
        if p.tariff != tariff_digest(&self.tariff)? {
            return Err(Error::invalid("partial.tariff", &p.tariff, "partial states must be rated against the same tariff"));
        }
        let mut rejected = [0u64; RejectReason::ALL.len()];
        for (code, &n) in &p.rejected {
            let i = RejectReason::ALL
                .iter()
                .position(|r| r.code() == code)
                .ok_or_else(|| Error::invalid(format!("partial.rejected.{code}"), code, "a rejection reason code"))?;
            if let Some(x) = rejected.get_mut(i) {
                *x = x.checked_add(n).ok_or_else(|| Error::overflow(format!("partial.rejected.{code}"), n))?;
            }
        }
        let mut aggs = Vec::with_capacity(p.aggregates.len());
        let mut rated = 0u64;
        for (i, a) in p.aggregates.iter().enumerate() {
            let at = |f: &str| format!("partial.aggregates[{i}].{f}");
            if a.customer.is_empty() {
                return Err(Error::invalid(at("customer"), "\"\"", "a customer must have a name"));
            }
            if a.slot as usize >= self.c.slots.len() {
                return Err(Error::out_of_range(at("slot"), a.slot, format!("below {}", self.c.slots.len())));
            }
            let nano: i128 = a.nano.parse().map_err(|_| Error::invalid(at("nano"), &a.nano, "an integer quantity in 10^-9 units"))?;
            if nano <= 0 || a.records == 0 {
                return Err(Error::invalid(at("nano"), &a.nano, "an aggregate of at least one record and a positive quantity"));
            }
            rated = rated.checked_add(a.records).ok_or_else(|| Error::overflow(at("records"), a.records))?;
            aggs.push((a, nano));
        }
        let rejected_sum = rejected.iter().try_fold(0u64, |s, &n| s.checked_add(n));
        if rejected_sum.and_then(|r| r.checked_add(rated)) != Some(p.records_in) {
            return Err(Error::invalid("partial.records_in", p.records_in, "records in must be the rejected records plus the aggregates' records"));
        }
        let mut seen: FastMap<&str, ()> = fast_map();
        let new_customers =
            aggs.iter().filter(|(a, _)| !self.customer_ids.contains_key(a.customer.as_str()) && seen.insert(a.customer.as_str(), ()).is_none()).count();
        if new_customers > MAX_CUSTOMERS - self.customers.len() {
            return Err(Error::LimitExceeded {
                field: "customers".into(),
                value: (self.customers.len() + new_customers).to_string(),
                max: MAX_CUSTOMERS.to_string(),
            });
        }
        for (a, nano) in aggs {
            let customer = self.intern_customer(&a.customer)?;
            self.add_n(customer, a.slot, nano, a.records);
        }
        self.records_in += p.records_in;
        for (n, m) in self.rejected.iter_mut().zip(rejected) {
            *n += m;
        }
        self.rejections.extend(p.rejections.iter().cloned());
        self.rejections.sort_unstable_by(|a, b| (a.index, &a.id, a.reason, &a.value).cmp(&(b.index, &b.id, b.reason, &b.value)));
        self.rejections.truncate(MAX_LISTED_REJECTIONS);
        self.overflow |= p.overflow;
        Ok(())
    }
}

/// The exported partial state of a [`Rater`] ([`Rater::partial`], [`Rater::merge_partial`]):
/// what a partition of the records (partitioned by id) contributes to the invoices, without
/// the ids. Serializable (JSON through serde): one entry per aggregate, so its size is
/// about 60 bytes per (customer, product, scenario, fee in force) of the partition, not
/// per record. Quantities are integers in 10^-9 units written as decimal text (exact in any
/// JSON reader).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct PartialState {
    /// The format version ([`PartialState::FORMAT`]).
    pub format: u32,
    /// A digest of the tariff rated against (a stable 64-bit hash of its JSON form, in
    /// hex): a state of another tariff is refused. A guard against mistakes, not a signature.
    pub tariff: String,
    /// Records pushed.
    pub records_in: u64,
    /// Rejected records per reason code (the codes with at least one).
    pub rejected: BTreeMap<String, u64>,
    /// The listed rejections (at most [`MAX_LISTED_REJECTIONS`], by position).
    pub rejections: Vec<Rejection>,
    /// One entry per aggregate, in the order the rater created them.
    pub aggregates: Vec<PartialAggregate>,
    /// Whether an aggregate quantity overflowed (the merged rater's
    /// [`Rater::finish`] then fails with [`Error::Overflow`]).
    #[serde(default)]
    pub overflow: bool,
}

impl PartialState {
    /// The format written by this build.
    pub const FORMAT: u32 = 1;
}

/// One aggregate of a [`PartialState`]: a customer's rated use of one slot of the compiled
/// tariff (a fee in force, or a free product and scenario pair).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct PartialAggregate {
    /// The customer's name.
    pub customer: String,
    /// The slot in the compiled tariff (the same tariff gives the same slots).
    pub slot: u32,
    /// The summed quantity in 10^-9 units ([`crate::rating::QUANTITY_SCALE`]), as decimal text.
    pub nano: String,
    /// Records summed.
    pub records: u64,
}

/// The digest of a tariff for [`PartialState::tariff`].
pub(super) fn tariff_digest(t: &Tariff) -> Result<String> {
    use std::hash::Hasher;
    let json = serde_json::to_string(t).map_err(|e| Error::invalid("partial.tariff", "tariff", e.to_string()))?;
    let mut h = crate::rating::idset::stable_hasher();
    h.write(json.as_bytes());
    h.write_usize(json.len());
    Ok(format!("{:016x}", h.finish()))
}

/// The time of a record as written, for telling a replay from a conflict: the day, the
/// second of the day plus one (0 for a bare date) and the nanoseconds (columnar timestamps).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct TimeKey {
    /// Day number.
    pub day: i32,
    /// Second of the day plus one, or 0 for a bare date.
    pub second: u32,
    /// Nanoseconds within the second.
    pub nanos: u32,
}

impl TimeKey {
    /// The key of a text usage time.
    pub fn of(t: UsageTime) -> TimeKey {
        TimeKey { day: t.date().days(), second: t.second_of_day().map_or(0, |s| s + 1), nanos: 0 }
    }
}

/// The key of a customer in record fingerprints ([`fingerprint`]): a fixed 64-bit hash of the
/// customer's name, computed once when the rater interns the name and kept beside its number.
/// It depends only on the text, never on the order in which a rater numbered its customers,
/// so the fingerprints of ids taken over by [`Rater::merge`] from another rater (which may
/// number the same customers differently) still match an identical replay pushed afterwards.
#[inline]
pub(super) fn customer_key(name: &str) -> u64 {
    use std::hash::Hasher;
    let mut h = crate::rating::idset::stable_hasher();
    h.write(name.as_bytes());
    h.write_usize(name.len());
    h.finish()
}

/// The content of a rated record (the customer's [`customer_key`], product, scenario,
/// quantity in 10^-9 units, time as written): two records with the same id are a replay when
/// their fingerprints agree. Compared only within one process's id sets (merging refuses
/// common ids; an exported [`PartialState`] carries no ids nor fingerprints), so it need not be
/// stable across versions; it is a fixed function of the record's content (no per-rater seed,
/// and the customer enters by its name's hash, not by the rater's number for it), so the sets
/// of raters merged in one process agree.
///
/// Cheap (指纹): the fields are packed into five 64-bit words and mixed by three folded
/// 128-bit multiplies, two of them independent (about a third of the stable hasher's
/// dependent chain of eight multiply steps, which was ~8 % of the columnar loop). Packing is
/// one-to-one (`customer key`, `product | scenario << 32`, `day | quantity_high << 32`,
/// `second | nanos << 32`, the quantity's low word) for quantities below 2^96 (every
/// quantity up to [`crate::rating::MAX_QUANTITY`] units), so two records differ in
/// fingerprint unless they are equal or a 64-bit hash collides (two customer names, or the
/// mix). It is not keyed: an input built to collide (e.g. a quantity whose low word cancels
/// a constant, which zeroes one multiply) can make a conflicting replay read as an identical
/// one. Both are refusals (`duplicate_id` / `conflicting_duplicate`), so such a collision
/// changes only the refusal's reason, never what is charged.
#[inline(always)]
pub(super) fn fingerprint(customer_key: u64, product: u32, scenario: u32, nano: i128, time: TimeKey) -> u64 {
    const S: [u64; 6] =
        [0x243f_6a88_85a3_08d3, 0x1319_8a2e_0370_7344, 0xa409_3822_299f_31d0, 0x082e_fa98_ec4e_6c89, 0x4528_21e6_38d0_1377, 0xbe54_66cf_34e9_0c6c];
    #[inline(always)]
    fn mix(a: u64, b: u64) -> u64 {
        let m = u128::from(a) * u128::from(b);
        (m as u64) ^ ((m >> 64) as u64)
    }
    let (lo, hi) = (nano as u64, (nano >> 64) as u64);
    let b = u64::from(product) | u64::from(scenario) << 32;
    let c = u64::from(time.day as u32) | hi << 32;
    let d = u64::from(time.second) | u64::from(time.nanos) << 32;
    let h1 = mix(customer_key ^ S[0], b ^ S[1]);
    let h2 = mix(c ^ S[2], lo ^ S[3]);
    mix(h1 ^ d ^ S[4], h2 ^ S[5])
}

#[cfg(test)]
mod fingerprint_tests {
    use super::{customer_key, fingerprint, TimeKey};

    /// Records that differ in any one field (or in two fields swapped, or in the high half of
    /// the quantity only) get different fingerprints, and the function is fixed (the same
    /// value in every rater: merged id sets keep the other rater's fingerprints). Customers
    /// enter by the key of their name (here customer `i` is the name `c{i}`).
    #[test]
    fn a_change_in_any_field_changes_the_fingerprint() {
        let t = TimeKey { day: 20_100, second: 3_601, nanos: 0 };
        let base = (7u32, 1u32, 2u32, 5_000_000_000i128, t);
        let f = |(c, p, s, n, t): (u32, u32, u32, i128, TimeKey)| fingerprint(customer_key(&format!("c{c}")), p, s, n, t);
        let variants = [
            base,
            (8, 1, 2, 5_000_000_000, t),
            (1, 7, 2, 5_000_000_000, t),
            (7, 2, 1, 5_000_000_000, t),
            (7, 1, 3, 5_000_000_000, t),
            (7, 1, 2, 5_000_000_001, t),
            (7, 1, 2, 5_000_000_000 + (1i128 << 64), t),
            (7, 1, 2, 5_000_000_000, TimeKey { day: 20_101, ..t }),
            (7, 1, 2, 5_000_000_000, TimeKey { second: 0, ..t }),
            (7, 1, 2, 5_000_000_000, TimeKey { nanos: 1, ..t }),
            (7, 1, 2, 5_000_000_000, TimeKey { day: -1, ..t }),
            (0, 0, 0, 0, TimeKey::default()),
            (u32::MAX, u32::MAX, u32::MAX, i128::MAX, TimeKey { day: i32::MIN, second: u32::MAX, nanos: u32::MAX }),
        ];
        let prints: std::collections::HashSet<u64> = variants.iter().map(|&v| f(v)).collect();
        assert_eq!(prints.len(), variants.len(), "two different records share a fingerprint");
        assert_eq!(f(base), f(base));
        // Names that differ only by trailing zero bytes or length get different keys.
        let keys: std::collections::HashSet<u64> = ["a", "a\0", "a\0\0\0\0\0\0\0", "", "ab", "ba"].iter().map(|n| customer_key(n)).collect();
        assert_eq!(keys.len(), 6);
        // Many records that differ in one small field each: still no collision.
        let mut seen = std::collections::HashSet::new();
        for c in 0..100u32 {
            for q in 1..100i128 {
                for d in 0..10 {
                    assert!(seen.insert(f((c, 0, 0, q * 1_000_000_000, TimeKey { day: 20_000 + d, ..t }))));
                }
            }
        }
    }
}
