// Runs tests/js/python_side.py as a module of the project (the venv's Python, or $GONGKAI_PYTHON) and reads what it wrote.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { after } from "node:test";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const require = createRequire(import.meta.url);

export function pythonSide(kind) {
  const out = mkdtempSync(join(tmpdir(), `gongkai-js-${kind}-`));
  const python = process.env.GONGKAI_PYTHON || join(ROOT, ".venv", "bin", "python");
  after(() => rmSync(out, { recursive: true, force: true }));  // the indexes written for this test file
  execFileSync(python, ["-m", "tests.js.python_side", kind, out], { cwd: ROOT, stdio: ["ignore", "ignore", "inherit"] });
  return JSON.parse(readFileSync(join(out, "python.json"), "utf8"));
}

export function queries(kind) {
  return JSON.parse(readFileSync(join(ROOT, "tests", "queries", `${kind}.json`), "utf8"));
}
