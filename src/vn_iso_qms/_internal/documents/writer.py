"""Building blocks of an NĐ 30 document with python-docx.

Header block, title, paragraphs, tables, signature block, annexes, page numbers, deterministic
bytes and the text guard.

Every run carries the layout's font (also in the East-Asian slot, so that Word never swaps
fonts), size, weight and slant explicitly: a document read back shows each element's style on
its own runs, whatever Word's styles say.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from vn_iso_qms._internal.documents.layout import MOTTO, NATIONAL_TITLE, ND30, ElementStyle, Layout
from vn_iso_qms._internal.errors import DocumentTextError, MissingExtraError, Problem
from vn_iso_qms._internal.limits import ProblemList, quote
from vn_iso_qms._internal.ooxml import fixed_zip, xml_forbidden

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument
    from docx.table import Table, _Cell
    from docx.text.paragraph import Paragraph

__all__ = [
    "INSTALL_DOCUMENTS",
    "DocumentTextError",
    "Signature",
    "Writer",
    "require_docx",
]

INSTALL_DOCUMENTS = "pip install 'vn-iso-qms[documents]'"
"""The command that installs the `documents` extra (python-docx)."""


def require_docx() -> Any:
    """python-docx, imported now, or a `MissingExtraError` naming the extra to install."""
    try:
        import docx
    except ImportError:
        msg = f"Word documents need python-docx: {INSTALL_DOCUMENTS}"
        raise MissingExtraError(msg) from None
    return docx


@dataclass(frozen=True, slots=True)
class Signature:
    """One signature of a document: authority line(s), title, name (NĐ 30 PL I Mục II.7)."""

    authority: str | None
    title: str | None
    name: str | None


# Office Open XML fixes the order of children (ECMA-376 Part 1, 17.3.1.26 pPr, 17.6.17 sectPr):
# a new child goes before the first of those that must follow it, or Word reports the file
# as damaged.
_AFTER_P_BDR = (
    "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
    "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd",
    "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
    "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
    "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)  # fmt: skip
_AFTER_PG_NUM_TYPE = (
    "w:cols", "w:formProt", "w:vAlign", "w:noEndnote", "w:titlePg", "w:textDirection",
    "w:bidi", "w:rtlGutter", "w:docGrid", "w:printerSettings", "w:sectPrChange",
)  # fmt: skip

_ALIGN = {"left": 0, "center": 1, "right": 2, "justify": 3}


class Writer:
    """One document being built. Text from records goes through `value` (the XML guard)."""

    def __init__(self, kind: str, layout: Layout = ND30) -> None:
        docx = require_docx()
        from docx.shared import Mm, Pt

        self.kind = kind
        self.layout = layout
        self.problems: list[Problem] = ProblemList()
        self.doc: DocxDocument = docx.Document()
        normal = self.doc.styles["Normal"]
        normal.font.name = layout.font
        normal.font.size = Pt(layout.body.size)
        self._east_asia(normal.element)
        self._rpr: dict[tuple[float, bool, bool, bool], Any] = {}
        self._ppr: dict[tuple[str, bool, float, float, bool], Any] = {}
        self._setup_section(self.doc.sections[0], restart=False)
        self._mm = Mm

    # --- text guard -------------------------------------------------------------------------

    def value(self, text: str, record_type: str, record_id: str | None, field: str) -> str:
        """`text` from a record, in NFC; a character XML cannot hold is a problem (refused)."""
        bad = xml_forbidden(text)
        if bad is not None:
            self.problems.append(
                Problem(
                    record_type=record_type,
                    record_id=record_id,
                    field=field,
                    code="unexpressible",
                    message=(
                        f"{quote(text)} contains the character U+{ord(bad[1]):04X} (at "
                        f"{bad[0]}), which a Word document cannot hold"
                    ),
                )
            )
            return "".join(ch if xml_forbidden(ch) is None else "\ufffd" for ch in text)
        return unicodedata.normalize("NFC", text)

    # --- page set-up ------------------------------------------------------------------------

    def _setup_section(self, section: Any, *, restart: bool) -> None:
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn
        from docx.shared import Mm

        lay = self.layout
        section.page_width = Mm(lay.page_width_mm)
        section.page_height = Mm(lay.page_height_mm)
        section.top_margin = Mm(lay.margin_top_mm)
        section.bottom_margin = Mm(lay.margin_bottom_mm)
        section.left_margin = Mm(lay.margin_left_mm)
        section.right_margin = Mm(lay.margin_right_mm)
        section.header_distance = Mm(10)
        section.footer_distance = Mm(10)
        section.different_first_page_header_footer = not lay.page_number_first_page
        header = section.header
        header.is_linked_to_previous = False
        section.first_page_header.is_linked_to_previous = False
        p = header.paragraphs[0]
        p.alignment = _ALIGN["center"]
        style = lay.page_number
        for kind, text in (("begin", None), (None, "PAGE"), ("separate", None), (None, "1")):
            run = p.add_run()
            self._style_run(run, style)
            if kind is not None:
                fld = OxmlElement("w:fldChar")
                fld.set(qn("w:fldCharType"), kind)
                run._r.append(fld)
            elif text == "PAGE":
                instr = OxmlElement("w:instrText")
                instr.set(qn("xml:space"), "preserve")
                instr.text = " PAGE "
                run._r.append(instr)
            else:
                run.text = text
        end = p.add_run()
        self._style_run(end, style)
        fld = OxmlElement("w:fldChar")
        fld.set(qn("w:fldCharType"), "end")
        end._r.append(fld)
        if restart:
            sect_pr = section._sectPr
            pg = sect_pr.find(qn("w:pgNumType"))
            if pg is None:
                pg = OxmlElement("w:pgNumType")
                sect_pr.insert_element_before(pg, *_AFTER_PG_NUM_TYPE)
            pg.set(qn("w:start"), "1")

    # --- runs and paragraphs ----------------------------------------------------------------

    def _east_asia(self, element: Any) -> None:
        from docx.oxml.ns import qn

        fonts = element.get_or_add_rPr().get_or_add_rFonts()  # in schema order
        for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            fonts.set(qn(slot), self.layout.font)

    def _style_run(self, run: Any, style: ElementStyle, *, underline: bool = False) -> None:
        """Give `run` the style's properties.

        A copy of a run-properties element built once per style: python-docx sets each property
        through a slow generic path.
        """
        key = (style.size, style.bold, style.italic, underline)
        template = self._rpr.get(key)
        if template is None:
            from docx.oxml import OxmlElement
            from docx.text.run import Run

            scratch = Run(OxmlElement("w:r"), None)  # type: ignore[arg-type]
            self._style_run_slowly(scratch, style, underline=underline)
            template = self._rpr[key] = scratch._r.rPr
        old = run._r.rPr
        if old is not None:
            run._r.remove(old)
        run._r.insert(0, copy.deepcopy(template))

    def _style_run_slowly(self, run: Any, style: ElementStyle, *, underline: bool) -> None:
        from docx.shared import Pt

        run.font.name = self.layout.font
        run.font.size = Pt(style.size)
        run.font.bold = style.bold
        run.font.italic = style.italic
        if underline:
            run.font.underline = True
        self._east_asia(run._r)

    def _format(
        self,
        p: Paragraph,
        style: ElementStyle,
        *,
        indent: bool = False,
        before: float = 0,
        after: float = 0,
        keep: bool = False,
    ) -> None:
        key = (style.align, indent, before, after, keep)
        template = self._ppr.get(key)
        if template is None:
            from docx.oxml import OxmlElement
            from docx.text.paragraph import Paragraph

            scratch = Paragraph(OxmlElement("w:p"), None)  # type: ignore[arg-type]
            self._format_slowly(
                scratch, style, indent=indent, before=before, after=after, keep=keep
            )
            template = self._ppr[key] = scratch._p.pPr
        old = p._p.pPr
        if old is not None:
            p._p.remove(old)
        p._p.insert(0, copy.deepcopy(template))

    def _format_slowly(
        self,
        p: Paragraph,
        style: ElementStyle,
        *,
        indent: bool,
        before: float,
        after: float,
        keep: bool,
    ) -> None:
        from docx.shared import Cm, Pt

        fmt = p.paragraph_format
        p.alignment = _ALIGN[style.align]  # type: ignore[assignment]
        fmt.space_before = Pt(before)
        fmt.space_after = Pt(after)
        fmt.line_spacing = self.layout.line_spacing
        if indent:
            fmt.first_line_indent = Cm(self.layout.first_line_indent_cm)
        if keep:
            fmt.keep_with_next = True

    def add(
        self,
        text: str,
        style: ElementStyle,
        *,
        container: Any = None,
        indent: bool = False,
        before: float = 0,
        after: float | None = None,
        keep: bool = False,
        underline: bool = False,
    ) -> Paragraph:
        """A paragraph of one run in `style` (capitals when the style says so)."""
        target = self.doc if container is None else container
        p = target.add_paragraph()
        space = self.layout.paragraph_space_pt if after is None else after
        self._format(p, style, indent=indent, before=before, after=space, keep=keep)
        run = p.add_run(text.upper() if style.upper else text)
        self._style_run(run, style, underline=underline)
        return p

    def body(self, text: str, *, keep: bool = False) -> Paragraph:
        """A body paragraph: justified, indented first line, 6 pt after (Mục II.6.e)."""
        return self.add(text, self.layout.body, indent=True, keep=keep)

    def labelled(self, label: str, text: str, *, style: ElementStyle | None = None) -> Paragraph:
        """A body paragraph starting with a bold label ("Điều 1." then its text)."""
        lay = self.layout
        p = self.doc.add_paragraph()
        self._format(p, lay.body, indent=True, after=lay.paragraph_space_pt)
        head = p.add_run(label + " ")
        self._style_run(head, style or lay.article)
        run = p.add_run(text)
        self._style_run(run, lay.body)
        return p

    def rule(self, share: float, *, container: Any = None, width_mm: float) -> None:
        """A solid rule of `share` of `width_mm`, centred, right under the previous line."""
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn
        from docx.shared import Mm, Pt

        target = self.doc if container is None else container
        p = target.add_paragraph()
        fmt = p.paragraph_format
        side = width_mm * (1 - share) / 2
        fmt.left_indent = Mm(side)
        fmt.right_indent = Mm(side)
        fmt.space_before = Pt(3)
        fmt.space_after = Pt(0)
        fmt.line_spacing = Pt(3)  # exact: the rule sits right under the line above
        run = p.add_run("")
        self._style_run(run, self.layout.body)
        ppr = p._p.get_or_add_pPr()
        bdr = OxmlElement("w:pBdr")
        top = OxmlElement("w:top")
        for k, v in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
            top.set(qn(k), v)
        bdr.append(top)
        ppr.insert_element_before(bdr, *_AFTER_P_BDR)

    # --- blocks -----------------------------------------------------------------------------

    @property
    def text_width_mm(self) -> float:
        """The width between the margins."""
        lay = self.layout
        return lay.page_width_mm - lay.margin_left_mm - lay.margin_right_mm

    def _fixed_table(self, rows: int, widths_mm: Sequence[float]) -> Table:
        from docx.oxml.ns import qn
        from docx.shared import Mm

        table: Table = self.doc.add_table(rows=rows, cols=len(widths_mm))
        table.autofit = False  # w:tblLayout w:type="fixed": LibreOffice then reads the grid
        grid = table._tbl.tblGrid
        for col, width in zip(grid.findall(qn("w:gridCol")), widths_mm, strict=True):
            col.set(qn("w:w"), str(int(Mm(width).twips)))
        for row in table.rows:
            for cell, width in zip(row.cells, widths_mm, strict=True):
                cell.width = Mm(width)
        return table

    @staticmethod
    def _clear(cell: _Cell) -> _Cell:
        """A cell with its first (empty) paragraph removed, ready for `add`."""
        for p in list(cell.paragraphs):
            p._p.getparent().remove(p._p)
        return cell

    def header_block(
        self,
        *,
        parent: str | None,
        issuer: str,
        number: str | None,
        place_date: str | None,
    ) -> None:
        """The two-column header (NĐ 30 PL I Mục IV, ô 1-4).

        Agency and number on the left, Quốc hiệu, Tiêu ngữ and place/date on the right; a
        minutes has no place/date.
        """
        lay = self.layout
        left = self.text_width_mm * lay.header_left_share
        right = self.text_width_mm - left
        table = self._fixed_table(2, (left, right))
        a = self._clear(table.cell(0, 0))
        if parent:
            self.add(parent, lay.parent_agency, container=a, after=0)
        self.add(issuer, lay.issuing_agency, container=a, after=0)
        self.rule(lay.agency_rule_share, container=a, width_mm=left)
        b = self._clear(table.cell(0, 1))
        self.add(NATIONAL_TITLE, lay.national_title, container=b, after=0)
        self.add(MOTTO, lay.motto, container=b, after=0, underline=True)
        c = self._clear(table.cell(1, 0))
        d = self._clear(table.cell(1, 1))
        if number is not None:
            self.add(number, lay.number, container=c, before=6, after=0)
        else:
            self.add("", lay.number, container=c, before=6, after=0)
        self.add(place_date or "", lay.place_date, container=d, before=6, after=0)

    def title(self, doc_type: str, summary: Sequence[str]) -> None:
        """Tên loại and trích yếu, with a rule of 1/3-1/2 of the line (Mục II.5.b)."""
        lay = self.layout
        self.add(doc_type, lay.doc_type, before=18, after=0)
        for line in summary:
            self.add(line, lay.summary, after=0)
        self.rule(lay.summary_rule_share, width_mm=self.text_width_mm)
        self.add("", lay.body, after=0)

    def heading(self, text: str) -> Paragraph:
        """A report part heading "I. ..." (capitals, bold), kept with what follows."""
        return self.add(text, self.layout.heading, indent=True, before=6, keep=True)

    def table(
        self,
        head: Sequence[str],
        rows: Sequence[Sequence[str]],
        widths_mm: Sequence[float],
        *,
        align: Sequence[str] | None = None,
    ) -> Table:
        """A bordered data table with a heading row repeated on every page."""
        from docx.oxml import OxmlElement

        lay = self.layout
        table = self._fixed_table(1 + len(rows), widths_mm)
        table.style = self.doc.styles["Table Grid"]
        trpr = table.rows[0]._tr.get_or_add_trPr()
        repeat = OxmlElement("w:tblHeader")
        trpr.append(repeat)
        table_rows = table.rows  # one pass: table.cell(i, j) walks the grid on every call
        for cell, text in zip(table_rows[0].cells, head, strict=True):
            self.add(text, lay.table_head, container=self._clear(cell), after=0)
        for row, values in zip(table_rows[1:], rows, strict=True):
            cells = row.cells
            for j, text in enumerate(values):
                style = lay.table
                if align is not None and align[j] != style.align:
                    style = style.model_copy(update={"align": align[j]})
                cell = self._clear(cells[j])
                for line in text.split("\n"):
                    self.add(line, style, container=cell, after=0)
        self.add("", lay.body, after=0)
        return table

    def kinh_gui(self, recipients: Sequence[str]) -> None:
        """The 'Kính gửi:' lines of a report sent up (Mục II.9.b-d, ô 9a)."""
        lay = self.layout
        if len(recipients) == 1:
            p = self.add(f"Kính gửi: {recipients[0]}.", lay.recipients_to, before=6)
            p.alignment = _ALIGN["center"]  # type: ignore[assignment]
            return
        self.add("Kính gửi:", lay.recipients_to, before=6, after=0)
        for i, r in enumerate(recipients):
            end = "." if i == len(recipients) - 1 else ";"
            self.add(f"- {r}{end}", lay.recipients_to, after=0)
        self.add("", lay.body, after=0)

    def signature(self, recipients: Sequence[str], filing: str, signer: Signature) -> None:
        """Nơi nhận on the left, the signer on the right (NĐ 30 PL I Mục IV, ô 7-9b)."""
        lay = self.layout
        left = self.text_width_mm * 0.45
        table = self._fixed_table(1, (left, self.text_width_mm - left))
        self._cant_split(table)
        a = self._clear(table.cell(0, 0))
        self.add("Nơi nhận:", lay.recipients_label, container=a, after=0, before=6)
        for r in recipients:
            self.add(f"- {r};", lay.recipients_item, container=a, after=0)
        self.add(f"- {filing}", lay.recipients_item, container=a, after=0)
        self._signer(self._clear(table.cell(0, 1)), signer)

    def signatures(self, left: Signature, right: Signature) -> None:
        """Two signatures side by side (a minutes: the agency and the team leader)."""
        half = self.text_width_mm / 2
        table = self._fixed_table(1, (half, half))
        self._cant_split(table)
        self._signer(self._clear(table.cell(0, 0)), left)
        self._signer(self._clear(table.cell(0, 1)), right)

    def _signer(self, cell: _Cell, who: Signature) -> None:
        lay = self.layout
        first = True
        for line in (who.authority, who.title):
            if line:
                self.add(line, lay.authority, container=cell, after=0, before=6 if first else 0)
                first = False
        self.add("(Ký, ghi rõ họ tên, đóng dấu)", lay.annex_note, container=cell, after=0)
        for _ in range(4):
            self.add("", lay.body, container=cell, after=0)
        self.add(who.name or "", lay.signer_name, container=cell, after=0)

    @staticmethod
    def _cant_split(table: Table) -> None:
        from docx.oxml import OxmlElement

        trpr = table.rows[0]._tr.get_or_add_trPr()
        trpr.append(OxmlElement("w:cantSplit"))

    def annex(self, label: str, title: Sequence[str], note: str) -> None:
        """A new section for a phụ lục: its own page numbers from 1 (Mục III.1)."""
        from docx.enum.section import WD_SECTION

        lay = self.layout
        section = self.doc.add_section(WD_SECTION.NEW_PAGE)
        self._setup_section(section, restart=lay.annex_numbered_separately)
        # add_section put an empty paragraph in the new section's place: reuse it
        self.add(label, lay.annex_label, after=0)
        for line in title:
            self.add(line, lay.annex_title, after=0)
        self.add(note, lay.annex_note, after=0)
        self.rule(lay.summary_rule_share, width_mm=self.text_width_mm)
        self.add("", lay.body, after=0)

    # --- output -----------------------------------------------------------------------------

    def to_bytes(self, when: dt.date, title: str) -> bytes:
        """The .docx bytes: no clock inside (dates from `when`), refused if a value was bad."""
        if self.problems:
            raise DocumentTextError(self.problems, summary=f"cannot write the {self.kind}")
        stamp = dt.datetime.combine(when, dt.time(), tzinfo=dt.UTC)
        props = self.doc.core_properties
        props.created = stamp
        props.modified = stamp
        props.last_printed = stamp
        props.author = "vn_iso_qms"
        props.last_modified_by = "vn_iso_qms"
        props.title = title
        props.revision = 1
        props.comments = ""
        saved = io.BytesIO()
        self.doc.save(saved)
        return fixed_zip(saved.getvalue())
