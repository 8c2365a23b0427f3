/* Enterprise lookup (/lookup/): find every inspection of a business by name, pinyin or credit code.
 *
 * Reads the sharded index written by generator/publish/lookup/writer.py (entries in pack files,
 * read by HTTP Range requests); the query side mirrors generator/publish/lookup/terms.py and reader.py step for step (change one, change the other;
 * tests/js/lookup.test.mjs checks both agree on tests/queries/lookup.json, under Node).
 * Page shell:  <div id="lookup-app" [data-index="…/lookup/index/"] [data-task-url="…/plans/{plan}/tasks/{seq}/"]></div>
 *              <script src="…/assets/lookup.js" defer></script>
 * Both attributes are optional and resolve against the page; by default the index is
 * ../lookup/index/, relative to this script, and task links follow the manifest's pattern
 * (urls.task, written from generator/urls.py) from the site root, the folder above assets/.
 * The index's file names come from the manifest's patterns too. Needs DecompressionStream (Chromium 80+,
 * Firefox 113+, Safari 16.4+).
 * Data is only ever rendered with textContent: business names come from office files.
 * The app sets data-state (idle | loading | done | error), data-query (the query answered) and
 * data-ready="1" once the index manifest is loaded, for tests and the bench; window.gongkaiLookup.run(q)
 * runs a query and resolves once its answer is on the page.
 */
(function () {
  "use strict";

  var CODE = /^[0-9A-HJ-NP-RTUW-Y]{2}\d{6}[0-9A-HJ-NP-RTUW-Y]{10}$/;

  // --- text as terms.py sees it ---------------------------------------------------------
  // The syllable table and the folding rules come in the manifest (written from
  // generator/pinyin.py browser_rules()): this file holds no copy of them.

  /* m.normalize, m.han and m.segment from the manifest's rules (once, when it is loaded). */
  function prepare(m) {
    var umlauts = new RegExp("[" + m.umlauts + "]", "g"), marks = new RegExp("[" + m.marks + "]", "g");
    m.normalize = function (text) {  // NFKC (full-width → half-width), lower case, ü → v, no tone marks
      text = String(text || "").normalize("NFKC").toLowerCase().replace(umlauts, "v");
      return text.normalize("NFKD").replace(marks, "");
    };
    m.han = new RegExp("[" + m.han_class + "]", "u");
    m.segment = segmenter(m.syllables.split(" "), m.u_spellings);
    return m;
  }

  // Credit codes are folded as generator/identifiers.py normalize_code folds them.
  function halfWidth(s) {
    return s.replace(/[\uff01-\uff5e]/g, function (c) { return String.fromCharCode(c.charCodeAt(0) - 0xfee0); })
            .replace(/\u3000/g, " ");
  }
  function normalizeCode(s) { return halfWidth(s).replace(/\s+/g, "").toUpperCase(); }
  function normChars(s, m) {
    return Array.from(m.normalize(s)).filter(function (c) {
      return (c >= "a" && c <= "z") || (c >= "0" && c <= "9") || m.han.test(c);
    });
  }
  function unique(items) {
    var seen = new Set();
    return items.filter(function (x) { if (seen.has(x)) return false; seen.add(x); return true; });
  }
  function spread(items, limit) {
    items = unique(items);
    if (items.length <= limit) return items;
    var out = [];
    for (var i = 0; i < limit; i++) out.push(items[Math.round(i * (items.length - 1) / (limit - 1))]);
    return out;
  }
  function tradeFirst(chars, m) {  // terms.py _trade_first: the pairs after the jurisdiction first
    var text = chars.join(""), cs = Array.from(text), level = new RegExp(m.level, "uy"), start = 0, found;
    for (;;) {  // start, end and the limit count code points, as Python does; lastIndex counts UTF-16 units
      level.lastIndex = cs.slice(0, start).join("").length;
      found = level.exec(text);
      if (!found) break;
      var end = start + Array.from(found[0]).length;
      if (cs.length - end < m.max_terms) break;
      start = end;
    }
    var pairs = [];
    for (var k = start; k + 1 < cs.length; k++) pairs.push(cs[k] + cs[k + 1]);
    return unique(pairs).slice(0, m.max_terms);
  }
  function initialTerms(letters) {
    if (letters.length < 2) return [];
    if (letters.length <= 4) return ["i" + letters.join("")];
    var out = [];
    for (var k = 0; k + 3 < letters.length; k++) out.push("i" + letters.slice(k, k + 4).join(""));
    return out;
  }

  /* Queries are read with the syllables and the spellings of ü as u (lue → lve, nue → nve). */
  function segmenter(table, uSpellings) {
    var syllables = table.concat(Object.keys(uSpellings)), set = new Set(syllables), prefixes = new Set(), max = 0;
    syllables.forEach(function (s) {
      max = Math.max(max, s.length);
      for (var i = 1; i <= s.length; i++) prefixes.add(s.slice(0, i));
    });
    var spelt = new Map(Object.keys(uSpellings).map(function (k) { return [k, uSpellings[k]]; }));
    return function segment(groups) {
      var pieces = [];
      for (var g = 0; g < groups.length; g++) {
        var group = groups[g], last = g === groups.length - 1, n = group.length;
        var best = new Array(n + 1).fill(null);
        best[n] = [];
        for (var i = n - 1; i >= 0; i--) {
          for (var len = Math.min(max, n - i); len > 0; len--) {
            var piece = group.slice(i, i + len), complete = set.has(piece);
            if (!complete && !(last && i + len === n && prefixes.has(piece))) continue;
            var rest = best[i + len];
            if (rest !== null && (best[i] === null || rest.length + 1 < best[i].length)) {
              best[i] = [[complete && spelt.has(piece) ? spelt.get(piece) : piece, complete]].concat(rest);
            }
          }
        }
        if (best[0] === null) return null;
        pieces = pieces.concat(best[0]);
      }
      return pieces;
    };
  }

  function parseQuery(text, m) {
    var raw = (text || "").trim();
    var compact = normalizeCode(raw);
    if (CODE.test(compact)) return { mode: "code", code: compact, terms: ["c" + compact], whole: true };
    var chars = normChars(raw, m);
    if (!chars.length) return { mode: "empty", terms: [] };
    if (chars.some(function (c) { return !(c >= "a" && c <= "z"); })) {
      var terms = chars.length === 1 ? ["h" + chars[0]]
        : tradeFirst(chars, m).map(function (pair) { return "h" + pair; });
      return { mode: "name", text: chars.join(""), terms: terms, whole: chars.length <= 2 };
    }
    var groups = m.normalize(raw).match(/[a-z]+/g) || [];
    var pieces = m.segment(groups);
    if (pieces && pieces.some(function (p) { return p[1]; })) {
      var letters = pieces.map(function (p) { return p[0][0]; });
      var syl = [];
      for (var j = 0; j + 1 < pieces.length; j++) {
        if (pieces[j][1] && pieces[j + 1][1]) syl.push("s" + pieces[j][0] + " " + pieces[j + 1][0]);
      }
      if (!syl.length) syl = pieces.filter(function (p) { return p[1]; }).map(function (p) { return "s" + p[0]; });
      var whole = pieces.length === 1 && pieces[0][1];
      return { mode: "pinyin", pieces: pieces, whole: whole,
               terms: whole ? syl : spread(syl, 4).concat(spread(initialTerms(letters), 2)) };
    }
    var all = groups.join("").split("");
    if (all.length < 2) return { mode: "short", terms: [] };
    return { mode: "initials", letters: all, terms: spread(initialTerms(all), m.max_terms), whole: all.length <= 4 };
  }

  function matches(q, names, code, readingTexts, m) {
    if (q.mode === "code") return code === q.code;
    if (q.mode === "name") return names.some(function (n) { return normChars(n, m).join("").indexOf(q.text) >= 0; });
    var tests = q.mode === "pinyin"
      ? q.pieces.map(function (p) {
          return p[1] ? function (rd) { return rd.indexOf(p[0]) >= 0; }
                      : function (rd) { return rd.some(function (r) { return r.indexOf(p[0]) === 0; }); };
        })
      : q.letters.map(function (a) { return function (rd) { return rd.some(function (r) { return r[0] === a; }); }; });
    return readingTexts.some(function (text) {
      var rs = text ? text.split(" ").map(function (r) { return r === "_" ? [] : r.split("/"); }) : [];
      for (var start = 0; start + tests.length <= rs.length; start++) {
        var ok = true;
        for (var k = 0; k < tests.length && ok; k++) ok = tests[k](rs[start + k]);
        if (ok) return true;
      }
      return false;
    });
  }

  /* A pattern of generator/core/urls.py (the manifest's urls) filled in. */
  function fill(pattern, values) {
    return pattern.replace(/\{(\w+)\}/g, function (_, key) { return encodeURIComponent(values[key]); });
  }

  // Under Node (tests/js/lookup.test.mjs) the query code is all there is: no page to run.
  if (typeof module !== "undefined" && module.exports) {
    module.exports = { prepare: prepare, parseQuery: parseQuery, matches: matches, fill: fill };
    return;
  }

  var script = document.currentScript;
  var app = document.getElementById("lookup-app");
  if (!app) return;
  var scriptUrl = script ? script.src : document.baseURI;
  var indexBase = app.dataset.index ? new URL(app.dataset.index, document.baseURI) : new URL("../lookup/index/", scriptUrl);
  var taskBase = app.dataset.taskUrl ? document.baseURI : new URL("../", scriptUrl).href;
  var t = window.gongkaiText(app);  // assets/i18n.js: the app's data-i18n
  var english = app.getAttribute("lang") === "en";  // names we hold in English read "English (中文)"

  // --- index files ------------------------------------------------------------------------

  var CRC_TABLE = (function () {
    var t = new Uint32Array(256);
    for (var n = 0; n < 256; n++) {
      var c = n;
      for (var k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      t[n] = c >>> 0;
    }
    return t;
  })();
  function crc32(s) {
    var bytes = new TextEncoder().encode(s), c = 0xffffffff;
    for (var i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  }

  var cache = new Map();
  function fetchFile(url, asJson, options) {
    if (!cache.has(url)) {
      cache.set(url, fetch(url, options).then(function (r) {
        if (!r.ok) throw new Error(r.status + " " + url);
        return asJson ? r.json() : r.text();
      }).catch(function (e) { cache.delete(url); throw e; }));
    }
    return cache.get(url);
  }
  var manifestPromise = null;
  function manifest() {
    if (!manifestPromise) {
      // Revalidated on each visit: a new build changes it, and with it the shards' folder.
      manifestPromise = fetchFile(new URL("manifest.json", indexBase).href, true, { cache: "no-cache" }).then(function (m) {
        m.base = new URL(m.version + "/", indexBase).href;
        return prepare(m);
      });
      manifestPromise.catch(function () { manifestPromise = null; });
    }
    return manifestPromise;
  }
  // Index entries sit in pack files, each gzip-compressed on its own and read by an HTTP Range
  // request (window.gongkaiPacks, assets/packs.js); a part's directory gives, in 12 bytes per entry, where.
  function inflate(bytes) {
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    return new Response(stream).text();
  }
  function packed(m, part, loc) {
    var url = m.base + fill(m.urls.pack, { part: part, n: loc[0] });
    var key = url + "#" + loc[1];
    if (!cache.has(key)) {
      cache.set(key, window.gongkaiPacks.range(url, loc[1], loc[2]).then(inflate).catch(function (e) { cache.delete(key); throw e; }));
    }
    return cache.get(key);
  }
  function located(m, part, n) {
    var key = part + ":" + n;
    if (!cache.has(key)) {
      cache.set(key, window.gongkaiPacks.range(m.base + fill(m.urls.directory, { part: part }), 12 * n, 12).then(function (b) {
        return packed(m, part, window.gongkaiPacks.location(b, 0));
      }).then(JSON.parse).catch(function (e) { cache.delete(key); throw e; }));
    }
    return cache.get(key);
  }
  function entry(m, term) {
    return located(m, "t", crc32(term) & (m.buckets - 1)).then(function (shard) {
      return Object.prototype.hasOwnProperty.call(shard, term) ? shard[term] : null;
    });
  }
  function decodePostings(text) {
    var out = [], total = 0;
    if (!text) return out;
    text.split(",").forEach(function (part) { total += +part; out.push(total); });
    return out;
  }
  function postings(m, e) {
    if (typeof e[1] === "string") return Promise.resolve(decodePostings(e[1]));
    return packed(m, "t", e[1]).then(decodePostings);
  }
  function block(m, n) { return located(m, "b", n); }
  function intersect(a, b) {
    var other = new Set(b);
    return a.filter(function (x) { return other.has(x); });
  }

  // Candidates: intersect the rarest terms' lists, as reader.LookupIndex.search does. The first
  // list often settles it; otherwise the next ones (never a list cut at CAP) come in parallel.
  function candidates(m, q) {
    return Promise.all(q.terms.map(function (t) { return entry(m, t); })).then(function (entries) {
      if (!entries.length || entries.some(function (e) { return e === null; })) return { ids: [], partial: false, total: 0 };
      var order = q.terms.map(function (t, i) { return [t, entries[i]]; }).sort(function (a, b) {
        return a[1][0] - b[1][0] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);
      });
      // One term that is the whole condition: its count is the number of answers.
      var total = q.whole && entries.length === 1 ? entries[0][0] : null;
      // The rarest list first; lists inside the shards cost nothing more; further list files
      // (in parallel) only while many candidates remain. A list cut at CAP is skipped.
      return postings(m, order[0][1]).then(function (ids) {
        var state = { ids: ids, partial: order[0][1][0] > m.cap, total: total };
        var rest = order.slice(1).map(function (te) { return te[1]; }).filter(function (e) { return e[0] <= m.cap; });
        rest.filter(function (e) { return typeof e[1] === "string"; }).forEach(function (e) {
          state.ids = intersect(state.ids, decodePostings(e[1]));
        });
        if (state.ids.length <= m.enough) return state;
        var files = rest.filter(function (e) { return typeof e[1] !== "string"; }).slice(0, m.max_lists - 1);
        return Promise.all(files.map(function (e) { return postings(m, e); })).then(function (lists) {
          lists.forEach(function (found) { state.ids = intersect(state.ids, found); });
          return state;
        });
      });
    });
  }

  // One more page of verified businesses from the candidate list, reading at most max_blocks
  // business files; the "more" button goes on from where this stopped.
  function nextPage(m, search) {
    var want = search.found.length + m.page, used = 0;
    function round() {
      if (search.found.length >= want || search.cursor >= search.ids.length || used >= m.max_blocks) return Promise.resolve();
      var picked = [], blocks = new Set();
      for (var i = search.cursor; i < search.ids.length && picked.length < want - search.found.length; i++) {
        var n = Math.floor(search.ids[i] / m.block);
        if (!blocks.has(n)) {
          if (used + blocks.size >= m.max_blocks) break;
          blocks.add(n);
        }
        picked.push(search.ids[i]);
      }
      used += blocks.size;
      return Promise.all(Array.from(blocks).map(function (n) { return block(m, n).then(function (b) { return [n, b]; }); }))
        .then(function (loaded) {
          var byNo = new Map(loaded);
          picked.forEach(function (id) {
            var b = byNo.get(Math.floor(id / m.block))[id % m.block];
            search.cursor += 1;
            if (matches(search.query, b[0], b[1], b[2], m)) search.found.push(b);
          });
          return round();
        });
    }
    return round();
  }

  // --- page -------------------------------------------------------------------------------

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  var form = el("form", { role: "search", class: "lookup-form", action: "" });
  var label = el("label", { for: "lookup-q" }, t("企业名称、拼音或统一社会信用代码"));
  var input = el("input", { id: "lookup-q", name: "q", type: "search", autocomplete: "off", spellcheck: "false",
                            "aria-describedby": "lookup-hint" });
  var button = el("button", { type: "submit" }, t("查询"));
  var hint = el("p", { id: "lookup-hint", class: "lookup-hint" },
                t("可输入名称中的连续几个字（如“华源”）、拼音（huayuan）、拼音首字母（hy）或18位统一社会信用代码。"));
  var banner = el("p", { class: "lookup-example-banner", role: "note", hidden: "" },
                  t("示例数据：以下抽查结果由系统生成，企业均为虚构，仅用于演示查询功能，不是真实的检查记录。"));
  // The site's pages carry their own example banner (rendered at build time); show this one only without it.
  var pageBanner = document.querySelector(".gk-example-banner");
  var status = el("p", { class: "lookup-status", role: "status", "aria-live": "polite" });
  var list = el("ol", { class: "lookup-results" });
  var more = el("button", { type: "button", class: "lookup-more", hidden: "" }, t("显示更多"));
  var row = el("div", { class: "lookup-row" });
  row.append(input, button);
  form.append(label, row, hint);
  app.replaceChildren(form, banner, status, list, more);
  app.dataset.state = "idle";

  var current = null; // the search on screen; a newer one makes older answers stale
  var timer = null;

  function taskLink(m, plan, seq) {
    return new URL(fill(app.dataset.taskUrl || m.urls.task, { plan: plan, seq: seq }), taskBase).href;
  }

  function renderBusiness(m, b) {
    var names = b[0], code = b[1], inspections = b[3];
    var item = el("li", { class: "lookup-business" });
    var title = el("h3", {}, names[0]);
    item.append(title);
    if (names.length > 1) item.append(el("p", { class: "lookup-aliases" }, t("其他写法：%(names)s", { names: names.slice(1).join(t("；")) })));
    item.append(el("p", { class: "lookup-code" }, t("统一社会信用代码：%(code)s", { code: code || t("（结果公示未列明）") })));
    if (inspections.some(function (x) { return x[8]; })) item.append(el("p", { class: "lookup-example-tag" }, t("示例数据")));
    var table = el("table", { class: "lookup-inspections" });
    table.append(el("caption", {}, t("%(name)s 的抽查检查记录（%(count)s 次）", { name: names[0], count: inspections.length })));
    var head = el("tr");
    var headers = [t("抽查计划"), t("抽查任务"), t("检查部门"), t("检查日期"), t("检查结果"), t("公示日期")];
    headers.forEach(function (h) {
      head.append(el("th", { scope: "col" }, h));
    });
    var thead = el("thead");
    thead.append(head);
    table.append(thead);
    var body = el("tbody");
    inspections.forEach(function (x) {
      var plan = m.plans[x[0]] || { id: "", title: "", tasks: {} };
      var tr = el("tr");
      // Short and recognisable: 绛县 2024 年度（绛双随机办〔2024〕2号）; the full title on hover.
      var planCell = el("td", { title: plan.title },
                        (plan.jurisdiction || "") + " " + (plan.year ? t("%(year)s 年度", { year: plan.year }) : "") +
                        (plan.doc_number ? "（" + plan.doc_number + "）" : ""));
      tr.append(planCell);
      var taskCell = el("td");
      // Task 0: a department's notice whose results fit no plan task (shown on the department's page).
      var taskName = x[1] ? t("第%(seq)s项 %(name)s", { seq: x[1], name: plan.tasks[String(x[1])] || "" })
        : t("其他抽查结果（未对应计划任务）");
      if (plan.id) {
        var a = el("a", { href: taskLink(m, plan.id, x[1]) }, taskName);
        taskCell.append(a);
      } else {
        taskCell.textContent = taskName;
      }
      tr.append(taskCell);
      tr.append(el("td", {}, x[2].map(function (d) { return m.departments[d]; }).join(t("、"))));
      tr.append(el("td", {}, x[3] || t("未注明")));  // a notice may print no day (its period is in the note)
      var result = el("td", {}, x[4].map(function (k) {
        return english && m.kinds[k].en ? m.kinds[k].en + " (" + m.kinds[k].name + ")" : m.kinds[k].name;
      }).join(t("；")));
      if (x[5]) result.append(el("span", { class: "lookup-note" }, x[5]));
      tr.append(result);
      var published = el("td", {}, x[6] || t("未公示日期"));
      if (x[7] > 0) published.append(el("span", { class: "lookup-late" }, t("逾期 %(days)s 个工作日公示", { days: x[7] })));
      tr.append(published);
      // Labels for the narrow-screen layout, where each inspection is a card (lookup.css).
      Array.prototype.forEach.call(tr.children, function (td, i) { td.setAttribute("data-label", headers[i]); });
      body.append(tr);
    });
    table.append(body);
    var wrap = el("div", { class: "lookup-table-wrap" });
    wrap.append(table);
    item.append(wrap);
    return item;
  }

  function say(text, state, q) {
    status.textContent = text;
    app.dataset.state = state;
    app.dataset.query = q;
  }

  function describe(m, search) {
    var q = search.text;
    var done = search.cursor >= search.ids.length;
    if (!search.found.length && !done) {  // the page's file budget ran out before a match turned up
      return t("已核对部分候选企业，暂未找到与“%(query)s”相符的记录；请点“显示更多”继续查找，或输入更完整的名称。", { query: q });
    }
    if (!search.found.length) {
      return t("没有找到与“%(query)s”相符的抽查检查记录。请核对名称、拼音或统一社会信用代码；本站只收录已公示的抽查结果。", { query: q });
    }
    var shown = search.found.length;
    var inspections = search.found.reduce(function (n, b) { return n + b[3].length; }, 0);
    var text;
    if (search.total !== null && search.total !== undefined && search.total > shown) {
      text = t("找到 %(total)s 家企业，已显示 %(shown)s 家。", { total: search.total, shown: shown });
    } else if (done && !search.partial) {
      return t("找到 %(shown)s 家企业，共 %(count)s 次抽查检查。", { shown: shown, count: inspections });
    } else {
      text = t("已显示 %(shown)s 家企业，还有更多结果。", { shown: shown });
    }
    if (search.partial) text += t("相符的企业太多，无法全部列出；请输入更完整的名称、拼音或统一社会信用代码。");
    return text;
  }

  function show(m, search) {
    if (search !== current) return;
    list.replaceChildren.apply(list, search.found.map(function (b) { return renderBusiness(m, b); }));
    more.hidden = search.cursor >= search.ids.length;
    say(describe(m, search), "done", search.text);
  }

  function run(text) {
    var q = text.trim();
    var search = { text: q };
    current = search;
    var url = new URL(location.href);
    if (q) url.searchParams.set("q", q); else url.searchParams.delete("q");
    history.replaceState(null, "", url.href); // the address is always a link to this answer
    if (!q) {
      list.replaceChildren();
      more.hidden = true;
      say(t("请输入企业名称、拼音或统一社会信用代码。"), "done", q);
      return Promise.resolve();
    }
    say(t("正在查询…"), "loading", q);
    return manifest().then(function (m) {
      banner.hidden = !m.examples || !!pageBanner;
      search.query = parseQuery(q, m);
      if (search.query.mode === "short") {
        list.replaceChildren();
        more.hidden = true;
        if (search === current) say(t("请至少输入一个汉字、两个拼音字母或完整的统一社会信用代码。"), "done", q);
        return;
      }
      return candidates(m, search.query).then(function (c) {
        search.ids = c.ids || [];
        search.partial = c.partial;
        search.total = c.total;
        search.cursor = 0;
        search.found = [];
        return nextPage(m, search);
      }).then(function () { show(m, search); });
    }).catch(function (e) {
      if (search === current) say(t("查询暂时无法完成（%(error)s），请稍后再试。", { error: e.message }), "error", q);
    });
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { run(input.value); }, 200);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearTimeout(timer);
    run(input.value);
  });
  more.addEventListener("click", function () {
    var search = current;
    manifest().then(function (m) {
      say(t("正在加载更多…"), "loading", search.text);
      return nextPage(m, search).then(function () { show(m, search); });
    });
  });

  var initial = new URLSearchParams(location.search).get("q");
  manifest().then(function (m) { banner.hidden = !m.examples || !!pageBanner; app.dataset.ready = "1"; }, function () {});
  if (initial) {
    input.value = initial;
    run(initial);
  }
  window.gongkaiLookup = { run: run, parseQuery: function (t) { return manifest().then(function (m) { return parseQuery(t, m); }); } };
})();
