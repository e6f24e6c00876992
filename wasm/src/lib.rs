//! WebAssembly binding of datafee (stub: filled in by the WebAssembly binding change).
