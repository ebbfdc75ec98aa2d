"""Turn Hydra and OmegaConf composition errors into one line naming the key."""

from __future__ import annotations

import re

from hydra.errors import MissingConfigException
from omegaconf.errors import OmegaConfBaseException


def _first_line(text: str) -> str:
    return next((ln.strip() for ln in text.splitlines() if ln.strip()), text.strip())


def one_line(exc: BaseException) -> tuple[str, str]:
    """(key, message) for a composition error, following the exception's cause chain."""
    chain: list[BaseException] = []
    e: BaseException | None = exc
    while e is not None and len(chain) < 8:
        chain.append(e)
        e = e.__cause__ or e.__context__
    for e in chain:
        if isinstance(e, MissingConfigException):
            text = str(e)
            m = re.search(r"Could not find '([^/']+)/([^']+)'", text)
            options = re.findall(r"^\s+(\S+)\s*$", text, flags=re.M)
            if m:
                allowed = ", ".join(options) or "(none)"
                return m.group(1), f"no config named {m.group(2)!r}; available: {allowed}"
            return "config", _first_line(text)
    for e in chain:
        if isinstance(e, OmegaConfBaseException):
            key = getattr(e, "full_key", None) or "config"
            msg = getattr(e, "msg", None) or str(e)
            msg = _first_line(msg)
            if "not in" in msg and "Key" in msg:
                msg = f"unknown key ({msg}); see docs/parameters.md for the keys"
            return str(key), msg
    return "overrides", " ".join(_first_line(str(e)) for e in chain[:2])
