"""Helpers for messages people read: "did you mean" suggestions and visible invisible characters.

Both are stdlib only (`difflib`, `unicodedata`; text is folded by `text.bare`) and pure: they never
change data, only how a value is shown in a message.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable

from vn_iso_qms._internal.text import bare

__all__ = ["closest", "show_value", "visible"]

_NAMED = {
    " ": "␠",
    "\t": "\\t",
    "\n": "\\n",
    "\r": "\\r",
    "\u00a0": "<NBSP>",
    "\u200b": "<ZWSP>",
    "\u200c": "<ZWNJ>",
    "\u200d": "<ZWJ>",
    "\u2060": "<WJ>",
    "\ufeff": "<BOM>",
}


def closest(value: str, choices: Iterable[str], *, cutoff: float = 0.6) -> str | None:
    """The choice `value` most likely meant (case and diacritics ignored), or None.

    Examples:
        >>> closest("evalute", ["evaluate", "report"])
        'evaluate'
        >>> closest("so y te", ["Sở Y tế", "Sở Tư pháp"])
        'Sở Y tế'
        >>> closest("xyz", ["evaluate"]) is None
        True
    """
    by_bare: dict[str, str] = {}
    for choice in choices:
        by_bare.setdefault(bare(choice), choice)
    match = difflib.get_close_matches(bare(value), list(by_bare), n=1, cutoff=cutoff)
    return by_bare[match[0]] if match else None


def _invisible(char: str) -> bool:
    if char in _NAMED:
        return True
    return unicodedata.category(char) in ("Cc", "Cf", "Zs", "Zl", "Zp", "Co", "Cn")


def visible(text: str) -> str:
    r"""`text` with invisible characters at its ends, and every non-space invisible one, shown.

    A space inside the text stays a space; a space at either end, a no-break space, a
    zero-width or other format character and control characters are written as a visible
    marker (`␠`, `<NBSP>`, `<ZWSP>`, `<U+2062>`, ...), so `'so-y-te '` and `'so-y-te'` differ
    on the screen as they do in the data.

    Examples:
        >>> visible("so-y-te ")
        'so-y-te␠'
        >>> visible("Sở\u200bY tế")
        'Sở<ZWSP>Y tế'
    """
    stripped = text.strip(" ")
    start = len(text) - len(text.lstrip(" "))
    end = start + len(stripped)
    out: list[str] = []
    for i, char in enumerate(text):
        edge = i < start or i >= end
        if char == " " and not edge:
            out.append(char)
        elif _invisible(char):
            out.append(_NAMED.get(char, f"<U+{ord(char):04X}>"))
        else:
            out.append(char)
    return "".join(out)


def show_value(value: object, *, limit: int = 80) -> str:
    """A value quoted for a message: text in quotes with invisible characters made visible.

    Examples:
        >>> show_value("so-y-te ")
        "'so-y-te␠'"
        >>> show_value(5)
        '5'
    """
    if isinstance(value, str):
        shown = visible(value)
        if len(shown) > limit:
            shown = shown[: limit - 1] + f"… ({len(value):,})"
        return f"'{shown}'"
    return str(value)
