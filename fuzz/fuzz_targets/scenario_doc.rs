//! Fuzz target `scenario_doc`: see `datafee_fuzz::scenario_doc` (fuzz/src/lib.rs).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| datafee_fuzz::scenario_doc(data));
