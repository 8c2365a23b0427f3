"""What the site publishes besides its pages, and what may be published at all.

In: the loaded plans and results (generator/pipeline.py's BuildContext). Out: into the staging folder,
open data (plan_data.py: plans as JSON, CSV, XLSX; results_data.py: results as CSV and JSON), the
change report (changes.py: manifest and history), the enterprise lookup index (lookup/) and the
site search index (search/, built from the one site model); the page-weight line (weight.py); the
swap of the staging folder into place (swap.py). scan.py decides before anything loads what may be
published: personal data in any input, raw documents and their redacted copies.
"""
