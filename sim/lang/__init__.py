"""Texts of plots, reports and teaching views in English and Swedish.

All wording lives in two parallel translation tables, :mod:`sim.lang.en` and
:mod:`sim.lang.sv` (a test checks they have the same keys and placeholders). Use
:func:`tr` to look a text up and the ``fmt_*`` helpers to write numbers the way
each language does (Swedish: decimal comma, space as thousands separator).
"""

from __future__ import annotations

import math

from sim.lang import en, sv
from sim.metrics.definitions import METRICS

LANGS: dict[str, dict[str, str]] = {"en": en.TEXT, "sv": sv.TEXT}


def check_lang(lang: str) -> str:
    """``lang`` if it is a known language; raise ValueError otherwise."""
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}; choose one of {', '.join(LANGS)}")
    return lang


def has(lang: str, key: str) -> bool:
    """Whether the translation table of ``lang`` has ``key``."""
    return key in LANGS[check_lang(lang)]


def tr(lang: str, key: str, **values: object) -> str:
    """The text ``key`` in ``lang``, with ``{placeholders}`` filled from ``values``."""
    text = LANGS[check_lang(lang)][key]
    return text.format(**values) if values else text


def metric_label(metric: str, lang: str) -> str:
    """Label of a metric (the English one comes from ``METRICS``)."""
    key = f"metric.{metric}"
    if has(lang, key):
        return tr(lang, key)
    info = METRICS.get(metric)
    return info.label if info else metric


def model_label(model: str, lang: str, fallback: str | None = None) -> str:
    """Plain name of a delivery model: the table's name for minute/trust, else ``fallback``."""
    key = f"model.{model}.name"
    if has(lang, key):
        return tr(lang, key)
    return fallback or model


def model_phrase(model: str, lang: str, fallback: str | None = None) -> str:
    """A model named inside a sentence ("trust-based care" / "tillitsbaserad hemtjänst")."""
    key = f"model.{model}.phrase"
    if has(lang, key):
        return tr(lang, key)
    return fallback or model


def join_words(words: list[str], lang: str) -> str:
    """``a, b and c`` / ``a, b och c``."""
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + tr(lang, "word.and") + words[-1]


def fmt_num(x: float, lang: str, digits: int | None = None) -> str:
    """A number with a sensible number of decimals, in the language's style.

    English: ``12,345.6`` is written ``12 345.6``; Swedish: ``12 345,6`` (no-break space,
    decimal comma, a true minus sign).
    """
    if x is None or not math.isfinite(x):
        return tr(lang, "na")
    if digits is None:
        ax = abs(x)
        digits = 0 if ax >= 100 else 1 if ax >= 10 else 2 if ax >= 0.1 or ax == 0 else 3
    text = f"{x:,.{digits}f}"
    if lang == "sv":
        return text.replace(",", "\u00a0").replace(".", ",").replace("-", "\u2212")
    return text.replace(",", " ")


def fmt_value(x: float, unit: str, lang: str) -> str:
    """A metric value with its unit: shares as %, SEK as kronor, minutes as min."""
    if x is None or not math.isfinite(x):
        return tr(lang, "na")
    if unit == "share":
        return tr(lang, "fmt.percent", x=fmt_num(100 * x, lang, 1))
    if unit == "SEK":
        return tr(lang, "fmt.sek", x=fmt_num(x, lang, 0))
    if unit in ("min", "staff", "1/year", "index"):
        return tr(lang, f"fmt.{unit}", x=fmt_num(x, lang))
    return fmt_num(x, lang)


def fmt_diff(x: float, unit: str, lang: str, bare: bool = False) -> str:
    """A difference with its sign; differences of shares in percentage points.

    ``bare`` leaves the unit out (for the bounds of an interval whose centre has it).
    """
    if x is None or not math.isfinite(x):
        return tr(lang, "na")
    sign = "+" if x > 0 else ""
    if unit == "share":
        num = fmt_num(100 * x, lang, 1)
        return sign + (num if bare else tr(lang, "fmt.pp", x=num))
    if bare:
        return sign + fmt_num(x, lang, 0 if unit == "SEK" else None)
    return sign + fmt_value(x, unit, lang)


def fmt_bound(x: float, unit: str, lang: str) -> str:
    """An interval bound of a value, without its unit (shares in %, SEK whole)."""
    if x is None or not math.isfinite(x):
        return tr(lang, "na")
    if unit == "share":
        return fmt_num(100 * x, lang, 1)
    return fmt_num(x, lang, 0 if unit == "SEK" else None)


def fmt_clock(minutes: float, lang: str = "en") -> str:
    """``HH:MM`` of a time of day given in minutes since some midnight (days wrap; same in every language)."""
    m = round(minutes) % 1440
    return f"{m // 60:02d}:{m % 60:02d}"


def fmt_duration(minutes: float, lang: str) -> str:
    """``2 h 05 min`` / ``45 min`` in the language's style."""
    m = round(minutes)
    if m < 60:
        return tr(lang, "fmt.min", x=m)
    return tr(lang, "fmt.hmin", h=m // 60, m=f"{m % 60:02d}")
