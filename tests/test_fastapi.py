"""A real host: a FastAPI service that takes a dataset and answers its evaluation and report.

Run with warnings as errors (the project's pytest setting), as a host's own test suite would.
The demo dump is a valid body; bad bodies (wrong shape, broken links, both) get 422 with every
problem located under `body`, never 500.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from vn_iso_qms import Evaluation, QmsDataset, demo_dataset, dump_dataset, evaluate, json_schema
from vn_iso_qms.reports import ProvinceReport, province_report

app = FastAPI(title="Provincial QMS service (test)")


@app.post("/evaluate")
def evaluate_route(dataset: QmsDataset, as_of: dt.date) -> Evaluation:
    return evaluate(dataset, as_of=as_of)


@app.post("/report")
def report_route(dataset: QmsDataset, year: int, province_id: str) -> ProvinceReport:
    return province_report(dataset, year=year, province_id=province_id)


@app.get("/schema")
def schema_route() -> dict[str, Any]:
    return json_schema()


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(app)


@pytest.fixture(scope="module")
def demo() -> QmsDataset:
    return demo_dataset()


def _post(client: TestClient, path: str, body: bytes, **params: Any) -> Any:
    return client.post(
        path, content=body, params=params, headers={"content-type": "application/json"}
    )


def test_the_demo_dump_is_a_valid_body_and_the_answers_read_back(
    client: TestClient, demo: QmsDataset
) -> None:
    body = dump_dataset(demo)
    answer = _post(client, "/evaluate", body, as_of="2023-12-31")
    assert answer.status_code == 200, answer.text[:2000]
    # a Python client reads the answer back with the library's own model (parsed JSON)
    assert Evaluation.model_validate(answer.json()) == evaluate(demo, as_of=dt.date(2023, 12, 31))
    province = demo.annual_plans[0].province_id
    answer = _post(client, "/report", body, year=2023, province_id=province)
    assert answer.status_code == 200, answer.text[:2000]
    report = ProvinceReport.model_validate(answer.json())
    assert report == province_report(demo, year=2023, province_id=province)
    assert ProvinceReport.model_validate_json(answer.content) == report


def _errors(answer: Any) -> list[tuple[Any, ...]]:
    assert answer.status_code == 422, answer.text[:2000]
    return [(tuple(e["loc"]), e["type"]) for e in answer.json()["detail"]]


def test_a_wrong_shape_is_422_with_locations(client: TestClient) -> None:
    body = {"agencies": [{"id": "so-a", "kind": "so", "valid_from": "01/01/2020"}]}
    answer = _post(client, "/evaluate", json.dumps(body).encode(), as_of="2023-12-31")
    assert _errors(answer) == [
        (("body", "agencies", 0, "valid_from"), "date_parsing"),
        (("body", "agencies", 0, "name"), "missing"),
        (("body", "agencies", 0, "kind"), "enum"),
    ]


def test_broken_links_are_422_with_locations_not_500(client: TestClient, demo: QmsDataset) -> None:
    doc = json.loads(dump_dataset(demo))
    doc["processes"][3]["qms_id"] = "ghost"
    doc["agencies"].append(dict(doc["agencies"][0]))
    answer = _post(client, "/evaluate", json.dumps(doc).encode(), as_of="2023-12-31")
    n = len(doc["agencies"]) - 1
    assert _errors(answer) == [
        (("body", "agencies", n, "id"), "duplicate_id"),
        (("body", "processes", 3, "qms_id"), "dangling_reference"),
    ]
    detail = answer.json()["detail"][1]
    assert detail["input"] == "ghost"
    assert "names qms_unit 'ghost', which does not exist" in detail["msg"]


def test_field_and_link_problems_come_in_one_answer(client: TestClient, demo: QmsDataset) -> None:
    doc = json.loads(dump_dataset(demo))
    doc["agencies"][0]["kind"] = "so"
    doc["processes"][3]["qms_id"] = "ghost"
    answer = _post(client, "/evaluate", json.dumps(doc).encode(), as_of="2023-12-31")
    assert _errors(answer) == [
        (("body", "agencies", 0, "kind"), "enum"),
        (("body", "processes", 3, "qms_id"), "dangling_reference"),
    ]
    # one bad value in an 0.8 MB body: a short answer, not one error per date
    assert len(answer.content) < 5_000


def test_the_service_serves_the_schema_and_its_openapi_document(client: TestClient) -> None:
    answer = client.get("/schema")
    assert answer.status_code == 200
    assert answer.json() == json_schema()
    openapi = client.get("/openapi.json")
    assert openapi.status_code == 200
    # the OpenAPI document promises what the service accepts: a date is a patterned string
    dates: list[dict[str, Any]] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("format") == "date":
                dates.append(node)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(openapi.json()["components"]["schemas"])
    assert dates
    in_body = [d for d in dates if d.get("pattern") == "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"]
    assert len(in_body) > 40
