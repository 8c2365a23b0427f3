"""The README's generated tables, rewritten in place: `make readme` (python -m generator.readme).

Each table sits between `<!-- NAME:start -->` and `<!-- NAME:end -->` and is made by one
function, so the README says what the code declares; tests/unit/test_config.py and
tests/unit/test_finding_kinds.py check it does.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from generator.core.config import markdown_table as config_table
from generator.core.finding_kinds import markdown_table as kinds_table

TABLES = {"config-table": config_table, "kinds-table": kinds_table}


def rewrite(text: str) -> str:
    """`text` with every generated table replaced by what its function makes today."""
    for name, make in TABLES.items():
        start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
        pattern = re.compile(re.escape(start) + r".*?" + re.escape(end), re.DOTALL)
        if not pattern.search(text):
            raise SystemExit(f"Error: the README has no {start} … {end} markers")
        text = pattern.sub(lambda _: f"{start}\n{make()}\n{end}", text, count=1)
    return text


def main(path: str = "README.md") -> None:
    readme = Path(path)
    text = readme.read_text(encoding="utf-8")
    new = rewrite(text)
    if new != text:
        readme.write_text(new, encoding="utf-8")
    print(f"{path}: {'rewritten' if new != text else 'up to date'}")


if __name__ == "__main__":
    main(*sys.argv[1:])
