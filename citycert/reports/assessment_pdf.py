"""An assessment as a PDF report in the page's language: the score, pass or fail and why, the charts,
every item with its value and points, the gap plan, and the findings of its review where there are any."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone

from citycert.assessments.models import Assessment
from citycert.assessments.presenter import result_for, rows_for, score_panel


def assessment_pdf(assessment: Assessment) -> bytes:
    framework = assessment.framework_version.framework
    responses = list(assessment.responses.all())
    result = result_for(assessment, framework, responses)
    panel = score_panel(assessment, framework, result)
    application = getattr(assessment, "application", None)
    context = {
        "assessment": assessment,
        "framework": framework,
        "panel": panel,
        "rows": rows_for(assessment, framework, result, responses),
        "findings": list(application.findings.all()) if application is not None else [],
        "made_at": timezone.localtime(),
    }
    html = render_to_string("reports/assessment.html", context)
    # Imported here: WeasyPrint takes a second to load, which every command and worker start would pay.
    from weasyprint import HTML

    document = HTML(string=html).write_pdf()
    assert document is not None
    return bytes(document)
