/*
 * Site search: the results page (/search/?q=…&place=…&year=…&dept=…&industry=…).
 *
 * The page holds <div id="search-app" data-index="…/search/index/"></div>. The index is built
 * at site-build time by generator/publish/search/ (Python lunr, no pipeline) and written in
 * shards (shards.py): this file fetches the manifest, then only the term shards and posting
 * texts a query needs, scores them with lunr 2.3.9's own arithmetic (scoreAlternative: the
 * weights are the ones lunr computed at build time), and fetches the documents it shows.
 * Queries are turned into terms here by the same rules as generator/publish/search/tokenizer.py;
 * reader.py is this file's Python twin. tests/js/search.test.mjs (Node: the same plans, files and
 * results as Python, the same scores as lunr.js on the whole index) and
 * tests/browser/test_search_browser.py (Chromium) compare them on every query of
 * tests/queries/search.json. Change them together.
 *
 * lunr's default pipeline is never used: lunr.js's trimmer deletes Han characters, its
 * stop-word filter deletes pinyin syllables (an, he, you…), its stemmer differs from lunr.py's.
 */
(function () {
  "use strict";

  // --- tokenizer: the query half of generator/publish/search/tokenizer.py ------------------
  // The syllable table and the folding rules come in the manifest (tokenizer, written from
  // generator/text/pinyin.py browser_rules()): this file holds no copy of them.

  var LETTERS = /^[a-z]+$/;

  function Tokenizer(config) {
    this.config = config;
    this.fields = config.fields;
    this.umlauts = new RegExp("[" + config.umlauts + "]", "g");
    this.marks = new RegExp("[" + config.marks + "]", "g");
    this.segmentSource = "([" + config.han_class + "]+)|([a-z0-9]+)";
    this.hanOnly = new RegExp("^[" + config.han_class + "]+$", "u");
    // Queries are read with the syllables and the spellings of ü as u (lue, nue).
    this.syllables = config.syllables.split(" ").concat(Object.keys(config.u_spellings));
    this.syllableSet = new Set(this.syllables);
    this.syllablePrefixes = new Set();
    this.syllableMax = 0;
    for (var i = 0; i < this.syllables.length; i++) {
      var s = this.syllables[i];
      this.syllableMax = Math.max(this.syllableMax, s.length);
      for (var k = 1; k <= s.length; k++) this.syllablePrefixes.add(s.slice(0, k));
    }
    this.stopWords = new Set(config.stop_words);
  }

  /* NFKC (full-width → half-width), lower case, ü → v, accents and tone marks dropped. */
  Tokenizer.prototype.normalize = function (text) {
    text = String(text || "").normalize("NFKC").toLowerCase().replace(this.umlauts, "v");
    return text.normalize("NFKD").replace(this.marks, "");
  };

  Tokenizer.prototype.segments = function (text) {
    var out = [], re = new RegExp(this.segmentSource, "gu"), s = this.normalize(text), m;
    while ((m = re.exec(s)) !== null) out.push(m[1] ? ["han", m[1]] : ["latin", m[2]]);
    return out;
  };

  function chars(run) { return Array.from(run); }

  function dedupe(items) {
    var seen = new Set(), out = [];
    items.forEach(function (x) { if (!seen.has(x)) { seen.add(x); out.push(x); } });
    return out;
  }

  function bigrams(run) {
    var cs = chars(run), out = [];
    for (var i = 0; i + 1 < cs.length; i++) out.push(cs[i] + cs[i + 1]);
    return out;
  }

  function hanQueryTerms(run) {
    return chars(run).length > 1 ? dedupe(bigrams(run)) : [run];
  }

  function englishWord(word) {
    if (word.length > 4 && word.endsWith("ies")) return word.slice(0, -3) + "y";
    if (word.length > 3 && word.endsWith("s") && !/(ss|us|is)$/.test(word)) return word.slice(0, -1);
    return word;
  }

  function syllableVariants(syllable) {
    return syllable.indexOf("v") >= 0 ? [syllable, syllable.replace(/v/g, "u")] : [syllable];
  }

  function compareReadings(a, b) {
    if (a.length !== b.length) return a.length - b.length;
    for (var i = 0; i < a.length; i++) {
      if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
    }
    return 0;
  }

  Tokenizer.prototype.readings = function (joined, partial) {
    var self = this, memo = new Map(), max = this.config.segmentations_max;
    function tails(start) {
      if (start === joined.length) return [[]];
      if (memo.has(start)) return memo.get(start);
      var out = [];
      for (var end = start + 1; end <= Math.min(joined.length, start + self.syllableMax); end++) {
        var piece = joined.slice(start, end);
        if (self.syllableSet.has(piece) || (partial && end === joined.length && self.syllablePrefixes.has(piece))) {
          tails(end).forEach(function (rest) { out.push([piece].concat(rest)); });
        }
      }
      out.sort(compareReadings);
      out = out.slice(0, max);
      memo.set(start, out);
      return out;
    }
    return tails(0);
  };

  Tokenizer.prototype.segmentPinyin = function (joined) {
    if (!joined || joined.length > this.config.pinyin_query_max || !LETTERS.test(joined)) return [];
    var whole = this.readings(joined, false);
    return whole.length ? whole : this.readings(joined, true);
  };

  Tokenizer.prototype.fmmSplit = function (run, vocabulary) {
    var cs = chars(run), pieces = [], i = 0, max = this.config.fmm_max;
    while (i < cs.length) {
      for (var size = Math.min(max, cs.length - i); size > 0; size--) {
        var piece = cs.slice(i, i + size).join("");
        if (size === 1 || vocabulary.has(piece)) { pieces.push(piece); i += size; break; }
      }
    }
    return pieces;
  };

  function clause(term, fields, required, wildcard, boost) {
    return { term: term, fields: fields.slice(), required: required !== false, wildcard: !!wildcard,
             boost: boost === undefined ? 1 : boost };
  }

  Tokenizer.prototype.hanClauses = function (run) {
    var f = this.fields.han;
    var out = hanQueryTerms(run).map(function (t) { return clause(t, f); });
    if (chars(run).length > 2) out.push(clause(run, f, false, false, 2));
    return out;
  };

  Tokenizer.prototype.latinAlternatives = function (words) {
    var self = this, alternatives = [], joined = words.join("");
    this.segmentPinyin(joined).forEach(function (reading) {
      var terms = [];
      if (reading.length === 1) terms = [reading[0]];
      else for (var i = 0; i + 1 < reading.length; i++) terms.push(reading[i] + "_" + reading[i + 1]);
      alternatives.push({ kind: "pinyin", syllables: reading, clauses: terms.map(function (t, k) {
        return clause(t, self.fields.pinyin, true, k === terms.length - 1);
      }) });
    });
    if (LETTERS.test(joined)) {
      var letters = joined.slice(0, this.config.initials_max);
      alternatives.push({ kind: "initials", letters: letters,
                          clauses: [clause(letters, this.fields.initials, true, true)] });
    }
    var english = words.map(englishWord);
    var allStop = english.every(function (w) { return self.stopWords.has(w); });
    alternatives.push({ kind: "english", words: english, clauses: english.map(function (w) {
      return clause(w, self.fields.english, allStop || !self.stopWords.has(w), true);
    }) });
    return alternatives;
  };

  Tokenizer.prototype.runVariants = function (runs, aliases) {
    var variants = [[]];
    runs.forEach(function (run) {
      var options = [run];
      if (chars(run).length > 1) {
        aliases.forEach(function (pair) {
          if (pair[0].startsWith(run) && pair[1] !== run && options.indexOf(pair[1]) < 0) options.push(pair[1]);
        });
      }
      var next = [];
      variants.forEach(function (v) { options.forEach(function (o) { next.push(v.concat([o])); }); });
      variants = next;
    });
    return variants.slice(0, this.config.alias_variants_max);
  };

  function syllableMatches(typed, syllable, last) {
    return syllableVariants(syllable).some(function (v) { return last ? v.startsWith(typed) : v === typed; });
  }

  Tokenizer.prototype.transliterate = function (words, names) {
    var joined = words.join(""), found = [];
    this.segmentPinyin(joined).filter(function (r) { return r.length > 1; }).forEach(function (reading) {
      var size = reading.length;
      names.forEach(function (name) {
        var cs = chars(name[0]), syl = name[1];
        for (var start = 0; start <= syl.length - size; start++) {
          var ok = true;
          for (var j = 0; j < size && ok; j++) ok = syllableMatches(reading[j], syl[start + j], j === size - 1);
          if (ok) found.push(cs.slice(start, start + size).join(""));
        }
      });
    });
    if (LETTERS.test(joined) && joined.length >= 3 && joined.length <= this.config.initials_max) {
      var size = joined.length;
      names.forEach(function (name) {
        var cs = chars(name[0]);
        var letters = name[1].map(function (s) { return s.charAt(0); }).join("");
        for (var start = 0; start <= letters.length - size; start++) {
          if (letters.slice(start, start + size) === joined) found.push(cs.slice(start, start + size).join(""));
        }
      });
    }
    return dedupe(found).slice(0, this.config.translit_max);
  };

  /* The query as levels of alternatives: see plan_query in generator/publish/search/tokenizer.py. */
  Tokenizer.prototype.planQuery = function (query, context) {
    var self = this, segs = this.segments(query);
    var runs = segs.filter(function (s) { return s[0] === "han"; }).map(function (s) { return s[1]; });
    var words = segs.filter(function (s) { return s[0] === "latin"; }).map(function (s) { return s[1]; });
    var plan = { runs: runs, words: words, levels: [] };
    if (!runs.length && !words.length) return plan;
    var latin = words.length ? this.latinAlternatives(words) : [];
    var spelled = words.length ? this.transliterate(words, context.names) : [];

    function hanOf(variant) {
      var out = [];
      variant.forEach(function (run) { out = out.concat(self.hanClauses(run)); });
      return out;
    }
    function level(hanRuns) {
      var alternatives = [];
      self.runVariants(hanRuns, context.aliases).forEach(function (variant) {
        var han = hanOf(variant);
        if (!words.length) alternatives.push({ kind: "han", runs: variant, clauses: han });
        latin.forEach(function (alt) {
          var copy = {};
          Object.keys(alt).forEach(function (k) { copy[k] = alt[k]; });
          copy.runs = variant;
          copy.clauses = han.concat(alt.clauses);
          alternatives.push(copy);
        });
      });
      spelled.forEach(function (text) {
        self.runVariants(hanRuns.concat([text]), context.aliases).forEach(function (variant) {
          alternatives.push({ kind: "spelled", runs: variant, clauses: hanOf(variant) });
        });
      });
      return alternatives;
    }

    plan.levels.push({ kind: "exact", alternatives: level(runs) });
    if (context.vocabulary.size) {
      var split = [];
      runs.forEach(function (run) {
        var pieces = chars(run).length > 2 ? self.fmmSplit(run, context.vocabulary) : [run];
        var long = pieces.filter(function (p) { return chars(p).length > 1; });
        // One character no word covers may be left out (高平的旅馆), not more: 市场监官局 is not 市场.
        if (long.length && pieces.length - long.length <= 1) split = split.concat(long);
        else split.push(run);
      });
      if (split.join("\u0000") !== runs.join("\u0000") || split.length !== runs.length) {
        plan.levels.push({ kind: "words", alternatives: level(split) });
      }
    }
    return plan;
  };

  // --- the index: shards fetched by query (generator/publish/search/reader.py, step for step) --

  /* Code-point order, as Python sorts the terms (UTF-16 order differs above U+FFFF). */
  function compareTerms(a, b) {
    var i = 0, j = 0;
    while (i < a.length && j < b.length) {
      var x = a.codePointAt(i), y = b.codePointAt(j);
      if (x !== y) return x < y ? -1 : 1;
      i += x > 0xffff ? 2 : 1;
      j += y > 0xffff ? 2 : 1;
    }
    return (i < a.length ? 1 : 0) - (j < b.length ? 1 : 0);
  }

  function decodeRefs(text) {
    var out = [], total = 0;
    if (text) text.split(",").forEach(function (part) { total += Number(part); out.push(total); });
    return out;
  }

  /* A posting text as parallel arrays: refs and their weights (shards.py posting_texts: groups
     "weight:ref,delta,…" joined by ";"). Read digit by digit: a common word's text at a province's
     size holds tens of thousands of numbers, and splitting it into strings cost more than scoring. */
  function decodePosting(text) {
    var refs = [], weights = [], n = text ? text.length : 0, i = 0, c;
    while (i < n) {
      var sign = 1, w = 0, total = 0;
      if (text.charCodeAt(i) === 45) { sign = -1; i++; }
      for (c = text.charCodeAt(i); c !== 58; c = text.charCodeAt(++i)) w = w * 10 + (c - 48);  // up to ":"
      var weight = sign * w / 1000;
      do {  // the refs after ":" and after each ",", until ";" or the end
        var d = 0;
        for (c = text.charCodeAt(++i); i < n && c !== 44 && c !== 59; c = text.charCodeAt(++i)) d = d * 10 + (c - 48);
        total += d;
        refs.push(total);
        weights.push(weight);
      } while (c === 44);
      i++;  // past ";"
    }
    return { refs: refs, weights: weights };
  }

  /* lunr's Index.query on the fetched postings (reader.py score_alternative: the same documents,
     and each score summed in the same order, so the same numbers): expand(clause) -> [[term,
     term index]]; posting(term, field) -> {refs, weights}; docs: how many documents there are.
     Returns {refs, scores}: the documents found, in the order lunr meets them, and their scores
     by document number. Typed arrays indexed by document number and no object per document: a
     common word at a province's size has tens of thousands of them, and their garbage cost as
     much as the scoring. */
  function scoreAlternative(alternative, fields, expand, posting, docs) {
    var vectors = {}, clauses = alternative.clauses, requiredCount = 0;
    var seen = {}, hits = new Int32Array(docs), lastClause = new Int32Array(docs).fill(-1);
    var metRef = [0], metField = [""];  // by stamp (from 1): when lunr first meets (document, field)
    fields.forEach(function (f) { vectors[f] = new Map(); });
    for (var c = 0; c < clauses.length; c++) {
      var clause = clauses[c], terms = expand(clause);
      if (!terms.length && clause.required) return { refs: [], scores: new Float64Array(0) };  // lunr: nothing passes
      if (clause.required) requiredCount++;
      for (var t = 0; t < terms.length; t++) {
        for (var k = 0; k < clause.fields.length; k++) {
          var field = clause.fields[k], p = posting(terms[t][0], field), vector = vectors[field];
          var entry = vector.get(terms[t][1]);
          if (entry) entry[1] += clause.boost; else vector.set(terms[t][1], [p, clause.boost]);
          var first = seen[field] || (seen[field] = new Int32Array(docs));
          for (var i = 0; i < p.refs.length; i++) {
            var ref = p.refs[i];
            if (!first[ref]) { first[ref] = metRef.length; metRef.push(ref); metField.push(field); }
            if (clause.required && lastClause[ref] !== c) { lastClause[ref] = c; hits[ref]++; }
          }
        }
      }
    }
    var dots = {}, lengths = {};
    Object.keys(seen).forEach(function (field) {
      var entries = Array.from(vectors[field].entries()).sort(function (a, b) { return a[0] - b[0]; });
      var sum = 0, dot = dots[field] = new Float64Array(docs);
      entries.forEach(function (e) { sum += e[1][1] * e[1][1]; });
      lengths[field] = Math.sqrt(sum);
      entries.forEach(function (e) {  // the dot product, term by term in index order, as lunr's
        var p = e[1][0], boost = e[1][1];
        for (var i = 0; i < p.refs.length; i++) dot[p.refs[i]] += boost * p.weights[i];
      });
    });
    var scores = new Float64Array(docs), counted = new Uint8Array(docs), found = [];
    for (var s = 1; s < metRef.length; s++) {  // each document's fields summed as lunr meets them
      var r = metRef[s], f = metField[s];
      if (hits[r] !== requiredCount) continue;
      if (!counted[r]) { counted[r] = 1; found.push(r); }
      scores[r] += lengths[f] ? dots[f][r] / lengths[f] : 0;
    }
    return { refs: found, scores: scores };
  }

  /* manifest: the index's manifest.json; load(rel) -> Promise of a file's text, rel relative to
     the index's version folder (the page fetches it; the Node tests read it). */
  function Search(manifest, load) {
    this.manifest = manifest;
    this.kinds = manifest.kinds;
    this.facets = manifest.facets;
    this.bounds = manifest.bounds;
    this.long = manifest.long;  // the terms with a posting file, in code-point order (its number: the place)
    this.tokenizer = new Tokenizer(manifest.tokenizer);
    this.load = load;
    this.files = new Map();     // rel -> Promise of its text (or parsed JSON)
    this.fetched = [];          // every file read, in order (tests, bench)
    this.entries = new Map();   // every term of the shards read: [term index, {field: text | n}]
    this.names = [];
    this.charReadings = null;
    this.postings = new Map();  // term, field -> Promise, then Map ref -> weight
    this.longFiles = new Map(); // posting file number -> Promise of {field: posting text}
    this.expanded = new Map();  // a level's clauses: term, wildcard -> [[term, term index]]
    this.answers = new Map();   // JSON [query, filters] -> Promise of the answer
  }

  Search.prototype.get = function (rel, json) {
    var self = this;
    if (!this.files.has(rel)) {
      this.fetched.push(rel);
      this.files.set(rel, this.load(rel).then(function (text) { return json ? JSON.parse(text) : text; }));
    }
    return this.files.get(rel);
  };

  function fill(pattern, values) {
    return pattern.replace(/\{(\w+)\}/g, function (_, k) { return String(values[k]); });
  }

  Search.prototype.url = function (kind, n, facet) {
    var u = this.manifest.urls;
    return fill(u[kind], { n: n, folder: Math.floor(n / u.files_per_folder), facet: facet });
  };

  Search.prototype.shardOf = function (term) {
    var lo = 0, hi = this.bounds.length - 1;  // the last shard whose first term is <= term
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (compareTerms(this.bounds[mid], term) <= 0) lo = mid; else hi = mid - 1;
    }
    return lo;
  };

  Search.prototype.loadShard = function (n) {
    var self = this;
    return this.get(this.url("terms", n), true).then(function (shard) {
      Object.keys(shard).forEach(function (t) { self.entries.set(t, shard[t]); });
    });
  };

  /* The index's terms a clause matches: the term, or every term it starts (all its shards). */
  Search.prototype.expand = function (term, prefix) {
    var self = this, n = this.shardOf(term), wanted = [n];
    while (prefix && n + 1 < this.bounds.length && this.bounds[n + 1].startsWith(term)) wanted.push(++n);
    return Promise.all(wanted.map(function (k) { return self.loadShard(k); })).then(function () {
      if (!prefix) return self.entries.has(term) ? [term] : [];
      var out = [];
      self.entries.forEach(function (_, t) { if (t.startsWith(term)) out.push(t); });
      return out.sort(compareTerms);  // in Python's order: a score sums its fields in the same order
    });
  };

  /* Fetch what the level's clauses need: their terms' shards and the posting files of the long
     terms among those they match, at once (reader.py prepare). */
  Search.prototype.prepare = function (level) {
    var self = this, expanded = new Map();
    return this.fetchLevel(level, expanded).then(function () {
      self.expanded = new Map();
      return Promise.all(Array.from(expanded.keys()).map(function (key) {
        return expanded.get(key).then(function (terms) { self.expanded.set(key, terms); });
      }));
    });
  };

  /* The shards and posting texts a level's clauses need (every file read once: cached). */
  Search.prototype.fetchLevel = function (level, expanded) {
    var self = this, clauses = [];
    expanded = expanded || new Map();
    level.alternatives.forEach(function (a) { clauses = clauses.concat(a.clauses); });
    return Promise.all(clauses.map(function (c) {
      var key = c.term + "\u0000" + c.wildcard;
      if (!expanded.has(key)) {
        // The manifest names the long terms: their posting files need not wait for the shards.
        self.longTerms(c.term, c.wildcard).forEach(function (k) { self.loadLong(k); });
        expanded.set(key, self.expand(c.term, c.wildcard).then(function (terms) {
          return terms.map(function (t) { return [t, self.entries.get(t)[0]]; });
        }));
      }
      return expanded.get(key).then(function (terms) {
        return Promise.all(terms.map(function (t) {
          return Promise.all(c.fields.map(function (f) { return self.loadPosting(t[0], f); }));
        }));
      });
    }));
  };

  /* The numbers of the posting files of the long terms a clause matches (the term, or every one it starts). */
  Search.prototype.longTerms = function (term, prefix) {
    var lo = 0, hi = this.long.length, out = [];
    while (lo < hi) {  // the first long term >= term
      var mid = (lo + hi) >> 1;
      if (compareTerms(this.long[mid], term) < 0) lo = mid + 1; else hi = mid;
    }
    for (var k = lo; k < this.long.length && (prefix ? this.long[k].startsWith(term) : this.long[k] === term); k++) {
      out.push(k);
      if (!prefix) break;
    }
    return out;
  };

  /* A posting file: a line "field text" for each of its term's long fields. */
  Search.prototype.loadLong = function (number) {
    if (!this.longFiles.has(number)) {
      this.longFiles.set(number, this.get(this.url("postings", number), false).then(function (text) {
        var out = {};
        text.split("\n").forEach(function (line) { var at = line.indexOf(" "); out[line.slice(0, at)] = line.slice(at + 1); });
        return out;
      }));
    }
    return this.longFiles.get(number);
  };

  Search.prototype.loadPosting = function (term, field) {
    var self = this, key = term + "\u0000" + field;
    if (!this.postings.has(key)) {
      var value = this.entries.get(term)[1][field];
      var text = typeof value === "number" ? this.loadLong(value).then(function (f) { return f[field]; })
        : Promise.resolve(value || "");
      this.postings.set(key, text.then(function (t) { var p = decodePosting(t); self.postings.set(key, p); return p; }));
    }
    return this.postings.get(key);
  };

  /* After prepare(): the posting as a Map (every one the level needs is loaded). */
  Search.prototype.posting = function (term, field) {
    return this.postings.get(term + "\u0000" + field);
  };

  /* What the plan needs for this query: the terms its long Han runs may split into (the shards
     of their bigrams), the department spellings, and for Latin words the names table. */
  Search.prototype.context = function (query) {
    var self = this, segs = this.tokenizer.segments(query), jobs = [], hanOnly = this.tokenizer.hanOnly;
    segs.forEach(function (s) {
      if (s[0] === "han" && chars(s[1]).length > 2) {
        dedupe(bigrams(s[1])).forEach(function (pair) { jobs.push(self.expand(pair, true)); });
      }
    });
    if (segs.some(function (s) { return s[0] === "latin"; })) jobs.push(this.loadNames());
    return Promise.all(jobs).then(function () {
      var vocabulary = new Set();
      self.entries.forEach(function (_, t) { if (hanOnly.test(t) && chars(t).length > 1) vocabulary.add(t); });
      return { vocabulary: vocabulary, aliases: self.manifest.aliases, names: self.names };
    });
  };

  Search.prototype.loadNames = function () {
    var self = this;
    return this.get(this.manifest.urls.names, true).then(function (names) {
      self.names = names.map(function (n) { return [n[0], n[1].split(" "), n[2] || ""]; });
      return self.names;
    });
  };

  Search.prototype.loadChars = function () {
    var self = this;
    return this.get(this.manifest.urls.chars, true).then(function (c) { self.charReadings = c; });
  };

  Search.prototype.plan = function (query) {
    var self = this;
    // The first level's clauses, but those spelled from names, need nothing context() fetches:
    // their files are fetched meanwhile (the same files prepare() reads for that level).
    var early = this.tokenizer.planQuery(query, { vocabulary: new Set(), aliases: this.manifest.aliases, names: [] });
    if (early.levels.length) this.fetchLevel(early.levels[0]).catch(function () { /* prepare() reports it */ });
    return this.context(query).then(function (context) { return self.tokenizer.planQuery(query, context); });
  };

  Search.prototype.runAlternative = function (alternative) {
    var self = this;
    return scoreAlternative(alternative, this.manifest.fields, function (c) {
      return self.expanded.get(c.term + "\u0000" + c.wildcard);
    }, function (term, field) { return self.posting(term, field); }, this.manifest.docs);
  };

  function rounded(x) { return Math.round(x * 1e6) / 1e6; }

  /* Results by score (to 6 decimals, as reader.py), ties in document order; the keys are worked
     out once per result, not once per comparison. */
  function ordered(results) {
    var rank = new Float64Array(results.length), ref = new Float64Array(results.length), order = [];
    results.forEach(function (r, k) { rank[k] = rounded(r.score); ref[k] = Number(r.ref); order.push(k); });
    order.sort(function (a, b) { return (rank[b] - rank[a]) || (ref[a] - ref[b]); });
    return order.map(function (k) { return results[k]; });
  }

  /* The plan's levels in turn (index.py answer()): {plan, level, levelRuns, alternatives, results}. */
  Search.prototype.answer = function (plan) {
    var self = this;
    function level(l) {
      if (l >= plan.levels.length) return { plan: plan, level: null, levelRuns: [], alternatives: [], results: [] };
      var lv = plan.levels[l];
      return self.prepare(lv).then(function () {
        // ref -> 1 + its result's place: each alternative's best score is kept
        var results = [], at = new Int32Array(self.manifest.docs);
        lv.alternatives.forEach(function (alternative, number) {
          var hit = self.runAlternative(alternative);
          for (var i = 0; i < hit.refs.length; i++) {
            var ref = hit.refs[i], score = Math.max(0, hit.scores[ref]), entry;
            if (!at[ref]) { at[ref] = results.push({ ref: String(ref), score: score, alternatives: [number] }); }
            else { entry = results[at[ref] - 1]; entry.score = Math.max(entry.score, score); entry.alternatives.push(number); }
          }
        });
        if (!results.length) return level(l + 1);
        results = ordered(results);
        return { plan: plan, level: lv.kind, levelRuns: lv.alternatives.length ? lv.alternatives[0].runs : [],
                 alternatives: lv.alternatives, results: results };
      });
    }
    return level(0);
  };

  /* Documents with every chosen filter value ({facet: value}), in document order. */
  Search.prototype.passing = function (filters) {
    var self = this, names = Object.keys(filters);
    return Promise.all(names.map(function (name) {
      var values = (self.facets[name] ? self.facets[name].values : []).map(function (v) { return v[0]; });
      var k = values.indexOf(filters[name]);
      return k < 0 ? [] : self.get(self.url("facet", k, name), false).then(decodeRefs);
    })).then(function (lists) {
      var keep = null;
      lists.forEach(function (refs) {
        var set = new Set(refs);
        keep = keep === null ? refs : keep.filter(function (r) { return set.has(r); });
      });
      return keep || [];
    });
  };

  /* As SearchIndex.search (reader.py): the query's results passing the filters; with no query,
     every document passing them, in document order. Results carry ref, score, kind. */
  Search.prototype.search = function (query, filters) {
    // One answer per query and filters (the index does not change while the page is open): the
    // page asks for the URL's query before its app exists (start below), then again from the app.
    var key = JSON.stringify([query, filters || {}]);
    if (!this.answers.has(key)) this.answers.set(key, this.find(query, filters));
    return this.answers.get(key);
  };

  Search.prototype.find = function (query, filters) {
    var self = this, filtered = filters && Object.keys(filters).length;
    if (!this.tokenizer.segments(query).length) {
      var empty = { plan: this.tokenizer.planQuery(query, { vocabulary: new Set(), aliases: [], names: [] }),
                    level: null, levelRuns: [], alternatives: [], results: [] };
      if (!filtered) return Promise.resolve(empty);
      return this.passing(filters).then(function (refs) {
        empty.results = refs.map(function (r) { return { ref: String(r), score: 0, alternatives: [] }; });
        return empty;
      });
    }
    // The filters' document lists do not depend on the answer: fetched beside the query's files.
    var passing = filtered ? this.passing(filters) : null;
    if (passing) passing.catch(function () { /* reported by the chain below */ });
    return this.plan(query).then(function (plan) { return self.answer(plan); }).then(function (found) {
      if (!filtered) return found;
      return passing.then(function (refs) {
        var keep = new Set(refs);
        found.results = found.results.filter(function (r) { return keep.has(Number(r.ref)); });
        return found;
      });
    });
  };

  /* The shown documents of results ([kind, url, title, meta, en, also] each), fetched by block: the
     manifest's doc_files gives each kind's [first document, documents per file, first file]. */
  Search.prototype.documents = function (results) {
    var self = this, ranges = this.manifest.doc_files;
    return Promise.all(results.map(function (r) {
      var n = Number(r.ref), range = ranges[0];
      ranges.forEach(function (x) { if (n >= x[0]) range = x; });
      var at = n - range[0];
      return self.get(self.url("docs", range[2] + Math.floor(at / range[1])), true).then(function (docs) {
        var d = docs[at % range[1]];
        r.kind = d[0]; r.url = d[1]; r.title = d[2]; r.meta = d[3]; r.en = d[4]; r.also = d[5];
        return r;
      });
    }));
  };

  // --- suggestions when nothing matched -----------------------------------------------------

  function commonPrefix(a, b) {
    var n = 0;
    while (n < a.length && n < b.length && a[n] === b[n]) n++;
    return n;
  }

  function levenshtein(a, b) {
    var prev = [], cur, i, j;
    for (j = 0; j <= b.length; j++) prev.push(j);
    for (i = 1; i <= a.length; i++) {
      cur = [i];
      for (j = 1; j <= b.length; j++) {
        cur.push(Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1)));
      }
      prev = cur;
    }
    return prev[b.length];
  }

  /* Names close to the query: sharing its characters (Chinese), or starting like it / spelled
     nearly like it in pinyin, initials or English. */
  Search.prototype.suggest = function (query, max) {
    max = max || 6;
    var tokenizer = this.tokenizer, segs = tokenizer.segments(query);
    var han = segs.filter(function (s) { return s[0] === "han"; }).map(function (s) { return s[1]; }).join("");
    var latin = segs.filter(function (s) { return s[0] === "latin"; }).map(function (s) { return s[1]; });
    var joined = latin.join("");
    var hanChars = dedupe(chars(han)), hanBigrams = dedupe(bigrams(han));
    var scored = [];
    this.names.forEach(function (name, order) {
      var zh = name[0], score = 0;
      if (hanChars.length) {
        var common = hanChars.filter(function (c) { return zh.indexOf(c) >= 0; }).length;
        var pairs = hanBigrams.filter(function (b) { return zh.indexOf(b) >= 0; }).length;
        if (common) {
          score = 0.7 * common / hanChars.length + 0.3 * pairs / Math.max(hanBigrams.length, 1) -
                  0.02 * Math.abs(chars(zh).length - hanChars.length);
        }
      }
      if (joined.length >= 2) {
        var py = name[1].join(""), initials = name[1].map(function (s) { return s.charAt(0); }).join("");
        var candidates = [py, py.replace(/v/g, "u")];
        candidates.forEach(function (p) {
          score = Math.max(score, commonPrefix(joined, p) / joined.length);
          score = Math.max(score, 1 - levenshtein(joined, p.slice(0, joined.length)) / joined.length);
        });
        if (joined.length <= 8) score = Math.max(score, commonPrefix(joined, initials) / Math.max(joined.length, initials.length));
        var enWords = tokenizer.segments(name[2]).map(function (s) { return englishWord(s[1]); });
        latin.map(englishWord).forEach(function (w) {
          if (w.length < 3) return;
          enWords.forEach(function (e) { score = Math.max(score, 1 - levenshtein(w, e) / Math.max(w.length, e.length)); });
        });
      }
      if (score >= (hanChars.length ? 0.3 : 0.5)) scored.push({ name: zh, score: score, order: order });
    });
    scored.sort(function (a, b) { return (b.score - a.score) || (chars(a.name).length - chars(b.name).length) || (a.order - b.order); });
    return scored.slice(0, max).map(function (s) { return s.name; });
  };

  // --- highlighting -------------------------------------------------------------------------

  /* What to mark in the shown texts of a result: the Han runs, pinyin syllables, initials and
     English words of the alternatives that found it. Han runs are marked whole where the texts
     write them whole (市场监督管理局 in "配合：市场监督管理局", not 市场监督 in a title); only
     when no text writes any of them whole are their bigrams marked, as lunr matched them. */
  Search.prototype.marksFor = function (answer, result, texts) {
    var marks = { han: [], pinyin: [], initials: [], english: [] }, runs = [];
    result.alternatives.forEach(function (n) {
      var alt = answer.alternatives[n];
      runs = runs.concat(alt.runs || []);
      if (alt.kind === "pinyin") marks.pinyin.push(alt.syllables);
      if (alt.kind === "initials") marks.initials.push(alt.letters);
      if (alt.kind === "english") marks.english = marks.english.concat(alt.words);
    });
    runs = dedupe(runs);
    var whole = runs.filter(function (run) { return texts.some(function (t) { return t.indexOf(run) >= 0; }); });
    if (whole.length) marks.han = whole;
    else runs.forEach(function (run) { marks.han = marks.han.concat(hanQueryTerms(run)); });
    marks.han = dedupe(marks.han);
    return marks;
  };

  /* Ranges [start, end) (string indexes) of `text` to mark. */
  Search.prototype.ranges = function (text, marks) {
    var out = [], self = this, stop = this.tokenizer.stopWords;
    var norm = text;  // shown as written; Han terms match it as it is (indexes are string indexes)
    marks.han.forEach(function (term) {
      for (var at = norm.indexOf(term); at >= 0; at = norm.indexOf(term, at + 1)) out.push([at, at + term.length]);
    });
    if (marks.pinyin.length || marks.initials.length) {
      var points = [], offset = 0;
      Array.from(norm).forEach(function (ch) { points.push([ch, offset]); offset += ch.length; });
      var readingsAt = points.map(function (p) {
        var r = (self.charReadings || {})[p[0]];
        return r ? r.split(" ") : [];
      });
      var mark = function (i, size) {
        out.push([points[i][1], points[i + size - 1][1] + points[i + size - 1][0].length]);
      };
      marks.pinyin.forEach(function (syllables) {
        for (var i = 0; i + syllables.length <= points.length; i++) {
          var ok = true;
          for (var j = 0; j < syllables.length && ok; j++) {
            var last = j === syllables.length - 1;
            ok = readingsAt[i + j].some(function (r) { return last ? r.startsWith(syllables[j]) : r === syllables[j]; });
          }
          if (ok) mark(i, syllables.length);
        }
      });
      marks.initials.forEach(function (letters) {
        for (var i = 0; i + letters.length <= points.length; i++) {
          var ok = true;
          for (var j = 0; j < letters.length && ok; j++) {
            ok = readingsAt[i + j].some(function (r) { return r.charAt(0) === letters.charAt(j); });
          }
          if (ok) mark(i, letters.length);
        }
      });
    }
    if (marks.english.length) {
      var re = /[A-Za-z\u00c0-\u024f0-9\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]+/g, m;
      while ((m = re.exec(norm)) !== null) {
        var word = self.tokenizer.segments(m[0]).map(function (s) { return englishWord(s[1]); }).join("");
        var hit = marks.english.some(function (w) {
          return word.startsWith(w) && (!stop.has(w) || word === w);
        });
        if (hit) out.push([m.index, m.index + m[0].length]);
      }
    }
    out.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; });
    var merged = [];
    out.forEach(function (r) {
      var last = merged[merged.length - 1];
      if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
      else merged.push(r.slice());
    });
    return { text: norm, ranges: merged };
  };

  // --- the page -----------------------------------------------------------------------------

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") node.textContent = attrs[k];
      else if (k === "className") node.className = attrs[k];
      else node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) node.appendChild(typeof c === "string" ? document.createTextNode(c) : c); });
    return node;
  }

  /* Text with <mark>s, built from text nodes only: nothing from the data is parsed as HTML. */
  function highlighted(search, text, marks) {
    var r = search.ranges(text, marks), frag = document.createDocumentFragment(), at = 0;
    r.ranges.forEach(function (range) {
      if (range[0] > at) frag.appendChild(document.createTextNode(r.text.slice(at, range[0])));
      frag.appendChild(el("mark", { text: r.text.slice(range[0], range[1]) }));
      at = range[1];
    });
    if (at < r.text.length) frag.appendChild(document.createTextNode(r.text.slice(at)));
    return { node: frag, marked: r.ranges.length > 0 };
  }

  var GROUP_LIMIT = 10;  // results shown per group at first
  var MORE = 50;         // shown more on each "显示更多"
  var ALSO_LIMIT = 3;    // matched aliases / synonyms shown under a result
  var FILTERS = ["place", "year", "dept", "industry"];  // URL parameters, as the manifest's facets
  // ms without a keystroke before typed letters are searched: between a fast typist's keys (~100 ms)
  // and the 300 ms a query may take in all (issue 13); it was 250 ms, most of that budget.
  var TYPING_PAUSE = 120;

  /* The results by kind, and the first GROUP_LIMIT of each: what the answer's page shows first. */
  Search.prototype.shown = function (answer) {
    var self = this, groups = {}, first = [];
    answer.results.forEach(function (r) { var k = self.kindOf(r.ref); (groups[k] = groups[k] || []).push(r); });
    var kinds = Object.keys(this.kinds).filter(function (k) { return groups[k]; });
    kinds.forEach(function (k) { first = first.concat(groups[k].slice(0, GROUP_LIMIT)); });
    var marking = answer.alternatives.some(function (a) { return a.kind === "pinyin" || a.kind === "initials"; });
    return { groups: groups, kinds: kinds, first: first, marking: marking };
  };

  /* The files for showing them: their documents, and the characters' readings for pinyin marks. */
  Search.prototype.showing = function (shown) {
    return Promise.all([this.documents(shown.first), shown.marking ? this.loadChars() : null]);
  };

  Search.prototype.kindOf = function (ref) {
    var starts = this.manifest.kind_starts, kind = starts.length ? starts[0][0] : null, n = Number(ref);
    starts.forEach(function (s) { if (n >= s[1]) kind = s[0]; });
    return kind;
  };

  function App(root) {
    this.root = root;
    // data-index names the index folder; its manifest.json names the version folder of the rest.
    this.indexUrl = new URL(root.getAttribute("data-index"), document.baseURI);
    // Document URLs in the index are relative to the site root: two folders above search/index/;
    // data-root names the root of the page's language instead (en/ on English pages).
    this.siteRoot = root.getAttribute("data-root") ? new URL(root.getAttribute("data-root"), document.baseURI)
      : new URL("../../", this.indexUrl);
    this.t = window.gongkaiText(root);  // assets/i18n.js: the page's data-i18n
    this.search = null;
    this.timer = null;
    this.lastKey = null;
    this.runs = 0;
    this.title = document.title;
    this.build();
  }

  App.prototype.build = function () {
    var self = this;
    this.root.textContent = "";
    this.root.classList.add("search-app");
    // The page's own search form beside #search-app (or data-form="selector") is used when
    // there is one; otherwise the app makes its own.
    var selector = this.root.getAttribute("data-form");
    var form = selector ? document.querySelector(selector) : null;
    if (!form && this.root.parentElement) form = this.root.parentElement.querySelector('form[role="search"]');
    var input = form && form.querySelector('input[name="q"]');
    var t = this.t;
    var hint = el("p", { id: "search-app-hint", className: "search-app-hint",
      text: t("可以输入中文（旅馆、市场监管）、拼音（lvguan、shichangjianguan）、拼音首字母（scjg）或英文（hotel）。") });
    if (input) {
      this.form = form;
      this.input = input;
      this.root.appendChild(hint);
    } else {
      this.input = el("input", { type: "search", id: "search-app-q", name: "q" });
      this.form = el("form", { role: "search", className: "search-app-form", action: "", method: "get" }, [
        el("label", { "for": "search-app-q", className: "search-app-label", text: t("搜索计划、任务、部门和行业") }),
        el("div", { className: "search-app-row" }, [this.input, el("button", { type: "submit", text: t("搜索") })]),
        hint
      ]);
      this.root.appendChild(this.form);
    }
    this.input.setAttribute("autocomplete", "off");
    this.input.setAttribute("spellcheck", "false");
    this.input.setAttribute("aria-describedby", "search-app-hint");
    this.input.setAttribute("aria-controls", "search-app-results");
    this.filterBox = el("fieldset", { className: "search-app-filters", hidden: "hidden" },
                        [el("legend", { text: t("筛选") })]);
    this.selects = {};
    this.status = el("p", { className: "search-app-status", role: "status", "aria-live": "polite", tabindex: "-1" });
    this.results = el("div", { className: "search-app-results", id: "search-app-results" });
    this.root.appendChild(this.filterBox);
    this.root.appendChild(this.status);
    this.root.appendChild(this.results);
    this.listen();
  };

  App.prototype.listen = function () {
    var self = this;
    this.form.addEventListener("submit", function (event) {
      event.preventDefault();
      clearTimeout(self.timer);
      self.run(self.input.value, true);
    });
    var later = function (wait) {
      clearTimeout(self.timer);
      self.timer = setTimeout(function () { self.run(self.input.value, false); }, wait);
    };
    // Typed letters wait for a short pause, so that l, lv, lvg… of lvguan are not queries of their
    // own; while a Chinese input method composes (the letters of 旅馆 before they become 旅馆),
    // wait for the characters, which come whole: searched at once.
    this.input.addEventListener("input", function (event) {
      if (event.isComposing) return;
      // Letters and digits need the names table (what pinyin and initials spell, Search.context):
      // fetched during the pause.
      var search = self.search;
      if (search && search.tokenizer.segments(self.input.value).some(function (s) { return s[0] === "latin"; })) {
        search.loadNames().catch(function () { /* run() reports it */ });
      }
      later(TYPING_PAUSE);
    });
    this.input.addEventListener("compositionend", function () { later(0); });
    window.addEventListener("popstate", function () { self.fromLocation(); });
  };

  /* One <select> per filter, its values (and how many documents have each) from the manifest. */
  App.prototype.buildFilters = function () {
    var self = this, facets = this.search.facets || {};
    FILTERS.forEach(function (name) {
      var facet = facets[name];
      if (!facet || !facet.values.length) return;
      var id = "search-app-filter-" + name;
      var select = el("select", { id: id, name: name, "data-filter": name });
      select.appendChild(el("option", { value: "", text: self.t("全部") }));
      facet.values.forEach(function (v) { select.appendChild(el("option", { value: v[0], text: v[0] + "（" + v[1] + "）" })); });
      select.addEventListener("change", function () { self.run(self.input.value, false); });
      self.selects[name] = select;
      self.filterBox.appendChild(el("span", { className: "search-app-filter" }, [
        el("label", { "for": id, text: self.t(facet.label) }), select]));
    });
    if (Object.keys(this.selects).length) this.filterBox.hidden = false;
  };

  App.prototype.filters = function () {
    var out = {}, self = this;
    Object.keys(this.selects).forEach(function (name) { if (self.selects[name].value) out[name] = self.selects[name].value; });
    return out;
  };

  App.prototype.load = function (opened) {
    var self = this;
    this.status.textContent = this.t("正在载入搜索索引…");
    return (opened || openIndex(this.indexUrl)).then(function (search) {
      self.search = search;
      self.buildFilters();
      self.root.setAttribute("data-ready", "true");
      self.status.textContent = "";
      self.fromLocation();
      return search;
    }).catch(function (error) {
      self.status.textContent = self.t("搜索索引载入失败（%(error)s）。请稍后再试。", { error: error.message });
      self.root.setAttribute("data-ready", "error");
      throw error;
    });
  };

  App.prototype.fromLocation = function () {
    var params = new URLSearchParams(window.location.search), self = this;
    var q = params.get("q") || "";
    this.input.value = q;
    Object.keys(this.selects).forEach(function (name) {
      var value = params.get(name) || "", select = self.selects[name];
      select.value = value;
      if (select.value !== value) select.value = "";  // a value the index does not have
    });
    this.run(q, false, true);
  };

  App.prototype.updateUrl = function (query, filters) {
    var url = new URL(window.location.href);
    if (query) url.searchParams.set("q", query); else url.searchParams.delete("q");
    FILTERS.forEach(function (name) {
      if (filters[name]) url.searchParams.set(name, filters[name]); else url.searchParams.delete(name);
    });
    if (url.href !== window.location.href) window.history.replaceState(null, "", url.href);
  };

  App.prototype.run = function (query, focusResults, fromUrl) {
    var self = this;
    query = (query || "").trim();
    if (!this.search) return;
    var filters = this.filters(), key = JSON.stringify([query, filters]);
    if (!fromUrl) this.updateUrl(query, filters);
    if (key === this.lastKey && !focusResults) return;
    this.lastKey = key;
    var run = ++this.runs;
    document.title = query ? query + " - " + this.title : this.title;
    this.root.setAttribute("data-query", query);
    this.root.removeAttribute("data-answered");
    var done = function () {
      self.root.setAttribute("data-answered", query);
      if (focusResults) self.status.focus();  // after Enter: the summary, then Tab to the results
    };
    if (!query && !Object.keys(filters).length) {
      this.results.textContent = "";
      this.status.textContent = "";
      done();
      return;
    }
    // done() runs in the same task as the DOM update, so an observer of the page sees the results
    // and data-answered together.
    this.search.search(query, filters).then(function (answer) {
      if (run !== self.runs) return null;  // a newer query is on its way
      return self.render(query, answer, filters, run, done);
    }).catch(function (error) {
      if (run !== self.runs) return;
      self.status.textContent = self.t("搜索失败（%(error)s）。请稍后再试。", { error: error.message });
      done();
    });
  };

  /* Results grouped by kind; the first GROUP_LIMIT of each group fetched and shown. */
  App.prototype.render = function (query, answer, filters, run, done) {
    var self = this, search = this.search;
    if (!answer.results.length) return this.renderNothing(query, filters, run, done);
    var shown = search.shown(answer), groups = shown.groups, kinds = shown.kinds;
    return search.showing(shown).then(function () {
      if (run !== self.runs) return null;
      self.results.textContent = "";
      self.status.textContent = "";
      self.status.appendChild(document.createTextNode(self.t("找到 %(count)s 条结果：", { count: answer.results.length })));
      kinds.forEach(function (kind, i) {
        if (i) self.status.appendChild(document.createTextNode(" · "));
        self.status.appendChild(el("a", { href: "#search-group-" + kind, text: self.t(search.kinds[kind]) + " " + groups[kind].length }));
      });
      if (answer.level === "words") {
        self.results.appendChild(el("p", { className: "search-app-note", text: self.t("没有完全匹配“%(query)s”的结果；以下结果分别包含：%(runs)s",
          { query: query, runs: answer.levelRuns.join(self.t("、")) }) }));
      }
      kinds.forEach(function (kind) { self.results.appendChild(self.renderGroup(answer, kind, groups[kind])); });
      done();
    });
  };

  App.prototype.renderGroup = function (answer, kind, results) {
    var self = this, search = this.search, list = el("ol", { className: "search-app-list" });
    var section = el("section", { className: "search-app-group", id: "search-group-" + kind,
                                  "data-kind": kind, "aria-labelledby": "search-group-" + kind + "-title" }, [
      el("h2", { id: "search-group-" + kind + "-title" }, [self.t(search.kinds[kind]) + " ",
        el("span", { className: "search-app-count", text: self.t("（%(text)s）", { text: results.length }) })]),
      list
    ]);
    results.slice(0, GROUP_LIMIT).forEach(function (r) { list.appendChild(self.renderResult(answer, r)); });
    if (results.length > GROUP_LIMIT) {
      var more = el("button", { type: "button", className: "search-app-more" });
      var label = function () {
        var left = results.length - list.children.length;
        more.textContent = self.t("显示更多%(kind)s（还有 %(left)s 项）", { kind: self.t(search.kinds[kind]), left: left });
      };
      label();
      more.addEventListener("click", function () {
        var at = list.children.length, next = results.slice(at, at + MORE);
        more.disabled = true;
        search.documents(next).then(function () {
          next.forEach(function (r) { list.appendChild(self.renderResult(answer, r)); });
          more.disabled = false;
          if (list.children.length >= results.length) more.remove(); else label();
          var link = list.children[at] && list.children[at].querySelector("a");
          if (link) link.focus();
        });
      });
      section.appendChild(more);
    }
    return section;
  };

  App.prototype.renderResult = function (answer, r) {
    var search = this.search, t = this.t;
    var marks = search.marksFor(answer, r, [r.title, r.meta, r.en].concat(r.also ? r.also.split("、") : []));
    var title = highlighted(search, r.title, marks);
    var item = el("li", { className: "search-app-result", "data-url": r.url }, [
      el("a", { href: new URL(r.url, this.siteRoot).href, className: "search-app-title", lang: "zh-CN" }, [title.node])
    ]);
    if (r.meta) item.appendChild(el("p", { className: "search-app-meta", lang: "zh-CN" }, [highlighted(search, r.meta, marks).node]));
    if (r.en) item.appendChild(el("p", { className: "search-app-en", lang: "en" }, [highlighted(search, r.en, marks).node]));
    if (r.also) {
      var shown = [], more = 0;
      r.also.split("、").forEach(function (word) {
        var h = highlighted(search, word, marks);
        if (r.kind !== "department" && !h.marked) return;
        if (shown.length < ALSO_LIMIT || r.kind === "department") shown.push(h.node); else more++;
      });
      if (shown.length) {
        var p = el("p", { className: "search-app-also" }, [r.kind === "department" ? t("又称：") : t("相关：")]);
        shown.forEach(function (node, i) { if (i) p.appendChild(document.createTextNode(t("、"))); p.appendChild(node); });
        if (more) p.appendChild(document.createTextNode(t(" 等 %(count)s 项", { count: shown.length + more })));
        item.appendChild(p);
      }
    }
    return item;
  };

  App.prototype.renderNothing = function (query, filters, run, done) {
    var self = this;
    return this.search.loadNames().then(function () {
      if (run !== self.runs) return null;
      self.results.textContent = "";
      var filtered = Object.keys(filters).length;
      self.status.textContent = query ? self.t(filtered ? "没有找到与“%(query)s”相关的内容（在所选范围内）。"
                                                         : "没有找到与“%(query)s”相关的内容。", { query: query })
                                      : self.t("所选范围内没有内容。");
      var names = query ? self.search.suggest(query) : [];
      var box = el("div", { className: "search-app-empty" });
      if (names.length) {
        var list = el("ul", { className: "search-app-suggestions" });
        names.forEach(function (name) {
          var url = new URL(window.location.href);
          url.searchParams.set("q", name);
          var a = el("a", { href: url.href, text: name });
          a.addEventListener("click", function (event) {
            event.preventDefault();
            self.input.value = name;
            self.run(name, true);
          });
          list.appendChild(el("li", {}, [a]));
        });
        box.appendChild(el("p", { text: self.t("您是不是要找：") }));
        box.appendChild(list);
      }
      box.appendChild(el("p", { className: "search-app-tip", text: filtered
        ? self.t("提示：可以放宽筛选条件（选“全部”），或者换一个更短的词。")
        : self.t("提示：可以换一个更短的词，或者输入拼音（lvguan）、拼音首字母（scjg）、英文（hotel）。") }));
      self.results.appendChild(box);
      done();
    });
  };

  // --- start --------------------------------------------------------------------------------

  var api = { Tokenizer: Tokenizer, Search: Search, App: App };
  // Under Node (tests/js/search.test.mjs) the query code is all there is: no page to start.
  if (typeof module !== "undefined" && module.exports) { module.exports = api; return; }
  window.gongkaiSearch = api;

  var SCRIPT = document.currentScript, SCRIPT_URL = SCRIPT ? SCRIPT.src : null;

  /* search.css beside this script, unless the page links it already. */
  function addStylesheet() {
    if (!SCRIPT_URL || document.querySelector('link[href$="search.css"]')) return;
    document.head.appendChild(el("link", { rel: "stylesheet", href: new URL("search.css", SCRIPT_URL).href }));
  }

  /* The index at indexUrl: its manifest fetched (the page preloads it), then a Search on it. */
  function openIndex(indexUrl) {
    function text(url) {
      return fetch(url).then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.text();
      });
    }
    return text(new URL("manifest.json", indexUrl).href).then(function (body) {
      var manifest = JSON.parse(body), base = new URL(manifest.version + "/", indexUrl);
      return new Search(manifest, function (rel) { return text(new URL(rel, base).href); });
    });
  }

  /* The URL's query and the filters of it the index has (as App.fromLocation reads them), asked
     and its first page of documents fetched before the page's body is there to show them. */
  function prefetch(search) {
    var params = new URLSearchParams(window.location.search), filters = {};
    var query = (params.get("q") || "").trim();
    FILTERS.forEach(function (name) {
      var value = params.get(name), facet = search.facets && search.facets[name];
      if (value && facet && facet.values.some(function (v) { return v[0] === value; })) filters[name] = value;
    });
    if (!query && !Object.keys(filters).length) return;
    search.search(query, filters).then(function (answer) {
      if (answer.results.length) return search.showing(search.shown(answer));
    }).catch(function () { /* the app reports it */ });
  }

  /* callback(#id) once the parser has closed it (something follows it), or at DOMContentLoaded. */
  function whenParsed(id, callback) {
    var done = false, observer = new MutationObserver(check);
    function check() {
      var node = document.getElementById(id);
      if (done || !node || !(node.nextSibling || document.readyState !== "loading")) return;
      done = true;
      observer.disconnect();
      callback(node);
    }
    observer.observe(document.documentElement, { childList: true, subtree: true });
    document.addEventListener("DOMContentLoaded", check);
    check();
  }

  function mount(root, opened) {
    if (!root) return;
    addStylesheet();
    var app = new App(root);
    api.app = app;
    api.ready = app.load(opened);
  }

  /* Below #search-app (a page without the script in its head), start now, not at DOMContentLoaded,
     which waits for every script after this one (the theme's bundle). In the search page's <head>
     (async, data-index naming the index), fetch the manifest, the URL's query files and its
     documents while the stylesheets, the other scripts and the body arrive, and show the answer as
     soon as #search-app is parsed. */
  var index = SCRIPT && SCRIPT.getAttribute("data-index");
  if (index && !document.getElementById("search-app") && document.readyState === "loading") {
    var opened = openIndex(new URL(index, document.baseURI));
    opened.then(prefetch, function () { /* the app reports it */ });
    whenParsed("search-app", function (node) { mount(node, opened); });
  } else if (document.readyState !== "loading" || document.getElementById("search-app")) {
    mount(document.getElementById("search-app"), null);
  } else {
    document.addEventListener("DOMContentLoaded", function () { mount(document.getElementById("search-app"), null); });
  }
})();
