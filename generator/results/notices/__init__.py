"""Departments' own result notices (a web page, a Word or Excel attachment, a PDF) as results.

    import_notice(path, notice_id, reference, kinds, plans=…) -> NoticeImport   (importer.py)
    link_group(plans, department, items, year, …) -> Link                      (link.py)
"""

from generator.results.notices.importer import NoticeImport, import_notice
from generator.results.notices.link import Link, link_group

__all__ = ["Link", "NoticeImport", "import_notice", "link_group"]
