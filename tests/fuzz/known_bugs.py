"""Library bugs the fuzzer found and that are not fixed yet.

The fuzz run counts cases matching one of these separately (they are listed in the summary) so
that everything *else* must still be clean. Each bug also has a minimal reproducer in
`test_fuzz_json.py`, marked `xfail(strict=True)`: once the library is fixed the reproducer passes,
the strict xfail turns that into a failure, and the entry here and the marker are removed.

Matchers are deliberately narrow (mutation, symptom and place) so they cannot hide new bugs.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from tests.fuzz.mutations import Case, Expect
from tests.fuzz.oracle import Verdict


@dataclasses.dataclass(frozen=True)
class KnownBug:
    """One open library bug and how to recognise its fuzz cases."""

    id: str
    title: str
    matches: Callable[[Case, Verdict], bool]


def _syntax_error_with_phantom_links(case: Case, v: Verdict) -> bool:
    # load_dataset's error path re-reads the bytes with json.loads, which accepts what pydantic's
    # parser rejected (lone surrogates, nesting deeper than ~200, surrogates encoded as UTF-8 bytes
    # via json's surrogatepass), then runs the integrity check on a collection it could not
    # re-validate (`except ValidationError: valid[name] = ()`), so every link to it "dangles".
    return (
        v.status == "mislocated"
        and any(p.code == "json_invalid" for p in v.problems)
        and all(p.record_type == "file" or p.code == "dangling_reference" for p in v.problems)
    )


def _duplicate_keys(case: Case, v: Verdict) -> bool:
    # Duplicate object keys are not detected: the last one silently wins.
    if case.mutation == "duplicate_key" and case.made.expect is Expect.REJECT:
        return v.status in ("silent", "mislocated")
    return v.status == "silent" and "given twice with different values" in v.detail


def _source_crash(case: Case, v: Verdict) -> bool:
    # _read(): a str that does not start with { or [ is taken as a path, and Path.stat() raises
    # ValueError ("embedded null byte") for a NUL character; only OSError is caught.
    return (
        case.mutation == "source"
        and v.status == "unexpected"
        and v.exc_type == "ValueError"
        and case.made.detail == "NUL"
    )


def _bom_in_str(case: Case, v: Verdict) -> bool:
    # A str starting with U+FEFF (what open(..., encoding="utf-8").read() gives for a file with a
    # BOM) is taken as a *path*: "cannot read \ufeff{...: File name too long".
    return (
        case.mutation == "source"
        and case.made.detail == "str starting with U+FEFF"
        and v.status == "wrong_rejection"
    )


def _non_ascii_digits(case: Case, v: Verdict) -> bool:
    # AdminUnitCode's pattern uses \d, which pydantic's Rust regex reads as any Unicode digit:
    # "８４" (fullwidth) or "٨٤" (Arabic-Indic) load as a province code.
    d = case.made.detail
    return (
        v.status == "silent"
        and "'admin_units'" in d
        and "'code')" in d
        and any(ch.isdigit() and not ch.isascii() for ch in d)
    )


def _version_literal(case: Case, v: Verdict) -> bool:
    # `version: Literal[1]` accepts JSON `true` and `1.0` (Python's True == 1 == 1.0) and dumps 1.
    return v.status == "silent" and case.made.detail.startswith("('version',)")


# All six bugs the fuzzer found on its first runs are fixed (phantom links after a syntax error,
# duplicate keys, str sources with NUL, a BOM in a str, non-ASCII digits in codes, a lax
# "version"); their reproducers in test_fuzz_json.py are now plain regression tests. The matchers
# above stay as documentation of how each showed up, and for the next bug's entry.
KNOWN_BUGS: tuple[KnownBug, ...] = ()


def known_bug(case: Case, verdict: Verdict) -> str | None:
    """The id of the known bug this failing case shows, or None."""
    return next((b.id for b in KNOWN_BUGS if b.matches(case, verdict)), None)
