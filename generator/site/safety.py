"""What keeps a stranger's markup out of the published pages.

Generated pages come from autoescaped templates (generator/site/pages.py, templates/layout/), so
data and configuration never become markup there. One source remains: the hand-written pages
(content/*.md). Markdown passes raw HTML through, and attr_list lets `{: onclick=… }` put an event
handler on a heading or a paragraph, so their HTML goes through an allow-list sanitiser (nh3, the
Rust ammonia library; generator/site/content.py calls it): the markup a page legitimately has
(headings with their anchors, links, lists, tables, emphasis, code, images) stays; scripts, event
handlers, styles and any URL scheme other than http(s), mailto and tel go. Their front matter may
set only CONTENT_META.

The Content-Security-Policy below is the net under both: it allows scripts only from the site's
own files, so even markup that slipped through could not run a script.
"""

from __future__ import annotations

import nh3

# 'self' only for scripts: Material's inline start-up script is a file (assets/md-scope.js), its page
# configuration a JSON block. Inline styles stay allowed: Material and the
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
# Front matter a hand-written page may set; any other key fails the build (content.py), so no key
# can reach a page unchecked.
CONTENT_META = {"title", "hide"}


def sanitise(html: str) -> str:
    """A content page's HTML with only allow-listed tags, attributes and URL schemes."""
    return nh3.clean(html, tags=CONTENT_TAGS, attributes=CONTENT_ATTRIBUTES, url_schemes=URL_SCHEMES,
                     link_rel="noopener noreferrer", strip_comments=True)
