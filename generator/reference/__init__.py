"""The hand-kept reference lists under data/reference/, loaded and checked.

In: departments.yml, industries.yml, synonyms.yml, result_kinds.yml (holidays.yml: generator/text/
workdays.py). Out: Reference (lists.py: departments with their spellings, industries with GB/T 4754
sections, synonym groups) and ResultKinds (result_kinds.py: 检查结果 spellings and cell parsing).
Every later stage reads these; none writes them.
"""
