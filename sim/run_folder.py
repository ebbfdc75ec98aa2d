"""The folder a run or sweep writes into: checked before anything runs, and held by one command
at a time (issue 28 item 2).

* A folder that is a file, lies inside a file, or cannot be written is one line naming the key
  (``hydra.run.dir`` or ``hydra.sweep.dir``) before anything is composed or simulated, instead
  of Hydra's ``FileExistsError`` or ``PermissionError`` halfway through.
* Two commands on one folder cannot mix their tables: the first holds a lock file in it
  (``.sim-lock``, the process id) while it runs; the second is refused with one line. A lock
  left by a process that no longer exists (killed with SIGKILL, a crashed machine) is taken over.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from sim.config import ConfigError

LOCK = ".sim-lock"


def check_writable(folder: Path, key: str) -> None:
    """Raise :class:`ConfigError` (``key``) when ``folder`` cannot be made or written."""
    if folder.exists() and not folder.is_dir():
        raise ConfigError(key, f"{folder} is a file, not a folder; give the path of a folder (new or old)")
    p = folder.absolute()
    while not p.exists() and p != p.parent:
        p = p.parent
    if not p.is_dir():
        raise ConfigError(key, f"{folder} cannot be made: {p} is a file; give a path under folders only")
    if not os.access(p, os.W_OK | os.X_OK):
        raise ConfigError(
            key,
            f"{folder} cannot be written: no permission to write in {p}; choose a folder you can write to",
        )


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True


def claim(folder: Path, key: str) -> Path:
    """Hold ``folder`` for this process (made if missing); returns the lock file to
    :func:`release`. Raises :class:`ConfigError` when another running command holds it."""
    folder.mkdir(parents=True, exist_ok=True)
    lock = folder / LOCK
    for _ in range(2):
        try:
            fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            try:
                pid = int(lock.read_text().strip() or "0")
            except (OSError, ValueError):
                pid = 0
            if pid and pid != os.getpid() and _alive(pid):
                raise ConfigError(
                    key,
                    f"{folder} is in use by another run (process {pid}); wait for it to end or choose "
                    "another folder",
                ) from None
            lock.unlink(missing_ok=True)  # left by a process that has gone
            continue
        with os.fdopen(fd, "w") as f:
            f.write(f"{os.getpid()}\n")
        return lock
    raise ConfigError(key, f"{folder} is being claimed by another run at this moment; try again")


def release(lock: Path | None) -> None:
    """Give the folder up (the lock file removed if it is still ours)."""
    if lock is None:
        return
    with contextlib.suppress(OSError, ValueError):
        if int(lock.read_text().strip()) == os.getpid():
            lock.unlink()
