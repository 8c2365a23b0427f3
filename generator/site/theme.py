"""The theme: mkdocs-material's stylesheets, script and icons under our own page shell.

In: the installed mkdocs-material package. Out: its assets copied into the site, and a Theme
naming them for templates/layout/base.html.j2.

Our layout (templates/layout/) writes the markup Material's CSS and JavaScript expect (md-header,
md-tabs, md-content …), so the site looks and behaves as a Material site, but every page is our
own template over our own page model: mkdocs itself never runs. That is what makes the page layer
fast (one compiled template per page, no Markdown pass over generated HTML, both cores), and it is
the seam for Material's end of life (2027-05-05): a successor theme replaces this module and the
layout, nothing else. This is the one module that knows the package's file layout.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import material
from markupsafe import Markup

from generator.core import urls

MATERIAL = Path(material.__file__).resolve().parent / "templates"
ICONS = MATERIAL / ".icons"
LOGO_ICON = "material/clipboard-check-outline"
MENU_ICON = "material/menu"
# What of Material's assets a page uses: the stylesheets, the bundle, the favicon and
# their source maps (the minified files name them). Material's search worker and its lunr language
# packs (2 MB) are left out: our search is our own.
ASSET_GLOBS = ("stylesheets/main.*.min.css", "stylesheets/palette.*.min.css", "javascripts/bundle.*.min.js",
               "stylesheets/main.*.min.css.map", "stylesheets/palette.*.min.css.map", "javascripts/bundle.*.min.js.map",
               "images/favicon.png")


@dataclass(frozen=True)
class Theme:
    stylesheets: tuple[str, ...]  # site-relative URLs, Material's first
    bundle: str
    favicon: str
    logo: Markup  # the SVG icons, inlined as Material inlines them
    menu: Markup


def _one(pattern: str) -> Path:
    found = sorted((MATERIAL / "assets").glob(pattern))
    if len(found) != 1:
        raise RuntimeError(f"mkdocs-material {material.__version__}: expected one assets/{pattern}, found {len(found)}")
    return found[0]


def _icon(name: str) -> Markup:
    # Material's own SVG files, from the installed package: trusted as the theme is.
    return Markup((ICONS / f"{name}.svg").read_text(encoding="utf-8").strip())


def copy_theme(out: Path, own_stylesheets: list[str]) -> Theme:
    """Material's assets into out/assets/ (same paths as a Material site has them); returns the Theme.
    own_stylesheets: our asset names (site.css first), linked after Material's so they can refine it."""
    names = {}
    for pattern in ASSET_GLOBS:
        source = _one(pattern)
        rel = source.relative_to(MATERIAL / "assets").as_posix()
        (out / "assets" / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, out / "assets" / rel)
        if not rel.endswith(".map"):
            names[pattern.split("/")[0] + ":" + source.name.split(".")[0]] = urls.asset(rel)
    return Theme(
        stylesheets=(names["stylesheets:main"], names["stylesheets:palette"], *map(urls.asset, own_stylesheets)),
        bundle=names["javascripts:bundle"], favicon=names["images:favicon"],
        logo=_icon(LOGO_ICON), menu=_icon(MENU_ICON))
