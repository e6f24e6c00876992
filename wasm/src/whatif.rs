//! What-if documents kept in the module between recomputes (the fee calculator page's
//! `withChanges` + `summary()`): a few [`datafee::scenario::whatif::WhatIf`]s by number, the
//! least recently used dropped beyond [`SLOTS`] (bounded memory with no `free` to call). A
//! number the module no longer holds answers `undefined`, and the JavaScript API then takes the
//! document's text path (it can always make the document's text again), so eviction costs time,
//! never a result. Arguments are strings (the JavaScript API's own calls; not documented API).

use std::cell::RefCell;

use datafee::scenario::whatif::WhatIf;
use wasm_bindgen::prelude::*;

use crate::errors;

/// The most what-if documents held at once.
pub const SLOTS: usize = 8;

struct Held {
    id: u32,
    used: u64,
    doc: WhatIf,
}

#[derive(Default)]
struct Store {
    held: Vec<Held>,
    next_id: u32,
    clock: u64,
}

thread_local! {
    static STORE: RefCell<Store> = RefCell::new(Store::default());
}

impl Store {
    fn put(&mut self, doc: WhatIf) -> u32 {
        self.next_id = self.next_id.wrapping_add(1).max(1);
        self.clock += 1;
        let held = Held { id: self.next_id, used: self.clock, doc };
        if self.held.len() < SLOTS {
            self.held.push(held);
        } else if let Some(oldest) = self.held.iter_mut().min_by_key(|h| h.used) {
            *oldest = held;
        }
        self.next_id
    }

    fn get(&mut self, id: u32) -> Option<&WhatIf> {
        self.clock += 1;
        let clock = self.clock;
        self.held.iter_mut().find(|h| h.id == id).map(|h| {
            h.used = clock;
            &h.doc
        })
    }
}

/// Keep the scenario document `text` (JSON text of an object) in the module; its number.
#[wasm_bindgen(js_name = whatIfOpen, skip_typescript)]
pub fn what_if_open(text: &str) -> Result<u32, JsValue> {
    let doc = WhatIf::from_text(text).map_err(|e| errors::to_js(&e))?;
    Ok(STORE.with(|s| s.borrow_mut().put(doc)))
}

/// Document `id` with `changes` (JSON text of `chain.with_changes`' `changes`) applied, kept
/// as a new document: its number, or `undefined` when `id` is no longer held.
#[wasm_bindgen(js_name = whatIfChange, skip_typescript)]
pub fn what_if_change(id: u32, changes: &str) -> Result<Option<u32>, JsValue> {
    STORE.with(|s| {
        let mut s = s.borrow_mut();
        let Some(doc) = s.get(id) else { return Ok(None) };
        let next = doc.with_changes(changes).map_err(|e| errors::to_js(&e))?;
        Ok(Some(s.put(next)))
    })
}

/// The JSON text of document `id`, or `undefined` when it is no longer held.
#[wasm_bindgen(js_name = whatIfText, skip_typescript)]
pub fn what_if_text(id: u32) -> Option<String> {
    STORE.with(|s| s.borrow_mut().get(id).map(|d| d.text().to_string()))
}

/// Operation `op` on `{"document": document id}`, its result as JSON text (as `callJson`), or
/// `undefined` when `id` is no longer held.
#[wasm_bindgen(js_name = whatIfCall, skip_typescript)]
pub fn what_if_call(id: u32, op: &str) -> Result<Option<String>, JsValue> {
    STORE.with(|s| match s.borrow_mut().get(id) {
        Some(doc) => doc.call(op).map(Some).map_err(|e| errors::to_js(&e)),
        None => Ok(None),
    })
}
