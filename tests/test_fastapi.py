"""A real host: a FastAPI service that takes a dataset and answers its evaluation and report.

Run with warnings as errors (the project's pytest setting), as a host's own test suite would.
The service is the one of docs/how-to/serve-from-fastapi.md: the body is read by the library
(`load_dataset`, in a dependency), so a key given twice is refused and the problems are bounded;
the OpenAPI document still describes the body with the published schema. The demo dump is a
valid body; bad bodies (wrong shape, broken links, both, a repeated key) get 422 with every
problem located, never 500.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Annotated, Any

import pytest
from fastapi import Depends, FastAPI, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from fastapi.testclient import TestClient

from vn_iso_qms import (
    Evaluation,
    InvalidDataError,
    Problem,
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
        problems = list(exc.problems)
        if exc.omitted:
            problems.append(
                Problem(
                    record_type="dataset",
                    code="too_many_errors",
                    message=f"{exc.omitted:,} more problems, not listed",
                )
            )
        detail = [p.model_dump(mode="json") for p in problems]
    else:
        detail = [{"type": type(exc).__name__, "msg": str(exc)}]
    return JSONResponse(status_code=422, content={"detail": detail})


async def read_dataset(request: Request) -> QmsDataset:
    return await run_in_threadpool(load_dataset, await request.body())


Dataset = Annotated[QmsDataset, Depends(read_dataset)]
DATASET_BODY = {
    "requestBody": {"required": True, "content": {"application/json": {"schema": json_schema()}}}
}


@app.post("/evaluate", openapi_extra=DATASET_BODY)
def evaluate_route(dataset: Dataset, as_of: AsOf) -> Evaluation:
    return evaluate(dataset, as_of=as_of)


@app.post("/report", openapi_extra=DATASET_BODY)
def report_route(dataset: Dataset, year: Year, province_id: str) -> ProvinceReport:
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
    """(record type, position, field, code) of each problem of a 422 answer."""
    assert answer.status_code == 422, answer.text[:2000]
    return [(e["record_type"], e["index"], e["field"], e["code"]) for e in answer.json()["detail"]]


def test_a_wrong_shape_is_422_with_locations(client: TestClient) -> None:
    body = {"agencies": [{"id": "so-a", "kind": "so", "valid_from": "01/01/2020"}]}
    answer = _post(client, "/evaluate", json.dumps(body).encode(), as_of="2023-12-31")
    assert _errors(answer) == [
        ("agency", 0, "valid_from", "date_parsing"),
        ("agency", 0, "name", "missing"),
        ("agency", 0, "kind", "enum"),
    ]
    assert {e["record_id"] for e in answer.json()["detail"]} == {"so-a"}


def test_broken_links_are_422_with_locations_not_500(client: TestClient, demo: QmsDataset) -> None:
    doc = json.loads(dump_dataset(demo))
    doc["processes"][3]["qms_id"] = "ghost"
    doc["agencies"].append(dict(doc["agencies"][0]))
    answer = _post(client, "/evaluate", json.dumps(doc).encode(), as_of="2023-12-31")
    n = len(doc["agencies"]) - 1
    assert _errors(answer) == [
        ("agency", n, "id", "duplicate_id"),
        ("process", 3, "qms_id", "dangling_reference"),
    ]
    detail = answer.json()["detail"][1]
    assert detail["record_id"] == doc["processes"][3]["id"]
    assert "names qms_unit 'ghost', which does not exist" in detail["message"]


def test_field_and_link_problems_come_in_one_answer(client: TestClient, demo: QmsDataset) -> None:
    doc = json.loads(dump_dataset(demo))
    doc["agencies"][0]["kind"] = "so"
    doc["processes"][3]["qms_id"] = "ghost"
    answer = _post(client, "/evaluate", json.dumps(doc).encode(), as_of="2023-12-31")
    assert _errors(answer) == [
        ("agency", 0, "kind", "enum"),
        ("process", 3, "qms_id", "dangling_reference"),
    ]
    # one bad value in an 0.8 MB body: a short answer, not one error per date
    assert len(answer.content) < 5_000


def _without_nulls(node: Any) -> Any:
    if isinstance(node, dict):
        return {k: _without_nulls(v) for k, v in node.items() if v is not None}
    if isinstance(node, list):
        return [_without_nulls(v) for v in node]
    return node


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

    # the body, read by the library rather than by FastAPI, is still described: by the
    # published schema, whose dates are patterned strings
    for path in ("/evaluate", "/report"):
        body = openapi.json()["paths"][path]["post"]["requestBody"]
        assert body["required"] is True
        # FastAPI writes its OpenAPI document without null values (`exclude_none`): every
        # `"default": null` of the schema is left out, nothing else
        assert body["content"]["application/json"]["schema"] == _without_nulls(json_schema())
    walk(openapi.json()["paths"]["/evaluate"]["post"]["requestBody"])
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
    assert (detail[0]["record_type"], detail[0]["index"], detail[0]["field"]) == ("agency", 0, "id")
    assert detail[-1]["code"] == "too_many_errors"
    assert detail[-1]["message"] == "299,000 more problems, not listed"
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


@pytest.mark.parametrize("path", ["/evaluate", "/report"])
def test_a_key_given_twice_in_a_record_is_422_naming_the_key_and_the_record(
    client: TestClient, path: str
) -> None:
    # FastAPI's own JSON parsing would keep "B" and drop "A" without a word
    body = b'{"agencies":[{"id":"a","name":"A","name":"B","kind":"provincial_department"}]}'
    params = {"as_of": "2023-12-31"} if path == "/evaluate" else {"year": 2023, "province_id": "p"}
    answer = _post(client, path, body, **params)
    assert _errors(answer) == [("agency", 0, "name", "duplicate_key")]
    problem = answer.json()["detail"][0]
    assert problem["record_id"] == "a"
    assert "'name' is given twice" in problem["message"]


def test_a_collection_given_twice_is_422_at_the_dataset(client: TestClient) -> None:
    agency = b'{"id":"a","name":"A","kind":"provincial_department"}'
    body = b'{"agencies":[' + agency + b'],"agencies":[]}'
    answer = _post(client, "/evaluate", body, as_of="2023-12-31")
    assert answer.status_code == 422, answer.text[:500]
    assert _errors(answer) == [("dataset", None, "agencies", "duplicate_key")]
    assert "'agencies' is given twice" in answer.json()["detail"][0]["message"]


def test_a_body_declared_as_a_dataset_would_keep_the_last_of_two_values() -> None:
    # why the service reads the body itself: the JSON FastAPI parses has lost the first value,
    # and validating it cannot tell
    parsed = json.loads(
        '{"agencies":[{"id":"a","name":"A","name":"B","kind":"provincial_department"}]}'
    )
    assert QmsDataset.model_validate(parsed).agencies[0].name == "B"


def test_a_body_that_is_not_json_is_422_not_500(client: TestClient) -> None:
    answer = _post(client, "/evaluate", b"{not json", as_of="2023-12-31")
    assert _errors(answer) == [("file", None, None, "json_invalid")]
