"""The one base of every record, and `evolve()`."""

from __future__ import annotations

import ast
import datetime as dt
import inspect
import itertools
import linecache
import sys
from collections.abc import Callable
from functools import cache
from typing import Any, ClassVar, Self, TypeVar

from pydantic import BaseModel, ConfigDict, PrivateAttr, model_validator
from pydantic._internal._model_construction import ModelMetaclass
from pydantic_core import PydanticCustomError

from vn_iso_qms._internal.types import Date, RecordId

M = TypeVar("M", bound=BaseModel)
T = TypeVar("T")


@cache
def _module_classes(module: str) -> dict[str, dict[str, str]]:
    """Attribute docstrings of every class in `module`, by qualified name; one parse per module."""
    file = getattr(sys.modules.get(module), "__file__", None)
    source = "".join(linecache.getlines(file)) if file else ""
    if not source:
        return {}
    found: dict[str, dict[str, str]] = {}

    def visit(body: list[ast.stmt], prefix: str) -> None:
        for node in body:
            if isinstance(node, ast.ClassDef):
                qualname = prefix + node.name
                found[qualname] = _docstrings(node.body)
                visit(node.body, qualname + ".")

    visit(ast.parse(source).body, "")
    return found


def _docstrings(body: list[ast.stmt]) -> dict[str, str]:
    """`name: type` (optionally `= value`) directly followed by a string: the string, cleaned.

    The same reading as pydantic's `use_attribute_docstrings`.
    """
    docs: dict[str, str] = {}
    for node, following in itertools.pairwise(body):
        if (
            isinstance(node, ast.AnnAssign)
            and isinstance(node.target, ast.Name)
            and isinstance(following, ast.Expr)
            and isinstance(following.value, ast.Constant)
            and isinstance(following.value.value, str)
        ):
            docs[node.target.id] = inspect.cleandoc(following.value.value)
    return docs


def attribute_docstrings(module: str, qualname: str) -> dict[str, str]:
    """The attribute docstrings of class `qualname` of `module` (empty when no source)."""
    return _module_classes(module).get(qualname, {})


_FIELDS_SETS: dict[frozenset[str], set[str]] = {}
"""One shared `__pydantic_fields_set__` per distinct set of given field names."""
_set_attribute = object.__setattr__
_new_object = object.__new__
_MAX_SHARED_FIELDS_SETS = 10_000
"""Beyond this many distinct sets (never reached by real data), instances keep their own."""


class _BuiltOnFirstUse(ModelMetaclass):
    """Every model class is built on first use, never at import, and says it is built after.

    `defer_build` keeps `import vn_iso_qms` fast: a model's validator is built the first time
    it is used. But a `TypeAdapter` also reads `defer_build` from the model's config and then
    defers its own build to its first use; FastAPI creates one per route parameter inside a
    block that silences pydantic's `UnsupportedFieldAttributeWarning` about its `Field(alias=...)`
    and validates outside it, so every route with a record body warned once (an error in a
    test suite run with warnings as errors). So each class is created deferred (a class keyword
    wins over its bases' config), and its config then says `defer_build=False`: hosts'
    adapters build at once, and `import vn_iso_qms` builds nothing.
    """

    def __new__(
        mcs, cls_name: str, bases: tuple[type[Any], ...], namespace: dict[str, Any], **kwargs: Any
    ) -> type:
        kwargs.setdefault("defer_build", True)
        cls = super().__new__(mcs, cls_name, bases, namespace, **kwargs)
        config = dict(getattr(cls, "model_config", {}))
        config["defer_build"] = False
        cls.model_config = ConfigDict(**config)  # type: ignore[attr-defined, typeddict-item]
        return cls


class QmsModel(BaseModel, metaclass=_BuiltOnFirstUse):
    """Base of every vn_iso_qms model: immutable, no unknown fields, documented fields.

    Instances are frozen (hashable, safe to share), reject fields they do not know, and keep
    collections as tuples. Change one with [`evolve`][vn_iso_qms.evolve], which validates again.
    """

    model_config = ConfigDict(
        frozen=True,
        extra="forbid",
        validate_default=True,
        # Field descriptions come from the attribute docstrings, attached by
        # `__pydantic_init_subclass__` below: pydantic's own `use_attribute_docstrings` finds
        # each class's source through `inspect` and re-tokenizes it, which was a third of
        # `import vn_iso_qms` (0.25 s of 0.75 s under the profiler).
        use_attribute_docstrings=False,
        ser_json_inf_nan="strings",
        allow_inf_nan=False,
        hide_input_in_errors=False,
        # Build validators on first use, not at import: `import vn_iso_qms` stays fast and a
        # tool that uses a few record types never pays for the others (see `_BuiltOnFirstUse`).
        defer_build=True,
    )

    __all_fields_set__: ClassVar[set[str]] = set()
    """The names of all this class's fields: the set every complete instance shares."""

    @model_validator(mode="after")
    def _share_fields_set(self) -> Self:
        # pydantic gives every instance its own set of the field names it was given (200-700
        # bytes each: a third of a loaded dataset's memory). Records are frozen, so pydantic
        # never changes that set in place (model_copy copies it first): equal sets can be
        # shared. A dump gives every field, so most instances share their class's full set.
        fields_set = self.__pydantic_fields_set__
        every = self.__all_fields_set__
        if len(fields_set) == len(every):  # a subset of the same size: the same set
            _set_attribute(self, "__pydantic_fields_set__", every)
            return self
        key = frozenset(fields_set)
        shared = _FIELDS_SETS.get(key)
        if shared is not None:
            _set_attribute(self, "__pydantic_fields_set__", shared)
        elif len(_FIELDS_SETS) < _MAX_SHARED_FIELDS_SETS:
            _FIELDS_SETS[key] = fields_set
        return self

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        cls.__all_fields_set__ = set(cls.__pydantic_fields__)
        docs = attribute_docstrings(cls.__module__, cls.__qualname__)
        for name, field in cls.__pydantic_fields__.items():
            if field.description is None and name in docs:
                field.description = docs[name]

    @classmethod
    def _unchecked(cls, **values: Any) -> Self:
        """An instance from values the library built itself, skipping validation.

        Every field must be given, already of its type; the instance then equals the one
        validation gives (`tests/unit/test_records.py` checks it for each class that uses this).
        Four times cheaper than `model_construct`, which walks the fields and their defaults:
        rule results and reasons are built tens of thousands of times per evaluation.
        """
        every = cls.__all_fields_set__
        # a count, not a comparison of the names (a third of the call): the library's own call
        # sites, each run by the tests, which compare the instances with validated ones
        if len(values) != len(every) or cls.__private_attributes__:
            msg = f"{cls.__name__}._unchecked needs exactly its fields and no private attributes"
            raise TypeError(msg)
        instance = _new_object(cls)
        _set_attribute(instance, "__dict__", values)
        _set_attribute(instance, "__pydantic_fields_set__", every)
        _set_attribute(instance, "__pydantic_extra__", None)
        _set_attribute(instance, "__pydantic_private__", None)
        return instance


class IndexedModel(QmsModel):
    """A model that keeps lookups derived from its fields, built on first use.

    The lookups live in a private cache that is not part of the value: equality and hashing
    compare the fields only, so looking something up never changes what the model equals.
    """

    _lookups: dict[str, Any] = PrivateAttr(default_factory=dict)

    def _lookup(self, key: str, build: Callable[[], T]) -> T:
        """The lookup `key`, built by `build()` the first time it is asked for."""
        try:
            value: T = self._lookups[key]
        except KeyError:
            value = self._lookups[key] = build()
        return value

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, IndexedModel):
            return NotImplemented
        return type(self) is type(other) and all(
            getattr(self, name) == getattr(other, name) for name in type(self).model_fields
        )

    def __hash__(self) -> int:
        return hash(tuple(getattr(self, name) for name in type(self).model_fields))


class Record(QmsModel):
    """A record with identity: an `id`, unique among records of its type in a dataset."""

    record_type: ClassVar[str] = "record"
    """The stable name of this record type, used in error locations and the JSON collection name."""

    id: RecordId
    """The record's id, unique among records of this type in a dataset."""


class ValidityMixin(QmsModel):
    """Effective dating: a record valid from one day to another, both inclusive."""

    valid_from: Date | None = None
    """First day the record is valid (inclusive); None when unknown or long before any data."""
    valid_to: Date | None = None
    """Last day the record is valid (inclusive); None while it still exists."""

    @model_validator(mode="after")
    def _check_validity_order(self) -> Self:
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            msg = f"valid_to {self.valid_to} is before valid_from {self.valid_from}"
            raise PydanticCustomError("date_order", msg)
        return self

    def valid_on(self, day: dt.date) -> bool:
        """Whether the record is valid on `day` (bounds inclusive)."""
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


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
