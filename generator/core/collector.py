"""Python's cycle collector paused around a stage that makes objects by the hundred thousand.

A stage that builds an index or a table's cells makes millions of small dicts, lists and strings,
none of them in a reference cycle (reference counting frees them all), and each full collection
walks every object alive: the whole model and the results as well. At 40 plans that was a quarter
of the search index's CPU time and about half of the task lists'. The collector runs again, as
before, afterwards.
"""

from __future__ import annotations

import contextlib
import gc


@contextlib.contextmanager
def paused():
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
