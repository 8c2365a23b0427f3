// lookup.js's query code under Node, on the query table of tests/unit/test_lookup.py
// (tests/queries/lookup.json) and the index generator/lookup writes for it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { ROOT, require, pythonSide, queries } from "./python_side.mjs";

const lookup = require(join(ROOT, "templates", "assets", "lookup.js"));
const python = pythonSide("lookup");
const manifest = lookup.prepare(python.manifest);

test("every query is parsed as terms.py parses it", () => {
  for (const answer of python.answers) {
    assert.deepEqual(lookup.parseQuery(answer.query, manifest), answer.parsed, answer.query);
  }
});

test("the match test finds the table's businesses, as the Python reader does", () => {
  for (const [query, expected] of queries("lookup").table) {
    const parsed = lookup.parseQuery(query, manifest);
    const found = python.businesses.filter((b) => lookup.matches(parsed, b[0], b[1], b[2], manifest)).map((b) => b[0][0]);
    assert.deepEqual(found.sort(), [...expected].sort(), query);
  }
  assert.deepEqual(python.answers.map((a) => a.found.sort()), queries("lookup").table.map(([, f]) => [...f].sort()));
});

test("ü typed as u and with tone marks reads as the ü syllable", () => {
  assert.deepEqual(lookup.parseQuery("lue", manifest).pieces, [["lve", true]]);
  assert.deepEqual(lookup.parseQuery("Lǚguǎn", manifest).pieces, [["lv", true], ["guan", true]]);
  assert.deepEqual(lookup.parseQuery("ＨＵＡＹＵＡＮ", manifest).pieces, [["hua", true], ["yuan", true]]);
});

test("addresses come from generator/urls.py's patterns in the manifest", () => {
  assert.equal(lookup.fill(manifest.urls.task, { plan: "jx-2024", seq: 2 }), python.task_url);
  for (const part of ["t", "b"]) {  // the packed index: a directory and pack files per part
    const pack = lookup.fill(manifest.urls.pack, { part: part, n: 0 });
    const directory = lookup.fill(manifest.urls.directory, { part: part });
    assert.ok(python.files.includes(pack), pack);
    assert.ok(python.files.includes(directory), directory);
  }
});

test("a long name's terms are its trade name's pairs, jurisdiction levels skipped, as terms.py chooses them", () => {
  assert.deepEqual(lookup.parseQuery("山西省运城市绛县恒源超市有限公司", manifest).terms,
                   ["h恒源", "h源超", "h超市", "h市有", "h有限", "h限公"]);  // tests/unit/test_lookup.py
  assert.deepEqual(lookup.parseQuery("阳高县𠀋匠保安服务有限公司", manifest).terms,
                   ["h𠀋匠", "h匠保", "h保安", "h安服", "h服务", "h务有"]);  // a character beyond the BMP
});
