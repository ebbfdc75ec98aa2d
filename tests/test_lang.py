"""The two translation tables stay parallel, and numbers are written each language's way."""

from __future__ import annotations

import string

import pytest

from sim.lang import LANGS, fmt_clock, fmt_diff, fmt_duration, fmt_num, fmt_value, metric_label, tr
from sim.metrics.definitions import COST_COMPONENTS, HEADLINE, METRICS


def _fields(text: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f}


def test_tables_have_the_same_keys_and_placeholders():
    en, sv = LANGS["en"], LANGS["sv"]
    assert set(en) == set(sv), sorted(set(en) ^ set(sv))
    wrong = [k for k in en if _fields(en[k]) != _fields(sv[k])]
    assert not wrong, wrong


def test_every_metric_and_cost_component_has_a_label_in_both_languages():
    for lang in LANGS:
        for m in METRICS:
            assert f"metric.{m}" in LANGS[lang], (lang, m)
        for c in COST_COMPONENTS:
            assert f"cost.{c}" in LANGS[lang], (lang, c)
    assert metric_label("staff_per_client_14d", "sv").startswith("Personalkontinuitet")
    assert all(metric_label(m, "sv") != metric_label(m, "en") for m in HEADLINE)


def test_swedish_uses_the_domain_terms():
    sv = " ".join(LANGS["sv"].values()).lower()
    for term in (
        "hemtjänst",
        "minutstyrd",
        "tillitsbaserad",
        "brukartid",
        "kontaktperson",
        "personalkontinuitet",
        "omsorgspersonal",
        "undersköterska",
        "insats",
        "schablontid",
        "trygghetslarm",
        "sjukfrånvaro",
        "övertid",
        "brukare",
    ):
        assert term in sv, term


def test_number_formats():
    assert fmt_num(14.9, "sv") == "14,9"
    assert fmt_num(21766.4, "sv") == "21\u00a0766"
    assert fmt_num(-272.0, "sv") == "\u2212272"
    assert fmt_num(21766.4, "en") == "21 766"
    assert fmt_value(0.123, "share", "en") == "12.3%"
    assert fmt_value(0.123, "share", "sv") == "12,3 %"
    assert fmt_diff(-0.033, "share", "en") == "-3.3 percentage points"
    assert fmt_diff(0.033, "share", "sv", bare=True) == "+3,3"
    assert fmt_value(float("nan"), "min", "sv") == "saknas"
    assert fmt_clock(12960 + 7 * 60 + 5) == "07:05"
    assert fmt_duration(125, "en") == "2 h 05 min"
    assert fmt_duration(20, "sv") == "20 min"


def test_unknown_language_is_refused():
    with pytest.raises(ValueError, match="unknown language"):
        tr("de", "na")
