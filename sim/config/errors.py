"""Turn Hydra and OmegaConf composition errors into one plain line naming the key.

The libraries' own messages name Python classes ("int is not a subclass of StaffingConfig",
"ListConfig", "Dict[str, float]") and parser states; a user needs the key, what they gave and
what is allowed. Every rule here is listed in docs/errors.md.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
from collections.abc import Sequence
from typing import Any

from hydra.errors import MissingConfigException
from omegaconf.errors import OmegaConfBaseException

PARAMETERS_DOC = "docs/parameters.md"


def _first_line(text: str) -> str:
    return next((ln.strip() for ln in text.splitlines() if ln.strip()), text.strip())


def _shown(value: Any) -> str:
    """A value as the user typed it: ``true`` rather than ``True``, strings quoted."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    return repr(value)


def did_you_mean(word: str, known: Sequence[str], what: str = "keys") -> str:
    """ "; did you mean X?" plus the known names when they are few, or a pointer to the docs."""
    close = difflib.get_close_matches(word, list(known), n=3, cutoff=0.6)
    hint = f"; did you mean {' or '.join(close)}?" if close else ""
    if not known:
        return hint
    if len(known) <= 12:
        return f"{hint} ({what} here: {', '.join(known)})"
    return f"{hint} (see {PARAMETERS_DOC} for the keys)"


def _type_message(msg: str, value: Any, object_type: Any) -> str | None:
    """A plain sentence for OmegaConf's type errors (None when the message is not one)."""
    got = f"; got {_shown(value)}"
    if "could not be converted to Integer" in msg:
        return f"must be a whole number{got}"
    if "could not be converted to Float" in msg:
        return f"must be a number{got}"
    if "is not a valid bool" in msg:
        return f"must be true or false{got}"
    if "is not a ListConfig, list or tuple" in msg:
        return f"must be a list such as [a,b]{got}"
    if re.search(r"Cannot assign \w+ to Dict", msg) or "is not a DictConfig, dict" in msg:
        return f"must be a mapping such as {{name: value}} (or set one entry: key.name=value){got}"
    if "is not a subclass of" in msg:
        return f"is a group of settings, not one value: set its keys one by one (key.<name>=value){got}"
    if "Non optional field cannot be assigned None" in msg or "field cannot be None" in msg:
        return f"cannot be null{got}"
    if "could not be converted to" in msg or "Invalid type assigned" in msg or "Invalid value" in msg:
        return f"has the wrong type{got}"
    return None


def _unknown_key(exc: OmegaConfBaseException, key: str) -> str:
    """ "unknown key" with the dataclass's own field names as candidates."""
    word = key.rsplit(".", 1)[-1]
    t = getattr(exc, "object_type", None)
    if isinstance(t, type) and dataclasses.is_dataclass(t):
        return "unknown key" + did_you_mean(word, [f.name for f in dataclasses.fields(t)])
    # an entry of a dict (districts, models, slots …): the caller knows the entries
    return "unknown key" + f" (see {PARAMETERS_DOC} for the keys)"


def _new_item(e: OmegaConfBaseException) -> bool:
    """An index past the end of a list (``care_levels.9.name=x``) makes an empty new item."""
    return getattr(e, "value", None) == {} and "is not a subclass of" in str(e)


def is_unknown_key(exc: BaseException) -> bool:
    """Whether a composition error is an unknown key or list index (in its cause chain)."""
    return any(
        isinstance(e, OmegaConfBaseException)
        and (re.search(r"Key '.*' (is )?not in", str(e)) is not None or _new_item(e))
        for e in _chain(exc)
    )


def _chain(exc: BaseException) -> list[BaseException]:
    chain: list[BaseException] = []
    e: BaseException | None = exc
    while e is not None and len(chain) < 8:
        chain.append(e)
        e = e.__cause__ or e.__context__
    return chain


def one_line(exc: BaseException) -> tuple[str, str]:
    """(key, message) for a composition error, following the exception's cause chain."""
    chain = _chain(exc)
    for e in chain:
        if isinstance(e, MissingConfigException):
            text = str(e)
            m = re.search(r"Could not find '([^/']+)/([^']+)'", text)
            options = re.findall(r"^\s+(\S+)\s*$", text, flags=re.M)
            if m:
                allowed = ", ".join(options) or "(none)"
                close = difflib.get_close_matches(m.group(2), options, n=1, cutoff=0.6)
                mean = f"; did you mean {close[0]}?" if close else ""
                return m.group(1), f"no config named {m.group(2)!r}{mean} (available: {allowed})"
            return "config", _first_line(text)
    for e in chain:
        if isinstance(e, OmegaConfBaseException):
            # care_levels[0].share and care_levels.0.share name the same key: the override's form
            key = re.sub(r"\[(\d+)\]", r".\1", str(getattr(e, "full_key", None) or "config"))
            msg = _first_line(getattr(e, "msg", None) or str(e))
            if _new_item(e):
                return key, "no such entry (see docs/parameters.md for the keys)"
            if re.search(r"Key '.*' (is )?not in", msg):
                return key, _unknown_key(e, key)
            plain = _type_message(msg, getattr(e, "value", None), getattr(e, "object_type", None))
            return key, plain or msg
    text = " ".join(_first_line(str(e)) for e in chain[:2])
    m = re.search(r"Ambiguous value for argument '([^=']+)=([^']*)'", text)
    if m:
        return m.group(1), comma_hint(m.group(2))
    return "overrides", text


def comma_hint(value: str) -> str:
    """What ``key=a,b`` without ``-m`` means, and the decimal number if a comma was meant as one."""
    msg = (
        f"{value!r} is a list of values: to run each of them add -m (multirun), "
        f"to give a list write [{value}]"
    )
    if re.fullmatch(r"-?\d+,\d+", value):
        msg += f"; for a decimal number use a point: {value.replace(',', '.')}"
    return msg
