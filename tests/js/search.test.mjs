// search.js's query code under Node, on the query table of tests/unit/test_search.py (tests/queries/search.json)
// and the sharded index generator/publish/search writes from the real plans; its scores checked against
// lunr.js 2.3.9 itself on the whole index of the same documents.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { ROOT, require, pythonSide, queries } from "./python_side.mjs";

globalThis.lunr = require(join(ROOT, "node_modules", "lunr"));
const { Search } = require(join(ROOT, "templates", "assets", "search.js"));
const python = pythonSide("search");
const manifest = JSON.parse(readFileSync(join(python.index, "manifest.json"), "utf8"));
// A fresh reader per query, as a page opened with ?q=: the files it fetches are that query's.
const reader = () => new Search(manifest, (rel) => readFile(join(python.index, manifest.version, rel), "utf8"));

test("the manifest names the fields and carries the tokenizer's tables", () => {
  assert.deepEqual(manifest.fields, ["t", "b", "a", "yt", "y", "i", "e"]);
  assert.ok(manifest.tokenizer.syllables.split(" ").includes("lv"));
});

test("search.js scores the shards as lunr.js scores the whole index", async () => {
  const whole = globalThis.lunr.Index.load(JSON.parse(readFileSync(python.whole, "utf8")));
  assert.equal(globalThis.lunr.version, "2.3.9");
  assert.equal(whole.pipeline._stack.length, 0);
  const lunrLevel = (level) => {
    const merged = new Map();
    level.alternatives.forEach((alternative) => whole.query((q) => alternative.clauses.forEach((c) => q.term(c.term, {
      fields: c.fields.slice(), boost: c.boost, usePipeline: false,
      presence: c.required ? globalThis.lunr.Query.presence.REQUIRED : globalThis.lunr.Query.presence.OPTIONAL,
      wildcard: c.wildcard ? globalThis.lunr.Query.wildcard.TRAILING : globalThis.lunr.Query.wildcard.NONE,
    }))).forEach((hit) => merged.set(hit.ref, Math.max(merged.get(hit.ref) || 0, hit.score))));
    return merged;
  };
  for (const py of python.answers) {
    const js = await reader().search(py.query);
    let expected = new Map();
    for (const level of js.plan.levels) {
      expected = lunrLevel(level);
      if (expected.size) { assert.equal(level.kind, js.level, `${py.query}: the level lunr.js answers at`); break; }
    }
    assert.deepEqual(js.results.map((r) => r.ref).sort(), [...expected.keys()].sort(), `${py.query}: documents`);
    js.results.forEach((r) => assert.ok(Math.abs(expected.get(r.ref) - r.score) <= 1e-9, `${py.query}: score of ${r.ref}`));
  }
});

test("every query is planned, fetched and answered as Python plans, fetches and answers it", async () => {
  for (const py of python.answers) {
    const search = reader();
    const js = await search.search(py.query);
    assert.deepEqual(js.plan, py.plan, `${py.query}: plans differ`);
    assert.equal(js.level, py.level, `${py.query}: levels differ`);
    assert.deepEqual([...search.fetched].sort(), py.fetched, `${py.query}: files fetched`);
    const scores = new Map(py.results);
    assert.deepEqual(js.results.map((r) => r.ref).sort(), py.results.map((r) => r[0]).sort(), `${py.query}: documents`);
    js.results.forEach((r, i) => {
      assert.ok(Math.abs(scores.get(r.ref) - r.score) <= 1e-6, `${py.query}: score of ${r.ref}`);
      const [ref, score] = py.results[i];  // equal scores may come in either order
      assert.ok(ref === r.ref || Math.abs(score - r.score) <= 1e-6, `${py.query}: order at ${i}`);
    });
    await search.documents(js.results);
    assert.deepEqual(js.results.map((r) => r.url), py.urls, `${py.query}: pages`);
    js.results.forEach((r) => assert.equal(search.kindOf(r.ref), r.kind, `${py.query}: kind of ${r.ref}`));
  }
});

test("the table's pages are found and the wrong ones are not", async () => {
  const table = queries("search");
  for (const [query, , must, mustNot] of table.table) {
    const search = reader();
    const found = await search.search(query);
    const urls = (await search.documents(found.results)).map((r) => r.url);
    for (const url of must) assert.ok(urls.includes(url), `${query} finds ${url}`);
    for (const url of mustNot) assert.ok(!urls.includes(url), `${query} does not find ${url}`);
  }
  for (const query of table.nothing) assert.deepEqual((await reader().search(query)).results, [], query);
});

test("filters narrow the results as Python narrows them", async () => {
  const table = queries("search");
  assert.ok(python.filtered.length >= 4);
  for (const [i, [query, filters, must, mustNot]] of table.filtered.entries()) {
    const search = reader();
    const urls = (await search.documents((await search.search(query, filters)).results)).map((r) => r.url);
    assert.deepEqual(urls, python.filtered[i].urls, `${query} ${JSON.stringify(filters)}`);
    for (const url of must) assert.ok(urls.includes(url), `${query} ${JSON.stringify(filters)} finds ${url}`);
    for (const url of mustNot) assert.ok(!urls.includes(url), `${query} ${JSON.stringify(filters)} leaves out ${url}`);
  }
});
