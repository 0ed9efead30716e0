"""The generated fuzz families cover the model, the layout and the command table (issue 26), and
the full profile's case builders of every fuzzer still match the model (a smoke, in CI)."""

from __future__ import annotations

import random
import tempfile
from pathlib import Path
from typing import Any

import typer.main

import vn_iso_qms
from tests.fuzz import model_fuzz
from tests.fuzz.mutations import MUTATION_NAMES as JSON_MUTATIONS
from tests.fuzz.mutations import make_case as json_case
from tests.fuzz.oracle import judge as json_judge
from tests.fuzz.resources import all_families
from tests.fuzz.runner import PROFILES as JSON_PROFILES
from tests.fuzz.test_fuzz_xlsx import PROFILES as XLSX_PROFILES
from tests.fuzz.xlsx_mutations import MUTATION_NAMES as XLSX_MUTATIONS
from tests.fuzz.xlsx_mutations import judge as xlsx_judge
from tests.fuzz.xlsx_mutations import make_case as xlsx_case
from vn_iso_qms._internal.base import Record
from vn_iso_qms._internal.cli import app
from vn_iso_qms._internal.dataset import COLLECTIONS, record_links


def test_every_public_record_type_has_a_fuzz_family() -> None:
    public = {
        obj
        for name in vn_iso_qms.__all__
        if isinstance(obj := getattr(vn_iso_qms, name), type)
        and issubclass(obj, Record)
        and obj is not Record
    }
    fuzzed = {
        COLLECTIONS[name.split(":", 1)[1]] for name in all_families() if name.startswith("record:")
    }
    assert public <= fuzzed, sorted(t.__name__ for t in public - fuzzed)
    assert set(COLLECTIONS.values()) == fuzzed


def test_every_command_and_sheet_has_a_fuzz_family() -> None:
    group: Any = typer.main.get_command(app)
    commands = set()
    for name, cmd in group.commands.items():  # a group's sub-commands are commands of their own
        subs = getattr(cmd, "commands", None)
        commands |= {f"{name} {sub}" for sub in subs} if subs else {name}
    assert {n.split(":", 1)[1] for n in all_families() if n.startswith("cli:")} == commands
    sheets = {n.split(":", 1)[1] for n in all_families() if n.startswith("sheet:")}
    assert sheets == set(model_fuzz.sheet_keys())


def test_every_date_link_and_collection_field_gets_its_mutations() -> None:
    for record_cls in COLLECTIONS.values():
        kinds = model_fuzz.field_kinds(record_cls)
        for path, _ in record_links(record_cls):
            if "." not in path:  # top-level links (nested ones are fuzzed through their rows)
                assert "dangling" in kinds[path.removesuffix("[]")], (record_cls, path)
        hints = record_cls.model_fields
        for name, info in hints.items():
            if "date" in str(info.annotation) and name != "id":
                assert "date_end" in kinds.get(name, ()), (record_cls.__name__, name)


def test_every_option_of_every_command_is_fuzzed_across_seeds() -> None:
    # a new option is reached by the generated family: over enough seeds every one is chosen
    for name, params in model_fuzz.commands().items():
        options = {
            p.opts[0]
            for p in params
            if p.param_type_name == "option" and not getattr(p, "is_flag", False)
        }
        seen: set[str] = set()
        for seed in range(40 * len(options) + 1):
            rng = random.Random(f"cli-{name}-{seed}")
            chosen = rng.choice(
                [
                    p
                    for p in params
                    if p.param_type_name == "option" and not getattr(p, "is_flag", False)
                ]
            )
            seen.add(chosen.opts[0])
            if seen == options:
                break
        assert seen == options, (name, options - seen)


def test_the_full_profiles_case_builders_still_match_the_model(tmp_path: Path) -> None:
    # one case of every mutation, from seeds beyond the CI profile's (the full profile's): a
    # builder that no longer matches the model fails here, the day it breaks
    json_start = JSON_PROFILES["ci"]
    for offset, _ in enumerate(JSON_MUTATIONS):
        case = json_case(json_start + offset)
        assert json_judge(case, tmp_path).status == "ok", case.label()
    xlsx_start = XLSX_PROFILES["ci"]
    for offset, _ in enumerate(XLSX_MUTATIONS):
        sheet_case = xlsx_case(xlsx_start + offset)
        assert xlsx_judge(sheet_case).status == "ok", sheet_case.label()


def test_the_generated_oracle_is_not_vacuous() -> None:
    # a loader that drops the mutated value is a silent change
    built = model_fuzz.record_case("agencies", 0, "ci")
    doc = vn_iso_qms.load_dataset(model_fuzz.base_doc())
    with tempfile.TemporaryDirectory():
        problem = None
        try:
            result = built.run()
            problem = built.check(result)
        except vn_iso_qms.InvalidDataError:
            return  # refused: nothing to compare
        assert problem is None
        assert built.check(doc) is not None or built.data == model_fuzz.base_doc()
