"""Results as columns: a province's ten million rows without ten million Python objects.

A Result is a row of this table; the table keeps each field as one column:
  text (business, credit_code, note)       Arrow large_string arrays: the bytes, packed
  dates (inspected, published, deadline)   int32 proleptic ordinals, 0 for none
  numbers (seq, workdays_late, row)        int32; is_example bool
  coded (plan_id, departments, kinds, file and the notice fields)
                                           codes into a list of the distinct values, once
                                           joined as narrow as their count allows (code_width)
Ten million rows take ~1 GB here, against ~5 GB as Result objects. The stages that sum, sort or
group (generator/results/summary.py, the open data, the lookup index) read the columns with numpy;
a page or a file that prints rows materialises a page of Results at a time (rows(indices)), and the
table still reads as a sequence of Results where a few are wanted.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import fields
from datetime import date
from functools import lru_cache

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from generator.results.record import Result

FIELDS = tuple(f.name for f in fields(Result))
TEXT = ("business", "credit_code", "note")
DATES = ("inspected", "published", "deadline")
NUMBERS = ("seq", "workdays_late", "row")
FLAGS = ("is_example",)
CODED = tuple(f for f in FIELDS if f not in (*TEXT, *DATES, *NUMBERS, *FLAGS))
_FLUSH = 1 << 16  # rows gathered as tuples before they become columns


@lru_cache(maxsize=None)
def day(ordinal: int) -> date | None:
    return date.fromordinal(ordinal) if ordinal else None


def ordinal(value: date | None) -> int:
    return value.toordinal() if value else 0


def code_width(distinct: int) -> np.dtype:
    """The narrowest signed integer that codes `distinct` values: a province's ten coded columns have a
    few dozen values each, and int8 codes save 3 B a row a column (~300 MB at ten million rows).
    Chosen by concat, which joins every table a build publishes (from_rows' parts share a growing book
    and stay int32 until then); signed, as the int32 codes were, so no reader's arithmetic changes sign."""
    for dtype in (np.int8, np.int16):
        if distinct <= np.iinfo(dtype).max + 1:
            return np.dtype(dtype)
    return np.dtype(np.int32)


class _Coded:
    """Distinct values and their codes; codes of two tables are unified by remap()."""

    def __init__(self, values: list | None = None):
        self.values: list = list(values or [])
        self.codes: dict = {v: i for i, v in enumerate(self.values)}

    def code(self, value) -> int:
        found = self.codes.get(value)
        if found is None:
            found = self.codes[value] = len(self.values)
            self.values.append(value)
        return found

    def remap(self, values: list) -> np.ndarray:
        return np.array([self.code(v) for v in values], dtype=np.int32)


class ResultTable(Sequence):
    """Validated results, one column per Result field (see the module's doc)."""

    def __init__(self, columns: dict, coded: dict[str, _Coded], size: int):
        self.columns, self.coded, self.size = columns, coded, size

    # --- building ---------------------------------------------------------------------------

    @classmethod
    def empty(cls) -> "ResultTable":
        return cls.concat([])

    @classmethod
    def from_rows(cls, rows: list[tuple], coded: dict[str, _Coded] | None = None) -> "ResultTable":
        """rows: tuples in Result's field order (dates as date or None)."""
        coded = coded if coded is not None else {name: _Coded() for name in CODED}
        cols = list(zip(*rows)) if rows else [()] * len(FIELDS)
        columns = {}
        for name, values in zip(FIELDS, cols):
            if name in TEXT:
                columns[name] = pa.array(values, type=pa.large_string())
            elif name in DATES:
                columns[name] = np.fromiter((ordinal(v) for v in values), dtype=np.int32, count=len(values))
            elif name in NUMBERS:
                columns[name] = np.array(values, dtype=np.int32)
            elif name in FLAGS:
                columns[name] = np.array(values, dtype=bool)
            else:
                book = coded[name]
                columns[name] = np.fromiter((book.code(v) for v in values), dtype=np.int32, count=len(values))
        return cls(columns, coded, len(rows))

    @classmethod
    def from_records(cls, records) -> "ResultTable":
        if isinstance(records, ResultTable):
            return records
        return cls.from_rows([tuple(getattr(r, name) for name in FIELDS) for r in records])

    @classmethod
    def concat(cls, tables: list["ResultTable"], consume: bool = False) -> "ResultTable":
        """One table of `tables` in order; consume: each part's column is dropped once copied, so
        joining fifty files' parts never holds the rows twice (the parts are unusable afterwards)."""
        coded = {name: _Coded() for name in CODED}
        columns = {}
        for name in FIELDS:
            if name in TEXT:
                parts = [t.columns[name] for t in tables] or [pa.array([], type=pa.large_string())]
                columns[name] = pa.concat_arrays(parts)
            elif name in CODED:
                maps = [coded[name].remap(t.coded[name].values) for t in tables]
                width = code_width(len(coded[name].values))
                parts = [m.astype(width)[t.columns[name]] for m, t in zip(maps, tables)]
                columns[name] = np.concatenate(parts) if parts else np.zeros(0, width)
            else:
                dtype = bool if name in FLAGS else np.int32
                columns[name] = np.concatenate([t.columns[name] for t in tables]) if tables else np.zeros(0, dtype)
            if consume:
                for t in tables:
                    del t.columns[name]
        return cls(columns, coded, sum(t.size for t in tables))

    # --- reading ----------------------------------------------------------------------------

    def __len__(self) -> int:
        return self.size

    def __getitem__(self, i):
        if isinstance(i, slice):
            return self.rows(np.arange(self.size)[i])
        if i < 0:
            i += self.size
        if not 0 <= i < self.size:
            raise IndexError(i)
        return self.rows(np.array([i]))[0]

    def __eq__(self, other):
        if isinstance(other, (list, tuple, ResultTable)):
            return len(self) == len(other) and list(self) == list(other)
        return NotImplemented

    __hash__ = None

    def __iter__(self):
        for start in range(0, self.size, _FLUSH):
            yield from self.rows(np.arange(start, min(self.size, start + _FLUSH)))

    def column(self, name: str, indices=None) -> list:
        """One field as Python values, for `indices` (default all rows)."""
        col = self.columns[name]
        if name in TEXT:
            return (col if indices is None else col.take(pa.array(indices, type=pa.int64()))).to_pylist()
        picked = col if indices is None else col[indices]
        if name in DATES:
            return [day(o) for o in picked.tolist()]
        if name in CODED:
            values = self.coded[name].values
            return [values[c] for c in picked.tolist()]
        return picked.tolist()

    def rows(self, indices) -> list[Result]:
        """The Results at `indices` (a page, a task, a business), in that order."""
        indices = np.asarray(indices, dtype=np.int64)
        return [Result(*values) for values in zip(*(self.column(name, indices) for name in FIELDS))]

    def values(self, name: str) -> list:
        """A coded field's distinct values, indexed by code (self.columns[name])."""
        return self.coded[name].values

    def business_keys(self) -> np.ndarray:
        """Result.business_key of every row as an int32 id: equal keys, equal ids, 0 to count - 1."""
        if "_key" not in self.columns:
            self.columns["_key"] = self._business_ids()
        return self.columns["_key"]

    def _business_ids(self) -> np.ndarray:
        """The codes are numbered a bucket at a time, by their last character: one hash table over ten
        million codes held 0.9 GB, more than the loaded table's text. A row without a code is the
        bucket of "" and keyed by its name and place (business_key), which no code equals."""
        code = self.columns["credit_code"]
        ids = np.zeros(self.size, dtype=np.int32)
        last = pc.dictionary_encode(pc.utf8_slice_codeunits(code, -1))
        buckets = last.indices.to_numpy(zero_copy_only=False)
        taken = 0
        for bucket, tail in enumerate(last.dictionary.to_pylist()):
            rows = np.flatnonzero(buckets == bucket)
            if tail:
                encoded = pc.dictionary_encode(code.take(pa.array(rows, type=pa.int64())))
                ids[rows] = encoded.indices.to_numpy(zero_copy_only=False) + taken
                taken += len(encoded.dictionary)
            else:
                keys = self._name_keys(rows)
                numbered = {key: n for n, key in enumerate(dict.fromkeys(keys))}
                ids[rows] = np.fromiter((numbered[k] for k in keys), dtype=np.int32, count=len(keys)) + taken
                taken += len(numbered)
        return ids

    def _name_keys(self, rows: np.ndarray) -> list[str]:
        places = self.coded["jurisdiction"].values
        return [Result(plan_id="", seq=0, business=name, credit_code="", inspected=None, departments=(), kinds=(),
                       jurisdiction=places[j]).business_key
                for name, j in zip(self.column("business", rows), self.columns["jurisdiction"][rows].tolist())]


class TableBuilder:
    """Rows as they are validated, turned into columns every _FLUSH rows (so memory stays flat)."""

    def __init__(self):
        self.coded = {name: _Coded() for name in CODED}
        self.parts: list[ResultTable] = []
        self.pending: list[tuple] = []

    def add(self, row: tuple) -> None:
        self.pending.append(row)
        if len(self.pending) >= _FLUSH:
            self._flush()

    def _flush(self) -> None:
        if self.pending:
            self.parts.append(ResultTable.from_rows(self.pending, self.coded))
            self.pending = []

    def table(self) -> ResultTable:
        self._flush()
        table = ResultTable.concat(self.parts, consume=True)
        self.parts = []
        return table
