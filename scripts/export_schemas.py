"""Write the published JSON contract into docs/schema/: the schemas and the code tables.

The files are generated from the installed library and committed, so the documentation site
serves them next to the pages (`/schema/v1/...`); `tests/unit/test_schema.py` fails when they
are stale. Run from the repository root::

    .venv/bin/python scripts/export_schemas.py           # (re)write the files
    .venv/bin/python scripts/export_schemas.py --check   # exit 1 if they would change
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import JsonSchemaMode

import vn_iso_qms
from vn_iso_qms._internal.dataset import DATASET_VERSION

OUT = Path(__file__).resolve().parents[1] / "docs" / "schema" / f"v{DATASET_VERSION}"

SCHEMAS: dict[str, tuple[type[BaseModel], JsonSchemaMode]] = {
    "dataset.schema.json": (vn_iso_qms.QmsDataset, "validation"),
    "province-report.schema.json": (vn_iso_qms.reports.ProvinceReport, "serialization"),
    "evaluation.schema.json": (vn_iso_qms.Evaluation, "serialization"),
}
"""File name -> model and mode: the dataset (what the library reads) and the two results a
service answers (what the library writes)."""


def documents() -> dict[str, Any]:
    """Every published file by name, as JSON-compatible values."""
    docs: dict[str, Any] = {
        name: vn_iso_qms.json_schema(model, mode=mode) for name, (model, mode) in SCHEMAS.items()
    }
    docs["codes.json"] = vn_iso_qms.code_tables()
    return docs


def render(doc: Any) -> str:
    """The text of one published file: UTF-8 JSON, two-space indent, a final newline."""
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report stale files")
    args = parser.parse_args(argv)
    stale = []
    for name, doc in documents().items():
        path = OUT / name
        text = render(doc)
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            stale.append(name)
            if not args.check:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
    verb = "stale" if args.check else "written"
    print(f"{verb}: {', '.join(stale) or 'none'} ({OUT})")
    return 1 if args.check and stale else 0


if __name__ == "__main__":
    sys.exit(main())
