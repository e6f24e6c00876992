// Shared by the node tests: the golden-vector files, and (from rule.mjs) the matching rule of
// core/tests/vectors.rs.
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** The repository's tests/vectors directory. */
export const VECTOR_DIR = fileURLToPath(new URL("../../tests/vectors/", import.meta.url));

/** Every vector file, sorted by name: [{ file, cases }]. */
export function vectorFiles() {
  return readdirSync(VECTOR_DIR)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((file) => {
      const doc = JSON.parse(readFileSync(VECTOR_DIR + file, "utf8"));
      if (!Array.isArray(doc.cases)) throw new Error(`${file}: no cases`);
      return { file, cases: doc.cases };
    });
}

export { jsonEqual, runCase, subset } from "./rule.mjs";
