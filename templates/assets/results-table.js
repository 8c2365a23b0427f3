/* Pages through a long results table: the first page is in the HTML; the others are JSON chunks
 * written at build time (generator/site/tables.py) as entries of the table's pack files, each read
 * when asked for by an HTTP Range request (assets/packs.js): the directory once, then a range a page.
 *
 *   <div class="gk-paged" data-chunks="…/data/results/<plan>/<seq>/" data-directory="pages.idx"
 *        data-pack="pages-{n}.bin" data-root="…/" data-pages="N">
 *     <table>…first page…</table> <nav class="gk-pager-bar" hidden>…</nav> <p class="gk-pager-status">
 *
 * A chunk is {page, pages, total, page_size, columns, rows}; a cell is text or {text, href, class, title}
 * (href site-relative, resolved against data-root). Cells are only ever set with textContent:
 * business names come from office files. Without this script the first page and the download
 * links still show. Written in ES5 for the older phones many readers use.
 */
(function () {
  "use strict";

  function cell(value, label) {
    var td = document.createElement("td");
    td.setAttribute("data-label", label);
    if (value !== null && typeof value === "object") {
      if (value["class"]) td.className = value["class"];
      if (value.title) td.title = value.title;
      if (value.href) {
        var a = document.createElement("a");
        a.setAttribute("href", value.href);
        a.textContent = value.text;
        td.appendChild(a);
      } else {
        td.textContent = value.text;
      }
    } else {
      td.textContent = value === null || value === undefined ? "" : String(value);
    }
    return td;
  }

  function setup(box) {
    var pages = Number(box.getAttribute("data-pages"));
    var nav = box.querySelector(".gk-pager-bar");
    if (!pages || pages < 2 || !nav || !window.fetch || !window.gongkaiPacks) return;
    var packs = window.gongkaiPacks;
    var base = new URL(box.getAttribute("data-chunks"), document.baseURI);
    var directoryUrl = new URL(box.getAttribute("data-directory"), base).href;
    var packPattern = box.getAttribute("data-pack");  // pages-{n}.bin
    var directory = null;
    var root = new URL(box.getAttribute("data-root") || "./", document.baseURI);
    var t = window.gongkaiText(box);  // assets/i18n.js: the box's data-i18n
    var table = box.querySelector("table");
    var tbody = table.querySelector("tbody");
    var caption = table.querySelector("caption");
    var where = caption.querySelector(".gk-paged-where");
    var status = box.querySelector(".gk-pager-status");
    var jump = nav.querySelector("form");
    var input = jump.querySelector("input");
    var buttons = {};
    Array.prototype.forEach.call(nav.querySelectorAll("button[data-go]"), function (b) {
      buttons[b.getAttribute("data-go")] = b;
    });
    var labels = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) { return th.textContent; });
    var cache = {};
    var current = 1;
    var loading = 0;

    // The directory (12 bytes a page) is fetched whole, once: a province's longest table has a few
    // thousand pages.
    function located(n) {
      if (!directory) {
        directory = packs.range(directoryUrl, 0, 12 * pages);
        directory["catch"](function () { directory = null; });
      }
      return directory.then(function (bytes) { return packs.location(bytes, n - 1); });
    }

    function fetchPage(n) {
      if (!cache[n]) {
        cache[n] = located(n).then(function (at) {
          return packs.range(new URL(packPattern.replace("{n}", String(at[0])), base).href, at[1], at[2]);
        }).then(function (bytes) {
          return JSON.parse(new TextDecoder("utf-8").decode(bytes));
        });
        cache[n]["catch"](function () { delete cache[n]; });
      }
      return cache[n];
    }

    function update() {
      buttons.first.disabled = buttons.prev.disabled = current <= 1;
      buttons.next.disabled = buttons.last.disabled = current >= pages;
      input.value = current;
    }

    function show(n, moveFocus) {
      n = Math.max(1, Math.min(pages, Math.floor(n) || 1));
      var ticket = ++loading;
      box.setAttribute("aria-busy", "true");
      box.setAttribute("data-state", "loading");
      status.textContent = t("正在载入第%(page)s页…", { page: n });
      return fetchPage(n).then(function (chunk) {
        if (ticket !== loading) return;
        var rows = document.createDocumentFragment();
        chunk.rows.forEach(function (values) {
          var tr = document.createElement("tr");
          values.forEach(function (value, i) {
            if (value && typeof value === "object" && value.href) {
              value = { text: value.text, href: new URL(value.href, root).href, "class": value["class"] };
            }
            tr.appendChild(cell(value, labels[i] || ""));
          });
          rows.appendChild(tr);
        });
        while (tbody.firstChild) tbody.removeChild(tbody.firstChild);
        tbody.appendChild(rows);
        current = n;
        var first = (n - 1) * chunk.page_size + 1;
        var last = first + chunk.rows.length - 1;
        var text = t("第%(page)s页，共%(pages)s页，本页第%(first)s–%(last)s条，共%(total)s条",
                     { page: n, pages: pages, first: first, last: last, total: chunk.total });
        where.textContent = t("（%(text)s）", { text: text });
        status.textContent = t("已显示%(text)s。", { text: text });
        box.setAttribute("data-page", String(n));
        box.setAttribute("data-state", "done");
        box.removeAttribute("aria-busy");
        update();
        // Back to the top of the table, so the new page is read from its first row; the pager
        // is the next stop for Tab.
        if (moveFocus) caption.focus();
      }, function (error) {
        if (ticket !== loading) return;
        box.setAttribute("data-state", "error");
        box.removeAttribute("aria-busy");
        status.textContent = t("第%(page)s页载入失败（%(error)s），请再试一次，或下载下方的表格文件。", { page: n, error: error.message });
      });
    }

    nav.addEventListener("click", function (event) {
      var target = event.target;
      var go = target && target.getAttribute && target.getAttribute("data-go");
      if (!go || target.disabled) return;
      var n = { first: 1, prev: current - 1, next: current + 1, last: pages }[go];
      show(n, true);
    });
    jump.addEventListener("submit", function (event) {
      event.preventDefault();
      show(Number(input.value), true);
    });

    nav.hidden = false;
    var fallback = box.querySelector(".gk-paged-nojs");
    if (fallback) fallback.hidden = true;
    box.setAttribute("data-page", "1");
    box.setAttribute("data-state", "ready");
    update();
  }

  Array.prototype.forEach.call(document.querySelectorAll(".gk-paged[data-chunks]"), setup);
})();
