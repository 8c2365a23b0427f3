"""The lookup's businesses, from the result columns: who is one business, their names, their order.

A business is a Result.business_key (the credit code, else the name and place). Businesses are
numbered in the order the index stores them: by trade name (the jurisdiction prefix dropped),
then name, then code, so the answers to a name query sit in few blocks. All of it is sorting and
grouping of columns (numpy, Arrow): ten million rows make no Python object per row here.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from generator.publish.lookup.terms import JURISDICTION

SLICE = 1 << 20  # rows whose names are compared at once



@dataclass
class Businesses:
    table: object  # generator.results.table.ResultTable: results and the notices' unlinked ones
    count: int
    first_row: np.ndarray  # business number -> its first row
    row_business: np.ndarray  # row -> business number
    rows_in_order: np.ndarray  # rows by business, then 检查日期, plan id, task, row
    starts: np.ndarray  # business b's rows are rows_in_order[starts[b]:starts[b + 1]]
    other_names: dict  # business number -> its further spellings, in row order

    def names(self, first: int, last: int) -> list[list[str]]:
        """Every spelling of businesses first..last-1, the first seen first."""
        firsts = self.table.column("business", self.first_row[first:last])
        return [[name, *self.other_names.get(b, ())] for b, name in zip(range(first, last), firsts)]

    def codes(self, first: int, last: int) -> list[str]:
        return self.table.column("credit_code", self.first_row[first:last])


def businesses(table) -> Businesses:
    n = len(table)
    keys = table.business_keys()
    count = int(keys.max()) + 1 if n else 0
    first_by_key = np.unique(keys, return_index=True)[1] if n else np.zeros(0, np.int64)
    taken = pa.array(first_by_key, type=pa.int64())
    first_names = table.columns["business"].take(taken)
    order = pc.sort_indices(pa.table({
        "trade": pc.replace_substring_regex(first_names, JURISDICTION, ""), "name": first_names,
        "code": table.columns["credit_code"].take(taken)}),
        sort_keys=[("trade", "ascending"), ("name", "ascending"), ("code", "ascending")]).to_numpy()
    number_of_key = np.empty(count, dtype=np.int64)
    number_of_key[order] = np.arange(count)
    row_business = number_of_key[keys] if n else np.zeros(0, np.int64)
    first_row = first_by_key[order]
    plans = table.values("plan_id")
    plan_rank = np.argsort(np.argsort(np.array(plans, dtype=object))) if plans else np.zeros(0, np.int64)
    inspected = table.columns["inspected"]
    rows_in_order = np.lexsort((np.arange(n), table.columns["seq"], plan_rank[table.columns["plan_id"]] if n else [],
                                inspected, row_business)) if n else np.zeros(0, np.int64)
    starts = np.searchsorted(row_business[rows_in_order], np.arange(count + 1))
    return Businesses(table, count, first_row, row_business, rows_in_order, starts,
                      _other_names(table, row_business, first_row))


def _other_names(table, row_business: np.ndarray, first_row: np.ndarray) -> dict:
    """Businesses written more than one way (a notice's spelling beside a file's): few, so in Python.
    Each row's name is compared with its business's first, a slice of rows at a time: numbering the
    names instead (one hash table over ten million names) held 1.6 GB."""
    names, found = table.columns["business"], {}
    for start in range(0, len(table), SLICE):
        firsts = names.take(pa.array(first_row[row_business[start:start + SLICE]], type=pa.int64()))
        rows = names.slice(start, len(firsts))
        other = np.flatnonzero(pc.not_equal(rows, firsts).to_numpy(zero_copy_only=False))
        for row, name in zip(other.tolist(), rows.take(pa.array(other, type=pa.int64())).to_pylist()):
            found.setdefault(int(row_business[start + row]), {})[name] = None
    return {b: list(names) for b, names in found.items()}
