"""Small HTML pieces for self-contained pages: inline CSS, escaped cells, PNGs as data: URIs."""

from __future__ import annotations

import base64
import html
import math
from collections.abc import Iterable
from typing import Any

COLOURS = {"pass": "#2e7d32", "attention": "#ef6c00", "fail": "#c62828", "n/a": "#757575"}
CSS = """body{font-family:system-ui,sans-serif;max-width:70em;margin:1.5em auto;padding:0 1em;
line-height:1.4;color:#222}h1{margin:.2em 0}h2{border-bottom:2px solid #ddd;margin-top:1.6em}
table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:.25em .6em;
vertical-align:top;text-align:left}th{background:#f3f3f3}.decision{padding:.8em 1em;
color:#fff;font-size:1.6em;font-weight:bold;margin:.5em 0}.ready{background:#2e7d32}
.blocked{background:#c62828}.warn{color:#8a4b00}.muted{color:#666;font-size:.9em}
.verdict{color:#fff;padding:0 .4em;border-radius:3px}img{max-width:100%}"""


def esc(value: Any) -> str:
    return html.escape(str(value), quote=True)


def fmt(x: Any) -> str:
    """A number with sensible digits, '–' for none."""
    if x is None:
        return "–"
    if isinstance(x, bool):
        return "yes" if x else "no"
    if isinstance(x, float):
        return "NaN" if math.isnan(x) else f"{x:,.4g}"
    if isinstance(x, int):
        return f"{x:,}"
    return esc(x)


def table(headers: Iterable[str], rows: Iterable[Iterable[str]]) -> str:
    """A table whose cells are already HTML (escape them with :func:`esc` / :func:`fmt`)."""
    head = "".join(f"<th>{esc(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows)
    return f"<table><tr>{head}</tr>{body}</table>"


def badge(verdict: str) -> str:
    colour = COLOURS.get(verdict, "#757575")
    return f"<span class='verdict' style='background:{colour}'>{esc(verdict)}</span>"


def png(data: bytes | None, alt: str) -> str:
    """An inline PNG (a data: URI: the page needs no other file and no network)."""
    if not data:
        return ""
    uri = "data:image/png;base64," + base64.b64encode(data).decode("ascii")
    return f"<p><img src='{uri}' alt='{esc(alt)}'></p>"


def page(title: str, body: str) -> str:
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{esc(title)}</title><style>{CSS}</style></head><body>{body}</body></html>\n"
    )
