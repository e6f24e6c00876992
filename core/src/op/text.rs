//! The one result writer (结果文本输出): a result document written straight to JSON text with
//! the keys of every object in sorted order, byte for byte what `serde_json::to_value` followed
//! by `serde_json::to_string` writes (a `Value`'s objects are B-tree maps, so their keys come
//! out sorted), without building the `Value` tree.
//!
//! Every object is written where it is met, entry after entry, each entry as `"key":value,`.
//! When the object ends, its entries are put in key order if they are not already (a struct's
//! fields arrive in declaration order): every entry but the largest is copied aside, the largest
//! is moved once to its place, and the others are written back around it. The extra memory is
//! the object's size less its largest entry, so a result whose bulk sits in one field (the
//! working papers of `chain.run`) is written with about its own size in memory, not twice.
//! A key that occurs twice in one object (possible through `#[serde(flatten)]`) keeps its last
//! value, as a `Value` map does.
//!
//! Numbers, strings and booleans are written by `serde_json`'s own serializer, so their text is
//! the same; the few types a `Value` stores differently from how `serde_json` writes them
//! directly (`f32`, 128-bit integers) go through a `Value` to keep the bytes identical.
//!
//! Work: linear in the output, plus a sort of each object's keys (n log n in its entry count).
//! The entries of the objects being written share one stack, and the reordering its scratch
//! buffers, kept in the writer (no allocation per object); a string with nothing to escape
//! (no `"`, `\` or control character, which is every key and decimal of a result) is copied
//! as it is, the text `serde_json` would write for it.

use std::borrow::Cow;

use serde::ser::{self, Serialize};
use serde_json::Value;

/// Write `value` as JSON text with sorted object keys (see the module documentation).
pub fn to_sorted_text<T: Serialize + ?Sized>(value: &T) -> Result<String, serde_json::Error> {
    let mut w = Writer { out: Vec::with_capacity(4096), entries: Vec::new(), scratch: Scratch::default() };
    value.serialize(&mut w)?;
    // Only valid UTF-8 is ever written: JSON punctuation and `serde_json`'s own output.
    String::from_utf8(w.out).map_err(|e| ser::Error::custom(format!("result text is not UTF-8: {e}")))
}

/// The output buffer, the entries of the objects open (innermost last) and the reordering's
/// scratch buffers.
struct Writer {
    out: Vec<u8>,
    entries: Vec<Entry>,
    scratch: Scratch,
}

/// Buffers [`reorder`] reuses from one object to the next.
#[derive(Default)]
struct Scratch {
    order: Vec<usize>,
    kept: Vec<usize>,
    aside: Vec<u8>,
    placed: Vec<(usize, usize, usize)>,
}

impl Writer {
    /// Write a string as `serde_json` does: copied between quotes when nothing in it needs
    /// escaping (its escapes are for `"`, `\` and the control characters below U+0020 only),
    /// else through `serde_json`.
    fn string(&mut self, v: &str) -> Result<(), serde_json::Error> {
        // A plain loop: the iterator form is not inlined at opt-level "z" (the calculator's
        // build) and cost a call per byte.
        let b = v.as_bytes();
        let mut i = 0;
        while i < b.len() && b[i] >= 0x20 && b[i] != b'"' && b[i] != b'\\' {
            i += 1;
        }
        if i == b.len() {
            self.out.reserve(v.len() + 2);
            self.out.push(b'"');
            self.out.extend_from_slice(v.as_bytes());
            self.out.push(b'"');
            Ok(())
        } else {
            self.json(v)
        }
    }

    /// Write a scalar through `serde_json`'s own serializer (identical text): `to_vec`, which
    /// needs no `std` (the WebAssembly build's `serde_json` has none, so no `to_writer`); for
    /// what is rare in results (strings with escapes, characters, bytes, 128-bit and floats
    /// through a `Value`). Integers and booleans are written by [`Writer::uint`] and the like.
    fn json<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), serde_json::Error> {
        let text = serde_json::to_vec(v)?;
        self.out.extend_from_slice(&text);
        Ok(())
    }

    /// Write an unsigned integer in decimal digits (the text `serde_json` writes).
    fn uint(&mut self, mut v: u64) -> Result<(), serde_json::Error> {
        let mut buf = [0u8; 20];
        let mut i = buf.len();
        loop {
            i -= 1;
            buf[i] = b'0' + (v % 10) as u8;
            v /= 10;
            if v == 0 {
                break;
            }
        }
        self.out.extend_from_slice(&buf[i..]);
        Ok(())
    }

    /// Write a signed integer (the text `serde_json` writes).
    fn int(&mut self, v: i64) -> Result<(), serde_json::Error> {
        if v < 0 {
            self.out.push(b'-');
        }
        self.uint(v.unsigned_abs())
    }

    /// Write a scalar the way a `Value` holds it (for the types a `Value` stores differently).
    fn via_value<T: Serialize>(&mut self, v: T) -> Result<(), serde_json::Error> {
        let v = serde_json::to_value(v)?;
        self.json(&v)
    }
}

/// One entry of an object being written: its key and where its `"key":value,` text lies.
struct Entry {
    key: Cow<'static, str>,
    start: usize,
    end: usize,
}

/// An object being written: its entries are `w.entries[base..]`.
struct Object<'a> {
    w: &'a mut Writer,
    base: usize,
    /// For a struct variant: the closing brace of the outer `{"variant": ...}`.
    close_outer: bool,
}

impl<'a> Object<'a> {
    fn open(w: &'a mut Writer, close_outer: bool) -> Self {
        w.out.push(b'{');
        let base = w.entries.len();
        Object { w, base, close_outer }
    }

    /// Start an entry under `key`.
    fn key(&mut self, key: Cow<'static, str>) -> Result<(), serde_json::Error> {
        let start = self.w.out.len();
        self.w.string(key.as_ref())?;
        self.w.out.push(b':');
        self.w.entries.push(Entry { key, start, end: start });
        Ok(())
    }

    /// Write the value of the entry just started.
    fn value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), serde_json::Error> {
        value.serialize(&mut *self.w)?;
        self.w.out.push(b',');
        // The value's own objects have closed and taken their entries off the stack: the last
        // entry is this object's.
        let end = self.w.out.len();
        if let Some(e) = self.w.entries[self.base..].last_mut() {
            e.end = end;
        }
        Ok(())
    }

    /// Put the entries in key order (last value of a repeated key kept) and close the object.
    fn close(self) -> Result<(), serde_json::Error> {
        let Object { w, base, close_outer } = self;
        let Writer { out, entries, scratch } = w;
        if entries.len() == base {
            out.push(b'}');
        } else {
            let mine = &entries[base..];
            let sorted = mine.windows(2).all(|p| p[0].key < p[1].key);
            if !sorted {
                reorder(out, mine, scratch);
            }
            entries.truncate(base);
            // Every entry ends with a comma: the last one becomes the closing brace.
            if let Some(last) = out.last_mut() {
                *last = b'}';
            }
        }
        if close_outer {
            out.push(b'}');
        }
        Ok(())
    }
}

/// Rewrite the contiguous entries at the end of `out` in key order, keeping the last of each
/// repeated key; the largest kept entry is moved once, the others through a side buffer.
fn reorder(out: &mut Vec<u8>, entries: &[Entry], scratch: &mut Scratch) {
    let Scratch { order, kept, aside, placed } = scratch;
    let base = entries[0].start;
    order.clear();
    order.extend(0..entries.len());
    // Stable: equal keys stay in arrival order, so the last of a run is the last written.
    order.sort_by(|&a, &b| entries[a].key.cmp(&entries[b].key));
    kept.clear();
    for (n, &i) in order.iter().enumerate() {
        let repeated = order.get(n + 1).is_some_and(|&j| entries[j].key == entries[i].key);
        if !repeated {
            kept.push(i);
        }
    }
    let len = |i: usize| entries[i].end - entries[i].start;
    let largest = kept.iter().copied().max_by_key(|&i| len(i)).unwrap_or(kept[0]);
    // The others aside, in their final order.
    aside.clear();
    aside.reserve(kept.iter().filter(|&&i| i != largest).map(|&i| len(i)).sum());
    let mut at = base;
    let mut largest_at = base;
    placed.clear(); // (final, aside, len)
    for &i in kept.iter() {
        if i == largest {
            largest_at = at;
        } else {
            placed.push((at, aside.len(), len(i)));
            aside.extend_from_slice(&out[entries[i].start..entries[i].end]);
        }
        at += len(i);
    }
    let total = at;
    out.copy_within(entries[largest].start..entries[largest].end, largest_at);
    out.truncate(total);
    for &(to, from, n) in placed.iter() {
        out[to..to + n].copy_from_slice(&aside[from..from + n]);
    }
}

/// The text of a map key, exactly as a `Value` map would hold it (strings as they are, numbers
/// and booleans in their text; anything else is the same error `serde_json` gives).
fn key_text<K: Serialize + ?Sized>(key: &K) -> Result<Cow<'static, str>, serde_json::Error> {
    let mut m = serde_json::value::Serializer.serialize_map(Some(1))?;
    ser::SerializeMap::serialize_key(&mut m, key)?;
    ser::SerializeMap::serialize_value(&mut m, &())?;
    match ser::SerializeMap::end(m)? {
        Value::Object(o) => o.into_iter().next().map(|(k, _)| Cow::Owned(k)).ok_or_else(|| ser::Error::custom("empty key")),
        _ => Err(ser::Error::custom("map key")),
    }
}

use serde::Serializer as _;

/// An array being written.
struct Array<'a> {
    w: &'a mut Writer,
    first: bool,
    /// For a tuple variant: the closing brace of the outer `{"variant": [...]}`.
    close_outer: bool,
}

impl<'a> Array<'a> {
    fn open(w: &'a mut Writer, close_outer: bool) -> Self {
        w.out.push(b'[');
        Array { w, first: true, close_outer }
    }

    fn element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), serde_json::Error> {
        if !self.first {
            self.w.out.push(b',');
        }
        self.first = false;
        value.serialize(&mut *self.w)
    }

    fn close(self) -> Result<(), serde_json::Error> {
        self.w.out.push(b']');
        if self.close_outer {
            self.w.out.push(b'}');
        }
        Ok(())
    }
}

impl<'a> ser::Serializer for &'a mut Writer {
    type Ok = ();
    type Error = serde_json::Error;
    type SerializeSeq = Array<'a>;
    type SerializeTuple = Array<'a>;
    type SerializeTupleStruct = Array<'a>;
    type SerializeTupleVariant = Array<'a>;
    type SerializeMap = Object<'a>;
    type SerializeStruct = Object<'a>;
    type SerializeStructVariant = Object<'a>;

    fn serialize_bool(self, v: bool) -> Result<(), Self::Error> {
        self.out.extend_from_slice(if v { b"true" } else { b"false" });
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Result<(), Self::Error> {
        self.int(v.into())
    }
    fn serialize_i16(self, v: i16) -> Result<(), Self::Error> {
        self.int(v.into())
    }
    fn serialize_i32(self, v: i32) -> Result<(), Self::Error> {
        self.int(v.into())
    }
    fn serialize_i64(self, v: i64) -> Result<(), Self::Error> {
        self.int(v)
    }
    fn serialize_i128(self, v: i128) -> Result<(), Self::Error> {
        self.via_value(v)
    }
    fn serialize_u8(self, v: u8) -> Result<(), Self::Error> {
        self.uint(v.into())
    }
    fn serialize_u16(self, v: u16) -> Result<(), Self::Error> {
        self.uint(v.into())
    }
    fn serialize_u32(self, v: u32) -> Result<(), Self::Error> {
        self.uint(v.into())
    }
    fn serialize_u64(self, v: u64) -> Result<(), Self::Error> {
        self.uint(v)
    }
    fn serialize_u128(self, v: u128) -> Result<(), Self::Error> {
        self.via_value(v)
    }
    fn serialize_f32(self, v: f32) -> Result<(), Self::Error> {
        self.via_value(v)
    }
    fn serialize_f64(self, v: f64) -> Result<(), Self::Error> {
        self.via_value(v)
    }
    fn serialize_char(self, v: char) -> Result<(), Self::Error> {
        self.json(&v)
    }
    fn serialize_str(self, v: &str) -> Result<(), Self::Error> {
        self.string(v)
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<(), Self::Error> {
        self.json(&v)
    }
    fn serialize_none(self) -> Result<(), Self::Error> {
        self.out.extend_from_slice(b"null");
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Self::Error> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Self::Error> {
        self.out.extend_from_slice(b"null");
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), Self::Error> {
        self.serialize_unit()
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Result<(), Self::Error> {
        self.string(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _: &'static str, value: &T) -> Result<(), Self::Error> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(self, _: &'static str, _: u32, variant: &'static str, value: &T) -> Result<(), Self::Error> {
        self.out.push(b'{');
        self.string(variant)?;
        self.out.push(b':');
        value.serialize(&mut *self)?;
        self.out.push(b'}');
        Ok(())
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Array<'a>, Self::Error> {
        Ok(Array::open(self, false))
    }
    fn serialize_tuple(self, _: usize) -> Result<Array<'a>, Self::Error> {
        Ok(Array::open(self, false))
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Array<'a>, Self::Error> {
        Ok(Array::open(self, false))
    }
    fn serialize_tuple_variant(self, _: &'static str, _: u32, variant: &'static str, _: usize) -> Result<Array<'a>, Self::Error> {
        self.out.push(b'{');
        self.string(variant)?;
        self.out.push(b':');
        Ok(Array::open(self, true))
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Object<'a>, Self::Error> {
        Ok(Object::open(self, false))
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Object<'a>, Self::Error> {
        Ok(Object::open(self, false))
    }
    fn serialize_struct_variant(self, _: &'static str, _: u32, variant: &'static str, _: usize) -> Result<Object<'a>, Self::Error> {
        self.out.push(b'{');
        self.string(variant)?;
        self.out.push(b':');
        Ok(Object::open(self, true))
    }
}

/// The array-like compounds: each element through [`Array::element`], closed by [`Array::close`].
macro_rules! array_compound {
    ($($trait:ident :: $method:ident),*) => {$(
        impl ser::$trait for Array<'_> {
            type Ok = ();
            type Error = serde_json::Error;
            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Self::Error> {
                self.element(value)
            }
            fn end(self) -> Result<(), Self::Error> {
                self.close()
            }
        }
    )*};
}
array_compound!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

impl ser::SerializeMap for Object<'_> {
    type Ok = ();
    type Error = serde_json::Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Self::Error> {
        let k = key_text(key)?;
        self.key(k)
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Self::Error> {
        self.value(value)
    }
    fn end(self) -> Result<(), Self::Error> {
        self.close()
    }
}

/// The struct-like compounds: each field as a key and its value, closed by [`Object::close`].
macro_rules! struct_compound {
    ($($trait:ident),*) => {$(
        impl ser::$trait for Object<'_> {
            type Ok = ();
            type Error = serde_json::Error;
            fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<(), Self::Error> {
                self.key(Cow::Borrowed(key))?;
                self.value(value)
            }
            fn end(self) -> Result<(), Self::Error> {
                self.close()
            }
        }
    )*};
}
struct_compound!(SerializeStruct, SerializeStructVariant);

#[cfg(test)]
mod tests {
    use super::to_sorted_text;
    use serde::Serialize;
    use std::collections::HashMap;

    fn same<T: Serialize>(v: &T) {
        let want = serde_json::to_string(&serde_json::to_value(v).unwrap()).unwrap();
        assert_eq!(to_sorted_text(v).unwrap(), want);
    }

    #[derive(Serialize)]
    struct Inner {
        z: u8,
        a: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        m: Option<u8>,
    }

    #[derive(Serialize)]
    enum E {
        Unit,
        New(Inner),
        Tup(u8, String),
        St { y: f64, b: f32 },
    }

    #[derive(Serialize)]
    struct Outer {
        zz: Vec<Inner>,
        big: String,
        a: E,
        #[serde(flatten)]
        extra: HashMap<String, u32>,
        k: (i128, u128, char, bool),
        e: Vec<E>,
        empty: HashMap<u8, u8>,
    }

    #[test]
    fn same_bytes_as_through_a_value() {
        let mut extra = HashMap::new();
        for (i, k) in ["q", "b", "zzz", "a\"\\\u{1}é"].iter().enumerate() {
            extra.insert(k.to_string(), i as u32);
        }
        let o = Outer {
            zz: vec![Inner { z: 1, a: None, m: Some(3) }, Inner { z: 2, a: Some("x\n".into()), m: None }],
            big: "x".repeat(10_000),
            a: E::New(Inner { z: 9, a: Some("s".into()), m: None }),
            extra,
            k: (-5, 7, '"', true),
            e: vec![E::Unit, E::Tup(1, "t".into()), E::St { y: 0.1, b: 0.1 }, E::St { y: f64::NAN, b: 1.5 }],
            empty: HashMap::new(),
        };
        same(&o);
        let mut numbered: HashMap<i64, &str> = HashMap::new();
        for i in -20..20 {
            numbered.insert(i * 7919 % 1000, "v");
        }
        same(&numbered);
        same(&serde_json::json!({"b": [1, {"y": 2, "x": [null]}], "a": "1.00"}));
    }

    /// Strings copied without escaping and strings escaped by `serde_json` give the same text:
    /// every character up to U+00A0, and a few beyond, as values, keys and nested keys.
    #[test]
    fn strings_as_serde_json_writes_them() {
        let mut texts: Vec<String> = (0u32..=0xa0).filter_map(char::from_u32).map(|c| format!("a{c}b")).collect();
        texts.extend(["", "\u{2028}", "\u{feff}", "收费", "😀", "\"\\", "x\u{7f}"].map(String::from));
        for t in &texts {
            same(t);
            same(&serde_json::json!({ t.as_str(): [t, {"k": t}], "z": {t.as_str(): 1, "a": 2} }));
        }
        let map: HashMap<&str, &str> = texts.iter().map(|t| (t.as_str(), t.as_str())).collect();
        same(&map);
    }

    #[derive(Serialize)]
    struct Dup {
        a: u8,
        #[serde(flatten)]
        more: std::collections::BTreeMap<String, u8>,
    }

    #[test]
    fn a_repeated_key_keeps_its_last_value_like_a_value_map() {
        let more = [("a".to_string(), 2), ("0".to_string(), 1)].into_iter().collect();
        same(&Dup { a: 1, more });
    }

    /// Integers and booleans are written by the writer's own digit loop: the text `serde_json`
    /// writes, at the ends of every width.
    #[test]
    fn integers_and_booleans_as_serde_json_writes_them() {
        same(&(i8::MIN, i8::MAX, i16::MIN, i16::MAX, i32::MIN, i32::MAX, i64::MIN, i64::MAX, -1i64, 0i64));
        same(&(u8::MAX, u16::MAX, u32::MAX, u64::MAX, 0u64, 9u64, 10u64, 99u64, 100u64, 1_000_000_007u64));
        same(&(true, false, Some(true), None::<bool>));
        for v in [-1_000_001i64, -999, -10, -9, 0, 9, 10, 999, 1_000_000] {
            same(&v);
        }
    }
}
