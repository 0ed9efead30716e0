"""The documentation gate: `mkdocs build --strict` passes, and no warning is logged at all.

`mkdocs build --strict --quiet` once let 7 warnings through (quiet mode does not count what it
does not log), so this test builds without `--quiet` into a temporary folder and reads the log:
any line at level WARNING or ERROR fails it, whatever the exit code says.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_strict_build_logs_no_warning(tmp_path: Path) -> None:
    site = tmp_path / "site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    log = done.stdout + done.stderr
    warnings = [line for line in log.splitlines() if line.startswith(("WARNING", "ERROR"))]
    assert not warnings, "the docs build logged:\n" + "\n".join(warnings)
    assert done.returncode == 0, log[-3000:]
    # Usable from disk: page links end in .html (no directory listing from file://) and the
    # offline plugin bundles the search index into a script.
    home = (site / "index.html").read_text("utf-8")
    assert 'href="tutorial/index.html"' in home
    assert (site / "vi" / "index.html").is_file(), "the Vietnamese section is not built"
    assert list((site / "assets" / "javascripts").glob("workers/search*.js"))
    assert (site / "search" / "search_index.js").is_file()


def test_docs_target_is_not_quiet() -> None:
    makefile = (ROOT / "Makefile").read_text("utf-8")
    recipe = makefile.split("\ndocs: ", 1)[1].split("\n\n", 1)[0]
    assert "mkdocs build --strict" in recipe
    assert "--quiet" not in recipe
    assert " -q" not in recipe
