//! Fuzz target `sharing`: see `datafee_fuzz::sharing` (fuzz/src/lib.rs).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| datafee_fuzz::sharing(data));
