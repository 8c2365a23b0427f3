"""Binary plan documents built in the tests from real text: Word, Excel, web pages, PDF, scans.

A table is a list of rows; a cell is its text, or UP (merged with the cell above,
as Word's vMerge, Excel's merged range or HTML's rowspan) or LEFT (merged with
the cell to its left). The writers use the real libraries and LibreOffice, so the
files are what an office's own software writes.
"""

from __future__ import annotations

import html
import subprocess
import tempfile
from pathlib import Path

UP = object()
LEFT = object()
ROOT = Path(__file__).resolve().parent.parent.parent


def _spans(rows: list[list]) -> list[tuple[int, int, int, int]]:
    """(row, col, last_row, last_col) of every merged block whose origin is at (row, col)."""
    spans = []
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            if cell is UP or cell is LEFT:
                continue
            last_col = c
            while last_col + 1 < len(row) and row[last_col + 1] is LEFT:
                last_col += 1
            last_row = r
            while last_row + 1 < len(rows) and c < len(rows[last_row + 1]) and rows[last_row + 1][c] is UP:
                last_row += 1
            if (last_row, last_col) != (r, c):
                spans.append((r, c, last_row, last_col))
    return spans


def _text(cell) -> str:
    return "" if cell is UP or cell is LEFT else str(cell)


def write_docx(path: Path, notice: list[str], tables: list[list[list]], trailing: list[str] = ()) -> Path:
    import docx

    from docx.enum.section import WD_ORIENT
    from docx.oxml import OxmlElement

    document = docx.Document()
    # Plans are printed on landscape A4, the header row repeated on every page.
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = docx.shared.Mm(297), docx.shared.Mm(210)
    section.left_margin = section.right_margin = docx.shared.Mm(15)
    for line in notice:
        document.add_paragraph(line)
    for rows in tables:
        width = max(len(r) for r in rows)
        table = document.add_table(rows=len(rows), cols=width)
        table.style = "Table Grid"
        for r, row in enumerate(rows):
            for c, cell in enumerate(row):
                lines = _text(cell).split("\n")
                target = table.cell(r, c)
                target.text = lines[0]
                for extra in lines[1:]:
                    target.add_paragraph(extra)
        for r, c, last_row, last_col in _spans(rows):
            table.cell(r, c).merge(table.cell(last_row, last_col))
        _fit_columns(table, rows, section.page_width - section.left_margin - section.right_margin)
        table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
        for row in table.rows:
            # Rows kept whole on a page, as plan tables are usually set.
            row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
        document.add_paragraph("")
    for line in trailing:
        document.add_paragraph(line)
    document.save(path)
    return path


def _fit_columns(table, rows: list[list], width: int) -> None:
    """Column widths in proportion to each column's longest text, as Word's AutoFit does."""
    longest = [max(min(len(_text(r[c])) if c < len(r) else 0, 60) for r in rows) + 4 for c in range(len(table.columns))]
    table.autofit = False
    for c, column in enumerate(table.columns):
        share = int(width * longest[c] / sum(longest))
        column.width = share
        for cell in column.cells:
            cell.width = share


def write_xlsx(path: Path, sheets: dict[str, list[list]]) -> Path:
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for r, row in enumerate(rows, start=1):
            for c, cell in enumerate(row, start=1):
                if cell is not UP and cell is not LEFT and cell != "":
                    sheet.cell(r, c, int(cell) if isinstance(cell, str) and cell.isdigit() else cell)
        for r, c, last_row, last_col in _spans(rows):
            sheet.merge_cells(start_row=r + 1, start_column=c + 1, end_row=last_row + 1, end_column=last_col + 1)
    workbook.save(path)
    return path


def html_table(rows: list[list]) -> str:
    """A <table> with rowspan/colspan for the merged blocks, the way portals' editors write it."""
    spans = {(r, c): (last_row - r + 1, last_col - c + 1) for r, c, last_row, last_col in _spans(rows)}
    out = ['<table border="1" cellspacing="0">', "<tbody>"]
    for r, row in enumerate(rows):
        out.append("<tr>")
        for c, cell in enumerate(row):
            if cell is UP or cell is LEFT:
                continue
            height, width = spans.get((r, c), (1, 1))
            attrs = (f' rowspan="{height}"' if height > 1 else "") + (f' colspan="{width}"' if width > 1 else "")
            body = "<br/>".join(html.escape(part) for part in _text(cell).split("\n"))
            out.append(f"<td{attrs}><p>{body}</p></td>")
        out.append("</tr>")
    out.append("</tbody></table>")
    return "\n".join(out)


def soffice_convert(source: Path, target: str, out_dir: Path) -> Path:
    """`source` converted by LibreOffice headless (its own profile, so parallel runs never collide)."""
    with tempfile.TemporaryDirectory(prefix="gongkai-test-") as profile:
        subprocess.run(["soffice", f"-env:UserInstallation={Path(profile).as_uri()}", "--headless",
                        "--convert-to", target, "--outdir", str(out_dir), str(source)],
                       check=True, capture_output=True, timeout=240)
    result = out_dir / f"{source.stem}.{target.split(':')[0]}"
    assert result.exists(), f"LibreOffice did not write {result}"
    return result


def scan(pdf: Path, out: Path, dpi: int = 150) -> Path:
    """A PDF with no text layer: the pages of `pdf` rasterised and saved as images in a PDF (or one PNG)."""
    from PIL import Image

    with tempfile.TemporaryDirectory(prefix="gongkai-scan-") as folder:
        subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(pdf), f"{folder}/page"], check=True, timeout=120)
        pages = [Image.open(p).convert("RGB") for p in sorted(Path(folder).glob("page*.png"))]
        if out.suffix == ".png":
            pages[0].save(out)
        else:
            pages[0].save(out, save_all=True, append_images=pages[1:], resolution=dpi)
    return out



def portal_page(title: str, metadata: list[list], body_html: str, published: str, charset: str = "utf-8") -> bytes:
    """A plan page as a government portal serves it: chrome, a 信息公开 box, the table, a footer.

    The page is laid out with tables (a layout table holding the box and the plan
    table), carries a script and a comment that mention table headers, and is
    encoded in `charset` as its <meta> says.
    """
    box = html_table(metadata).replace('border="1"', 'class="xxgk"')
    page = f"""<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">
<title>{html.escape(title)}_政府信息公开</title>
<style>td {{ padding: 4px }} .x:before {{ content: "序号 抽查事项 发起部门" }}</style>
<script>var headers = "<table><tr><td>序号</td><td>抽查事项</td><td>发起部门</td></tr></table>";</script>
</head><body>
<div class="top">设为首页| 加入收藏| 长辈版| 无障碍浏览|</div>
<div class="nav">您现在所在的位置: 网站首页&gt; 政府信息公开&gt; 双随机一公开</div>
<!-- 序号 抽查事项 检查对象 发起部门 配合部门: an old table left in a comment -->
<table class="layout" width="100%"><tr><td>
{box}
<h1>{html.escape(title)}</h1>
<div class="tools">发布日期:{published} 【字体: 大 中 小】 打印</div>
{body_html}
</td></tr></table>
<div class="footer"><p>版权所有:县人民政府办公室</p><p>网站标识码:3703230001 ICP备05001234号</p>
<p>访问量:123456</p></div>
</body></html>
"""
    return page.encode(charset)
