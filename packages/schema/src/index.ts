export * from "./locales.js";
export * from "./enums.js";
export * from "./validators.js";
export * from "./time.js";
export * from "./localized.js";
export * from "./content.js";
export * from "./resolve.js";
export * from "./format.js";
