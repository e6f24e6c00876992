//! Fuzz target `api_call`: see `datafee_fuzz::api_call` (fuzz/src/lib.rs).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| datafee_fuzz::api_call(data));
