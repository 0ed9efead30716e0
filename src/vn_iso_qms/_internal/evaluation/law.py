"""Legal instruments as data: what each one is, when it is in force, and citations of its provisions.

A rule names the provision it applies ([`Citation`][vn_iso_qms.Citation]); the instrument behind
it is a row of a [`LegalBasis`][vn_iso_qms.rules.LegalBasis] table, with the dates it is in
force. The engine applies a rule only on days its provision is in force, so a successor decision
or circular is new rows and new rules, never an edit of the old ones.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator, Mapping
from functools import cache
from typing import Self

from pydantic import model_validator
from pydantic_core import PydanticCustomError

from vn_iso_qms._internal.base import QmsModel
from vn_iso_qms._internal.types import Date
from vn_iso_qms._internal.vocab import StandardVersion
from vn_iso_qms._internal.vocab_base import LabelledEnum, Language

QD19 = "QĐ 19/2014/QĐ-TTg"
"""Decision 19/2014/QĐ-TTg: QMS in state administrative agencies."""
TT26 = "TT 26/2014/TT-BKHCN"
"""Circular 26/2014/TT-BKHCN, detailing Decision 19."""
ISO9001 = "TCVN ISO 9001:2015"
"""The national standard TCVN ISO 9001:2015."""
LAW70_2025 = "Luật 70/2025/QH15"
"""Law 70/2025/QH15 amending the Law on Standards and Technical Regulations (from 01/01/2026)."""
NQ190_2025 = "NQ 190/2025/QH15"
"""Resolution 190/2025/QH15 of 19/02/2025 on matters arising from reorganising the state apparatus."""
LABOUR_CODE_2012 = "BLLĐ 2012"
"""Labour Code No. 10/2012/QH13: public holidays (Art. 115) until 31/12/2020."""
LABOUR_CODE_2019 = "BLLĐ 2019"
"""Labour Code No. 45/2019/QH14: public holidays (Art. 112) from 01/01/2021."""
DECREE22_2026 = "NĐ 22/2026/NĐ-CP"
"""Decree 22/2026/NĐ-CP of 16/01/2026, implementing Law 70/2025/QH15 [S, not verified]."""


class Citation(QmsModel):
    """A legal citation: instrument, article, clause and point.

    Examples:
        >>> c = Citation(instrument="QĐ 19/2014/QĐ-TTg", article="4", clause="4", point="b")
        >>> c.render("vi")
        'QĐ 19/2014/QĐ-TTg, Điều 4, khoản 4, điểm b'
        >>> c.render("en")
        'QĐ 19/2014/QĐ-TTg Art. 4.4.b'
    """

    instrument: str
    """The legal instrument as citations name it (the `name` of its
    [`Instrument`][vn_iso_qms.rules.Instrument]), e.g. "QĐ 19/2014/QĐ-TTg"."""
    article: str | None = None
    """Article (Điều) number, or a clause number of a standard such as "10.2"."""
    clause: str | None = None
    """Clause (khoản)."""
    point: str | None = None
    """Point (điểm), a letter."""
    amended_by: tuple[str, ...] = ()
    """Instruments in force on the day evaluated that amend this one: the citation is to the text
    as it stood then."""

    def render(self, lang: Language = "vi") -> str:
        """The citation as people write it, in Vietnamese (default) or English."""
        text = self._provision(lang)
        if self.amended_by:
            names = ", ".join(self.amended_by)
            text += (
                f" (sửa đổi, bổ sung bởi {names})" if lang == "vi" else f" (as amended by {names})"
            )
        return text

    def _provision(self, lang: Language) -> str:
        if self.article is None:
            return self.instrument
        if "ISO" in self.instrument:  # a clause of the standard, not an article of law
            return (
                f"{self.instrument}, mục {self.article}"
                if lang == "vi"
                else (f"{self.instrument} clause {self.article}")
            )
        if lang == "vi":
            text = f"{self.instrument}, Điều {self.article}"
            if self.clause:
                text += f", khoản {self.clause}"
            if self.point:
                text += f", điểm {self.point}"
            return text
        parts = [self.article, self.clause, self.point]
        return f"{self.instrument} Art. {'.'.join(p for p in parts if p)}"


@cache
def cite(
    instrument: str, article: str | None = None, clause: str | None = None, point: str | None = None
) -> Citation:
    """Shorthand constructor of a [`Citation`][vn_iso_qms.Citation], for rule modules.

    Rule modules call it at import with literal strings, which validation would not change; it
    skips building the validator then (tests validate every citation of every rule). Equal
    arguments give the same (immutable) citation: rules cite the same points for every unit.
    """
    return Citation.model_construct(
        instrument=instrument, article=article, clause=clause, point=point, amended_by=()
    )


class InstrumentKind(
    LabelledEnum, source="Luật Ban hành văn bản quy phạm pháp luật (kinds of instruments)"
):
    """The kind of a legal instrument (or a standard the law refers to)."""

    LAW = "law", "Luật", "Law"
    """Luật, Bộ luật of the National Assembly."""
    RESOLUTION = "resolution", "Nghị quyết", "Resolution"
    """Nghị quyết of the National Assembly."""
    DECREE = "decree", "Nghị định", "Decree"
    """Nghị định of the Government."""
    DECISION = "decision", "Quyết định", "Decision"
    """Quyết định of the Prime Minister or a minister."""
    CIRCULAR = "circular", "Thông tư", "Circular"
    """Thông tư of a ministry."""
    OFFICIAL_LETTER = "official_letter", "Công văn", "Official letter"
    """Công văn: guidance, not a legal normative document."""
    STANDARD = "standard", "Tiêu chuẩn", "Standard"
    """A national standard (TCVN) or an international one."""


class Instrument(QmsModel):
    """A legal instrument (or a standard edition) and the days it is in force.

    Examples:
        >>> qd19 = LEGAL_BASIS["QĐ 19/2014/QĐ-TTg"]
        >>> qd19.in_force_on(dt.date(2014, 5, 17)), qd19.in_force_on(dt.date(2014, 5, 18))
        (False, True)
    """

    name: str
    """How citations name it (the key of the table), e.g. "QĐ 19/2014/QĐ-TTg"."""
    kind: InstrumentKind
    """Law, resolution, decree, decision, circular, official letter, standard."""
    title_vi: str
    """Its title, in Vietnamese."""
    title_en: str
    """Its title, in English."""
    issuer: str
    """Who issued it."""
    signed_on: Date | None = None
    """The day it was signed (None when not known)."""
    in_force_from: Date | None = None
    """First day in force (for a standard edition: first day it is accepted). None: not yet."""
    in_force_to: Date | None = None
    """Last day in force, when it has ended (replaced, repealed, or its acceptance ended)."""
    replaced_by: str | None = None
    """The instrument that replaced it, when one did."""
    amended_by: tuple[str, ...] = ()
    """Instruments that amended it."""
    note: str = ""
    """How sure the dates are and where they come from."""

    @model_validator(mode="after")
    def _check(self) -> Self:
        if self.in_force_to is not None and (
            self.in_force_from is None or self.in_force_to < self.in_force_from
        ):
            msg = f"in_force_to {self.in_force_to} is before in_force_from {self.in_force_from}"
            raise PydanticCustomError("date_order", msg)
        return self

    def in_force_on(self, day: dt.date) -> bool:
        """Whether the instrument is in force on `day` (bounds inclusive)."""
        if self.in_force_from is None or day < self.in_force_from:
            return False
        return self.in_force_to is None or day <= self.in_force_to

    def title(self, lang: Language = "vi") -> str:
        """The title in `lang`."""
        return self.title_vi if lang == "vi" else self.title_en


class LegalBasis(Mapping[str, Instrument]):
    """An immutable table of instruments by name, in a stable order.

    Build a variant with [`with_instruments`][vn_iso_qms.rules.LegalBasis.with_instruments]
    (adds or replaces rows): the default table is never changed in place.
    """

    __slots__ = ("_rows",)

    def __init__(self, instruments: Iterable[Instrument] = ()) -> None:
        rows: dict[str, Instrument] = {}
        for instrument in instruments:
            if instrument.name in rows:
                msg = f"instrument {instrument.name!r} is listed twice"
                raise ValueError(msg)
            rows[instrument.name] = instrument
        self._rows = rows

    def __getitem__(self, name: str) -> Instrument:
        return self._rows[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._rows)

    def __len__(self) -> int:
        return len(self._rows)

    def __repr__(self) -> str:
        return f"LegalBasis({list(self._rows)!r})"

    def with_instruments(self, *instruments: Instrument) -> LegalBasis:
        """A new table with `instruments` added, or replacing the rows of the same name."""
        rows = dict(self._rows)
        for instrument in instruments:
            rows[instrument.name] = instrument
        return LegalBasis(rows.values())

    def in_force_on(self, name: str, day: dt.date) -> bool:
        """Whether the instrument `name` is in force on `day` (unknown names are in force)."""
        instrument = self._rows.get(name)
        return instrument is None or instrument.in_force_on(day)

    def as_it_stood(self, citation: Citation, day: dt.date) -> Citation:
        """`citation` to the text as it stood on `day`: with the amendments in force then."""
        instrument = self._rows.get(citation.instrument)
        if instrument is None or not instrument.amended_by:
            return citation
        amended = tuple(a for a in instrument.amended_by if self.in_force_on(a, day))
        if amended == citation.amended_by:
            return citation
        return citation.model_copy(update={"amended_by": amended})


D = dt.date

LEGAL_BASIS = LegalBasis(
    (
        Instrument(
            name=QD19,
            kind=InstrumentKind.DECISION,
            title_vi="Quyết định về việc áp dụng Hệ thống quản lý chất lượng theo Tiêu chuẩn quốc gia "
            "TCVN ISO 9001:2008 vào hoạt động của các cơ quan, tổ chức thuộc hệ thống hành chính "
            "nhà nước",
            title_en="Decision on applying quality management systems under TCVN ISO 9001:2008 in "
            "state administrative agencies",
            issuer="Thủ tướng Chính phủ",
            signed_on=D(2014, 3, 5),
            in_force_from=D(2014, 5, 18),
            note="In force per the codified law (pháp điển); no replacement found up to October "
            "2026 (law.md Q1).",
        ),
        Instrument(
            name=TT26,
            kind=InstrumentKind.CIRCULAR,
            title_vi="Thông tư quy định chi tiết thi hành Quyết định số 19/2014/QĐ-TTg",
            title_en="Circular detailing the implementation of Decision 19/2014/QĐ-TTg",
            issuer="Bộ Khoa học và Công nghệ",
            signed_on=D(2014, 10, 10),
            in_force_from=D(2014, 12, 1),
            note="Art. 22, 41.4 and 43 still name the former Directorate for Standards, Metrology "
            "and Quality (Tổng cục Tiêu chuẩn Đo lường Chất lượng), whose functions passed to a "
            "national committee for standards, metrology and quality in 2025 [S, not verified: "
            "the instrument and date of that transfer were not found (law.md Q9, corrections of "
            "27/11/2026)]. The library reads those articles as naming the successor body; no rule "
            "depends on the name.",
        ),
        Instrument(
            name="Công văn 419/BKHCN-TĐC",
            kind=InstrumentKind.OFFICIAL_LETTER,
            title_vi="Hướng dẫn chuyển đổi áp dụng TCVN ISO 9001:2015",
            title_en="Guidance on converting to TCVN ISO 9001:2015",
            issuer="Bộ Khoa học và Công nghệ",
            signed_on=D(2018, 2, 21),
            in_force_from=D(2018, 2, 21),
            note="Secondary sources (law.md R12).",
        ),
        Instrument(
            name="TCVN ISO 9001:2008",
            kind=InstrumentKind.STANDARD,
            title_vi="Hệ thống quản lý chất lượng - Các yêu cầu (phiên bản 2008)",
            title_en="Quality management systems - Requirements (2008 edition)",
            issuer="Bộ Khoa học và Công nghệ",
            in_force_from=D(2014, 5, 18),
            in_force_to=D(2021, 6, 30),
            replaced_by=ISO9001,
            note="Accepted for announcements until 30/06/2021 (Công văn 419/BKHCN-TĐC); "
            "Policy.iso2008_accepted_until overrides the end.",
        ),
        Instrument(
            name=ISO9001,
            kind=InstrumentKind.STANDARD,
            title_vi="Hệ thống quản lý chất lượng - Các yêu cầu",
            title_en="Quality management systems - Requirements",
            issuer="Bộ Khoa học và Công nghệ",
            signed_on=D(2015, 12, 31),
            in_force_from=D(2015, 12, 31),
            note="Published by QĐ 4109/QĐ-BKHCN of 31/12/2015 [S]. No transition deadline to a "
            "later edition is set; Policy.iso2015_accepted_until sets one.",
        ),
        Instrument(
            name="ISO 9001:2026",
            kind=InstrumentKind.STANDARD,
            title_vi="Hệ thống quản lý chất lượng - Các yêu cầu (phiên bản 2026)",
            title_en="Quality management systems - Requirements (2026 edition)",
            issuer="ISO",
            note="Reported published in September 2026 with a transition of about three years "
            "[S, not verified on iso.org]; no TCVN adoption and no Bộ KH&CN transition deadline "
            "found up to November 2026 (law.md Q10): not accepted until this row is dated (new "
            "data) or Policy.iso2026_accepted_from sets a day. Converting is a re-announcement "
            "on the new edition (reason version_transition; QĐ 19 Art. 4.3, 4.4.c and CV 419 by "
            "analogy).",
        ),
        Instrument(
            name="BLDS 2015",
            kind=InstrumentKind.LAW,
            title_vi="Bộ luật Dân sự số 91/2015/QH13",
            title_en="Civil Code No. 91/2015/QH13",
            issuer="Quốc hội",
            signed_on=D(2015, 11, 24),
            in_force_from=D(2017, 1, 1),
            note="Art. 144-148: how time limits are counted.",
        ),
        Instrument(
            name="NĐ 09/2019/NĐ-CP",
            kind=InstrumentKind.DECREE,
            title_vi="Nghị định quy định chế độ báo cáo của cơ quan hành chính nhà nước",
            title_en="Decree on the reporting regime of state administrative agencies",
            issuer="Chính phủ",
            signed_on=D(2019, 1, 24),
            in_force_from=D(2019, 3, 12),
            note="Data cut-off 15/12-14/12 (PeriodKind.REPORTING_YEAR) [U].",
        ),
        Instrument(
            name=NQ190_2025,
            kind=InstrumentKind.RESOLUTION,
            title_vi="Nghị quyết quy định về xử lý một số vấn đề liên quan đến sắp xếp tổ chức bộ "
            "máy nhà nước",
            title_en="Resolution on handling matters related to the reorganisation of the state "
            "apparatus",
            issuer="Quốc hội",
            signed_on=D(2025, 2, 19),
            in_force_from=D(2025, 2, 19),
            note="Art. 10: documents and papers a competent agency issued before the "
            "reorganisation that have not lapsed keep applying until they lapse or are replaced; "
            "holders are not asked to have them re-issued. Read through secondary sources only "
            "[S]: the Ministry of Public Security's spokesman quoting Art. 10 (press conference of "
            "07/07/2025, vietnam.vn and soha.vn); Art. 5 (administrative procedures) per "
            "taphalaw.com. The full text (thuvienphapluat.vn, tayninh.gov.vn) was not readable in "
            "the stored sources, so the clause is not cited. Basis of Policy.successor_qms "
            "`inherit` (the default): an announcement decision is such a document.",
        ),
        Instrument(
            name=LABOUR_CODE_2012,
            kind=InstrumentKind.LAW,
            title_vi="Bộ luật Lao động số 10/2012/QH13",
            title_en="Labour Code No. 10/2012/QH13",
            issuer="Quốc hội",
            signed_on=D(2012, 6, 18),
            in_force_from=D(2013, 5, 1),
            in_force_to=D(2020, 12, 31),
            replaced_by=LABOUR_CODE_2019,
            note="Art. 115.1: public holidays (1/1, Tết 5 days, Hùng Kings 10/3 lunar, 30/4, 1/5, "
            "2/9); Art. 115.3: a holiday on a weekly rest day gives the next day off [S: the "
            "`holidays` package's cited text on vbpl.vn]. The official calendar's statutory rows "
            "for 2014-2020.",
        ),
        Instrument(
            name=LABOUR_CODE_2019,
            kind=InstrumentKind.LAW,
            title_vi="Bộ luật Lao động số 45/2019/QH14",
            title_en="Labour Code No. 45/2019/QH14",
            issuer="Quốc hội",
            signed_on=D(2019, 11, 20),
            in_force_from=D(2021, 1, 1),
            note="Art. 112.1: public holidays (1/1; Tết 5 days; 30/4; 1/5; 2/9 and the day before "
            "or after; Hùng Kings 10/3 lunar); Art. 112.3: the Prime Minister sets the Tết days "
            "and the second National Day each year; Art. 111.3: a holiday on a weekly rest day "
            "gives the next working day off [S: the `holidays` package's cited text on vbpl.vn]. "
            "No enacted amendment adding 24/11 (Vietnam Culture Day) was found up to December "
            "2026: the Politburo's decision (Resolution 80-NQ/TW) is a Party policy, not a "
            "statute, so the official calendar does not list 24/11/2026.",
        ),
        Instrument(
            name="NQ 202/2025/QH15",
            kind=InstrumentKind.RESOLUTION,
            title_vi="Nghị quyết về việc sắp xếp đơn vị hành chính cấp tỉnh",
            title_en="Resolution on rearranging the provinces (63 to 34)",
            issuer="Quốc hội",
            signed_on=D(2025, 6, 12),
            in_force_from=D(2025, 6, 12),
            note="New provincial governments operate from 01/07/2025 [S].",
        ),
        Instrument(
            name="NQ 203/2025/QH15",
            kind=InstrumentKind.RESOLUTION,
            title_vi="Nghị quyết sửa đổi, bổ sung một số điều của Hiến pháp",
            title_en="Resolution amending the Constitution (two levels of local government)",
            issuer="Quốc hội",
            signed_on=D(2025, 6, 16),
            in_force_from=D(2025, 6, 16),
            note="With Law 72/2025/QH15, ends the district level from 01/07/2025 [S].",
        ),
        Instrument(
            name="Luật 72/2025/QH15",
            kind=InstrumentKind.LAW,
            title_vi="Luật Tổ chức chính quyền địa phương",
            title_en="Law on the Organisation of Local Government",
            issuer="Quốc hội",
            signed_on=D(2025, 6, 16),
            in_force_from=D(2025, 6, 16),
            note="Two levels of local government; district-level units ended on 01/07/2025 [S].",
        ),
        Instrument(
            name=LAW70_2025,
            kind=InstrumentKind.LAW,
            title_vi="Luật sửa đổi, bổ sung một số điều của Luật Tiêu chuẩn và Quy chuẩn kỹ thuật",
            title_en="Law amending the Law on Standards and Technical Regulations",
            issuer="Quốc hội",
            signed_on=D(2025, 6, 14),
            in_force_from=D(2026, 1, 1),
            note="Amends Law 68/2006/QH11 (as amended by Law 35/2018/QH14). Number, issuer and "
            "date 14/06/2025 verified [S] on the text at thuviennhadat.vn "
            "(vbpl/luat-tieu-chuan-va-quy-chuan-ky-thuat-sua-doi-2025-so-70-2025-qh15-580121, "
            "read 27/11/2026); in force 01/01/2026 per law.md [S], not verified. Not verified to "
            "touch QMS in state agencies: QĐ 19/2014 and TT 26/2014 name no article of the Law "
            "on Standards, and no rule of this library cites it.",
        ),
        Instrument(
            name=DECREE22_2026,
            kind=InstrumentKind.DECREE,
            title_vi="Nghị định hướng dẫn Luật Tiêu chuẩn và Quy chuẩn kỹ thuật (sửa đổi)",
            title_en="Decree implementing the amended Law on Standards and Technical Regulations",
            issuer="Chính phủ",
            signed_on=D(2026, 1, 16),
            note="Implementing decree of Law 70/2025/QH15, dated 16/01/2026 per law.md [S]; not "
            "verified (no text found in the stored sources, 27/11/2026), title as law.md "
            "describes it; its in-force date is not known, so the table does not date it. Not "
            "verified to touch QMS in state agencies; no rule of this library cites it.",
        ),
    )
)
"""The instruments the statutory rules cite, with the dates they are in force (docs: Legal basis)."""


def _provisions(spec: str) -> frozenset[str]:
    """Provisions from a compact outline: `"2: 1(a b c) 2; 3: 1 2 3"` gives 2, 2.1, 2.1.a, ..."""
    out: set[str] = set()
    for article_spec in spec.split(";"):
        article, _, clauses = article_spec.strip().partition(":")
        out.add(article.strip())
        for clause, points in _CLAUSE.findall(clauses):
            out.add(f"{article.strip()}.{clause}")
            out.update(f"{article.strip()}.{clause}.{p}" for p in points.split())
    return frozenset(out)


_CLAUSE = re.compile(r"(\d+)(?:\(([^)]*)\))?")

PROVISIONS: Mapping[str, frozenset[str]] = {
    QD19: _provisions(
        "1; 2: 1(a b c) 2; 3: 1 2 3; 4: 1 2(a b c d) 3 4(a b c); 5; 6; 7; 8; 9; 10;"
        " 11: 1 2 3 4; 12: 1 2 3 4(a b) 5 6; 13: 1 2 3 4 5 6 7; 14; 15; 16: 1 2; 17"
    ),
    TT26: _provisions(
        "1; 2; 3: 1 2 3 4 5; 4: 1 2 3; 5: 1 2 3; 6: 1 2 3(a b) 4 5;"
        " 7: 1 2(a b c d đ e g h i k l); 33: 1 2(a b); 34: 1(a b c) 2; 35; 36: 1(a b c d đ e g)"
        " 2(a b c d đ e); 37: 1(a b) 2(a b c d); 38: 1 2; 39; 40: 1; 41: 1 2 3 4 5 6 7;"
        " 42: 1 2 3 4; 43; 44; 45; 46"
    ),
    ISO9001: frozenset({"4", "5", "6", "7", "8", "9", "9.2", "9.3", "9.3.2", "10", "10.2"}),
}
"""The articles, clauses and points of each instrument that citations may name, as outlined in
the legal reference (QĐ 19: Art. 1-17, Art. 2.1 with points a-c only; TT 26: the articles the
library cites; TCVN ISO 9001:2015: clauses). A test checks every citation against it."""


def provision_exists(citation: Citation) -> bool:
    """Whether the article, clause and point `citation` names exist in its instrument's outline.

    A citation of an instrument with no outline, or of a whole instrument, is taken as valid.
    """
    outline = PROVISIONS.get(citation.instrument)
    if outline is None or citation.article is None:
        return True
    parts = [p for p in (citation.article, citation.clause, citation.point) if p]
    return ".".join(parts) in outline


EDITIONS: Mapping[StandardVersion, str] = {
    StandardVersion.ISO9001_2008: "TCVN ISO 9001:2008",
    StandardVersion.ISO9001_2015: ISO9001,
    StandardVersion.ISO9001_2026: "ISO 9001:2026",
}
"""The row of the legal basis for each edition of the standard: the days it is accepted."""

REFORM_2025_LAW = "Luật 72/2025/QH15"
"""The law that ended the district level (from 01/07/2025)."""
