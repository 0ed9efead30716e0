"""The documentation pages tell the truth: their code runs and their shown output is exact.

Every ```` ```python ```` block of a page runs, in page order, in one namespace per page (like a
notebook), in a temporary working directory. A ```` ```text ```` block that directly follows a
Python block (only blank lines between) is that block's expected standard output. A whole-file
snippet include (``--8<-- "file.py"``) inside a Python block is expanded the way
``pymdownx.snippets`` does it (base paths: the repository root, then ``examples/``).

Every ```` ```console ```` block is a terminal session, run in the same working directory at its
place in the page: each line starting with ``$ `` is a command for ``bash``, and the lines up to the
next command are its expected output (standard output and standard error, interleaved). A line
that is only ``...`` stands for any number of output lines. Commands run with the virtual
environment's ``bin`` first on ``PATH`` (so ``vn-iso-qms`` is the installed script), ``COLUMNS=100``
and no colours; a command that exits non-zero fails the page (show an expected failure with
``; echo "exit code $?"``). A command that is only ``vn-iso-qms`` and plain words (no shell syntax)
runs in the test's own process when that gives exactly what the script prints in a new one
(tests/cli/helpers.py: `invoke_merged`; tests/cli/test_in_process.py compares the two ways).

To show code that must not run, put ``<!-- docs-test: skip -->`` on the line before its fence.

Pages must also be NFC-normalised Unicode: the browser sends NFC text to the search box, and a
decomposed "hoàn thành" in a page would never match it.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
import subprocess
import sys
import traceback
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pytest
from tests.cli.helpers import invoke_merged

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
SNIPPET_BASES = (ROOT, ROOT / "examples")
SKIP_MARKER = "<!-- docs-test: skip -->"
RUN_LANGS = {"python", "py"}
SHELL_LANGS = {"console"}
PROMPT = "$ "
ELLIPSIS = "..."
COMMAND_TIMEOUT_S = 300
SHELL_ENV = {
    "COLUMNS": "100",
    "LINES": "50",
    "NO_COLOR": "1",
    "TERM": "dumb",
    "PYTHONUNBUFFERED": "1",  # stdout and stderr interleave in the order they were written
    "PYTHONIOENCODING": "utf-8",
    "PYTHONDONTWRITEBYTECODE": "1",
}

_FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>[^`\n]*)$")
_SNIPPET = re.compile(r'^(?P<indent>[ \t]*)-{1,}8<-{1,}[ \t]+"(?P<path>[^"]+)"[ \t]*$')


@dataclass(frozen=True)
class Block:
    """One fenced code block of a Markdown page."""

    lang: str
    line: int  # 1-based line of the opening fence
    code: str
    skip: bool
    follows_previous: bool  # only blank lines since the previous block closed


def _lang(info: str) -> str:
    first = info.strip().split(maxsplit=1)[0] if info.strip() else ""
    return first.strip("{}").lstrip(".").lower()


def parse_blocks(text: str) -> list[Block]:
    """The fenced code blocks of a Markdown page, indentation (admonitions) removed."""
    lines = text.splitlines()
    blocks: list[Block] = []
    i = 0
    last_close = -10
    while i < len(lines):
        m = _FENCE.match(lines[i])
        if not m or not m["info"].strip():
            i += 1
            continue
        indent, fence = m["indent"], m["fence"]
        start = i
        body: list[str] = []
        i += 1
        while i < len(lines):
            close = re.match(rf"^{re.escape(indent)}{fence[0]}{{{len(fence)},}}[ \t]*$", lines[i])
            if close:
                break
            body.append(lines[i].removeprefix(indent))
            i += 1
        previous = next((ln for ln in reversed(lines[:start]) if ln.strip()), "")
        between = lines[last_close + 1 : start] if last_close >= 0 else ["x"]
        blocks.append(
            Block(
                lang=_lang(m["info"]),
                line=start + 1,
                code="\n".join(body) + "\n",
                skip=previous.strip() == SKIP_MARKER,
                follows_previous=bool(blocks) and all(not ln.strip() for ln in between),
            )
        )
        last_close = i
        i += 1
    return blocks


def expand_snippets(code: str) -> str:
    """Inline whole-file ``--8<-- "path"`` includes, like pymdownx.snippets."""
    out: list[str] = []
    for line in code.splitlines():
        m = _SNIPPET.match(line)
        if not m:
            out.append(line)
            continue
        path = m["path"]
        found = next((base / path for base in SNIPPET_BASES if (base / path).is_file()), None)
        if found is None:
            pytest.fail(f"snippet {path!r} not found under {[str(b) for b in SNIPPET_BASES]}")
        out.extend(m["indent"] + ln for ln in found.read_text(encoding="utf-8").splitlines())
    return "\n".join(out) + "\n"


def _pages() -> list[Path]:
    return sorted(p for p in DOCS.rglob("*.md") if not p.relative_to(DOCS).parts[0].startswith("_"))


def _normalise_output(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.strip("\n").splitlines())


def _id(path: Path) -> str:
    return path.relative_to(DOCS).as_posix()


def parse_session(code: str) -> list[tuple[str, list[str]]]:
    """The (command, expected output lines) pairs of a console block."""
    session: list[tuple[str, list[str]]] = []
    for line in code.splitlines():
        if line.startswith(PROMPT):
            session.append((line[len(PROMPT) :].strip(), []))
        elif session:
            session[-1][1].append(line)
        elif line.strip():
            pytest.fail(f"console block output before any '{PROMPT}' command: {line!r}")
    return session


def output_matches(expected: list[str], actual: list[str]) -> bool:
    """Whether `actual` lines match `expected`, where a line `...` matches any run of lines."""
    memo: dict[tuple[int, int], bool] = {}

    def match(i: int, j: int) -> bool:
        if (i, j) not in memo:
            if i == len(expected):
                memo[i, j] = j == len(actual)
            elif expected[i].strip() == ELLIPSIS:
                memo[i, j] = any(match(i + 1, k) for k in range(j, len(actual) + 1))
            else:
                memo[i, j] = j < len(actual) and expected[i] == actual[j] and match(i + 1, j + 1)
        return memo[i, j]

    return match(0, 0)


_PLAIN_WORDS = re.compile(r"[\w./:=,+@%-]+")
"""A word bash passes on as it is: no quotes, expansions, globs, redirections or separators."""


def _plain_cli_args(command: str, env: dict[str, str]) -> list[str] | None:
    """The arguments of a command that is only the installed `vn-iso-qms` and plain words."""
    words = command.split()
    if not words or words[0] != "vn-iso-qms" or not all(_PLAIN_WORDS.fullmatch(w) for w in words):
        return None
    script = Path(sys.executable).parent / "vn-iso-qms"
    if shutil.which("vn-iso-qms", path=env["PATH"]) != str(script):
        return None
    return words[1:]


def run_command(command: str, cwd: Path) -> tuple[int, str]:
    """Run one shell command the way a reader would; return its exit code and merged output."""
    env = {**os.environ, **SHELL_ENV}
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    args = _plain_cli_args(command, env)
    if args is not None:
        here = invoke_merged(args, env, cwd, prog="vn-iso-qms")
        if here is not None:
            return here[0], here[1].decode("utf-8", errors="replace")
    done = subprocess.run(
        ["bash", "-c", command],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        timeout=COMMAND_TIMEOUT_S,
        check=False,
    )
    return done.returncode, done.stdout.decode("utf-8", errors="replace")


PAGES = _pages()
PAGES_WITH_CODE = [
    p
    for p in PAGES
    if any(b.lang in RUN_LANGS | SHELL_LANGS for b in parse_blocks(p.read_text("utf-8")))
]


def test_docs_exist() -> None:
    assert PAGES, f"no Markdown pages under {DOCS}"
    assert PAGES_WITH_CODE, "no page has a Python block: the parser is broken"


@pytest.mark.parametrize("page", PAGES, ids=_id)
def test_page_is_nfc(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    bad = [
        n
        for n, line in enumerate(text.splitlines(), 1)
        if unicodedata.normalize("NFC", line) != line
    ]
    assert not bad, f"{_id(page)}: lines not in Unicode NFC (search cannot match them): {bad}"


@pytest.mark.parametrize("page", PAGES_WITH_CODE, ids=_id)
def test_page_code_runs_and_output_matches(
    page: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Rules are values and rule sets are immutable: a page that adds a rule builds its own set,
    # so there is nothing global to isolate between pages (only the working directory).
    monkeypatch.chdir(tmp_path)
    blocks = parse_blocks(page.read_text(encoding="utf-8"))
    namespace: dict[str, object] = {"__name__": "__docs__"}
    last_output: str | None = None
    last_python: Block | None = None
    for block in blocks:
        where = f"{_id(page)}:{block.line}"
        if block.lang in SHELL_LANGS and not block.skip:
            for command, expected in parse_session(block.code):
                code, output = run_command(command, tmp_path)
                shown = _normalise_output("\n".join(expected)).splitlines()
                got = _normalise_output(output).splitlines()
                assert code == 0, f"{where}: `{command}` exited with {code}:\n{output}"
                assert output_matches(shown, got), (
                    f"{where}: the output shown for `{command}` differs from what it prints.\n"
                    f"--- shown\n{chr(10).join(shown)}\n--- actual\n{chr(10).join(got)}"
                )
            last_output, last_python = None, None
            continue
        if block.lang in RUN_LANGS and not block.skip:
            source = expand_snippets(block.code)
            buffer = io.StringIO()
            try:
                with contextlib.redirect_stdout(buffer):
                    exec(compile(source, where, "exec"), namespace)  # our own pages, nothing else
            except Exception:  # any failure, reported with its page and line
                pytest.fail(f"code block at {where} raised:\n{traceback.format_exc()}")
            last_output, last_python = buffer.getvalue(), block
            continue
        if block.lang == "text" and block.follows_previous and last_python is not None:
            shown_text = _normalise_output(block.code)
            actual = _normalise_output(last_output or "")
            assert actual == shown_text, (
                f"{where}: the output shown differs from what the code block at "
                f"{_id(page)}:{last_python.line} prints.\n--- shown\n{shown_text}\n"
                f"--- actual\n{actual}"
            )
        last_output, last_python = None, None


def test_console_sessions_parse_and_match() -> None:
    session = parse_session("$ echo a\na\n$ true\n")
    assert session == [("echo a", ["a"]), ("true", [])]
    assert output_matches(["a", "...", "d"], ["a", "b", "c", "d"])
    assert output_matches(["a", "..."], ["a"])
    assert not output_matches(["a", "...", "d"], ["a", "b"])
    assert not output_matches(["a"], ["a", "b"])


def test_parser_pairs_output_with_code() -> None:
    page = (
        '```python\nprint("xin chào")\n```\n\n```text\nxin chào\n```\n\nprose\n\n```text\nx\n```\n'
    )
    blocks = parse_blocks(page)
    assert [(b.lang, b.follows_previous) for b in blocks] == [
        ("python", False),
        ("text", True),
        ("text", False),
    ]
