"""The pages: the site model, rendered by mkdocs-material.

In: the pipeline's BuildContext (plans, results, reference lists, change history). Out: every HTML
page, the feed and the charts in the staging folder. model.py links plans, tasks, departments and
industries (built once); labels.py holds the words pages use for importer codes; updates.py the
dated updates; results_view.py and notice_pages.py the results tables; charts.py and timeline.py
the SVG geometry; pages.py the page list and Jinja environment; render.py runs mkdocs; safety.py
sanitises hand-written HTML; serve (generator/serve.py) rebuilds on change.
"""
