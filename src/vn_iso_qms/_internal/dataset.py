"""The dataset: every record one evaluation reads, indexed by id, checked for integrity."""

from __future__ import annotations

import datetime as dt
import json
import re
import types
import typing
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from functools import cache
from itertools import chain
from operator import attrgetter
from typing import Annotated, Any, Literal, Self, TypeVar

from pydantic import (
    BaseModel,
    BeforeValidator,
    Field,
    GetCoreSchemaHandler,
    TypeAdapter,
    ValidationError,
    model_validator,
)
from pydantic_core import CoreSchema, InitErrorDetails, PydanticCustomError, core_schema

from vn_iso_qms._internal.agency import (
    AdministrativeUnit,
    Agency,
    AgencyEvent,
    ObligationDesignation,
)
from vn_iso_qms._internal.audit import (
    CorrectiveAction,
    InternalAudit,
    ManagementReview,
    Nonconformity,
)
from vn_iso_qms._internal.base import IndexedModel, Record
from vn_iso_qms._internal.calendar_days import add_days
from vn_iso_qms._internal.errors import (
    InvalidDataError,
    Problem,
    UnknownRecordError,
    error_message,
)
from vn_iso_qms._internal.inspection import (
    CorrectiveActionReport,
    Inspection,
    InspectionPlan,
    StatutoryReport,
)
from vn_iso_qms._internal.limits import DEFAULT_LIMITS, ProblemList
from vn_iso_qms._internal.obligation import DESIGNABLE_KINDS
from vn_iso_qms._internal.plan import Activity, AnnualPlan, PlanAmendment, PlannedActivity
from vn_iso_qms._internal.qms import (
    Announcement,
    DocumentApproval,
    EffectivenessConfirmation,
    LegalChange,
    Process,
    QmsUnit,
    QmsUpdate,
    ScopeDecision,
    Tthc,
    TthcListUpdate,
)
from vn_iso_qms._internal.types import LinksTo, Text

R = TypeVar("R", bound=Record)

DATASET_VERSION = 1
"""The current version of the dataset layout."""


def _links(annotation: Any, path: str) -> Iterator[tuple[str, str]]:
    """(field path, target collection) for every id that `annotation` declares at `path`."""
    origin = typing.get_origin(annotation)
    if origin is Annotated:
        base, *metadata = typing.get_args(annotation)
        target = next((m.collection for m in metadata if isinstance(m, LinksTo)), None)
        if target is not None:
            yield path, target
        else:
            yield from _links(base, path)
    elif origin in (typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            yield from _links(arg, path)
    elif origin is tuple:
        yield from _links(typing.get_args(annotation)[0], f"{path}[]")
    elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
        hints = typing.get_type_hints(annotation, include_extras=True)
        for name in annotation.model_fields:
            yield from _links(hints[name], f"{path}.{name}" if path else name)


@cache
def record_links(record_cls: type[BaseModel]) -> tuple[tuple[str, str], ...]:
    """Every link a record type declares: (field path, target collection), in field order.

    Read from the fields' types: an id typed with [`LinksTo`][vn_iso_qms._internal.types.LinksTo]
    metadata (`AgencyId`, `QmsUnitId`, ...) is a link, also inside optional values, tuples and
    nested models. A path segment ending in `[]` walks a tuple: `"findings[].process_id"`.

    Examples:
        >>> from vn_iso_qms import AgencyEvent
        >>> record_links(AgencyEvent)
        (('agency_id', 'agencies'), ('successor_ids[]', 'agencies'))
    """
    return tuple(dict.fromkeys(_links(record_cls, "")))


def _walk(value: Any, parts: Sequence[str], path: str) -> Iterator[tuple[str, str]]:
    """Yield (concrete field path, id) for every id found at `parts` below `value`."""
    if value is None:
        return
    if not parts:
        yield path, value
        return
    head, rest = parts[0], parts[1:]
    many = head.endswith("[]")
    name = head.removesuffix("[]")
    child = getattr(value, name)
    prefix = f"{path}.{name}" if path else name
    if many:
        for i, item in enumerate(child):
            yield from _walk(item, rest, f"{prefix}[{i}]")
    else:
        yield from _walk(child, rest, prefix)


@cache
def _split_links(record_cls: type[Record]) -> tuple[tuple[list[str], str], ...]:
    """`record_links` with each path split: "findings[].process_id" -> ["findings[]", ...]."""
    return tuple((path.split("."), target) for path, target in record_links(record_cls))


def integrity_problems(
    collections: Mapping[str, Sequence[Record]],
    *,
    known_ids: Mapping[str, set[str]] | None = None,
    sink: list[Problem] | None = None,
) -> list[Problem]:
    """Every duplicate id, dangling reference and cross-record inconsistency, all at once.

    Args:
        collections: records by collection name.
        known_ids: extra ids that exist although their records failed validation (so that a
            broken record is reported once, not again as a dangling target).
        sink: where to append the problems (e.g. a `ProblemList`, which keeps a bounded
            number and counts the rest); a new list when None.

    Returns:
        The problems (`sink` when given), in collection order then record order.
    """
    problems: list[Problem] = [] if sink is None else sink
    if not known_ids and _links_hold(collections):
        problems.extend(_semantic_problems(collections))
        return problems
    ids: dict[str, set[str]] = {}
    for name, records in collections.items():
        # ids of records that failed validation still count, so a clash with one is reported.
        seen: set[str] = set((known_ids or {}).get(name, ()))
        rtype = COLLECTIONS[name].record_type
        for index, record in enumerate(records):
            if record.id in seen:
                if isinstance(problems, ProblemList) and problems.full:
                    problems.omitted += 1  # counted without building a message
                    continue
                problems.append(
                    Problem(
                        record_type=rtype,
                        record_id=record.id,
                        field="id",
                        index=index,
                        code="duplicate_id",
                        message=f"id {record.id!r} is used by more than one {rtype}",
                    )
                )
            seen.add(record.id)
        ids[name] = seen
    for records in collections.values():
        for index, record in enumerate(records):
            record_cls = type(record)
            for parts, target in _split_links(record_cls):
                for path, ref in _walk(record, parts, ""):
                    if ref not in ids.get(target, ()):
                        if isinstance(problems, ProblemList) and problems.full:
                            problems.omitted += 1
                            continue
                        target_type = COLLECTIONS[target].record_type
                        problems.append(
                            Problem(
                                record_type=record_cls.record_type,
                                record_id=record.id,
                                field=path,
                                index=index,
                                code="dangling_reference",
                                message=f"{path} names {target_type} {ref!r}, which does not exist",
                            )
                        )
    problems.extend(_semantic_problems(collections))
    return problems


def _values(records: Sequence[Record], parts: Sequence[str]) -> set[str]:
    """Every id found at the field path `parts` of every record (None skipped)."""
    head, rest = parts[0], parts[1:]
    name = head.removesuffix("[]")
    if head.endswith("[]"):
        items: Iterable[Any] = chain.from_iterable(map(attrgetter(name), records))
    else:
        items = map(attrgetter(name), records)
    if rest:
        return _values(list(items), rest)
    found = set(items)  # in C, then the one None taken out: no generator step per id
    found.discard(None)
    return found


def _links_hold(collections: Mapping[str, Sequence[Record]]) -> bool:
    """Fast check, with set operations, that no id is duplicated and no link dangles.

    When it says False, the exact per-record walk runs to locate every problem; on valid data
    (the common case) that walk is skipped.
    """
    ids: dict[str, set[str]] = {}
    for name, records in collections.items():
        found = set(map(attrgetter("id"), records))
        if len(found) != len(records):
            return False
        ids[name] = found
    for records in collections.values():
        for record_cls in set(map(type, records)):
            same = [r for r in records if type(r) is record_cls]
            for parts, target in _split_links(record_cls):
                if not _values(same, parts) <= ids.get(target, set()):
                    return False
    return True


def _semantic_problems(collections: Mapping[str, Sequence[Record]]) -> Iterator[Problem]:
    """Cross-record checks beyond ids: dates, finding numbers, one plan a province and year."""
    first_plan: dict[tuple[str, int], str] = {}
    for index, plan in enumerate(collections.get("annual_plans", ())):
        assert isinstance(plan, AnnualPlan)
        key = (plan.province_id, plan.year)
        if key not in first_plan:
            first_plan[key] = plan.id
            continue
        yield Problem(
            record_type=AnnualPlan.record_type,
            record_id=plan.id,
            field="year",
            index=index,
            code="duplicate_plan",
            message=(
                f"province {plan.province_id!r} already has the approved plan "
                f"{first_plan[key]!r} for {plan.year}; a province approves one plan a year "
                "(record later changes as plan amendments)"
            ),
        )
    agencies = {a.id: a for a in collections.get("agencies", ()) if isinstance(a, Agency)}
    for index, event in enumerate(collections.get("agency_events", ())):
        assert isinstance(event, AgencyEvent)
        agency = agencies.get(event.agency_id)
        if agency is None or not event.kind.ends_agency:
            continue
        day_before = add_days(event.date, -1)
        if agency.valid_to is not None and agency.valid_to > event.date:
            message = (
                f"agency {agency.id!r} is {event.kind.value} on {event.date} but its "
                f"valid_to is {agency.valid_to}, after that day: set the agency's valid_to "
                f"to {day_before} (or leave it empty: the event alone ends the agency), "
                "or correct this event's date"
            )
        elif agency.valid_from is not None and agency.valid_from > event.date:
            message = (
                f"agency {agency.id!r} is {event.kind.value} on {event.date}, before it was "
                f"established (valid_from {agency.valid_from}): correct this event's date "
                "or the agency's valid_from"
            )
        else:
            continue
        yield Problem(
            record_type=AgencyEvent.record_type,
            record_id=event.id,
            field="date",
            index=index,
            code="event_validity_mismatch",
            message=message,
        )
    for index, designation in enumerate(collections.get("obligation_designations", ())):
        assert isinstance(designation, ObligationDesignation)
        agency = agencies.get(designation.agency_id)
        if agency is None or agency.kind in DESIGNABLE_KINDS:
            continue
        yield Problem(
            record_type=ObligationDesignation.record_type,
            record_id=designation.id,
            field="agency_id",
            index=index,
            code="designation_kind",
            message=(
                f"agency {agency.id!r} is a {agency.kind.value}; a provincial People's Committee "
                "designates public service units only (TT 26 Art. 6.5): other kinds take their "
                "class from QĐ 19 Art. 2"
            ),
        )
    audits = {
        a.id: a for a in collections.get("internal_audits", ()) if isinstance(a, InternalAudit)
    }
    for index, nc in enumerate(collections.get("nonconformities", ())):
        assert isinstance(nc, Nonconformity)
        audit = audits.get(nc.audit_id) if nc.audit_id else None
        if audit is None or nc.finding_number is None:
            continue
        numbers = {f.number for f in audit.findings}
        if nc.finding_number not in numbers:
            yield Problem(
                record_type=Nonconformity.record_type,
                record_id=nc.id,
                field="finding_number",
                index=index,
                code="dangling_reference",
                message=f"audit {audit.id!r} has no finding number {nc.finding_number}",
            )


INTEGRITY_CODES = frozenset(
    {"duplicate_id", "dangling_reference", "event_validity_mismatch", "designation_kind"}
)
"""The error codes of the checks across records (as opposed to the checks of one record)."""

_PATH_PART = re.compile(r"\[(\d+)\]|([^.\[\]]+)")


def _path(field: str | None) -> list[str | int]:
    """`"findings[0].process_id"` -> `["findings", 0, "process_id"]`."""
    if not field:
        return []
    return [int(m[1]) if m[1] is not None else m[2] for m in _PATH_PART.finditer(field)]


def _value_at(record: Record, path: Sequence[str | int]) -> Any:
    """The value at `path` inside `record` (the offending value of a problem), or the record id."""
    value: Any = record
    try:
        for part in path:
            value = value[part] if isinstance(part, int) else getattr(value, part)
    except (AttributeError, IndexError, TypeError):
        return record.id
    return value


def _integrity_error(problem: Problem, index: int, record: Record) -> InitErrorDetails:
    """One integrity problem as a pydantic line error, located like a field error."""
    path = _path(problem.field)
    return {
        "type": PydanticCustomError(problem.code, problem.message),
        "loc": (_COLLECTION_OF_RECORD_TYPE[problem.record_type], index, *path),
        "input": _value_at(record, path),
    }


def integrity_errors(collections: Mapping[str, Sequence[Record]]) -> list[InitErrorDetails]:
    """Every integrity problem of `collections` as pydantic line errors (see `integrity_problems`)."""
    errors: list[InitErrorDetails] = []
    # bounded like every reader: beyond the budget, problems are counted, not built
    for problem in integrity_problems(collections, sink=ProblemList(DEFAULT_LIMITS.max_problems)):
        assert problem.index is not None
        records = collections[_COLLECTION_OF_RECORD_TYPE[problem.record_type]]
        errors.append(_integrity_error(problem, problem.index, records[problem.index]))
    return errors


@cache
def _tuple_adapter(record_cls: type[Record]) -> TypeAdapter[tuple[Record, ...]]:
    """A validator of a tuple of one record type, built once (building one takes milliseconds)."""
    return TypeAdapter(tuple[record_cls, ...])  # type: ignore[valid-type]


def _raw_id(item: Any) -> str | None:
    """The id of a record given as a dict or as a record, when it is a string."""
    value = item.get("id") if isinstance(item, Mapping) else getattr(item, "id", None)
    return value if isinstance(value, str) else None


_ValidPart = tuple[Sequence[Record], Sequence[int], set[str]]
"""The records of one collection that validate, their positions in the input, and the ids of
the records that did not (they count as existing when links are checked)."""


class _ValidRecords(typing.NamedTuple):
    """The valid part of every collection of a raw dataset (see `_valid_records`)."""

    records: dict[str, Sequence[Record]]
    positions: dict[str, Sequence[int]]
    known: dict[str, set[str]]


def _valid_records(
    raw: Mapping[str, Any],
    valid_part: Callable[[str, type[Record], Sequence[Any]], _ValidPart],
) -> _ValidRecords:
    """`valid_part` applied to each collection of `raw` given as a list (others count as empty)."""
    out = _ValidRecords({}, {}, {})
    for name, record_cls in COLLECTIONS.items():
        items = raw.get(name, ())
        if not isinstance(items, list | tuple):
            out.records[name] = ()
            continue
        out.records[name], out.positions[name], known = valid_part(name, record_cls, items)
        if known:
            out.known[name] = known
    return out


def _integrity_errors(
    valid: _ValidRecords, sink: list[Problem] | None = None
) -> list[InitErrorDetails]:
    """The integrity problems among `valid`'s records, each located at its input position."""
    out: list[InitErrorDetails] = []
    for problem in integrity_problems(valid.records, known_ids=valid.known, sink=sink):
        assert problem.index is not None
        name = _COLLECTION_OF_RECORD_TYPE[problem.record_type]
        record = valid.records[name][problem.index]
        out.append(_integrity_error(problem, valid.positions[name][problem.index], record))
    return out


def links_of_valid_records(raw: Any, exc: ValidationError) -> list[InitErrorDetails]:
    """The integrity errors among the records of `raw` that did validate, after `exc`.

    When some fields fail, pydantic never reaches the dataset's integrity check. This runs it on
    the records that are valid (the ids of the failed ones count as existing, so a broken record
    is reported once, not again as a dangling target), so that one pass reports every problem,
    located at each record's position in the input. Empty when `exc` is itself the integrity
    check's error or when `raw` is not a mapping of collections.
    """
    errors = exc.errors(include_url=False, include_context=False, include_input=False)
    if not isinstance(raw, Mapping) or all(e["type"] in INTEGRITY_CODES for e in errors):
        return []
    failed: dict[str, set[int]] = {}
    for err in errors:
        loc = err["loc"]
        if len(loc) >= 2 and loc[0] in COLLECTIONS and isinstance(loc[1], int):
            failed.setdefault(str(loc[0]), set()).add(loc[1])

    def valid_part(name: str, record_cls: type[Record], items: Sequence[Any]) -> _ValidPart:
        bad = failed.get(name, set())
        where = [i for i in range(len(items)) if i not in bad]
        known = {rid for i in bad if i < len(items) and (rid := _raw_id(items[i]))}
        try:
            good = _tuple_adapter(record_cls).validate_python([items[i] for i in where])
        except ValidationError:  # pragma: no cover - these items already validated once
            return (), where, {rid for item in items if (rid := _raw_id(item))}
        return good, where, known

    return _integrity_errors(_valid_records(raw, valid_part))


def _line_errors(exc: ValidationError) -> list[InitErrorDetails]:
    """The errors of `exc` as line errors again, to raise them with more.

    A custom error keeps its message as it was written, with nothing to substitute.
    """
    return _line_errors_of(exc.errors(include_url=False))


_KNOWN_ERROR_TYPES = frozenset(typing.get_args(core_schema.ErrorType))
_NO_CONTEXT_TYPES = frozenset({"missing", "extra_forbidden", "frozen_instance", "frozen_field"})
"""Known error types whose message needs no context: rebuilt as themselves without one."""


def _with_links_of_valid_records(
    value: Any, handler: core_schema.ValidatorFunctionWrapHandler
) -> Any:
    """Python-mode validation of a dataset: field errors and integrity errors together."""
    try:
        return handler(value)
    except ValidationError as exc:
        extra = links_of_valid_records(value, exc)
        if not extra:
            raise
        raise ValidationError.from_exception_data(exc.title, [*_line_errors(exc), *extra]) from None


def _fail_fast_then_bounded(value: Any, handler: core_schema.ValidatorFunctionWrapHandler) -> Any:
    """Python-mode validation of a dataset with the loader's guarantees (see `bounded_errors`).

    Valid data costs what it did: each collection is validated once, stopping at its first bad
    record. Only on the error path is every record validated alone, within the problem budget.
    """
    if not isinstance(value, Mapping):  # a dataset instance, or not a mapping at all
        return handler(value)
    try:
        checked = _fail_fast_dataset().__pydantic_validator__.validate_python(value)
    except ValidationError as exc:
        raise bounded_error(value, exc, input_type="python") from None
    # The records are valid instances now: the full schema only checks their types (and runs
    # the integrity check, once), so `QmsDataset(...)` fills its instance as pydantic does.
    return handler(_validated(value, checked))


def _validated(value: Mapping[str, Any], checked: QmsDataset) -> dict[str, Any]:
    """`value` with each collection it gives replaced by its validated records."""
    return {k: getattr(checked, k) if k in COLLECTIONS else v for k, v in value.items()}


def fail_fast_collections() -> dict[str, Any]:
    """Each collection field's type, as a tuple that stops validating at its first bad record.

    The one definition the fail-fast dataset models and the JSON reader's per-collection
    validators share.
    """
    return {
        name: Annotated[tuple[record_cls, ...], Field(fail_fast=True)]  # type: ignore[valid-type]
        for name, record_cls in COLLECTIONS.items()
    }


@cache
def _fail_fast_dataset() -> type[QmsDataset]:
    """`QmsDataset` whose collections stop validating at their first bad record."""
    from pydantic import create_model

    class Flagged(QmsDataset):
        __pydantic_fail_fast_dataset__: typing.ClassVar[bool] = True

        @model_validator(mode="after")
        def _check_integrity(self) -> Self:  # checked once, by the full schema after this
            return self

    fields: dict[str, Any] = {name: (kind, ()) for name, kind in fail_fast_collections().items()}
    model: type[QmsDataset] = create_model(
        "QmsDataset", __base__=Flagged, __module__=__name__, **fields
    )
    return model


@cache
def _record_adapter(record_cls: type[Record]) -> TypeAdapter[Record]:
    return TypeAdapter(record_cls)


def bounded_errors(raw: Mapping[str, Any], exc: ValidationError) -> list[InitErrorDetails]:
    """Every problem of `raw` after a fail-fast validation refused it, within the budget.

    As `load_dataset` does: each record of a collection with a bad record is validated alone
    (memory holds one record's errors at a time), at most `DEFAULT_LIMITS.max_problems` errors
    are kept and the rest counted in a last `too_many_errors` entry, and links are checked among
    the records that validate (the ids of the others count as existing).
    """
    limit = DEFAULT_LIMITS.max_problems
    errors = exc.errors(include_url=False)
    bad = {
        str(e["loc"][0])
        for e in errors
        if len(e["loc"]) >= 2
        and e["loc"][0] in COLLECTIONS
        and isinstance(raw.get(str(e["loc"][0])), list | tuple)
    }
    out = _line_errors_of([e for e in errors if not (len(e["loc"]) >= 2 and e["loc"][0] in bad)])
    omitted = max(0, len(out) - limit)
    del out[limit:]

    def valid_part(name: str, record_cls: type[Record], items: Sequence[Any]) -> _ValidPart:
        nonlocal omitted
        if name not in bad:
            try:
                return _tuple_adapter(record_cls).validate_python(items), range(len(items)), set()
            except ValidationError:  # pragma: no cover - validated without error just before
                pass
        adapter = _record_adapter(record_cls)
        good: list[Record] = []
        where: list[int] = []
        failed: set[str] = set()
        for index, item in enumerate(items):
            try:
                good.append(adapter.validate_python(item))
                where.append(index)
            except ValidationError as one:
                if (rid := _raw_id(item)) is not None:
                    failed.add(rid)
                if len(out) >= limit:
                    omitted += one.error_count()
                    continue
                for line in _line_errors(one):
                    if len(out) >= limit:
                        omitted += 1
                        continue
                    line["loc"] = (name, index, *line["loc"])
                    out.append(line)
        return tuple(good), where, failed

    valid = _valid_records(raw, valid_part)
    sink = ProblemList(max(limit - len(out), 0))
    out.extend(_integrity_errors(valid, sink))
    omitted += sink.omitted
    if omitted:
        message = f"{omitted:,} more problems, not listed: the first {limit:,} are"
        out.append(
            {"type": PydanticCustomError("too_many_errors", message), "loc": (), "input": None}
        )
    return out


def bounded_error(
    raw: Any, exc: ValidationError, *, input_type: Literal["python", "json"]
) -> ValidationError:
    """`exc` completed as `bounded_errors` does (as it is when `raw` is not a mapping)."""
    if not isinstance(raw, Mapping) or any(e["type"] == "json_invalid" for e in exc.errors()):
        return exc
    return ValidationError.from_exception_data(
        "QmsDataset", bounded_errors(raw, exc), input_type=input_type
    )


def _line_errors_of(errors: list[Any]) -> list[InitErrorDetails]:
    """Errors (dicts from `ValidationError.errors`) as line errors again."""
    out: list[InitErrorDetails] = []
    for err in errors:
        kind = err["type"]
        if kind in _KNOWN_ERROR_TYPES and ("ctx" in err or kind in _NO_CONTEXT_TYPES):
            detail: InitErrorDetails = {"type": kind, "loc": err["loc"], "input": err["input"]}
            if "ctx" in err:
                detail["ctx"] = err["ctx"]
        else:  # a custom error, possibly under a known type's name (`_exact_int`'s literal_error)
            detail = {
                "type": PydanticCustomError(kind, err["msg"]),
                "loc": err["loc"],
                "input": err["input"],
            }
        out.append(detail)
    return out


def _exact_int(value: Any) -> Any:
    """Let only a real integer through (JSON `true` and `1.0` are not the version 1)."""
    if type(value) is not int:
        msg = f"version must be the integer 1, not {value!r}"
        raise PydanticCustomError("literal_error", msg)
    return value


class QmsDataset(IndexedModel):
    """Every record one evaluation reads: one or more provinces over one or more years.

    Validation checks referential integrity too: every duplicate id and every dangling link is
    reported at once, in the same `pydantic.ValidationError` as the invalid fields, located at
    the record and field (`("qms_units", 0, "owner_agency_id")`), so a web framework answers
    them like any other validation error. The methods that build a dataset from records
    (`from_records`, `with_records`, `without`) raise
    [`InvalidDataError`][vn_iso_qms.InvalidDataError] instead, as
    [`load_dataset`][vn_iso_qms.load_dataset] does.

    Examples:
        >>> from vn_iso_qms import Agency, AgencyKind, QmsDataset
        >>> ds = QmsDataset(agencies=(Agency(id="a", name="Sở Tư pháp",
        ...                                  kind=AgencyKind.PROVINCIAL_DEPARTMENT),))
        >>> ds.get(Agency, "a").name
        'Sở Tư pháp'
    """

    format: Literal["vn_iso_qms.dataset"] = "vn_iso_qms.dataset"
    """Marks the JSON document as a vn_iso_qms dataset."""
    version: Annotated[Literal[1], BeforeValidator(_exact_int)] = 1
    """Layout version of the dataset."""
    name: Text | None = None
    """A label for the dataset, e.g. the province and years it holds."""
    admin_units: tuple[AdministrativeUnit, ...] = ()
    """Provinces, districts and communes referred to."""
    agencies: tuple[Agency, ...] = ()
    """The registry of agencies and units."""
    agency_events: tuple[AgencyEvent, ...] = ()
    """Establishments, renamings, mergers, splits, dissolutions."""
    obligation_designations: tuple[ObligationDesignation, ...] = ()
    """Public service units the provincial People's Committee made obliged (TT 26 Art. 6.5)."""
    tthc: tuple[Tthc, ...] = ()
    """Published administrative procedures and who handles them."""
    tthc_list_updates: tuple[TthcListUpdate, ...] = ()
    """Updates of the provinces' published lists of procedures (TT 26 Art. 4.3)."""
    qms_units: tuple[QmsUnit, ...] = ()
    """QMS units and the agencies they cover."""
    processes: tuple[Process, ...] = ()
    """Work processes."""
    announcements: tuple[Announcement, ...] = ()
    """Announcements and re-announcements."""
    legal_changes: tuple[LegalChange, ...] = ()
    """Legal changes affecting TTHC processing."""
    qms_updates: tuple[QmsUpdate, ...] = ()
    """QMS updates answering legal changes."""
    scope_decisions: tuple[ScopeDecision, ...] = ()
    """Recorded decisions changing a QMS's scope."""
    internal_audits: tuple[InternalAudit, ...] = ()
    """Internal audits with their findings."""
    inspection_plans: tuple[InspectionPlan, ...] = ()
    """Yearly inspection plans."""
    inspections: tuple[Inspection, ...] = ()
    """Desk and on-site inspections."""
    nonconformities: tuple[Nonconformity, ...] = ()
    """Nonconformities."""
    corrective_actions: tuple[CorrectiveAction, ...] = ()
    """Corrective actions with their state logs."""
    management_reviews: tuple[ManagementReview, ...] = ()
    """Management reviews."""
    annual_plans: tuple[AnnualPlan, ...] = ()
    """Approved annual plans."""
    plan_amendments: tuple[PlanAmendment, ...] = ()
    """Approved plan amendments."""
    planned_activities: tuple[PlannedActivity, ...] = ()
    """Activities planned per unit."""
    document_approvals: tuple[DocumentApproval, ...] = ()
    """Approvals of QMS documents and processes (QĐ 19 Art. 4.2.a)."""
    effectiveness_confirmations: tuple[EffectivenessConfirmation, ...] = ()
    """The head's confirmations of effectiveness (QĐ 19 Art. 4.2.d)."""
    activities: tuple[Activity, ...] = ()
    """Done activities without a record type of their own."""
    corrective_action_reports: tuple[CorrectiveActionReport, ...] = ()
    """Agencies' corrective-action reports after inspections."""
    statutory_reports: tuple[StatutoryReport, ...] = ()
    """Submitted November and December reports."""

    @model_validator(mode="after")
    def _check_integrity(self) -> Self:
        errors = integrity_errors(self.collections())
        if errors:
            raise ValidationError.from_exception_data(type(self).__name__, errors)
        return self

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: type[Any], handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        schema = handler(source)
        if schema["type"] == "json-or-python":  # this class's own schema, already wrapped
            return schema
        if getattr(source, "__pydantic_fail_fast_dataset__", False):
            return schema  # the fail-fast variant validates plainly: the wrapper below calls it
        # In Python mode (parsed JSON, as web frameworks validate), integrity is checked on the
        # valid records even when some fields fail; JSON mode does the same in
        # `model_validate_json`, on the error path only (a wrapper around the JSON validation
        # would convert the whole document to Python objects first).
        return core_schema.json_or_python_schema(
            json_schema=schema,
            python_schema=core_schema.no_info_wrap_validator_function(
                _fail_fast_then_bounded if source is QmsDataset else _with_links_of_valid_records,
                schema,
            ),
        )

    @classmethod
    def model_validate_json(cls, json_data: str | bytes | bytearray, **kwargs: Any) -> Self:
        """Validate a dataset from JSON text: field errors and integrity errors together.

        As pydantic's `model_validate_json`, and when some fields are invalid, the links among
        the records that are valid are checked too, and reported in the same error.

        Raises:
            pydantic.ValidationError: with every problem found.
        """
        if cls is not QmsDataset:  # a subclass: pydantic's own, then the links
            return cls._validate_json_with_links(json_data, **kwargs)
        validator = _fail_fast_dataset().__pydantic_validator__
        try:
            checked = validator.validate_json(
                json_data, strict=kwargs.get("strict"), context=kwargs.get("context")
            )
        except ValidationError as exc:
            if any(e["type"] == "json_invalid" for e in exc.errors(include_context=False)):
                raise
            try:
                raw = json.loads(json_data)
            except (ValueError, RecursionError):  # pragma: no cover - pydantic read it
                raise exc from None
            raise bounded_error(raw, exc, input_type="json") from None
        values = {name: getattr(checked, name) for name in checked.model_fields_set}
        return cls.model_validate(
            values, strict=kwargs.get("strict"), context=kwargs.get("context")
        )

    @classmethod
    def _validate_json_with_links(cls, json_data: str | bytes | bytearray, **kwargs: Any) -> Self:
        try:
            return super().model_validate_json(json_data, **kwargs)
        except ValidationError as exc:
            if any(e["type"] == "json_invalid" for e in exc.errors(include_context=False)):
                raise
            try:
                raw = json.loads(json_data)
            except (ValueError, RecursionError):  # pragma: no cover - pydantic read it
                raise exc from None
            extra = links_of_valid_records(raw, exc)
            if not extra:
                raise
            title = exc.title
            line_errors = [*_line_errors(exc), *extra]
        raise ValidationError.from_exception_data(title, line_errors, input_type="json")

    @classmethod
    def _build(cls, values: dict[str, Any]) -> Self:
        """Validate `values` (records already valid); integrity problems as `InvalidDataError`."""
        try:
            return cls.model_validate(values)
        except ValidationError as exc:
            raise InvalidDataError(
                [_problem_of(err, values) for err in exc.errors(include_url=False)],
                summary="dataset integrity",
            ) from None

    def collections(self) -> dict[str, tuple[Record, ...]]:
        """Every collection by name, in dependency order."""
        return {name: getattr(self, name) for name in COLLECTIONS}

    def records(self) -> Iterator[Record]:
        """Every record, collection by collection."""
        for name in COLLECTIONS:
            yield from getattr(self, name)

    def effective_agencies(self) -> Mapping[str, Agency]:
        """Every agency by id, ended by its ending event when its `valid_to` is left empty.

        One record per fact: an event that ends an agency (merged into, split, dissolved) is
        enough; an agency with no `valid_to` is read as valid until the day before its earliest
        ending event. An agency whose `valid_to` is given keeps it (the integrity check makes
        sure it is not after the event). The records themselves are left as they were given, so
        an export writes what was imported.
        """

        def build() -> dict[str, Agency]:
            ends: dict[str, dt.date] = {}
            for event in self.agency_events:
                if event.kind.ends_agency:
                    last = add_days(event.date, -1)
                    ends[event.agency_id] = min(last, ends.get(event.agency_id, last))
            out: dict[str, Agency] = {}
            for agency in self.agencies:
                end = ends.get(agency.id)
                ended_by_event = (
                    end is not None
                    and agency.valid_to is None
                    and (agency.valid_from is None or agency.valid_from <= end)
                )
                out[agency.id] = (
                    agency.model_copy(update={"valid_to": end}) if ended_by_event else agency
                )
            return out

        return self._lookup("effective_agencies", build)

    def index(self, record_type: type[R]) -> Mapping[str, R]:
        """All records of `record_type` by id (built on first use, then cached)."""
        name = COLLECTION_OF[record_type]
        records: tuple[R, ...] = getattr(self, name)
        return self._lookup(name, lambda: {r.id: r for r in records})

    def get(self, record_type: type[R], record_id: str) -> R:
        """The record of `record_type` with `record_id`.

        Raises:
            UnknownRecordError: when there is none.
        """
        try:
            return self.index(record_type)[record_id]
        except KeyError:
            msg = f"no {record_type.record_type} with id {record_id!r}"
            raise UnknownRecordError(msg) from None

    def with_records(self, *records: Record, replace: bool = False) -> QmsDataset:
        """A new dataset with `records` added (or replacing same-id records when `replace`).

        A replacing record takes the place of the one it replaces, so the order of records (and
        of rows in an export) does not change; new records come last. The result is validated
        again, integrity included.
        """
        grouped: dict[str, list[Record]] = {n: list(getattr(self, n)) for n in COLLECTIONS}
        for record in records:
            collection = grouped[COLLECTION_OF[type(record)]]
            if replace:
                at = next((i for i, r in enumerate(collection) if r.id == record.id), None)
                if at is not None:
                    collection[at] = record
                    continue
            collection.append(record)
        return self._build({"name": self.name, **{n: tuple(v) for n, v in grouped.items()}})

    def without(self, record_type: type[Record], *record_ids: str) -> QmsDataset:
        """A new dataset without the records of `record_type` with `record_ids`."""
        name = COLLECTION_OF[record_type]
        drop = set(record_ids)
        kept = tuple(r for r in getattr(self, name) if r.id not in drop)
        values = {n: getattr(self, n) for n in COLLECTIONS}
        values[name] = kept
        return self._build({"name": self.name, **values})

    @classmethod
    def from_records(cls, records: Iterable[Record], *, name: str | None = None) -> Self:
        """Build a dataset from records of any types, sorted into their collections."""
        grouped: dict[str, list[Record]] = {n: [] for n in COLLECTIONS}
        for record in records:
            grouped[COLLECTION_OF[type(record)]].append(record)
        return cls._build({"name": name, **{n: tuple(v) for n, v in grouped.items()}})

    def counts(self) -> dict[str, int]:
        """Number of records per collection."""
        return {name: len(getattr(self, name)) for name in COLLECTIONS}


def _collection_type(annotation: Any) -> type[Record] | None:
    args = typing.get_args(annotation)
    if typing.get_origin(annotation) is tuple and args and isinstance(args[0], type):
        return args[0] if issubclass(args[0], Record) else None
    return None


COLLECTIONS: dict[str, type[Record]] = {
    name: record_cls
    for name, info in QmsDataset.model_fields.items()
    if (record_cls := _collection_type(info.annotation)) is not None
}
"""Every collection of a dataset and the record type it holds, in the order of the fields of
`QmsDataset`: a collection comes after those it links to (plan amendments and planned
activities link to each other)."""

COLLECTION_OF: dict[type[Record], str] = {t: name for name, t in COLLECTIONS.items()}
"""The collection that holds each record type."""
_COLLECTION_OF_RECORD_TYPE = {t.record_type: name for name, t in COLLECTIONS.items()}

REFERENCES: tuple[tuple[type[Record], str, str], ...] = tuple(
    (record_cls, path, target)
    for record_cls in COLLECTIONS.values()
    for path, target in record_links(record_cls)
)
"""Every link between records: (record type, field path, target collection), read from the
record types (see `record_links`)."""


def _problem_of(err: Any, values: Mapping[str, Any]) -> Problem:
    """A located problem from one pydantic error of a dataset built from `values`."""
    loc: tuple[str | int, ...] = tuple(err["loc"])
    code, message = str(err["type"]), error_message(err)
    if len(loc) >= 2 and loc[0] in COLLECTIONS and isinstance(loc[1], int):
        collection, index = str(loc[0]), loc[1]
        items = values.get(collection, ())
        field = ""
        for part in loc[2:]:
            field += f"[{part}]" if isinstance(part, int) else (f".{part}" if field else part)
        return Problem(
            record_type=COLLECTIONS[collection].record_type,
            record_id=_raw_id(items[index]) if index < len(items) else None,
            index=index,
            field=field or None,
            code=code,
            message=message,
        )
    where = ".".join(map(str, loc)) or None
    return Problem(record_type="dataset", field=where, code=code, message=message)


def processes_by_qms(dataset: QmsDataset) -> Mapping[str, tuple[Process, ...]]:
    """The dataset's processes by QMS id, in the dataset's order (built once per dataset)."""

    def build() -> dict[str, tuple[Process, ...]]:
        grouped: dict[str, list[Process]] = {}
        for process in dataset.processes:
            grouped.setdefault(process.qms_id, []).append(process)
        return {qms_id: tuple(found) for qms_id, found in grouped.items()}

    return dataset._lookup("processes_by_qms", build)
