"""Seocho-gu's officer changes the city's answers every way there is: one item on the assessment page, many at
once through the API, a filled spreadsheet uploaded back, a new assessment pre-filled through a crosswalk, and
values taken from the indicator series. Every changed answer lands in the audit chain: the item, the value
before and after, who and when (the event's actor and time) and the channel it came through; one event for each
save, however many answers it changes, and none for answers saved unchanged. `citycert audit verify` passes
afterwards."""

from __future__ import annotations

import csv
import io
import re
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from citycert.assessments.choices import AssessmentKind, State
from citycert.assessments.models import Assessment
from citycert.assessments.workflow import ResponseInput, create_assessment, save_response, transition
from citycert.audit.models import AuditEvent
from citycert.indicators.alerts import commit_and_alert
from citycert.indicators.importing.planning import plan_import
from citycert.library.store import find_version
from citycert.spreadsheet_cells import header_name
from tests.api.calling import Caller
from tests.audit.checking import check
from tests.indicators.story import long_csv
from tests.people import People


def answer_events(assessment: Assessment) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(
            action="assessment.answers_changed", object_type="assessment", object_id=str(assessment.pk)
        ).order_by("id")
    )


def after(event: AuditEvent) -> dict[str, Any]:
    assert isinstance(event.after, dict)
    return event.after


def changes(event: AuditEvent) -> set[tuple[Any, ...]]:
    return {tuple(row) for row in after(event)["changes"]}


def test_every_channel_records_each_changed_answer_once(people: People) -> None:
    draft = people.draft
    officer = Client()
    officer.force_login(people.officer)
    items = [node.id for node in draft.framework_version.framework.nodes if node.assessable]

    # On the page: BM.vision from 3 to 4.
    saved = officer.post(f"/assessments/{draft.pk}/items/BM.vision/", {"value": "4"})
    assert saved.status_code == 200
    [page] = answer_events(draft)[-1:]
    assert (page.actor_id, page.actor_name, after(page)["channel"]) == (people.officer.pk, "officer-seocho", "page")
    assert after(page)["changes"] == [["BM.vision", "value", "3", "4"]]
    # The same value again changes nothing and records nothing.
    revision = Assessment.objects.get(pk=draft.pk).revision
    officer.post(f"/assessments/{draft.pk}/items/BM.vision/", {"value": "4"})
    assert answer_events(draft)[-1] == page and Assessment.objects.get(pk=draft.pk).revision == revision

    # Through the API: every item in one PATCH, BM.vision again at 4.
    hub = Caller(people.officer)
    path = f"/assessments/{draft.pk}/responses"

    def patch(values: dict[str, str]) -> int:
        etag = hub.get(f"/assessments/{draft.pk}")["ETag"]
        with CaptureQueriesContext(connection) as queries:
            answer = hub.patch(
                path, {"responses": [{"item": i, "value": v} for i, v in values.items()]}, **{"If-Match": etag}
            )
        assert answer.status_code == 200, answer.content
        return len(queries)

    patch({item: "4" if item == "BM.vision" else "2" for item in items})
    [api] = answer_events(draft)[-1:]
    assert after(api)["channel"] == "api" and api.actor_id == people.officer.pk
    assert changes(api) == {(item, "value", "", "2") for item in items if item != "BM.vision"}
    events = AuditEvent.objects.count()
    every = patch(dict.fromkeys(items, "3"))
    assert AuditEvent.objects.count() == events + 1, "one event for the whole PATCH"
    assert changes(answer_events(draft)[-1]) == {
        (item, "value", "4" if item == "BM.vision" else "2", "3") for item in items
    }
    two = patch({"BM.roadmap": "5", "BM.leadership": "1"})
    # The old values are read in one query, not one per item: a PATCH of every item costs what one of two does.
    assert every == two
    assert changes(answer_events(draft)[-1]) == {
        ("BM.roadmap", "value", "3", "5"),
        ("BM.leadership", "value", "3", "1"),
    }

    # A spreadsheet filled offline and uploaded back: a value and a justification.
    text = officer.get(f"/assessments/{draft.pk}/export.csv").content.decode("utf-8-sig")
    rows = [{header_name(name): value for name, value in row.items()} for row in csv.DictReader(io.StringIO(text))]
    for row in rows:
        if row["item"] == "BM.capability":
            row["value"], row["justification"] = "5", "전담 조직 신설"
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    preview = officer.post(
        f"/assessments/{draft.pk}/import/", {"sheet": SimpleUploadedFile("filled.csv", out.getvalue().encode())}
    ).content.decode()
    fields = {name: re.search(rf'name="{name}" value="([^"]+)"', preview) for name in ("token", "suffix", "revision")}
    assert all(fields.values()), preview
    applied = officer.post(
        f"/assessments/{draft.pk}/import/apply/", {name: found.group(1) for name, found in fields.items() if found}
    )
    assert applied.status_code == 302
    [sheet] = answer_events(draft)[-1:]
    assert after(sheet)["channel"] == "spreadsheet" and sheet.actor_id == people.officer.pk
    assert changes(sheet) == {
        ("BM.capability", "value", "3", "5"),
        ("BM.capability", "justification", "", "전담 조직 신설"),
    }

    # A national self-assessment, submitted; a new ISO 37106 draft pre-filled from it through the crosswalk.
    national = create_assessment(
        people.seocho, find_version("kr-smartcity"), AssessmentKind.SELF_ASSESSMENT, 2025, people.officer
    )
    for node in national.framework_version.framework.nodes:
        if node.type == "qualitative":
            save_response(national, node.id, ResponseInput(value="4"), people.officer)
    transition(national, State.SUBMITTED, people.officer)
    started = officer.post(
        f"/cities/{people.seocho.code}/assessments/new/",
        {
            "kind": "renewal",
            "year": "2027",
            "framework_version": str(find_version("bsi-iso37106").pk),
            "prefill_from": str(national.pk),
        },
    )
    assert started.status_code == 302
    iso = Assessment.objects.get(year=2027, kind="renewal")
    [crosswalk] = answer_events(iso)
    assert after(crosswalk)["channel"] == "crosswalk" and crosswalk.actor_id == people.officer.pk
    assert after(crosswalk)["from"] == f"kr-smartcity-to-bsi-iso37106 (#{national.pk})"
    prefilled = dict(iso.responses.filter(confirmed=False).values_list("item_id", "value"))
    assert prefilled and changes(crosswalk) == {(item, "value", "", value) for item, value in prefilled.items()}
    # Confirming them all records which answers the officer vouched for.
    assert officer.post(f"/assessments/{iso.pk}/confirm/").status_code == 302
    confirmed = AuditEvent.objects.filter(action="assessment.prefill_confirmed", object_id=str(iso.pk)).get()
    assert (confirmed.actor_id, after(confirmed)["confirmed"]) == (people.officer.pk, sorted(prefilled))

    # Values from the city's indicator series, into a national draft of this year.
    today = timezone.localdate()
    year = today.year
    values = long_csv([("11650", "kr-smartcity:D1.I1.1", str(year), "150", "건", "공공데이터포털")])
    plan = plan_import("v.csv", values, people.officer, today)
    commit_and_alert(plan, people.officer, keep_good_rows=False, today=today)
    next_draft = create_assessment(
        people.seocho, find_version("kr-smartcity"), AssessmentKind.SELF_ASSESSMENT, year, people.officer
    )
    assert officer.post(f"/assessments/{next_draft.pk}/fill-from-series/").status_code == 302
    [series] = answer_events(next_draft)
    assert after(series)["channel"] == "series" and series.actor_id == people.officer.pk
    assert changes(series) == {
        ("D1.I1.1", "value", "", "150"),
        ("D1.I1.1", "value_year", None, year),
        ("D1.I1.1", "data_source", "", "공공데이터포털"),
    }

    # Each save is one event, and the chain holds.
    assert check().broken is None
