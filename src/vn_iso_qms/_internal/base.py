"""The one base of every record, and `evolve()`."""

from __future__ import annotations

from typing import Any, ClassVar, TypeVar

from pydantic import BaseModel, ConfigDict

from vn_iso_qms._internal.types import RecordId

M = TypeVar("M", bound=BaseModel)


class QmsModel(BaseModel):
    """Base of every vn_iso_qms model: immutable, no unknown fields, documented fields.

    Instances are frozen (hashable, safe to share), reject fields they do not know, and keep
    collections as tuples. Change one with [`evolve`][vn_iso_qms.evolve], which validates again.
    """

    model_config = ConfigDict(
        frozen=True,
        extra="forbid",
        validate_default=True,
        use_attribute_docstrings=True,
        ser_json_inf_nan="strings",
        allow_inf_nan=False,
        hide_input_in_errors=False,
        # Build validators on first use, not at import: `import vn_iso_qms` stays fast and a
        # tool that uses a few record types never pays for the others.
        defer_build=True,
    )


class Record(QmsModel):
    """A record with identity: an `id`, unique among records of its type in a dataset."""

    record_type: ClassVar[str] = "record"
    """The stable name of this record type, used in error locations and the JSON collection name."""

    id: RecordId
    """The record's id, unique among records of this type in a dataset."""


def evolve(model: M, /, **changes: Any) -> M:
    """Return a copy of `model` with `changes` applied, validated like a new instance.

    Unlike pydantic's `model_copy(update=...)`, which skips validation, every field and every
    cross-field check (date order, state-log order, ...) runs again.

    Args:
        model: the record or value to change.
        **changes: new values by field name.

    Returns:
        A new instance of the same type.

    Raises:
        pydantic.ValidationError: when a change is invalid or names an unknown field.

    Examples:
        >>> import datetime as dt
        >>> from vn_iso_qms import Agency, AgencyKind, evolve
        >>> a = Agency(id="so-khcn", name="Sở Khoa học và Công nghệ",
        ...            kind=AgencyKind.PROVINCIAL_DEPARTMENT, valid_from=dt.date(2008, 4, 1))
        >>> evolve(a, name="Sở Khoa học và Công nghệ tỉnh X").name
        'Sở Khoa học và Công nghệ tỉnh X'
    """
    current = {name: getattr(model, name) for name in type(model).model_fields}
    # Unknown names in `changes` reach pydantic, which rejects them (extra="forbid").
    return type(model).model_validate({**current, **changes})
