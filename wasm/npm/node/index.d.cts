// The package's Node entry: the wasm-bindgen nodejs build and the JavaScript API.
export * from "./datafee_wasm.js";
export * from "./datafee_api.js";
