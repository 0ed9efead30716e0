"""The base of every controlled vocabulary: a `StrEnum` with Vietnamese and English labels.

Member *values* are stable lowercase ASCII codes: they are what JSON, spreadsheets and other tools
store, and they never change once released. Labels are for people and may be reworded.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Literal, Self

Language = Literal["vi", "en"]
"""A report or message language: Vietnamese (`"vi"`, the default) or English (`"en"`)."""

_LABELS: dict[type[StrEnum], dict[str, tuple[str, str]]] = {}
_SOURCES: dict[type[StrEnum], str] = {}


class LabelledEnum(StrEnum):
    """A controlled vocabulary: stable codes, Vietnamese and English labels, and a legal source.

    Examples:
        >>> from vn_iso_qms import InspectionForm
        >>> InspectionForm("on_site").label_vi
        'Kiểm tra tại trụ sở'
        >>> InspectionForm.ON_SITE.label("en")
        'On-site inspection'
    """

    @property
    def label_vi(self) -> str:
        """The Vietnamese label, with diacritics."""
        return _LABELS[type(self)][self.value][0]

    @property
    def label_en(self) -> str:
        """The English label."""
        return _LABELS[type(self)][self.value][1]

    def label(self, lang: Language = "vi") -> str:
        """The label in `lang` (`"vi"` or `"en"`)."""
        return self.label_vi if lang == "vi" else self.label_en

    @classmethod
    def legal_source(cls) -> str:
        """The legal text (instrument and article) that defines this list, or where it comes from."""
        return _SOURCES[cls]

    @classmethod
    def from_label(cls, text: str) -> Self:
        """Find a member by its code, Vietnamese label or English label (case-insensitive).

        Args:
            text: a code such as `"on_site"` or a label such as `"Kiểm tra tại trụ sở"`.

        Returns:
            The matching member.

        Raises:
            ValueError: when nothing matches; the message lists the valid codes.
        """
        wanted = text.strip().casefold()
        for member in cls:
            vi, en = _LABELS[cls][member.value]
            if wanted in (member.value, vi.casefold(), en.casefold()):
                return member
        codes = ", ".join(m.value for m in cls)
        msg = f"{text!r} is not a known {cls.__name__} code or label (codes: {codes})"
        raise ValueError(msg)


def register_labels(
    enum: type[LabelledEnum], *, source: str, labels: dict[str, tuple[str, str]]
) -> None:
    """Attach `(vietnamese, english)` labels and the legal source to every member of `enum`.

    Raises:
        TypeError: when a member has no label or a label names no member (a programming error,
            caught at import time).
    """
    codes = {m.value for m in enum}
    if set(labels) != codes:
        missing = sorted(codes - set(labels))
        extra = sorted(set(labels) - codes)
        msg = f"{enum.__name__}: labels missing for {missing}, unknown codes {extra}"
        raise TypeError(msg)
    _LABELS[enum] = dict(labels)
    _SOURCES[enum] = source
