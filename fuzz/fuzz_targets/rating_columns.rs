//! Fuzz target `rating_columns`: see `datafee_fuzz::rating_columns` (fuzz/src/lib.rs).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| datafee_fuzz::rating_columns(data));
