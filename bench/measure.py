"""A command run as a child, with what the benches report of it: wall and CPU seconds, and memory.

Memory is given two ways. `peak_rss_mb` is wait4's ru_maxrss: the largest single process of the
tree, which is all it was while the build ran in one process. The build now forks children that
share the loaded results (generator/core/processes.py), so `peak_memory_mb` is the figure to hold
against a memory budget: the highest sum, sampled every 0.2 s, of the proportional set size (Pss:
a page shared by n processes counts 1/n in each) of the child and all its descendants.
"""

from __future__ import annotations

import os
import subprocess
import threading
import time
from pathlib import Path

SAMPLE_SECONDS = 0.2


def run(command: list[str], cwd: Path, **popen) -> dict:
    """Runs `command` to its end; {output, exit, seconds, cpu_seconds, peak_rss_mb, peak_memory_mb,
    peak_memory_at (seconds after the start), peak_processes (each process's Pss in MB then)}."""
    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, cwd=cwd, **popen)
    sampler = _TreeMemory(child.pid)
    sampler.start()
    output = child.stdout.read()
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    sampler.stop()
    return {"output": output, "exit": os.waitstatus_to_exitcode(status), "seconds": seconds,
            "cpu_seconds": usage.ru_utime + usage.ru_stime, "peak_rss_mb": round(usage.ru_maxrss / 1024),
            "peak_memory_mb": round(sampler.peak_kb / 1024), "peak_memory_at": round(sampler.peak_at - started, 1),
            "peak_processes": [round(kb / 1024) for kb in sorted(sampler.peak_each, reverse=True)]}


class _TreeMemory(threading.Thread):
    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.peak_kb, self.peak_at, self.peak_each, self.done = pid, 0, 0.0, [], threading.Event()

    def run(self) -> None:
        while not self.done.wait(SAMPLE_SECONDS):
            each = [_pss_kb(pid) for pid in _tree(self.pid)]
            if sum(each) > self.peak_kb:
                self.peak_kb, self.peak_at, self.peak_each = sum(each), time.perf_counter(), each

    def stop(self) -> None:
        self.done.set()
        self.join()


def _tree(root: int) -> list[int]:
    """root and every process descended from it, from /proc/*/stat's parent ids."""
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                stat = Path(entry.path, "stat").read_text()
            except OSError:
                continue
            parent = int(stat.rpartition(")")[2].split()[1])
            children.setdefault(parent, []).append(int(entry.name))
    found, stack = [], [root]
    while stack:
        pid = stack.pop()
        found.append(pid)
        stack.extend(children.get(pid, ()))
    return found


def _pss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0
