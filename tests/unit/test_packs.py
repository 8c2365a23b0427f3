"""Pack files (generator/core/packs.py): a paged table's pages spread over several packs are each read
back whole, every pack stays under the host's file size, and the site scan reads packs as published."""

from __future__ import annotations

import gzip

from generator.core import packs, urls
from generator.core.packs import PackWriter, published_bytes, read_entry
from generator.site.i18n import LANGUAGES, Text
from generator.site.tables import Chunks, chunk_count, paged_table, read_chunk


def test_a_long_tables_pages_spread_over_packs_and_each_reads_back(tmp_path, monkeypatch):
    monkeypatch.setattr(packs, "PACK_BYTES", 2_000)  # a few pages a pack (24 MB on a real site)
    rows = [[f"企业{i}（示例）", f"2024-0{1 + i % 9}-1{i % 10}"] for i in range(250)]
    chunks = Chunks(tmp_path)
    table = paged_table(chunks, (rows[i:i + 10] for i in range(0, 250, 10)), id="t", caption=Text("抽查结果"),
                        columns=("企业名称", "检查日期"), total=250, page_size=10, folder="data/results/p/1/",
                        downloads=[])
    folder = tmp_path / "data" / "results" / "p" / "1"
    names = sorted(p.name for p in folder.iterdir())
    assert table.pages == chunk_count(folder) == 25 and urls.table_directory() in names
    bins = [folder / urls.table_pack(n) for n in range(len(names) - 1)]
    assert len(bins) > 3 and all(p.is_file() and p.stat().st_size <= 2_000 for p in bins)
    assert [read_chunk(folder, n)["rows"] for n in range(1, 26)] == [rows[i:i + 10] for i in range(0, 250, 10)]
    assert (chunks.count, chunks.files) == (25 * len(LANGUAGES), len(names) * len(LANGUAGES))
    assert published_bytes(bins[0]) == bins[0].read_bytes()  # plain JSON entries, published as they are


def test_compressed_entries_read_back_and_scan_inflated(tmp_path):
    writer = PackWriter(tmp_path, lambda n: f"pack/{n}.bin", "x.idx")
    writer.put(1, "第二")
    writer.put(0, "第一")
    assert writer.close() == ["x.idx", "pack/0.bin"]
    assert [read_entry(tmp_path, lambda n: f"pack/{n}.bin", "x.idx", k).decode() for k in (0, 1)] == ["第一", "第二"]
    assert published_bytes(tmp_path / "pack" / "0.bin").decode() == "第二第一"  # in the order written
    assert gzip.decompress((tmp_path / "pack" / "0.bin").read_bytes()) == "第二第一".encode()
