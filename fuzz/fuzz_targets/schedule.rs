//! Fuzz target `schedule`: see `datafee_fuzz::schedule` (fuzz/src/lib.rs).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| datafee_fuzz::schedule(data));
