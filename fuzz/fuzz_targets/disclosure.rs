//! Fuzz target `disclosure`: see `datafee_fuzz::disclosure` (fuzz/src/lib.rs).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| datafee_fuzz::disclosure(data));
