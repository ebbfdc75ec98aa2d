"""A self-contained HTML page: inline CSS, images embedded as base64 PNG, no network access."""

from __future__ import annotations

import base64
import html
from collections.abc import Iterable
from pathlib import Path

CSS = """
:root { --minute: #D55E00; --trust: #0072B2; --better: #009E73; --worse: #CC79A7; --ink: #1a1a1a; }
* { box-sizing: border-box; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
       color: var(--ink); line-height: 1.5; margin: 0; background: #fff; }
main { max-width: 62rem; margin: 0 auto; padding: 1.5rem 1.25rem 3rem; }
h1 { font-size: 1.7rem; margin: 0.2rem 0 0.3rem; }
h2 { font-size: 1.3rem; margin-top: 2.2rem; border-bottom: 2px solid #ddd; padding-bottom: 0.2rem; }
h3 { font-size: 1.05rem; margin-bottom: 0.3rem; }
.subtitle { color: #555; margin-top: 0; }
.short { background: #f4f7fa; border-left: 5px solid var(--trust); padding: 0.6rem 1.2rem; }
.short li { margin: 0.35rem 0; }
table { border-collapse: collapse; width: 100%; margin: 0.8rem 0; font-size: 0.92rem; }
th, td { border-bottom: 1px solid #ddd; padding: 0.35rem 0.5rem; text-align: left; vertical-align: top; }
th { background: #f2f2f2; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.verdict-better { color: #006B4F; font-weight: 600; }
.verdict-worse { color: #9E3D7A; font-weight: 600; }
.verdict-unclear { color: #666; }
.verdict-different { color: #1a1a1a; font-weight: 600; }
.verdict-implausible { color: #8A5A00; font-weight: 600; }
.warning { background: #fff3d6; border-left: 5px solid #E69F00; padding: 0.6rem 1.2rem; margin: 1rem 0; }
.warning li { margin: 0.3rem 0; }
.badge { display: inline-block; font-size: 0.75rem; padding: 0 0.4rem; border-radius: 0.6rem;
         background: #fff3d6; border: 1px solid #e0b44c; margin-right: 0.3rem; }
.model { font-weight: 700; }
.model-minute { color: var(--minute); }
.model-trust { color: var(--trust); }
figure { margin: 1.2rem 0; }
figure img { max-width: 100%; height: auto; border: 1px solid #eee; }
figcaption { font-size: 0.88rem; color: #444; }
.finding { margin: 0.5rem 0; }
.muted { color: #666; font-size: 0.88rem; }
footer { margin-top: 3rem; color: #666; font-size: 0.85rem; border-top: 1px solid #ddd; padding-top: 0.6rem; }
code { background: #f3f3f3; padding: 0 0.2rem; }
@media print { h2 { break-after: avoid; } figure, table { break-inside: avoid; } main { max-width: none; } }
"""


def esc(text: object) -> str:
    """HTML-escaped text."""
    return html.escape(str(text), quote=True)


def img(png: Path, alt: str) -> str:
    """An ``<img>`` with the PNG embedded as a data URI."""
    data = base64.b64encode(png.read_bytes()).decode("ascii")
    return f'<img src="data:image/png;base64,{data}" alt="{esc(alt)}">'


def figure(png: Path | None, alt: str, caption: str) -> str:
    """A figure with its caption (nothing if the plot was not drawn)."""
    if png is None or not png.exists():
        return ""
    return f"<figure>{img(png, alt)}<figcaption>{esc(caption)}</figcaption></figure>"


def table(
    header: list[str],
    rows: Iterable[list[str]],
    num_cols: Iterable[int] = (),
    raw: bool = False,
    cls: str = "",
) -> str:
    """A table; cells are escaped unless ``raw`` (then they are trusted HTML); ``cls`` its class."""
    nums = set(num_cols)
    head = "".join(f"<th>{esc(h)}</th>" for h in header)
    body = []
    for row in rows:
        cells = "".join(
            f"<td{' class=num' if i in nums else ''}>{c if raw else esc(c)}</td>" for i, c in enumerate(row)
        )
        body.append(f"<tr>{cells}</tr>")
    attr = f' class="{esc(cls)}"' if cls else ""
    return f"<table{attr}><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def breakable_code(cell: str) -> str:
    """A ``<code>`` cell (a parameter's dotted name) that may wrap after its dots and underscores."""
    return cell.replace(".", ".<wbr>").replace("_", "_<wbr>") if cell.startswith("<code>") else cell


def model_span(model: str, label: str) -> str:
    """A model's name in its colour."""
    return f'<span class="model model-{esc(model)}">{esc(label)}</span>'


def header(title: str, subtitle: str) -> str:
    """The page's heading and the line under it."""
    return f'<h1>{esc(title)}</h1>\n<p class="subtitle">{esc(subtitle)}</p>'


def section(title: str, intro: str = "") -> str:
    """An ``<h2>`` with an optional introductory paragraph."""
    return f"<h2>{esc(title)}</h2>" + (f"<p>{esc(intro)}</p>" if intro else "")


def bullets(items: Iterable[str], cls: str = "") -> str:
    """A list of escaped items."""
    attr = f' class="{cls}"' if cls else ""
    return f"<ul{attr}>" + "".join(f"<li>{esc(x)}</li>" for x in items) + "</ul>"


def page(lang: str, title: str, body: str) -> str:
    """The whole document."""
    return (
        f'<!DOCTYPE html>\n<html lang="{esc(lang)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<link rel="icon" href="data:,">\n'
        f"<title>{esc(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n{body}\n</main>\n"
        "</body>\n</html>\n"
    )


def write_page(path: Path, text: str) -> None:
    """Write a page readable by everyone (``write_atomic``'s temporary files are private)."""
    path.write_text(text, encoding="utf-8")
    path.chmod(0o644)
