"""Command-line overrides read before Hydra sees them: letters outside ASCII, parse errors in
plain words, and the entries a dict key (a district, a model, a slot …) could have meant."""

from __future__ import annotations

import re
from collections.abc import Callable

from hydra.core.override_parser.overrides_parser import OverridesParser
from omegaconf import DictConfig, ListConfig, OmegaConf

from sim.config.errors import did_you_mean
from sim.config.fields import ConfigError

# A value Hydra's lexer refuses only for its letters (å, ä, ö, é …): no quotes, brackets,
# interpolation or other grammar characters, so quoting it cannot change what it means.
_SIMPLE = re.compile(r"[^\s'\"\\\[\]{}()$=:,]+(?: [^\s'\"\\\[\]{}()$=:,]+)*")
_ASCII_KEY = re.compile(r"[~+]{0,2}[A-Za-z0-9_.@/\-]*")


def _quoted(value: str) -> str | None:
    """``value`` with each comma-separated part single-quoted, when it is only letters outside
    ASCII that stop Hydra's lexer; None when it needs no quoting or is not safe to quote."""
    if value.isascii():
        return None
    parts = value.split(",")
    if not all(_SIMPLE.fullmatch(p) for p in parts):
        return None
    return ",".join(f"'{p}'" for p in parts)


def quote_letters(overrides: list[str]) -> list[str]:
    """The overrides with values such as ``Umeå`` quoted (``'Umeå'``), which Hydra's grammar
    accepts only quoted; other overrides unchanged."""
    out = []
    for o in overrides:
        key, eq, value = o.partition("=")
        q = _quoted(value) if eq else None
        out.append(f"{key}={q}" if q is not None else o)
    return out


def check_syntax(overrides: list[str], multirun: bool) -> None:
    """Raise :class:`ConfigError` in plain words for an override Hydra's parser cannot read."""
    parser = OverridesParser.create()
    for o in overrides:
        key, eq, value = o.partition("=")
        if not eq:
            continue  # "a" alone, or a group deletion: Hydra's message names it
        if not _ASCII_KEY.fullmatch(key):
            raise ConfigError(
                key, "a key may use only the letters a-z, digits, '_', '-' and '.' (no spaces or å, ä, ö)"
            )
        try:
            parsed = parser.parse_overrides([o])[0]
        except Exception:
            if not value.isascii():
                raise ConfigError(
                    key,
                    f"cannot read the value {value!r}: quote it, e.g. {key}='{value}' "
                    f"(in a shell: \"{key}='{value}'\")",
                ) from None
            raise ConfigError(
                key,
                f"cannot read the value {value!r}: write key=value, a list as [a,b], and quote text "
                f"with spaces or special characters: {key}='text'",
            ) from None
        if parsed.is_sweep_override() and not multirun:
            from sim.config.errors import comma_hint

            raise ConfigError(key.lstrip("+~"), comma_hint(value))


def entry_hint(
    key: str, overrides: list[str], compose: Callable[[list[str]], DictConfig], scenario: str | None = None
) -> ConfigError | None:
    """For an unknown ``key`` inside a dict of the composed config (``scenario.districts.urban``),
    a :class:`ConfigError` naming the entries that exist, with a "did you mean"; None when the
    parent is not a dict (the schema's own fields were named already) or cannot be composed."""
    parent, _, word = key.rpartition(".")
    if not parent:
        return None
    kept = [o for o in overrides if not o.lstrip("+~").startswith(f"{parent}.")]
    try:
        cfg = compose(kept)
        node = OmegaConf.select(cfg, parent)
    except Exception:  # the rest of the command line has its own problem: reported next
        return None
    group = parent.rsplit(".", 1)[-1]
    if isinstance(node, ListConfig):
        last = f"0 to {len(node) - 1}" if len(node) else "none"
        return ConfigError(key, f"no entry {word} in {parent}: it has entries {last}")
    if not isinstance(node, DictConfig) or OmegaConf.get_type(node) is not dict:
        return None
    names = [str(k) for k in node]
    what = _ENTRY.get(group, "entry")
    where = f"scenario {cfg.scenario.name}" if parent.startswith("scenario.") else "this config"
    return ConfigError(key, f"no {what} {word!r} in {where}" + did_you_mean(word, names, group))


# what one entry of a dict of the config is called in a message
_ENTRY = {
    "districts": "district",
    "models": "model",
    "slots": "visit slot",
    "catalogue": "task",
    "shifts": "shift",
    "speed_kmh": "travel mode",
    "mode_shares": "travel mode",
    "travel_cost_per_km_sek": "travel mode",
    "skill_shares": "skill",
}
