"""Dataset integrity and JSON interchange: every problem located, all at once."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel, TypeAdapter, ValidationError
from tests import factories as f

from vn_iso_qms import (
    Agency,
    InputTooLargeError,
    InvalidDataError,
    QmsDataset,
    UnknownRecordError,
    dump_dataset,
    json_schema,
    load_dataset,
)
from vn_iso_qms._internal.jsonio import (
    _CHUNK,
    _REPEATED_OR_NOT_JSON,
    _from_parsed,
    _parse_once,
    _validate_in_chunks,
)


def _valid() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(dump_dataset(f.one_unit_year()))
    return data


def test_round_trip_gives_equal_dataset() -> None:
    ds = f.one_unit_year()
    assert load_dataset(dump_dataset(ds)) == ds
    assert load_dataset(dump_dataset(ds, indent=2)) == ds


def test_loading_from_a_path_and_a_string(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ds = f.one_unit_year()
    path = tmp_path / "d.json"
    path.write_bytes(dump_dataset(ds))
    assert load_dataset(path) == ds
    assert load_dataset(text=dump_dataset(ds).decode()) == ds
    with pytest.warns(DeprecationWarning, match="text="):  # the old way still works, for now
        assert load_dataset(dump_dataset(ds).decode()) == ds
    # a str is a path first: a file whose name starts with "{" is read, not parsed
    (tmp_path / "{odd}.json").write_bytes(dump_dataset(ds))
    monkeypatch.chdir(tmp_path)
    assert load_dataset("{odd}.json") == ds


def test_a_utf8_bom_is_accepted() -> None:
    ds = f.one_unit_year()
    assert load_dataset(b"\xef\xbb\xbf" + dump_dataset(ds)) == ds


def test_get_and_index() -> None:
    ds = f.one_unit_year()
    assert ds.get(Agency, "so-a").name == "Sở so-a"
    assert set(ds.index(Agency)) == {"so-a"}
    with pytest.raises(UnknownRecordError, match="no agency with id 'nope'"):
        ds.get(Agency, "nope")


def test_with_records_and_without_revalidate() -> None:
    ds = f.one_unit_year()
    bigger = ds.with_records(f.agency("so-b"))
    assert bigger.counts()["agencies"] == 2
    with pytest.raises(InvalidDataError, match="duplicate_id"):
        ds.with_records(f.agency("so-a"))
    replaced = ds.with_records(f.agency("so-a", name="Sở đổi tên"), replace=True)
    assert replaced.get(Agency, "so-a").name == "Sở đổi tên"
    # a replacing record keeps its place: the order (and an export's rows) stays the same
    three = bigger.with_records(f.agency("so-c"))
    renamed = three.with_records(f.agency("so-a", name="Sở A mới"), replace=True)
    assert [a.id for a in renamed.agencies] == [a.id for a in three.agencies]
    assert renamed.agencies[0].name == "Sở A mới"
    # removing the agency leaves the QMS unit pointing at nothing
    with pytest.raises(InvalidDataError, match="dangling_reference"):
        ds.without(Agency, "so-a")


def test_every_integrity_problem_is_reported_at_once() -> None:
    with pytest.raises(InvalidDataError) as info:
        QmsDataset.from_records(
            [
                f.province(),
                f.agency("a"),
                f.agency("a"),
                f.agency("b", parent_id="ghost"),
                f.qms("c"),
            ]
        )
    codes = sorted((p.record_type, p.record_id, p.field, p.code) for p in info.value.problems)
    assert codes == [
        ("agency", "a", "id", "duplicate_id"),
        ("agency", "b", "parent_id", "dangling_reference"),
        ("qms_unit", "q-c", "agency_ids[0]", "dangling_reference"),
        ("qms_unit", "q-c", "owner_agency_id", "dangling_reference"),
    ]


def test_an_ending_event_alone_ends_the_agency() -> None:
    from vn_iso_qms import AgencyEvent, AgencyEventKind, RuleStatus, VerdictKind, evaluate

    event = AgencyEvent(
        id="e", agency_id="so-a", kind=AgencyEventKind.DISSOLVED, date=f.D(2023, 7, 1)
    )
    ds = f.one_unit_year(event)
    assert ds.get(Agency, "so-a").valid_to is None  # the record is kept as given
    assert ds.effective_agencies()["so-a"].valid_to == f.D(2023, 6, 30)
    # evaluated exactly as with both records written
    both = f.one_unit_year(event).with_records(f.agency(valid_to=f.D(2023, 6, 30)), replace=True)
    for dataset in (ds, both):
        verdict = evaluate(dataset, as_of=f.D(2023, 12, 31)).verdict("so-a", VerdictKind.COMPLETED)
        assert verdict.status is RuleStatus.NOT_APPLICABLE
        assert [r.code for r in verdict.reasons] == ["agency_ended"]


def test_an_ending_event_after_the_given_last_day_says_what_to_change() -> None:
    from vn_iso_qms import AgencyEvent, AgencyEventKind

    event = AgencyEvent(
        id="e", agency_id="so-a", kind=AgencyEventKind.DISSOLVED, date=f.D(2023, 7, 1)
    )
    late = f.agency(valid_to=f.D(2023, 9, 30))
    with pytest.raises(InvalidDataError, match="event_validity_mismatch") as info:
        f.one_unit_year(event).with_records(late, replace=True)
    (problem,) = info.value.problems
    assert (problem.record_id, problem.field) == ("e", "date")
    assert "set the agency's valid_to to 2023-06-30" in problem.message
    early = AgencyEvent(
        id="e2", agency_id="so-a", kind=AgencyEventKind.DISSOLVED, date=f.D(2009, 1, 1)
    )
    with pytest.raises(InvalidDataError, match="before it was established"):
        f.one_unit_year(early)


def _mutate(path: str, value: Any) -> bytes:
    """The valid document with one value at `path` (dotted, ints for list positions) replaced."""
    doc = _valid()
    parts = [int(p) if p.isdigit() else p for p in path.split(".")]
    target: Any = doc
    for part in parts[:-1]:
        target = target[part]
    if value is _DELETE:
        del target[parts[-1]]
    else:
        target[parts[-1]] = value
    return json.dumps(doc, ensure_ascii=False).encode()


_DELETE = object()

# (case id, input bytes, expected (record_type, record_id, field, code) of at least one problem)
MALFORMED: list[tuple[str, bytes, tuple[str, str | None, str | None, str]]] = [
    ("not-json", b"{not json", ("file", None, None, "json_invalid")),
    ("truncated", dump_dataset(f.one_unit_year())[:-40], ("file", None, None, "json_invalid")),
    ("top-level-array", b"[]", ("dataset", None, None, "model_type")),
    ("unknown-collection", _mutate("records", []), ("dataset", None, "records", "extra_forbidden")),
    (
        "wrong-format-marker",
        _mutate("format", "other"),
        ("dataset", None, "format", "literal_error"),
    ),
    ("collection-not-list", _mutate("agencies", {}), ("agency", None, "agencies", "tuple_type")),
    ("missing-name", _mutate("agencies.0.name", _DELETE), ("agency", "so-a", "name", "missing")),
    ("unknown-kind", _mutate("agencies.0.kind", "bo_xyz"), ("agency", "so-a", "kind", "enum")),
    ("kind-as-number", _mutate("agencies.0.kind", 3), ("agency", "so-a", "kind", "enum")),
    (
        "extra-field",
        _mutate("agencies.0.colour", "x"),
        ("agency", "so-a", "colour", "extra_forbidden"),
    ),
    (
        "bad-id",
        _mutate("agencies.0.id", "có dấu"),
        ("agency", "có dấu", "id", "string_pattern_mismatch"),
    ),
    ("empty-name", _mutate("agencies.0.name", ""), ("agency", "so-a", "name", "string_too_short")),
    (
        "enormous-name",
        _mutate("agencies.0.name", "x" * 5000),
        ("agency", "so-a", "name", "string_too_long"),
    ),
    (
        "date-not-iso",
        _mutate("agencies.0.valid_from", "01/01/2010"),
        ("agency", "so-a", "valid_from", "date_parsing"),
    ),
    (
        "date-impossible",
        _mutate("agencies.0.valid_from", "2023-02-30"),
        ("agency", "so-a", "valid_from", "date_parsing"),
    ),
    (
        "date-order",
        _mutate("agencies.0.valid_to", "2000-01-01"),
        ("agency", "so-a", None, "date_order"),
    ),
    (
        "dangling-parent",
        _mutate("agencies.0.parent_id", "ghost"),
        ("agency", "so-a", "parent_id", "dangling_reference"),
    ),
    (
        "dangling-qms",
        _mutate("internal_audits.0.qms_id", "q-ghost"),
        ("internal_audit", "dg-q-so-a-2023-06-01", "qms_id", "dangling_reference"),
    ),
    (
        "duplicate-id",
        _mutate("agencies", [_valid()["agencies"][0]] * 2),
        ("agency", "so-a", "id", "duplicate_id"),
    ),
    (
        "bool-as-string",
        _mutate("qms_units.0.separate_division", "yes"),
        ("qms_unit", "q-so-a", "separate_division", "bool_type"),
    ),
    (
        "tuple-of-wrong-type",
        _mutate("qms_units.0.agency_ids", "so-a"),
        ("qms_unit", "q-so-a", "agency_ids", "tuple_type"),
    ),
    (
        "null-required",
        _mutate("announcements.0.standard", None),
        ("announcement", "cb-q-so-a", "standard", "enum"),
    ),
    (
        "unknown-standard",
        _mutate("announcements.0.standard", "iso9001_2000"),
        ("announcement", "cb-q-so-a", "standard", "enum"),
    ),
    (
        "nan-number",
        _mutate("tthc.0.name", float("nan")),
        ("tthc", "t-1.000001", "name", "string_type"),
    ),
    ("version-wrong", _mutate("version", 2), ("dataset", None, "version", "literal_error")),
    (
        "nested-deep",
        b'{"agencies": ' + b"[" * 3000 + b"]" * 3000 + b"}",
        ("file", None, None, "json_invalid"),
    ),
]


@pytest.mark.parametrize(("case", "data", "expected"), MALFORMED, ids=[c[0] for c in MALFORMED])
def test_malformed_input_yields_a_located_error(
    case: str, data: bytes, expected: tuple[str, str | None, str | None, str]
) -> None:
    with pytest.raises(InvalidDataError) as info:
        load_dataset(data)
    located = {(p.record_type, p.record_id, p.field, p.code) for p in info.value.problems}
    assert expected in located, (case, located)
    # the rendered message names every problem on its own line
    assert all(p.describe() in str(info.value) for p in info.value.problems[:50])


@pytest.mark.parametrize(("case", "data", "expected"), MALFORMED, ids=[c[0] for c in MALFORMED])
def test_the_one_parse_never_changes_what_a_bad_file_reports(
    case: str, data: bytes, expected: tuple[str, str | None, str | None, str]
) -> None:
    # the parsed values are only the fast path of valid data: any problem sends the bytes to the
    # JSON path, which reports exactly what it reports when the duplicate check is off
    assert _from_parsed(_parse_once(data)) is None
    with pytest.raises(InvalidDataError) as one:
        load_dataset(data)
    with pytest.raises(InvalidDataError) as json_path:
        load_dataset(data, check_duplicate_keys=False)
    assert one.value.problems == json_path.value.problems, case


def test_valid_data_is_parsed_once_into_the_records_the_json_path_gives(
    demo_dataset: QmsDataset,
) -> None:
    for ds in (demo_dataset, f.one_unit_year()):
        data = dump_dataset(ds)
        once = _from_parsed(_parse_once(data))
        assert once is not None  # the fast path was taken
        assert once == load_dataset(data, check_duplicate_keys=False) == ds
        assert (
            once.model_fields_set == load_dataset(data, check_duplicate_keys=False).model_fields_set
        )


def test_a_long_collection_is_validated_chunk_by_chunk_in_its_order() -> None:
    # the demo's collections (389 processes) are longer than one chunk: the test above compares
    # whole datasets; here the order, the freeing and a bad record in any chunk
    adapter: TypeAdapter[tuple[int, ...]] = TypeAdapter(tuple[int, ...])
    size = 3 * _CHUNK + 5
    raw: list[object] = list(range(size))
    assert _validate_in_chunks(adapter, raw) == tuple(range(size))
    assert raw == []  # each chunk's parsed values are dropped once validated
    for bad in (0, _CHUNK - 1, _CHUNK, size - 1):
        values: list[object] = list(range(size))
        values[bad] = "not a number"
        with pytest.raises(ValidationError):
            _validate_in_chunks(adapter, values)
    assert _validate_in_chunks(adapter, [1, 2]) == (1, 2)
    assert _validate_in_chunks(TypeAdapter(int | None), None) is None  # not a list: whole


def test_the_one_parse_refuses_what_the_model_refuses() -> None:
    ds = f.one_unit_year()
    doc = json.loads(dump_dataset(ds))
    unknown = {**doc, "extra": []}
    dangling = json.loads(dump_dataset(ds))
    dangling["qms_units"][0]["agency_ids"] = ["nowhere"]
    bad_record = json.loads(dump_dataset(ds))
    bad_record["agencies"][0]["kind"] = "no_such_kind"
    for value in (unknown, dangling, bad_record, [doc], "text", None):
        assert _from_parsed(value) is None, value


def test_many_problems_in_one_file_are_all_reported() -> None:
    doc = _valid()
    doc["agencies"][0]["kind"] = "nope"
    doc["announcements"][0]["date"] = "yesterday"
    doc["internal_audits"][0]["qms_id"] = "q-ghost"
    with pytest.raises(InvalidDataError) as info:
        load_dataset(json.dumps(doc).encode())
    codes = {(p.record_type, p.field, p.code) for p in info.value.problems}
    assert ("agency", "kind", "enum") in codes
    assert ("announcement", "date", "date_parsing") in codes
    # the dangling link of a record that *did* validate is found in the same pass
    assert ("internal_audit", "qms_id", "dangling_reference") in codes


def test_non_utf8_bytes_give_a_located_error() -> None:
    with pytest.raises(InvalidDataError) as info:
        load_dataset(b'{"name": "S\xf5 T\xe0i ch\xednh"}')  # Windows-1258 bytes, not UTF-8
    assert info.value.problems[0].record_type in {"file", "dataset"}


def test_size_limit_is_enforced_with_a_clear_error(tmp_path: Path) -> None:
    data = dump_dataset(f.one_unit_year())
    with pytest.raises(InputTooLargeError, match="more than the limit"):
        load_dataset(data, max_bytes=100)
    path = tmp_path / "big.json"
    path.write_bytes(data)
    with pytest.raises(InputTooLargeError):
        load_dataset(path, max_bytes=100)


def test_missing_file_is_a_located_error(tmp_path: Path) -> None:
    with pytest.raises(InvalidDataError, match="cannot read"):
        load_dataset(tmp_path / "nope.json")


def test_json_schema_of_dataset_and_records() -> None:
    schema = json_schema()
    assert schema["title"] == "QmsDataset"
    assert "agencies" in schema["properties"]
    agency_schema = json_schema(Agency)
    # descriptions come from the attribute docstrings
    assert "Official Vietnamese name" in agency_schema["properties"]["name"]["description"]
    assert "provincial_department" in json.dumps(schema)


def test_equality_ignores_the_lookup_cache() -> None:
    ds = f.one_unit_year()
    again = load_dataset(dump_dataset(ds))
    ds.get(Agency, "so-a")  # fills the cache of one side only
    assert ds == again
    assert hash(ds) == hash(again)


def test_a_key_given_twice_is_rejected_not_silently_dropped() -> None:
    data = (
        b'{"agencies": [{"id": "a", "name": "S\xe1\xbb\x9f A", "name": "S\xe1\xbb\x9f B",'
        b' "kind": "provincial_department"}]}'
    )
    with pytest.raises(InvalidDataError) as info:
        load_dataset(data)
    (problem,) = info.value.problems
    assert (problem.record_type, problem.record_id, problem.field, problem.code) == (
        "agency",
        "a",
        "name",
        "duplicate_key",
    )
    # a file this library wrote never repeats a key: the check can be skipped for it
    assert load_dataset(data, check_duplicate_keys=False).agencies[0].name == "Sở B"


@pytest.mark.parametrize(
    "where",
    [
        b'{"name": "X", "name": "Y"}',  # the dataset object itself
        b'{"annual_plans": [{"id": "p", "entries": [{"x": 1, "x": 1}]}]}',  # deep, same value
        b'{"agencies": [{"id": "a", "\\u0069d": "b"}]}',  # equal once the escape is decoded
    ],
    ids=["top", "nested-same-value", "escaped-key"],
)
def test_the_fast_duplicate_scan_misses_no_repeated_key(where: bytes) -> None:
    # the located check only runs when the one parse (jiter) flags the bytes
    assert _parse_once(where) is _REPEATED_OR_NOT_JSON
    with pytest.raises(InvalidDataError) as info:
        load_dataset(where)
    assert "duplicate_key" in {p.code for p in info.value.problems}


def test_a_repeated_key_is_found_even_where_the_fast_scan_cannot_parse() -> None:
    # jiter refuses the lone surrogate in a's name before reaching b's repeated key; the located
    # check still runs, and both problems are reported
    data = (
        b'{"agencies": [{"id": "a", "name": "x\\ud800", "kind": "provincial_department"},'
        b' {"id": "b", "name": "B", "name": "C", "kind": "provincial_department"}]}'
    )
    with pytest.raises(InvalidDataError) as info:
        load_dataset(data)
    found = {(p.record_id, p.field, p.code) for p in info.value.problems}
    assert ("b", "name", "duplicate_key") in found
    assert (None, None, "json_invalid") in found


def test_the_fast_duplicate_scan_passes_clean_files() -> None:
    assert _parse_once(dump_dataset(f.one_unit_year())) is not _REPEATED_OR_NOT_JSON


@pytest.mark.parametrize(
    ("source", "code"),
    [("", "empty"), ("   ", "empty"), ("a\x00b.json", "unreadable"), (".", "unreadable")],
    ids=["empty", "blank", "nul-in-path", "directory"],
)
def test_strange_sources_give_located_errors(source: str, code: str) -> None:
    with pytest.raises(InvalidDataError) as info:
        load_dataset(source)
    assert info.value.problems[0].code == code


def test_a_json_string_may_start_with_a_bom() -> None:
    ds = f.one_unit_year()
    assert load_dataset(text="\ufeff" + dump_dataset(ds).decode()) == ds


def test_a_syntax_error_is_not_followed_by_phantom_dangling_links() -> None:
    data = dump_dataset(f.one_unit_year())
    broken = data.replace(
        b'"kind":"provincial_department"', b'"kind":"provincial_department\\ud800"', 1
    )
    with pytest.raises(InvalidDataError) as info:
        load_dataset(broken + b"}")
    assert {p.code for p in info.value.problems} <= {"json_invalid"}


@pytest.mark.parametrize("code", ["８４", "𝟖𝟒", "٨٤"])
def test_admin_unit_codes_are_ascii_digits_only(code: str) -> None:
    from pydantic import ValidationError

    with pytest.raises(ValidationError):
        f.province(code=code)


def test_control_characters_are_rejected_in_text() -> None:
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match="pattern"):
        f.agency(name="Sở\x00A")
    assert f.agency(name="Sở\tA").name == "Sở\tA"


# --- integrity through pydantic's ValidationError (hosts such as web frameworks) ----------------


def _errors(validate: Any) -> list[tuple[Any, ...]]:
    with pytest.raises(ValidationError) as info:
        validate()
    return [(e["type"], e["loc"], e["input"]) for e in info.value.errors(include_url=False)]


def test_integrity_problems_are_pydantic_errors_located_at_the_field() -> None:
    doc = _valid()
    doc["agencies"][0]["parent_id"] = "ghost"
    doc["agencies"].append(dict(doc["agencies"][0], parent_id=None))
    expected = [
        ("duplicate_id", ("agencies", 1, "id"), "so-a"),
        ("dangling_reference", ("agencies", 0, "parent_id"), "ghost"),
    ]
    assert _errors(lambda: QmsDataset.model_validate(doc)) == expected
    assert _errors(lambda: QmsDataset.model_validate_json(json.dumps(doc))) == expected


def test_field_and_integrity_problems_come_together_in_both_modes() -> None:
    doc = _valid()
    doc["agencies"][0]["kind"] = "no_such_kind"  # a field: the agency fails, its id still counts
    doc["qms_units"][0]["agency_ids"].append("ghost")  # a link among the valid records
    doc["agencies"].insert(0, {"id": "so-b", "name": "", "kind": "ministry"})  # shifts indexes
    from_parsed = _errors(lambda: QmsDataset.model_validate(doc))
    from_text = _errors(lambda: QmsDataset.model_validate_json(json.dumps(doc)))
    assert from_parsed == from_text
    assert [(t, loc) for t, loc, _ in from_parsed] == [
        ("string_too_short", ("agencies", 0, "name")),
        ("enum", ("agencies", 1, "kind")),
        ("dangling_reference", ("qms_units", 0, "agency_ids", 1)),
    ]
    # load_dataset reports the same problems, as located problems in one InvalidDataError
    with pytest.raises(InvalidDataError) as info:
        load_dataset(json.dumps(doc).encode())
    assert [(p.record_type, p.index, p.field, p.code) for p in info.value.problems] == [
        ("agency", 0, "name", "string_too_short"),
        ("agency", 1, "kind", "enum"),
        ("qms_unit", 0, "agency_ids[1]", "dangling_reference"),
    ]
    assert info.value.summary == "invalid dataset"


def test_an_integrity_only_load_keeps_its_summary() -> None:
    doc = _valid()
    doc["agencies"][0]["parent_id"] = "ghost"
    with pytest.raises(InvalidDataError) as info:
        load_dataset(json.dumps(doc).encode())
    assert info.value.summary == "dataset integrity"
    assert [(p.record_id, p.field, p.code) for p in info.value.problems] == [
        ("so-a", "parent_id", "dangling_reference")
    ]


def test_a_dataset_inside_a_host_model_is_located_below_it() -> None:
    class Body(BaseModel):
        dataset: QmsDataset

    doc = _valid()
    doc["agencies"][0]["parent_id"] = "ghost"
    assert _errors(lambda: Body.model_validate({"dataset": doc})) == [
        ("dangling_reference", ("dataset", "agencies", 0, "parent_id"), "ghost")
    ]
    assert Body.model_validate({"dataset": _valid()}).dataset == f.one_unit_year()
