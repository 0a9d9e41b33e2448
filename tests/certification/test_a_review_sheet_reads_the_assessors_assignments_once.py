"""An assessor opens their review sheet, saves a row, and saves the sheet: each request reads which applications
their panels review once, though four checks ask it (the application's lookup twice, the sheet, the others'
sheets). Outside a request nothing is remembered: taken off the panel, the same person object is refused at once."""

from __future__ import annotations

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from citycert.certification.models import PanelMember
from citycert.permissions import reviews
from tests.certification.national_sheet import national_application_in_review
from tests.people import People


def assignment_reads(queries: CaptureQueriesContext) -> int:
    """The queries that read an assessor's assignments: the applications of the panels they sit on."""
    return sum(
        1
        for query in queries.captured_queries
        if 'FROM "certification_application"' in query["sql"] and 'FROM "certification_panelmember"' in query["sql"]
    )


def test_each_request_reads_the_assignments_once(client: Client, people: People) -> None:
    review = national_application_in_review(people)
    url = f"/certification/applications/{review.application.pk}/review/document-review/"
    client.force_login(review.assessors[0])
    for path, posted in (
        (url, None),
        (url + "items/D1.I1.2/", {"value-D1.I1.2": "50"}),
        (url, {"value-D1.I1.2": "60"}),
    ):
        with CaptureQueriesContext(connection) as queries:
            answer = client.get(path) if posted is None else client.post(path, posted)
        assert answer.status_code in (200, 302)
        assert assignment_reads(queries) == 1


def test_outside_a_request_each_question_reads_them_afresh(people: People) -> None:
    review = national_application_in_review(people)
    assessor, application = review.assessors[0], review.application
    with CaptureQueriesContext(connection) as queries:
        assert reviews(assessor, application)
        assert reviews(assessor, application)
    assert assignment_reads(queries) == 2
    # Taken off the panel in the same story, the same person object is refused at once.
    PanelMember.objects.filter(panel=application.panel, assessor=assessor).delete()
    assert not reviews(assessor, application)
