"""A result file's text: UTF-8 or GB18030, and never a guess that turns a stray byte into Chinese.

Offices' systems export UTF-8 (often with a BOM) or GB18030. A file saved by hand is sometimes
one of them with a byte of a third encoding in it: a Latin-1 é typed into a UTF-8 file, or into a
GB18030 one. UTF-8 fails loudly on such a byte, but GB18030 is permissive: the bytes of "Café"
followed by "t" decode as "Caf閠" without complaint. So:

- valid UTF-8 is UTF-8;
- UTF-8 text with a few invalid bytes is reported, line by line, not re-read as GB18030 (which
  would garble every Chinese character in it);
- GB18030 is accepted unless a two-byte character sits right after a Latin letter or digit
  with its second byte in the ASCII range: that is a stray single byte eating the next
  letter, and it is reported with its line.
"""

from __future__ import annotations

import re

from generator.core.findings import Findings

_AFTER_LATIN = re.compile(r"(?<=[A-Za-z0-9])[^\x00-\x7f]")
SHOWN = 5  # lines named per file: enough to find the problem, short enough to read


def _line(text: str, index: int) -> int:
    return text.count("\n", 0, index) + 1


def decode_text(data: bytes, file: str, findings: Findings) -> str | None:
    """The file's text, or None (with an error finding naming the lines) when it cannot be read faithfully."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    loose = data.decode("utf-8-sig", errors="replace")
    replaced = loose.count("\ufffd")
    # GB18030 bytes now and then form a valid UTF-8 character by chance, but a UTF-8 file with a stray
    # byte has many more real characters than replacements.
    if sum(ch > "\x7f" for ch in loose) - replaced > replaced:
        lines = sorted({_line(loose, m.start()) for m in re.finditer("\ufffd", loose)})
        findings.error("result-encoding", f"bytes that are not UTF-8 on line(s) {_lines(lines)} of a UTF-8 file "
                       "(a character typed in another encoding?): save the file as UTF-8", file=file, row=lines[0])
        return None
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        findings.error("result-encoding", f"cannot decode as UTF-8 or GB18030: byte 0x{data[exc.start]:02X} on line "
                       f"{line}: save the file as UTF-8", file=file, row=line)
        return None
    stray = [(m.start(), m.group()) for m in _AFTER_LATIN.finditer(text) if _stray_pair(m.group())]
    if stray:
        lines = sorted({_line(text, i) for i, _ in stray})
        shown = "、".join(f"{ch} (bytes {ch.encode('gb18030').hex(' ').upper()})" for _, ch in stray[:SHOWN])
        findings.error("result-encoding", f"a stray byte of another encoding on line(s) {_lines(lines)}: read as "
                       f"GB18030 it becomes {shown}, a letter swallowed into a rare character; save the file as "
                       "UTF-8", file=file, row=lines[0])
        return None
    return text


def _stray_pair(ch: str) -> bool:
    encoded = ch.encode("gb18030")
    return len(encoded) == 2 and encoded[1] < 0x80


def _lines(lines: list[int]) -> str:
    more = f" and {len(lines) - SHOWN} more" if len(lines) > SHOWN else ""
    return ", ".join(str(n) for n in lines[:SHOWN]) + more
