"""report.html of a run (English and Swedish) and of a sweep, opened in a real headless Chromium.

Each page must load without console errors, render every image, need no network, and be in
the language asked for. A full-page screenshot of each is kept under ``test-artifacts/``.

Without Chromium (``/usr/bin/chromium`` + ``chromedriver``) or selenium the browser checks are
skipped on a developer's machine, but fail in CI (the ``CI`` environment variable is set).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from pathlib import Path

import pandas as pd
import pytest
from teachhelpers import classroom, write_run_folder

from sim.report import write_run_report
from sim.report.__main__ import main as report_main
from sim.stats import summarise

REPO = Path(__file__).resolve().parents[1]
ARTIFACTS = REPO / "test-artifacts"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--window-size=1280,1000",
]
ENGLISH_HEADINGS = (
    "In short",
    "What was compared",
    "Key findings",
    "What drives the results",
    "Where the cost difference comes from",
    "Assumptions",
)


def _browser_paths() -> tuple[str | None, str | None]:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    return chromium, shutil.which("chromedriver")


@pytest.fixture(scope="module")
def browser():
    """A headless Chromium driven by selenium, with the browser console log enabled."""
    chromium, driver_path = _browser_paths()
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        webdriver = None
    if not (chromium and driver_path and webdriver):
        missing = "selenium" if webdriver is None else "chromium/chromedriver"
        if os.environ.get("CI"):
            pytest.fail(f"{missing} missing in CI: install chromium, chromium-driver and selenium")
        pytest.skip(f"{missing} not installed")
    profile = tempfile.mkdtemp(prefix="chromium-profile-")
    opts = webdriver.ChromeOptions()
    opts.binary_location = chromium
    for flag in [*CHROMIUM_FLAGS, f"--user-data-dir={profile}"]:
        opts.add_argument(flag)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=driver_path), options=opts)
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


def open_page(driver, path: Path, shot: str) -> str:
    """Load ``path``; check console, images and network; save a screenshot; return the page text."""
    driver.get(path.resolve().as_uri())
    assert driver.execute_script("return document.readyState") == "complete"
    driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "Promise.all(Array.from(document.images).map(i => i.decode().catch(() => null))).then(() => done());"
    )
    severe = [e for e in driver.get_log("browser") if e.get("level") == "SEVERE"]
    assert not severe, severe
    images = driver.execute_script(
        "return Array.from(document.images).map(i => [i.alt, i.complete, i.naturalWidth, i.naturalHeight])"
    )
    assert images, "the report has no image"
    broken = [alt for alt, complete, w, h in images if not (complete and w > 0 and h > 0)]
    assert not broken, broken
    svgs = driver.execute_script(
        "return Array.from(document.querySelectorAll('svg')).map(s => s.getBoundingClientRect())"
        ".map(r => [r.width, r.height])"
    )
    assert all(w > 0 and h > 0 for w, h in svgs)
    fetched = driver.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    assert all(u.startswith(("data:", "file:")) for u in fetched), fetched
    ARTIFACTS.mkdir(exist_ok=True)
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(1280, min(int(height) + 50, 16000))
    driver.save_screenshot(str(ARTIFACTS / f"{shot}.png"))
    driver.set_window_size(1280, 1000)
    return str(driver.execute_script("return document.body.innerText"))


def assert_self_contained(html: str) -> None:
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html), "external reference in the page"
    assert "url(http" not in html and "@import" not in html


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    """The classroom run's report in English (written from Results, as after a run) and in Swedish
    (rebuilt from the run folder by ``python -m sim.report``)."""
    cfg, results = classroom()
    base = tmp_path_factory.mktemp("reports")
    en_dir = write_run_folder(base / "en")
    en = write_run_report(en_dir, results, cfg, "en")
    sv_dir = write_run_folder(base / "sv")
    assert report_main([str(sv_dir), "--lang", "sv"]) == 0
    return {"en": en, "sv": sv_dir / "report.html", "cfg": cfg}


def test_run_report_files(reports):
    for lang in ("en", "sv"):
        page = reports[lang]
        html = page.read_text(encoding="utf-8")
        assert f'<html lang="{lang}">' in html
        assert_self_contained(html)
        plots = page.parent / "plots"
        names = (
            "headline",
            "differences",
            "continuity",
            "costs",
            "cost_bridge",
            "time_use",
            "stress",
            "day_in_life",
        )
        for name in names:
            assert (plots / f"{name}.png").stat().st_size > 0 and (plots / f"{name}.svg").stat().st_size > 0
        assert html.count("data:image/png;base64,") == 8
        # the assumptions table names the key parameters, marks assumptions and cites sources
        assert "scenario.clients.need.familiarity_extra_share" in html and 'class="badge"' in html
        assert "CALIBRATION.md" in html


def test_english_run_report_in_the_browser(browser, reports):
    text = open_page(browser, reports["en"], "report_run_en")
    for heading in ENGLISH_HEADINGS:
        assert heading in text
    assert "Minute-controlled" in text and "Trust-based" in text
    assert "between" in text and "not a forecast" in text
    assert "Viktigaste resultaten" not in text


def test_swedish_run_report_in_the_browser(browser, reports):
    text = open_page(browser, reports["sv"], "report_run_sv")
    low = text.lower()
    for word in (
        "minutstyrd",
        "tillitsbaserad",
        "personalkontinuitet",
        "brukartid",
        "sjukfrånvaro",
        "mellan",
    ):
        assert word in low, word
    for heading in ENGLISH_HEADINGS:
        assert heading not in text, heading
    assert (
        "Viktigaste resultaten" in text
        and "Antaganden" in text
        and "Varifrån kostnadsskillnaden kommer" in text
    )


@pytest.fixture(scope="module")
def sweep_dir(tmp_path_factory):
    """A two-point sweep over the trust model's buffer share, laid out as ``python -m sim -m`` does
    (``sweep_summary.csv``, ``sweep_metrics.parquet``, ``sweep_plan.json`` and the point folders)."""
    key = "models.trust.planning.buffer_share"
    folder = tmp_path_factory.mktemp("sweep")
    write_run_folder(folder / "0")
    res = classroom()[1]
    summaries, metrics = [], []
    for point, value in (("0", 0.15), ("1", 0.3)):
        # the second point reuses the run with trust's values shifted, enough to draw and tell apart
        m = res.metrics.copy()
        if point == "1":
            m.loc[m["model"] == "trust", "value"] *= 1.2
        s = summarise(m)
        for frame, bucket in ((s, summaries), (m, metrics)):
            frame.insert(0, key, value)
            frame.insert(1, "point", point)
            bucket.append(frame)
    pd.concat(summaries).drop(columns="point").to_csv(folder / "sweep_summary.csv", index=False)
    pd.concat(metrics).to_parquet(folder / "sweep_metrics.parquet", index=False)
    (folder / "sweep_plan.json").write_text(json.dumps({"points": 2, "swept": [key]}))
    return folder


def test_sweep_report_in_the_browser(browser, sweep_dir):
    assert report_main([str(sweep_dir), "--lang", "sv"]) == 0
    html = (sweep_dir / "report.html").read_text(encoding="utf-8")
    assert_self_contained(html)
    assert (sweep_dir / "plots" / "sweep_differences.png").exists()
    text = open_page(browser, sweep_dir / "report.html", "report_sweep_sv")
    assert "buffer_share = 0.3" in text and "Skillnaden vid varje inställning" in text
    assert "tillitsbaserad" in text.lower()


def test_report_command_refuses_other_folders(tmp_path, capsys):
    assert report_main([str(tmp_path)]) == 2
    assert "neither a finished run" in capsys.readouterr().err
