"""Parsed JSON validates as JSON text does: the fuzz corpus through both pydantic modes.

Web frameworks (FastAPI among them) parse the request body first and validate the parsed value
(pydantic's "Python mode"); `load_dataset` validates the bytes ("JSON mode"). For every case of
the JSON fuzz corpus that both parsers read, `QmsDataset.model_validate(json.loads(text))` must
give what `QmsDataset.model_validate_json(text)` gives: the same dataset, or the same errors
(type, location, message).

Two differences are pydantic's own wording, not the library's: for a value of the wrong shape,
JSON mode says "Input should be an object" / "a valid array" where Python mode says "a valid
dictionary or instance of X" / "a valid tuple" (same error type, same location). They are
normalised below, and the test checks that each normalisation is needed at least once, so the
list cannot grow stale silently.
"""

from __future__ import annotations

import collections
import json
import re
from collections.abc import Callable
from typing import Any

import pytest
from pydantic import ValidationError

from tests.fuzz.mutations import make_case
from vn_iso_qms import InvalidDataError, QmsDataset

CASES = 3000
"""Seeds 0..CASES-1 of the corpus (about 6 s); every mutation is drawn about 40 times."""

WORDING = (
    (
        re.compile(r"Input should be a valid dictionary or instance of \w+"),
        "Input should be an object",
    ),
    (re.compile(r"Input should be a valid tuple"), "Input should be a valid array"),
)
"""pydantic's Python-mode wording -> its JSON-mode wording, for the same error type."""

Outcome = tuple[str, Any]


def _outcome(validate: Callable[[], QmsDataset], used: collections.Counter[str]) -> Outcome:
    try:
        return "ok", validate()
    except ValidationError as exc:
        errors = []
        for err in exc.errors(include_url=False):
            message = str(err["msg"])
            for pattern, json_wording in WORDING:
                message, n = pattern.subn(json_wording, message)
                used[pattern.pattern] += n
            errors.append((err["type"], err["loc"], message))
        return "invalid", errors
    except InvalidDataError as exc:
        return "integrity", [
            (p.record_type, p.index, p.field, p.code, p.message) for p in exc.problems
        ]


def _is_json_to_both(data: bytes) -> Any:
    """The parsed document, or None when one of the two parsers does not read `data` as JSON.

    `json.loads` reads a UTF-8 BOM, UTF-16 and lone surrogates (`"\\ud800"`) that pydantic's
    parser refuses as `json_invalid`; deep nesting is refused by either. Such inputs have no
    parsed form to compare.
    """
    try:
        doc = json.loads(data)
    except (ValueError, RecursionError):
        return None
    try:
        QmsDataset.model_validate_json(data)
    except ValidationError as exc:
        if any(e["type"] == "json_invalid" for e in exc.errors()):
            return None
    except InvalidDataError:
        pass
    return doc


def test_parsed_json_validates_as_json_text_on_the_fuzz_corpus() -> None:
    compared: collections.Counter[str] = collections.Counter()
    used: collections.Counter[str] = collections.Counter()
    disagreements: list[str] = []
    for seed in range(CASES):
        case = make_case(seed)
        data = case.made.data
        if isinstance(data, str):
            data = data.encode("utf-8", errors="surrogatepass")
        doc = _is_json_to_both(data)
        if doc is None:
            continue
        from_text = _outcome(lambda d=data: QmsDataset.model_validate_json(d), used)  # type: ignore[misc]
        from_parsed = _outcome(lambda d=doc: QmsDataset.model_validate(d), used)  # type: ignore[misc]
        compared[from_text[0]] += 1
        if from_text != from_parsed:
            disagreements.append(
                f"{case.label()}\n  text:   {from_text}\n  parsed: {from_parsed}"[:2000]
            )
    assert not disagreements, "\n".join(disagreements[:10])
    # the comparison is not vacuous: valid, invalid and integrity-failing documents all occur
    assert compared["ok"] > 100
    assert compared["invalid"] > 500
    assert sum(compared.values()) > CASES // 2
    assert set(used) == {p.pattern for p, _ in WORDING}, used


_AGENCY = (
    '{"agencies": [{"id": "a", "name": "A", "kind": "ministry", "valid_to": %s}], "version": 2}'
)


@pytest.mark.parametrize(
    "text",
    [
        _AGENCY % "1672531200",
        _AGENCY % '"1672531200"',
        _AGENCY % '"2023-01-01T00:00"',
        _AGENCY % '"2023-01-01"',
        '{"version": 1.0}',
        '{"version": true}',
        '{"qms_units": [{"id": "q", "name": "Q", "owner_agency_id": "a", "agency_ids": ["a"],'
        ' "separate_division": "true"}]}',
        '{"qms_units": [{"id": "q", "name": "Q", "owner_agency_id": "a", "agency_ids": ["a"],'
        ' "separate_division": 1}]}',
    ],
)
def test_near_misses_are_refused_alike(text: str) -> None:
    # each is a value a lenient reader would convert silently: refused in both modes, alike
    used: collections.Counter[str] = collections.Counter()
    from_text = _outcome(lambda: QmsDataset.model_validate_json(text), used)
    from_parsed = _outcome(lambda: QmsDataset.model_validate(json.loads(text)), used)
    assert from_text[0] == "invalid"
    assert from_text == from_parsed
    assert "missing" not in {e[0] for e in from_text[1]}
