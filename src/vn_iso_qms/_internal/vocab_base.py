"""The base of every controlled vocabulary: a `StrEnum` with Vietnamese and English labels.

Member *values* are stable lowercase ASCII codes: they are what JSON, spreadsheets and other tools
store, and they never change once released. Labels are for people and may be reworded.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any, Literal, Self

Language = Literal["vi", "en"]
"""A report or message language: Vietnamese (`"vi"`, the default) or English (`"en"`)."""

SOURCES: dict[type[LabelledEnum], str] = {}
"""Every vocabulary and its legal source, in the order they are defined."""


class LabelledEnum(StrEnum):
    """A controlled vocabulary: stable codes, Vietnamese and English labels, and a legal source.

    Each member is written with its labels, and the class with its source, in one place:

        class InspectionForm(LabelledEnum, source="TT 26/2014/TT-BKHCN Art. 35"):
            ON_SITE = "on_site", "Kiểm tra tại trụ sở", "On-site inspection"

    The member's value is the code alone (`InspectionForm.ON_SITE == "on_site"`).

    Examples:
        >>> from vn_iso_qms import InspectionForm
        >>> InspectionForm("on_site").label_vi
        'Kiểm tra tại trụ sở'
        >>> InspectionForm.ON_SITE.label("en")
        'On-site inspection'
    """

    _value_: str
    _labels: tuple[str, str]

    def __init_subclass__(cls, *, source: str, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        SOURCES[cls] = source

    def __new__(cls, value: str, label_vi: str = "", label_en: str = "") -> Self:
        if not (label_vi and label_en):
            msg = f"{cls.__name__} member {value!r} needs its Vietnamese and English labels"
            raise TypeError(msg)
        member = str.__new__(cls, value)
        member._value_ = value
        member._labels = (label_vi, label_en)
        return member

    @property
    def label_vi(self) -> str:
        """The Vietnamese label, with diacritics."""
        return self._labels[0]

    @property
    def label_en(self) -> str:
        """The English label."""
        return self._labels[1]

    def label(self, lang: Language = "vi") -> str:
        """The label in `lang` (`"vi"` or `"en"`)."""
        return self.label_vi if lang == "vi" else self.label_en

    @classmethod
    def legal_source(cls) -> str:
        """The legal text (instrument and article) that defines this list, or where it comes from."""
        return SOURCES[cls]

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
            if wanted in (member.value, member.label_vi.casefold(), member.label_en.casefold()):
                return member
        codes = ", ".join(m.value for m in cls)
        msg = f"{text!r} is not a known {cls.__name__} code or label (codes: {codes})"
        raise ValueError(msg)
