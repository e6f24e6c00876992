// The package's web entry: the wasm-bindgen web build and the JavaScript API.
export * from "./datafee_wasm.js";
export { default } from "./datafee_wasm.js";
export * from "./datafee_api.js";
