// The package's Node entry: the wasm-bindgen nodejs build and the JavaScript API.
export * from "./datafee_wasm.js";
export * from "./datafee_api.js";
/** How many times the module was restarted after a WebAssembly trap (0 normally). */
export declare function restarts(): number;
