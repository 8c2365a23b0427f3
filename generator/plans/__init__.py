"""Plans: imported from data/raw/ into data/plans/, loaded back with errata and validated.

In: the raw documents and data/plans/ID.json that site_config.yml lists, data/errata/ID.yml, the
reference lists. Out: plans as dicts (store.load_plans), each with its errata applied (errata.py),
departments and industries resolved, and the findings of validate.py. `gongkai import --all` writes
data/plans/ through store.import_configured.
"""
