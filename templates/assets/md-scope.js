// Material's start-up globals (partials/javascripts/base.html), as a file so the
// Content-Security-Policy needs no 'unsafe-inline'. The page's base URL is the script's data-base.
var __md_scope = new URL(document.currentScript.dataset.base, location),
  __md_hash = (e) => [...e].reduce((e, _) => (e << 5) - e + _.charCodeAt(0), 0),
  __md_get = (e, _ = localStorage, t = __md_scope) => JSON.parse(_.getItem(t.pathname + "." + e)),
  __md_set = (e, _, t = localStorage, a = __md_scope) => {
    try {
      t.setItem(a.pathname + "." + e, JSON.stringify(_));
    } catch (e) {}
  };
