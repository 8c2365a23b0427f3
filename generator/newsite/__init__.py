"""`gongkai new DIR --jurisdiction 某某县 --office "…"`: a new office's site, which builds with the packaged
templates and reference lists (core/resources.py) and holds nothing of this repository's counties.

It writes site_config.yml (every key, each with its description from the typed config as a comment),
the three hand-written pages from skeleton/*.md.j2 filled with the answers, empty data/raw/ and
data/results/ (a README each), the GitHub and GitLab Pages workflows pinned to this gongkai, a README
with the two commands, a .gitignore and the editors' schema. A folder that is not empty is refused,
so nothing of an office's is overwritten.
"""

from __future__ import annotations

import json
import textwrap
from importlib.metadata import version as installed_version
from pathlib import Path

import jinja2

from generator.core import paths
from generator.core.config import SiteConfig, json_schema, keys
from generator.core.findings import DataError
from generator.core.io import dumps

SKELETON = Path(__file__).resolve().parent / "skeleton"

# What goes where: the site's path -> the skeleton file it is made from.
FILES = {
    "README.md": "README.md.j2",
    ".gitignore": "gitignore",
    ".github/workflows/publish.yml": "publish.yml.j2",
    ".gitlab-ci.yml": "gitlab-ci.yml.j2",
    f"{paths.CONTENT}/guide.md": "guide.md.j2",
    f"{paths.CONTENT}/about.md": "about.md.j2",
    f"{paths.CONTENT}/licence.md": "licence.md.j2",
    f"{paths.RAW}/README.md": "raw-README.md",
    f"{paths.RESULTS}/README.md": "results-README.md",
}


def gongkai_version() -> str:
    return installed_version("gongkai")


def _answer(name: str, value: str) -> str:
    value = (value or "").strip()
    # The answers go into Markdown pages and YAML: a line break or control character would start a new one.
    if not value or any(ord(c) < 32 or c in "\u2028\u2029" for c in value):
        raise DataError(f"--{name} must be one line of text, got {value!r}")
    return value


def answers(jurisdiction: str, office: str) -> dict[str, str]:
    jurisdiction, office = _answer("jurisdiction", jurisdiction), _answer("office", office)
    return {
        "title": f"{jurisdiction}“双随机、一公开”抽查计划与结果公示",
        "description": f"{jurisdiction}部门联合双随机抽查工作计划、抽查任务与抽查结果的公开数据与查询。",
        "url": "https://example.org/",
        "contact.office": office,
        "disclosure_statement": "本站内容属主动公开信息。抽查检查结果自检查完成之日起20个工作日内公示"
                                "（《中华人民共和国政府信息公开条例》第二十六条）。",
        "plans": [],
        "results.demo": False,  # a real office's site shows no fictional results
    }


def _comment(text: str, pad: str, hanging: str = "") -> list[str]:
    return [f"{pad}# {line}" for line in textwrap.wrap(text, 100 - len(pad), subsequent_indent=hanging)]


def site_config_text(values: dict) -> str:
    """site_config.yml with every key of the typed config, in its order, each under its description.
    `values`: answers by key path (contact.office); every other key is written with its default."""
    lines = [f"# yaml-language-server: $schema=./{paths.CONFIG.replace('.yml', '.schema.json')}",
             *_comment(" ".join(SiteConfig.__doc__.split()), ""), "# A key left out means its default.", ""]
    for key in keys():
        parts = key.path.split(".")
        if any(part.endswith("[]") for part in parts[:-1]):  # a key of each plans/notices entry: documented only
            pad = "  " * (len(parts) - 2)
            required = "required" if key.required else f"default {json.dumps(key.default, ensure_ascii=False)}"
            lines += _comment(f"  {parts[-1]} ({required}): {key.doc}", pad, "    ")
            continue
        pad = "  " * (len(parts) - 1)
        if len(parts) == 1:
            lines.append("")
        lines += _comment(key.doc, pad)
        if key.type == "dict":
            lines.append(f"{pad}{parts[-1]}:")
            continue
        value = values.get(key.path, None if key.required else key.default)
        if value is None and key.required:
            raise ValueError(f"site_config.yml: no value for the required key {key.path}")
        lines.append(f"{pad}{parts[-1]}: {json.dumps(value, ensure_ascii=False)}")
        if key.type == "list" and key.path in ("plans", "results.notices"):
            lines += _comment("Each entry a mapping with these keys:", pad)
    return "\n".join(lines).lstrip("\n") + "\n"


def new_site(target: Path, jurisdiction: str, office: str) -> list[Path]:
    """Write a new site into `target` (missing or empty); returns the files written."""
    target = Path(target)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise DataError(f"{target} is not an empty folder; give a new one (nothing was written)")
    values = answers(jurisdiction, office)
    fill = {"jurisdiction": jurisdiction.strip(), "office": values["contact.office"], "version": gongkai_version()}
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(SKELETON)), undefined=jinja2.StrictUndefined,
                             keep_trailing_newline=True, autoescape=False)  # Markdown, YAML: not HTML
    written = {paths.CONFIG: site_config_text(values),
               paths.CONFIG.replace(".yml", ".schema.json"): dumps(json_schema())}
    written.update({rel: env.get_template(source).render(**fill) for rel, source in FILES.items()})
    for rel, text in written.items():
        path = target / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return [target / rel for rel in written]
