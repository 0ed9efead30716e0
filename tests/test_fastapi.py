"""A real host: a FastAPI service that takes a dataset and answers its evaluation and report.

Run with warnings as errors (the project's pytest setting), as a host's own test suite would.
The demo dump is a valid body; bad bodies (wrong shape, broken links, both) get 422 with every
problem located under `body`, never 500.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Annotated, Any

import pytest
from fastapi import FastAPI, Query, Request
from fastapi.responses import JSONResponse
from fastapi.testclient import TestClient

from vn_iso_qms import (
    Evaluation,
    InvalidDataError,
    QmsDataset,
    QmsError,
    demo_dataset,
    dump_dataset,
    evaluate,
    json_schema,
    load_dataset,
)
from vn_iso_qms.reports import ProvinceReport, province_report

app = FastAPI(title="Provincial QMS service (test)")

Year = Annotated[int, Query(ge=1900, le=9998)]
AsOf = Annotated[dt.date, Query(ge=dt.date(1900, 1, 1), le=dt.date(9998, 12, 31))]


@app.exception_handler(QmsError)
def refused(request: Request, exc: QmsError) -> JSONResponse:
    if isinstance(exc, InvalidDataError):
        detail = [p.model_dump(mode="json") for p in exc.problems]
    else:
        detail = [{"type": type(exc).__name__, "msg": str(exc)}]
    return JSONResponse(status_code=422, content={"detail": detail})


@app.post("/evaluate")
def evaluate_route(dataset: QmsDataset, as_of: AsOf) -> Evaluation:
    return evaluate(dataset, as_of=as_of)


@app.post("/report")
def report_route(dataset: QmsDataset, year: Year, province_id: str) -> ProvinceReport:
    return province_report(dataset, year=year, province_id=province_id)


@app.post("/evaluate-bytes")
async def evaluate_bytes_route(request: Request, as_of: AsOf) -> Evaluation:
    return evaluate(load_dataset(await request.body()), as_of=as_of)


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


# --- hostile bodies and arguments (issue 26): bounded, and 422, never 500 ----------------------


def test_a_body_of_empty_records_is_answered_with_a_bounded_list(client: TestClient) -> None:
    # 100,000 empty agencies are 300,000 missing fields: the first 1,000 are listed and the
    # rest counted in one last entry, as load_dataset does (it was every one of them)
    body = b'{"agencies":[' + b",".join([b"{}"] * 100_000) + b"]}"
    answer = _post(client, "/evaluate", body, as_of="2023-12-31")
    assert answer.status_code == 422
    detail = answer.json()["detail"]
    assert len(detail) == 1001
    assert detail[0]["loc"] == ["body", "agencies", 0, "id"]
    assert detail[-1]["type"] == "too_many_errors"
    assert detail[-1]["msg"].startswith("299,000 more problems")
    assert len(answer.content) < 300_000


@pytest.mark.parametrize("year", [0, -1, 1899, 9999, 10000])
def test_a_year_outside_the_calendar_is_422(
    client: TestClient, demo: QmsDataset, year: int
) -> None:
    province = demo.annual_plans[0].province_id
    answer = _post(client, "/report", dump_dataset(demo), year=year, province_id=province)
    assert answer.status_code == 422, answer.text[:500]


def test_an_unknown_province_is_422(client: TestClient, demo: QmsDataset) -> None:
    answer = _post(client, "/report", dump_dataset(demo), year=2023, province_id="khong-co")
    assert answer.status_code == 422
    assert "khong-co" in answer.json()["detail"][0]["msg"]


@pytest.mark.parametrize("kind", ["merged_into", "split", "dissolved"])
def test_an_agency_event_on_the_first_day_of_the_calendar_is_not_500(
    client: TestClient, kind: str
) -> None:
    agencies = [
        {"id": "a", "name": "A", "kind": "provincial_department"},
        {"id": "b", "name": "B", "kind": "provincial_department"},
    ]
    event: dict[str, Any] = {"id": "e", "kind": kind, "agency_id": "a", "date": "0001-01-01"}
    if kind != "dissolved":
        event["successor_ids"] = ["b"]
    body = json.dumps({"agencies": agencies, "agency_events": [event]}).encode()
    answer = _post(client, "/evaluate", body, as_of="2023-12-31")
    assert answer.status_code == 200, answer.text[:500]


def test_a_key_given_twice_is_refused_when_the_library_reads_the_body(client: TestClient) -> None:
    body = b'{"agencies":[{"id":"a","name":"A","name":"B","kind":"provincial_department"}]}'
    answer = _post(client, "/evaluate-bytes", body, as_of="2023-12-31")
    assert answer.status_code == 422
    assert answer.json()["detail"][0]["code"] == "duplicate_key"
