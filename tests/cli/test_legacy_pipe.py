"""`--format csv` into a pipe whose encoding cannot hold Vietnamese stays exact UTF-8.

A Vietnamese Windows console or pipe is cp1258 (precomposed letters such as "ị" are not in it);
a minimal one is ASCII. Output to a pipe must keep every letter (docs/explanation/limits.md,
"The terminal"): the bytes are those of the same report written with `--output`, which is
always UTF-8. Only a terminal shows replacement characters. (JSON: test_hostile_surfaces.py.)
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.helpers import ENV, invoke_bytes, run


@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("legacy-pipe")
    made = run(folder, "demo", "--export-dataset", "d.json", "-o", "demo.md")
    assert made.returncode == 0, made.stderr
    written = run(folder, "report", "d.json", "--period", "2023", "-o", "r.csv", lang="vi")
    assert written.returncode == 0, written.stderr
    return folder


@pytest.mark.parametrize("encoding", ["cp1258", "ascii"])
def test_csv_to_a_legacy_pipe_is_the_utf8_file(work: Path, encoding: str) -> None:
    env = {**ENV, "PYTHONIOENCODING": encoding, "VN_ISO_QMS_LANG": "vi"}
    args = ["report", "d.json", "--period", "2023", "--format", "csv"]
    piped = invoke_bytes(args, env, work)  # a legacy encoding: always a new process
    assert piped.returncode == 0, piped.stderr[-500:]
    assert piped.stdout == (work / "r.csv").read_bytes()
    text = piped.stdout.decode("utf-8")  # strict: no cp1258 or ASCII byte in it
    assert '"Cơ quan, đơn vị trong danh sách"' in text
    assert "Ban Dân tộc" in text
    assert "\ufffd" not in text
    with pytest.raises(UnicodeEncodeError):
        "Cơ quan, đơn vị".encode(encoding)  # the premise: the pipe cannot hold it
