"""Enterprise lookup (/lookup/): a sharded index a browser can query a province's results with.

    write_lookup(results, plans, out_dir) -> list[str]   writes out_dir/lookup/index/
    LookupIndex(out_dir / "lookup" / "index").search(q) the same lookup as assets/lookup.js
"""

from generator.publish.lookup.reader import LookupIndex
from generator.publish.lookup.writer import write_lookup

__all__ = ["LookupIndex", "write_lookup"]
