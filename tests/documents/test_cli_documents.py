"""`vn-iso-qms document ...`: one sub-command per document, no overwrite, located errors."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from tests.cli.helpers import run

docx = pytest.importorskip("docx")

DEMO = str(Path(__file__).resolve().parents[2] / "src/vn_iso_qms/_internal/data/demo_province.json")

COMMANDS = {
    "status-report": ("--year", "2023"),
    "inspection-results": ("--year", "2023"),
    "inspection-plan": ("--plan", "khkt-2023"),
    "inspection-decision": ("--inspection", "kt-2023-so-noi-vu"),
    "inspection-minutes": ("--inspection", "kt-2023-so-noi-vu"),
    "corrective-report": ("--inspection", "kt-2023-so-noi-vu"),
    "announcement": ("--announcement", "cb-ubnd-tinh"),
}


@pytest.mark.parametrize("command", COMMANDS)
def test_each_sub_command_writes_a_word_document(tmp_path: Path, command: str) -> None:
    out = tmp_path / "van-ban.docx"
    done = run(tmp_path, "document", command, DEMO, *COMMANDS[command], "-o", str(out))
    assert done.returncode == 0, done.stderr
    doc = docx.Document(io.BytesIO(out.read_bytes()))
    assert any(p.text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" for t in doc.tables
               for c in t.rows[0].cells for p in c.paragraphs)  # fmt: skip


def test_no_overwrite_without_force_and_a_header_file(tmp_path: Path) -> None:
    out = tmp_path / "bao-cao.docx"
    out.write_bytes(b"old")
    args = ("document", "status-report", DEMO, "--year", "2023", "-o", str(out))
    refused = run(tmp_path, *args)
    assert refused.returncode == 2
    assert out.read_bytes() == b"old"
    header = tmp_path / "header.toml"
    header.write_text('number = 9\nsigner = "Nguyễn Văn A"\n', encoding="utf-8")
    done = run(tmp_path, *args, "--force", "--header", str(header))
    assert done.returncode == 0, done.stderr
    header_block = docx.Document(str(out)).tables[0]
    assert header_block.cell(1, 0).paragraphs[0].text == "Số: 09/BC-UBND"


def test_bad_header_and_unknown_record_are_data_errors(tmp_path: Path) -> None:
    header = tmp_path / "header.toml"
    header.write_text("number = [", encoding="utf-8")
    bad = run(tmp_path, "document", "status-report", DEMO, "--year", "2023", "-o",
              str(tmp_path / "a.docx"), "--header", str(header))  # fmt: skip
    assert bad.returncode == 3
    assert "header" in bad.stderr
    missing = run(tmp_path, "document", "inspection-minutes", DEMO, "--inspection", "khong-co",
                  "-o", str(tmp_path / "b.docx"))  # fmt: skip
    assert missing.returncode == 3
    assert "khong-co" in missing.stderr
    assert not (tmp_path / "b.docx").exists()


def test_output_must_be_docx(tmp_path: Path) -> None:
    done = run(tmp_path, "document", "status-report", DEMO, "--year", "2023", "-o",
               str(tmp_path / "a.pdf"))  # fmt: skip
    assert done.returncode == 2
