"""What every stage shares: the typed configuration, project paths, findings, URLs, the build cache, I/O.

In: site_config.yml and the project folder. Out: Config (config.py), the paths every stage reads and
writes (paths.py), Findings with kind, severity, file, row and column (findings.py) and every
kind declared once (finding_kinds.py), the one URL builder (urls.py), the content-addressed build cache (cache.py), the one JSON spelling and
the spreadsheet-safe CSV/XLSX writers (io.py), the hostile-input YAML loader (yamlfile.py) and the
checks that keep a configured path inside the project (safe_paths.py). Nothing here knows a plan.
"""
