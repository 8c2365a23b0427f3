"""Work beside the build's own process, on the machine's other cores.

The data stages after loading (the lookup index, the results view, open data, the pages) read the
loaded results and write files of their own; on a 2-core machine a million results kept one core
idle for three minutes. Children are forked, so they share the loaded columns (no copy, no pickling)
and die with the build: a killed build leaves no child writing into a staging folder the next build
removes.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import os
import signal
import sys
import traceback
from multiprocessing import get_all_start_methods, get_context
from typing import Any, Callable

MAX_CORES = 8  # more processes than this only share the disk and the memory bus


def die_with_the_build() -> None:
    """In a child: killed when the build's process dies (Linux's PR_SET_PDEATHSIG)."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # 1: PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def cores(configured: int = 0) -> int:
    """The processes a build may keep busy: `workers` from the configuration when set, else the cores
    this process may run on; 1 where children cannot be forked (they must share the loaded data)."""
    if configured:
        return configured
    if "fork" not in get_all_start_methods():
        return 1
    available = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return max(1, min(MAX_CORES, available))


def forked_map(fn: Callable[[Any], Any], items: list, processes: int) -> list:
    """[fn(item) for item in items], by up to `processes` forked children, in order; in this process when
    one is enough. fn and items reach the children by the fork, not by pickling (fn may be a closure);
    what fn returns must pickle. An exception in a child is raised here."""
    global _MAPPED
    if processes <= 1 or len(items) <= 1:
        return [fn(item) for item in items]
    _MAPPED = (fn, items)
    try:
        with frozen(), get_context("fork").Pool(min(processes, len(items)), initializer=die_with_the_build) as pool:
            return pool.map(_call_mapped, range(len(items)), chunksize=1)
    finally:
        _MAPPED = None


_MAPPED: tuple[Callable, list] | None = None  # forked_map's work, as the children inherit it


def _call_mapped(index: int) -> Any:
    fn, items = _MAPPED
    return fn(items[index])


_FROZEN = 0  # frozen() blocks open in this process


@contextlib.contextmanager
def frozen():
    """What is alive now is left alone by the cycle collector until the outermost block ends. A forked
    child shares this process's memory until either side writes to a page, and a collection writes into
    every object it walks (CPython's gc header). Unfrozen, at 10 million results the lookup's child and
    grandchild held 540 and 260 MB of memory of their own."""
    global _FROZEN
    gc.collect()  # an inner block freezes what was made since the outer one began: one collection of those
    give_back()
    gc.freeze()
    _FROZEN += 1
    try:
        yield
    finally:
        _FROZEN -= 1
        if not _FROZEN:
            gc.unfreeze()


def give_back() -> None:
    """Free memory the allocators keep for later goes back to the system: glibc keeps what the freed
    columns of a concatenation or an unpickled file used (~100 MB at a million results), and once
    children share the pages, this process's next allocations there would copy them."""
    arrow = sys.modules.get("pyarrow")
    if arrow is not None:
        arrow.default_memory_pool().release_unused()
    try:
        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError):  # not glibc
        pass


class ChildFailed(RuntimeError):
    """A child's exception that could not be sent back as itself; its traceback is the message."""


class Apart:
    """fn() in a forked child from now on; result() waits for it and returns what fn returned, or raises
    what it raised. With `fork` False (one core), fn runs in this process when result() is called, so
    the build is the same either way. What fn returns must pickle. Fork inside a frozen() block that
    lasts until result(): the child then shares what this process holds."""

    def __init__(self, fn: Callable[[], Any], fork: bool = True):
        self.fn, self.process, self.pipe = fn, None, None
        if fork:
            context = get_context("fork")
            self.pipe, sending = context.Pipe(duplex=False)
            self.process = context.Process(target=_child, args=(fn, sending))  # not daemonic: it may fork too
            self.process.start()
            sending.close()

    @property
    def forked(self) -> bool:
        return self.process is not None

    def result(self) -> Any:
        if self.process is None:
            return self.fn()
        try:
            ok, value = self.pipe.recv()
        except EOFError:  # killed, or died without a word (out of memory)
            self.process.join()
            raise ChildFailed(f"a build process ({getattr(self.fn, '__name__', 'stage')}) ended with exit code "
                              f"{self.process.exitcode} before it finished") from None
        self.process.join()
        if ok:
            return value
        raise value

    def stop(self) -> None:
        """The build is failing elsewhere: end the child without waiting for its work."""
        if self.process is not None and self.process.is_alive():
            self.process.kill()
            self.process.join()


def _child(fn: Callable[[], Any], sending) -> None:
    die_with_the_build()
    try:
        reply = (True, fn())
    except BaseException as exc:  # noqa: BLE001 - every failure goes back to the build's process
        reply = (False, exc)
    try:
        sending.send(reply)
    except Exception:  # the value or the exception did not pickle
        sending.send((False, ChildFailed("".join(traceback.format_exception(reply[1]))
                                         if not reply[0] else "a build stage's result could not be sent back")))
    sending.close()
