"""An assessment, an application, a certificate, a finding, an appeal and a complaint each change state only
through their one transition function, which locks the row, checks the move, saves and writes the audit event
together: so nothing changes state unrecorded. Read from the source (as the template checks read templates):
a state field assigned, `.update()`d, created in a state, or saved by name anywhere else fails this gate, and a
test plants such writes in a copy of the source to see the gate fail on each.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import citycert
from tests.audit.state_writes import Write, state_writes

SOURCE = Path(citycert.__file__).parent

# The only functions that may write a state field, by file and function, and why.
ALLOWED: dict[tuple[str, str], str] = {
    ("assessments/workflow.py", "transition"): "an assessment's one transition (TRANSITIONS)",
    (
        "certification/workflow/applications.py",
        "transition_application",
    ): "an application's one transition (APPLICATION_MOVES)",
    (
        "certification/workflow/applications.py",
        "apply",
    ): "an application is created in its first state, applied, and audited",
    ("certification/workflow/certificates.py", "change_status"): "a certificate's one transition (STATUS_MOVES)",
    (
        "certification/workflow/certificates.py",
        "_issue",
    ): "a certificate is issued valid, with its history and audit event",
    ("certification/workflow/findings.py", "transition_finding"): "a finding's one transition (FINDING_MOVES)",
    ("certification/workflow/stage_gates.py", "answer_waiver"): "a stage waiver's one transition: approved or declined",
    ("appeals/transitions.py", "transition"): "an appeal's one transition (APPEAL_MOVES)",
    ("appeals/transitions.py", "move_complaint"): "a complaint's one transition (COMPLAINT_MOVES)",
    # Not records of certification: what the certifying body decided is never in these.
    ("assessments/workflow.py", "save_responses"): "sets a response's answer fields by name; a response has no state",
    ("api/errors.py", "ApiError.__init__"): "an API error's HTTP status",
    ("scoring/model.py", "ItemState.__init__"): "the engine's scoring of one answer, in memory: never a stored state",
    ("operations/jobs.py", "recover_abandoned"): "the task queue's own job row, run again after its worker died",
    ("reports/round_archive.py", "build_archive"): "a round archive's build progress",
    ("reports/round_archive.py", "as_its_job_stands"): "a round archive's build progress, from its job",
}


def unexpected(root: Path) -> list[Write]:
    return [write for write in state_writes(root) if (write.path, write.function) not in ALLOWED]


def test_no_state_field_is_written_outside_its_transition_function() -> None:
    stray = unexpected(SOURCE)
    assert stray == [], "state written outside a transition function:\n" + "\n".join(map(str, stray))


def test_every_allowed_function_still_writes_a_state() -> None:
    """An entry left behind after its function was renamed or emptied would let a new one of that name through."""
    writers = {(write.path, write.function) for write in state_writes(SOURCE)}
    assert set(ALLOWED) - writers == set()


def test_writes_planted_in_a_copy_of_the_source_fail_the_gate(tmp_path: Path) -> None:
    copy = tmp_path / "citycert"
    shutil.copytree(SOURCE, copy, ignore=shutil.ignore_patterns("locale", "static", "templates", "__pycache__"))
    assert unexpected(copy) == []

    # A new module quietly reinstating certificates and closing findings.
    (copy / "certification" / "shortcuts.py").write_text(
        "from citycert.certification.models import Certificate, Finding\n"
        "\n"
        "\n"
        "def reinstate(certificate):\n"
        '    certificate.status = "valid"\n'
        "    certificate.save()\n"
        "\n"
        "\n"
        "def transition_finding(pk):\n"  # an allowed name, in another file
        '    Finding.objects.filter(pk=pk).update(state="verified")\n'
        "\n"
        "\n"
        "def withdraw_all(city):\n"
        '    Certificate.objects.filter(city=city).update(**{"status": "withdrawn"})\n'
        "\n"
        "\n"
        "def apply_changes(finding, changes):\n"
        "    Finding.objects.filter(pk=finding.pk).update(**changes)\n"
        "\n"
        "\n"
        "def suspend_in_sql(cursor, number):\n"
        '    cursor.execute("UPDATE certification_certificate SET status = %s WHERE number = %s", ["suspended", number])\n',
        encoding="utf-8",
    )
    # A function added to a workflow module beside the transition functions.
    workflow = copy / "assessments" / "workflow.py"
    workflow.write_text(
        workflow.read_text(encoding="utf-8") + "\n\n"
        "def reopen(assessment):\n"
        '    assessment.state, assessment.submitted_at = "draft", None\n'
        '    assessment.save(update_fields=["state", "submitted_at"])\n'
        "\n"
        "\n"
        "def decide_quietly(application, verdict):\n"
        '    setattr(application, "state", verdict)\n'
        '    Application.objects.bulk_update([application], ["state"])\n'
        '    Appeal(application=application, state="upheld").save()\n',
        encoding="utf-8",
    )

    found = {(write.path, write.function, write.what) for write in unexpected(copy)}
    assert found == {
        ("certification/shortcuts.py", "reinstate", "assigns .status"),
        ("certification/shortcuts.py", "transition_finding", "update(state=…)"),
        ("certification/shortcuts.py", "withdraw_all", "update() with a state field in a dict"),
        ("certification/shortcuts.py", "apply_changes", "update(**…) of fields named at run time"),
        ("certification/shortcuts.py", "suspend_in_sql", "SQL setting a state column"),
        ("assessments/workflow.py", "reopen", "assigns .state"),
        ("assessments/workflow.py", "reopen", "save(update_fields=[…state…])"),
        ("assessments/workflow.py", "decide_quietly", "setattr of a state field"),
        ("assessments/workflow.py", "decide_quietly", "bulk_update(…, [state…])"),
        ("assessments/workflow.py", "decide_quietly", "Appeal(state=…)"),
    }
    # Reading, filtering and describing a state are not writes.
    (copy / "certification" / "shortcuts.py").write_text(
        "def describe(application, queryset):\n"
        '    if application.state == "decided":\n'
        '        return {"state": application.state}, queryset.filter(state="decided").exclude(status="withdrawn")\n',
        encoding="utf-8",
    )
    assert {write.function for write in unexpected(copy)} == {"reopen", "decide_quietly"}
