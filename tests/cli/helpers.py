"""Running `vn-iso-qms` as a person does, and filling its template as an analyst does."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

CLI = [sys.executable, "-m", "vn_iso_qms"]
ENV = {"PATH": "", "COLUMNS": "200", "NO_COLOR": "1", "PYTHONIOENCODING": "utf-8"}


def run(cwd: Path, *args: str, lang: str | None = None) -> subprocess.CompletedProcess[str]:
    """Run the command in `cwd`; never raises on a non-zero exit code.

    The command line speaks Vietnamese unless told otherwise (`--lang en` or VN_ISO_QMS_LANG).
    These tests check messages in the language of the input they were written for: English
    for a JSON dataset, Vietnamese for a workbook, unless `lang` says which (`"default"`: no
    VN_ISO_QMS_LANG at all, as a person runs it).
    """
    if lang is None:
        workbook = any(a.lower().endswith((".xlsx", ".xlsm")) for a in args)
        lang = "vi" if workbook else "en"
    env = dict(ENV) if lang == "default" else {**ENV, "VN_ISO_QMS_LANG": lang}
    return subprocess.run(
        [*CLI, *args], capture_output=True, text=True, check=False, cwd=cwd, env=env
    )


def fill(path: Path, rows: dict[str, list[dict[str, Any]]], out: Path | None = None) -> None:
    """Type rows into a template, by the column keys of its hidden row 1, from row 3."""
    wb = load_workbook(path)
    for sheet_name, records in rows.items():
        ws = wb[sheet_name]
        keys = {c.value: c.column for c in ws[1] if c.value}
        for r, record in enumerate(records, start=3):
            for key, value in record.items():
                ws.cell(r, keys[key], value)
    wb.save(out or path)
