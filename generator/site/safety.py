"""What keeps a stranger's markup out of the published pages.

Generated pages come from autoescaped templates (generator/site/pages.py), so data never becomes
markup there. Two sources remain, and this module covers them inside the mkdocs build:

- the hand-written pages (content/*.md): Markdown passes raw HTML through, and attr_list lets
  `{: onclick=… }` put an event handler on a heading or a paragraph. Their HTML goes through
  an allow-list sanitiser (nh3, the Rust ammonia library): the markup a page legitimately has
  (headings with their anchors, links, lists, tables, emphasis, code, images) stays; scripts,
  event handlers, styles and any URL scheme other than http(s), mailto and tel go.
- the theme: mkdocs' theme environment does not autoescape, so our overrides
  (templates/overrides/) escape every configured value Material would print raw. The
  Content-Security-Policy below is the net under both: it allows scripts only from the site's
  own files, so even markup that slipped through could not run a script.

What Material 9.8 prints unescaped, and where that is handled (checked against its templates):
  base.html site_meta/htmltitle: site_name, site_description, page.meta.title/description/author
      -> overridden in main.html (escaped; author and page descriptions not printed);
  partials/header.html: site_name, page titles -> overridden;
  partials/nav.html: site_name (drawer title) -> overridden;
  partials/footer.html: previous/next page titles -> overridden (the office's contact, escaped);
  partials/nav-item.html, tabs-item.html: nav titles are NAV's fixed words (render.py); the
      front-matter keys they print (subtitle, status, icon) are refused for content pages below;
  partials/toc-item.html: heading text, which Markdown's toc hands over already escaped;
  copyright, source (repo_url), social, consent, search, alternate, analytics: the keys they
      read are not in the generated mkdocs config.
"""

from __future__ import annotations

import logging

import nh3
from mkdocs.plugins import BasePlugin

# 'self' only for scripts: Material's two inline scripts are moved into files
# (templates/overrides/partials/javascripts/). Inline styles stay allowed: Material and the
# charts set style attributes, and a style cannot run code in a current browser.
CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
])

CONTENT_TAGS = {
    "h1", "h2", "h3", "h4", "h5", "h6", "p", "br", "hr", "a", "ul", "ol", "li", "dl", "dt", "dd",
    "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption", "colgroup", "col",
    "strong", "em", "b", "i", "u", "s", "del", "ins", "mark", "small", "sub", "sup", "abbr", "cite", "q",
    "blockquote", "code", "pre", "kbd", "samp", "var", "span", "div", "img", "figure", "figcaption",
    "details", "summary", "time",
}
# `id` keeps the table of contents' anchors; nothing here can carry a script or a style.
CONTENT_ATTRIBUTES = {
    "*": {"id", "title", "lang", "dir"},
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height"},
    "th": {"colspan", "rowspan", "scope", "align"},
    "td": {"colspan", "rowspan", "align"},
    "col": {"span"},
    "ol": {"start", "reversed"},
    "abbr": {"title"},
    "time": {"datetime"},
    "details": {"open"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
# Front matter a hand-written page may set. Material prints others (subtitle, status, icon …) into
# the navigation unescaped, so any other key fails the build instead of reaching the theme.
CONTENT_META = {"title", "hide"}


def sanitise(html: str) -> str:
    """A content page's HTML with only allow-listed tags, attributes and URL schemes."""
    return nh3.clean(html, tags=CONTENT_TAGS, attributes=CONTENT_ATTRIBUTES, url_schemes=URL_SCHEMES,
                     link_rel="noopener noreferrer", strip_comments=True)


class SafetyPlugin(BasePlugin):
    """Registered by site.run_mkdocs: sanitises the hand-written pages and gives the theme its policy."""

    def __init__(self, content_pages: set[str]):
        super().__init__()
        self.content_pages = content_pages  # docs-relative paths of the pages copied from content/

    def on_env(self, env, config, files):
        env.globals["csp_policy"] = CONTENT_SECURITY_POLICY
        return env

    def on_page_markdown(self, markdown, page, config, files):
        if page.file.src_uri in self.content_pages:
            for key in sorted(set(page.meta) - CONTENT_META):
                # A warning on mkdocs's logger fails the build (site.run_mkdocs), naming the file and key.
                logging.getLogger("mkdocs.plugins.gongkai").warning(
                    f"content/{page.file.src_uri}: front matter key {key!r} is not allowed "
                    f"(allowed: {', '.join(sorted(CONTENT_META))})")
                del page.meta[key]
        return markdown

    def on_page_content(self, html, page, config, files):
        return sanitise(html) if page.file.src_uri in self.content_pages else html
