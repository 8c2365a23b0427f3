// search.js's query code under Node with lunr.js 2.3.9, on the query table of tests/unit/test_search.py
// (tests/queries/search.json) and the index generator/search writes from the real plans.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT, require, pythonSide, queries } from "./python_side.mjs";

globalThis.lunr = require(join(ROOT, "node_modules", "lunr"));
const { Search } = require(join(ROOT, "templates", "assets", "search.js"));
const python = pythonSide("search");
const search = new Search(JSON.parse(readFileSync(python.index, "utf8")));

test("lunr.js loads the index without a pipeline", () => {
  assert.equal(globalThis.lunr.version, "2.3.9");
  assert.deepEqual(search.index.fields, ["t", "b", "a", "yt", "y", "i", "e"]);
  assert.equal(search.index.pipeline._stack.length, 0);
});

test("every query is planned and answered as Python plans and answers it", () => {
  for (const py of python.answers) {
    const js = search.search(py.query);
    assert.deepEqual(js.plan, py.plan, `${py.query}: plans differ`);
    assert.equal(js.level, py.level, `${py.query}: levels differ`);
    const scores = new Map(py.results);
    assert.deepEqual(js.results.map((r) => r.ref).sort(), py.results.map((r) => r[0]).sort(), `${py.query}: documents`);
    js.results.forEach((r, i) => {
      assert.ok(Math.abs(scores.get(r.ref) - r.score) <= 1e-6, `${py.query}: score of ${r.ref}`);
      const [ref, score] = py.results[i];  // equal scores may come in either order
      assert.ok(ref === r.ref || Math.abs(score - r.score) <= 1e-6, `${py.query}: order at ${i}`);
    });
  }
});

test("the table's pages are found and the wrong ones are not", () => {
  const table = queries("search");
  for (const [query, , must, mustNot] of table.table) {
    const urls = search.search(query).results.map((r) => r.url);
    for (const url of must) assert.ok(urls.includes(url), `${query} finds ${url}`);
    for (const url of mustNot) assert.ok(!urls.includes(url), `${query} does not find ${url}`);
  }
  for (const query of table.nothing) assert.deepEqual(search.search(query).results, [], query);
});
