"""A dataset as rows of cell values, sheet by sheet: what an export writes (no openpyxl needed).

Shared by the workbook writer and by the instructions sheet, whose examples are the demo
province's first values as the workbook writes them.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from vn_iso_qms._internal.base import Record
from vn_iso_qms._internal.dataset import COLLECTIONS, QmsDataset
from vn_iso_qms._internal.errors import Problem
from vn_iso_qms._internal.spreadsheet.cells import UnexpressibleError, write_cell
from vn_iso_qms._internal.spreadsheet.layout import (
    LAYOUT_VERSION,
    SHEET_BY_KEY,
    SHEETS,
    DatasetInfo,
    Sheet,
    field_annotation,
)
from vn_iso_qms._internal.vocab_base import Language

__all__ = ["export_rows"]


def _get(model: BaseModel, key: str) -> Any:
    value: Any = model
    for part in key.split("."):
        if value is None:
            return None
        value = getattr(value, part)
    return value


def _default(model_type: type[BaseModel], key: str) -> Any:
    parts = key.split(".")
    current: Any = model_type
    for part in parts[:-1]:
        current, _ = field_annotation(current, part)
    info = current.model_fields[parts[-1]]
    return None if info.is_required() else info.get_default(call_default_factory=True)


def export_rows(
    dataset: QmsDataset, lang: Language, problems: list[Problem]
) -> dict[str, list[list[Any]]]:
    """The cell values of every sheet (by sheet key), as the workbook writes them.

    A value the sheets cannot hold so that it reads back equal is left out of its row (None)
    and added to `problems` (`unexpressible`), never altered.
    """
    rows: dict[str, list[list[Any]]] = {spec.key: [] for spec in SHEETS}
    info = DatasetInfo(name=dataset.name, layout_version=LAYOUT_VERSION)
    rows["dataset"].append(_row(info, SHEET_BY_KEY["dataset"], lang, problems, None, "dataset"))
    for collection in COLLECTIONS:
        spec = SHEET_BY_KEY[collection]
        for record in getattr(dataset, collection):
            rows[collection].append(_row(record, spec, lang, problems, record, record.record_type))
            for child_key in spec.children:
                child = SHEET_BY_KEY[child_key]
                for i, item in enumerate(getattr(record, child.field or "")):
                    cells = _row(
                        item,
                        child,
                        lang,
                        problems,
                        record,
                        record.record_type,
                        f"{child.field}[{i}].",
                    )
                    cells[0] = record.id
                    rows[child_key].append(cells)
    return rows


def _row(
    model: BaseModel,
    spec: Sheet,
    lang: Language,
    problems: list[Problem],
    record: Record | None,
    record_type: str,
    prefix: str = "",
) -> list[Any]:
    cells: list[Any] = []
    for col in spec.columns:
        if col.link:
            cells.append(None)
            continue
        value = _get(model, col.key)
        try:
            cell = write_cell(value, col, lang)
            if cell is None and value != _default(spec.model, col.key):
                msg = f"the value {value!r} would read back as empty"
                raise UnexpressibleError(msg)
        except UnexpressibleError as exc:
            problems.append(
                Problem(
                    record_type=record_type,
                    record_id=record.id if record is not None else None,
                    field=prefix + col.key,
                    code="unexpressible",
                    message=f"{prefix + col.key} {exc}",
                )
            )
            cell = None
        cells.append(cell)
    return cells
