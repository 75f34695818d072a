"""``/// data-table | <dataset>``: render ``data/<dataset>.yml`` as an accessible table.

The data is loaded and validated by ``econsec.sources.datasets`` (a ``DataError`` naming file and
line stops the build); the table is written in the page's language (``lang``).
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from typing import Any

from econsec.mdext.config import EconsecBlock
from econsec.mdext.elements import el as _el
from econsec.sources.datasets import (
    DATASETS,
    FORMATS,
    Column,
    Dataset,
    load_dataset,
    row_anchor,
)

MONTHS_EN = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def _circled(n: int) -> str:
    return chr(0x2460 + n - 1) if 1 <= n <= 20 else str(n)


def _as_of(as_of: str, lang: str) -> str:
    year, month = (int(p) for p in as_of.split("-"))
    return f"{year}年{month}月時点" if lang == "ja" else f"as of {MONTHS_EN[month - 1]} {year}"


def _date(value: str, lang: str) -> str:
    y, m, d = (int(p) for p in value.split("-"))
    return f"{y}年{m}月{d}日" if lang == "ja" else f"{d} {MONTHS_EN[m - 1]} {y}"


def _text(ds: Dataset, col: Column, row: dict[str, Any], lang: str) -> str:
    value = row.get(col.key)
    if value is None:
        return "—"
    if col.kind == "text":
        return str(value[lang])
    if col.kind == "number":
        if ds.name == "antimonopoly_cases":
            return f"事例{_circled(value)}" if lang == "ja" else f"Case {value}"
        return _circled(value) if lang == "ja" else str(value)
    if col.kind == "date":
        return _date(value, lang)
    if col.kind == "group":
        return ds.groups[value][lang]
    if col.kind == "format":
        return FORMATS[value][lang]
    if col.kind == "choice":
        return (col.choices or {})[value][lang]
    if col.kind == "list":
        if col.choices is not None and value:
            return ("、" if lang == "ja" else ", ").join(col.choices[v][lang] for v in value)
        return ", ".join(value) if value else "—"
    return str(value)


def render_table(parent: etree.Element, ds: Dataset, lang: str) -> etree.Element:
    """Append ``<div class="econsec-data-table"><table>…</table><p>source</p></div>``."""
    wrap = _el(parent, "div", class_="econsec-data-table", data_dataset=ds.name)
    # A wide table scrolls sideways inside this region, which keyboard users reach with Tab and
    # scroll with the arrow keys (WCAG 2.1.1; axe's scrollable-region-focusable). Material wraps
    # the table in its own scroller too; econsec.css lets only this one scroll.
    caption_id = f"econsec-table-{ds.name}"
    scroller = _el(
        wrap,
        "div",
        class_="econsec-data-table__scroll",
        tabindex="0",
        role="region",
        aria_labelledby=caption_id,
    )
    table = _el(scroller, "table")
    caption = ds.title[lang]
    if ds.as_of:
        caption += (
            f"（{_as_of(ds.as_of, lang)}）" if lang == "ja" else f" ({_as_of(ds.as_of, lang)})"
        )
    _el(table, "caption", caption, id=caption_id)
    columns = [col for col in DATASETS[ds.name] if col.shown]
    head_row = _el(_el(table, "thead"), "tr")
    for col in columns:
        th = _el(head_row, "th", col.header[lang], scope="col")
        if col.css:
            th.set("class", col.css)
    body = _el(table, "tbody")
    for row in ds.entries:
        tr = _el(body, "tr")
        anchor = row_anchor(ds.name, row)
        if anchor:
            # The same id in both languages: pages link a term to its row.
            tr.set("id", anchor)
        for col in columns:
            if col.heads_row:
                _el(tr, "th", _text(ds, col, row, lang), scope="row")
            elif col.kind == "list" and col.choices is None and row.get(col.key):
                # Identifiers (rule ids, test names), each as code, one per line.
                td = _el(tr, "td")
                for n, value in enumerate(row[col.key]):
                    if n:
                        _el(td, "br")
                    _el(td, "code", value)
            else:
                td = _el(tr, "td", _text(ds, col, row, lang))
                if col.css:
                    td.set("class", col.css)
    label = ("出典：" if lang == "ja" else "Source: ") + ds.source[lang]
    source = _el(wrap, "p", label + ("　" if lang == "ja" else " ") * bool(ds.url))
    source.set("class", "econsec-data-table__source")
    if ds.url:
        _el(source, "a", ds.url, href=ds.url)
    return wrap


class DataTableBlock(EconsecBlock):
    NAME = "data-table"

    def on_create(self, parent: etree.Element) -> etree.Element:
        dataset_name = (self.argument or "").strip()
        dataset = load_dataset(dataset_name, self.folder("data_dir"))  # DataError stops the build
        return render_table(parent, dataset, self.lang())
