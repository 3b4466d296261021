"""Rows as people and programs read them: a table, JSON, JSON lines or CSV."""

from __future__ import annotations

import csv
import io
import json
import re

from ..records import CONTROL_CHARACTERS

ROW_FORMATS = ("table", "json", "jsonl", "csv")
CELL_WIDTH = 60  # a table cell longer than this is cut and ends in CUT
CUT = "…"
WHOLE_COLUMNS = re.compile(r"(^|_)ids?$")  # ids are copied into --param id=...: a cut one would match nothing


def format_rows(rows: list[dict], fmt: str) -> str:
    """Rows in one of ROW_FORMATS, as sqlite-utils writes them.

    ``json`` is one JSON array (``json.load`` reads it), an object a line inside it; ``jsonl``
    one object a line, nothing around them; ``csv`` a header and a row a line. These three are
    for programs and never cut anything. ``table`` is for people: a value longer than
    CELL_WIDTH characters is cut and ends in "…", and a note under the table says so, except
    in id columns, which are shown whole because they are what ``--param id=`` takes.
    """
    if fmt in ("json", "jsonl"):
        lines = [json.dumps(r, ensure_ascii=False, default=str) for r in rows]
        if fmt == "jsonl":
            return "".join(line + "\n" for line in lines)
        return "[" + ",\n ".join(lines) + "]\n"
    columns = list(rows[0]) if rows else []

    def cell(value) -> str:
        text = "; ".join(map(str, value)) if isinstance(value, list) else "" if value is None else str(value)
        return CONTROL_CHARACTERS.sub("", text)  # a title's terminal escapes must not reach the terminal

    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(columns)
        writer.writerows([[cell(r[c]) for c in columns] for r in rows])
        return out.getvalue()
    if not rows:
        return "(no rows)\n"
    table = [[cell(r[c]).replace("\n", " ") for c in columns] for r in rows]
    limits = [None if WHOLE_COLUMNS.search(c) else CELL_WIDTH for c in columns]
    longest = [max(len(c), *(len(row[i]) for row in table)) for i, c in enumerate(columns)]
    widths = [n if limit is None else min(limit, n) for n, limit in zip(longest, limits)]
    cut = any(len(v) > w for row in table for v, w in zip(row, widths))
    clip = lambda s, w: s if len(s) <= w else s[: w - 1] + CUT  # noqa: E731
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(clip(v, w).ljust(w) for v, w in zip(row, widths)).rstrip() for row in table]
    if cut:
        lines.append(f"({CUT} ends a value cut to {CELL_WIDTH} characters; --format csv, json or jsonl gives it whole)")
    return "\n".join(lines) + "\n"
