"""Text folding for matching what people type: the one place that says how text is compared.

Two strengths, both stdlib only (`unicodedata`) and never applied to stored data:

- `fold`: Unicode NFC, trimmed, case-folded. Sheet names, column titles and typed yes/no
  words match whatever the keyboard composed (`"Hòa"` typed as `o` + combining grave) and
  however they were capitalised, but `"Sở"` and `"So"` stay different.
- `bare`: `fold`, then without diacritics and with `đ` as `d`. For suggestions only ("did you
  mean"), where `"so y te"` should find `"Sở Y tế"`.

The administrative-unit search folds names its own way (spacing and quotes normalised, cached
per character for speed): see `admin_units._fold`.
"""

from __future__ import annotations

import functools
import re
import unicodedata

__all__ = ["bare", "fold", "md_cell"]


def fold(text: str) -> str:
    """`text` in NFC, trimmed and case-folded: for matching headers, sheet names and keywords.

    Examples:
        >>> fold(" Cơ Quan ") == fold("cơ quan")
        True
        >>> fold("Sở") == fold("So")
        False
    """
    return unicodedata.normalize("NFC", text).strip().casefold()


def bare(text: str) -> str:
    """`text` folded for comparison: no case, no Vietnamese diacritics, `đ` as `d`, trimmed.

    Short texts (the choices a suggestion compares against, again for every bad cell) are
    folded once and remembered.

    Examples:
        >>> bare(" Sở Y tế ")
        'so y te'
        >>> bare("Đánh giá")
        'danh gia'
    """
    if len(text) <= _CACHED_CHARS:
        return _bare_cached(text)
    return _bare(text)


_CACHED_CHARS = 200


@functools.lru_cache(maxsize=8192)
def _bare_cached(text: str) -> str:
    return _bare(text)


def _bare(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", fold(text).replace("đ", "d"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


_MD_SPECIAL = re.compile(r"([\\`*\[\]|~<>&]|(?<!\w)_|_(?!\w))")
_MD_BREAKS = re.compile(r"[\r\n\u2028\u2029\x0b\x0c\x85]+")


def md_cell(text: str) -> str:
    """Data as inert Markdown text: no HTML, links, emphasis, code or table breaks.

    `<`, `>` and `&` are backslash-escaped (so raw HTML, entities and autolinks such as
    `<javascript:...>` show as text, and the file reads as typed: no `&lt;`); so are the
    characters that start emphasis, code, links and strikethrough or end a table cell (an
    underscore inside a word cannot start emphasis and is kept; `[` and `]` cannot form a link,
    so `(javascript:...)` stays text; `|` cannot end a cell); line breaks become spaces (a
    table row is one line). Parentheses, `#`, `+` and `-` are kept: cells never start a line.
    """
    text = _MD_BREAKS.sub(" ", text)
    return _MD_SPECIAL.sub(lambda m: "\\" + m[1], text)
