"""Putting a finished build in place of the published site, with no moment without one.

The build renders into a staging folder beside the output folder (same file system, so
renames are atomic). Then:

- no site yet: one rename;
- the output folder is a mount point (a volume of a container, a web server's share): it
  cannot be renamed (EBUSY), so it is filled in place from the staging copy;
- otherwise the two folders are exchanged in one step with Linux's
  renameat2(RENAME_EXCHANGE), and the old site, now under the staging name, is removed.

The old site is removed after the build, not in it: renamed (one step) to
`.<site>.removing-<pid>-<n>` and handed to `rm -rf` in a session of its own (remove_later). The
new site is already in place, so nothing a visitor or a publishing step sees waits on it; removing
7,000 files took 1-20 s of a 40-plan rebuild, with the disk shared. Where the rename or `rm`
fails, the build removes the folder itself, as before.

Why the exchange and not a symlink `site -> .site-<hash>` swapped by rename: with the
exchange `site/` stays a real folder, which is what every publishing step expects (the
GitHub/GitLab Pages artifact, rsync, a web server's root, `cp -r`), and it works the same
when the output folder is one the user already had. Where renameat2 is missing (not Linux,
a file system without it) the fallback is two renames, old site aside first: the gap
between them is a few microseconds, and a build killed inside it leaves the old site under
`.site-old-<pid>`, which the next build puts back.

A build killed at any moment leaves at most a staging folder, an old-site folder and the
page layer's temporary folder; clean_leftovers removes those of builds that are no longer
running, at the start of the next build, and hands any `.removing` folder whose build has ended
to `rm` again (a remover killed with the machine; two on one folder do no harm).
"""

from __future__ import annotations

import ctypes
import errno
import os
import re
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

AT_FDCWD = -100
RENAME_EXCHANGE = 2
# Temporary folders carry the pid of the build that made them, so a build never removes
# the folders of another one still running (two builds of different outputs, the tests).
WORK_PREFIX = "gongkai-pages-"  # the page layer's mkdocs folder, under the system temp dir
_PID = re.compile(r"-(\d+)-")
_REMOVERS: list[subprocess.Popen] = []  # old sites being removed (remove_later)


def staging_prefix(target: Path) -> str:
    return f".{target.name}-building-{os.getpid()}-"


def old_name(target: Path) -> Path:
    return target.with_name(f".{target.name}-old-{os.getpid()}")


def removing_name(target: Path) -> Path:
    return target.with_name(f".{target.name}.removing-{os.getpid()}-{time.monotonic_ns()}")


def work_prefix() -> str:
    return f"{WORK_PREFIX}{os.getpid()}-"


def _running(name: str) -> bool:
    """Whether the build named in a leftover's name is still running (a name without a pid is not)."""
    match = _PID.search(name)
    if not match or int(match.group(1)) == os.getpid():
        return bool(match)
    try:
        os.kill(int(match.group(1)), 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's live process
        return True
    return True


def clean_leftovers(target: Path) -> list[str]:
    """Remove what killed builds left; returns their names for the build log."""
    removed = []
    if not target.exists():
        olds = sorted(target.parent.glob(f".{target.name}-old-*")) if target.parent.is_dir() else []
        if olds and not _running(olds[-1].name):
            os.rename(olds[-1], target)  # killed between the fallback's two renames: the old site comes back
            removed.append(f"{olds[-1].name} (restored as {target.name})")
    candidates = [*target.parent.glob(f".{target.name}-building-*"), *target.parent.glob(f".{target.name}-old-*"),
                  *Path(tempfile.gettempdir()).glob(f"{WORK_PREFIX}*")] if target.parent.is_dir() else []
    for path in candidates:
        if path.is_dir() and not path.is_symlink() and not _running(path.name):
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path.name)
    for path in target.parent.glob(f".{target.name}.removing-*") if target.parent.is_dir() else []:
        if path.is_dir() and not path.is_symlink() and not _running(path.name):
            _remover(path)  # its build ended; its remover may have too
    return removed


def remove_later(folder: Path, target: Path) -> None:
    """Remove `folder` (the old site) in a process of its own: renamed aside, then `rm -rf` in a new
    session, which this build does not wait for (see the module's docstring)."""
    aside = removing_name(target)
    try:
        os.rename(folder, aside)
    except OSError:
        shutil.rmtree(folder, ignore_errors=True)
        return
    _remover(aside)


def _remover(path: Path) -> None:
    _REMOVERS[:] = [p for p in _REMOVERS if p.poll() is None]  # reaped (`gongkai serve` builds again and again)
    try:
        _REMOVERS.append(subprocess.Popen(["rm", "-rf", "--", str(path)], stdin=subprocess.DEVNULL,
                                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                          start_new_session=True))
    except OSError:  # no rm: removed here, as before
        shutil.rmtree(path, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    """renameat2(a, b, RENAME_EXCHANGE); False where the system cannot (the caller falls back)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if renameat2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def swap_in(staging: Path, target: Path) -> None:
    """Make `staging` the site at `target`; see the module's docstring for the three cases."""
    if not os.path.lexists(target):
        os.rename(staging, target)
    elif os.path.ismount(target):
        fill_in_place(staging, target)
        shutil.rmtree(staging, ignore_errors=True)
    elif _exchange(staging, target):
        remove_later(staging, target)  # the old site, now under the staging name
    else:
        old = old_name(target)
        os.rename(target, old)
        os.rename(staging, target)
        remove_later(old, target)


def fill_in_place(source: Path, target: Path) -> None:
    """Make the folder `target` hold exactly what `source` holds, without replacing `target` itself."""
    for dirpath, dirnames, filenames in os.walk(target, topdown=True):
        here = Path(dirpath)
        twin = source / here.relative_to(target)
        for name in list(dirnames):
            if not (twin / name).is_dir() or (here / name).is_symlink():
                _remove(here / name)
                dirnames.remove(name)
        for name in filenames:
            if not (twin / name).is_file():
                _remove(here / name)
    shutil.copytree(source, target, dirs_exist_ok=True)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink()
