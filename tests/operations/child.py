"""Scenarios run in a child process by the operations stories: `python -m tests.operations.child SCENARIO ...`.

A scenario that is to be killed makes the file named by CITYCERT_TEST_MARKER at the point where it should die
and then waits there; the test kills it with SIGKILL. The hooks are patched in here, in the child: nothing in
citycert itself knows about them. The last line a scenario prints is JSON.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "citycert.settings")
django.setup()

from django.apps import apps  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib.auth.models import User  # noqa: E402
from django.core.files.storage import default_storage  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from citycert.assessments import evidence as evidence_module  # noqa: E402
from citycert.assessments import workflow as assessment_workflow  # noqa: E402
from citycert.assessments.evidence import stored_name  # noqa: E402
from citycert.assessments.models import Assessment, EvidenceFile, Response  # noqa: E402
from citycert.audit.log import verify  # noqa: E402
from citycert.audit.models import AuditEvent  # noqa: E402
from citycert.certification.choices import Outcome  # noqa: E402
from citycert.certification.models import Certificate  # noqa: E402
from citycert.certification.workflow import certificates as certificate_step  # noqa: E402
from tests.operations.rows import snapshot  # noqa: E402

settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def stop_here() -> None:
    """Say where we stand and wait to be killed."""
    Path(os.environ["CITYCERT_TEST_MARKER"]).touch()
    time.sleep(600)
    raise SystemExit("nobody killed this child")


def signed_in(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def big_pdf(number: int, megabytes: int = 4) -> bytes:
    from tests.people import PDF

    line = b"%% filler of upload %d\n" % number
    return PDF + line * (megabytes * 1024 * 1024 // len(line))


def setup_story() -> dict[str, Any]:
    """Seocho-gu's draft, and an application in review with a certifiable consensus."""
    from tests.certification.story import agree, item_ids, round_in_review, second_certifier
    from tests.people import make_people

    people = make_people()
    story = round_in_review(people)
    agree(story.seocho, dict.fromkeys(item_ids(), ("3", "")), people.certifier)
    second_certifier()  # four eyes: the one who decides took no part in the consensus
    return {"draft": people.draft.pk, "application": story.seocho.pk}


def setup_certified() -> dict[str, Any]:
    """Seocho-gu and Gangnam-gu certified two months ago, with their officers: indicator imports may begin."""
    from tests.indicators.story import certified_cities
    from tests.people import make_people

    story = certified_cities(make_people())
    return {"city": story.people.seocho.code}


def upload_evidence(assessment_id: str, count: str, stop_at: str, where: str) -> dict[str, Any]:
    """Upload `count` big PDFs one after another; the `stop_at`-th stops half-written ("write") or with its file
    in place but its rows not yet committed ("commit")."""
    uploads = {"n": 0}
    if where == "write":
        real_fdopen = os.fdopen

        class HalfWritten:
            def __init__(self, file: Any) -> None:
                self.file = file

            def __enter__(self) -> HalfWritten:
                return self

            def __exit__(self, *exc: object) -> None:
                self.file.close()

            def __getattr__(self, name: str) -> Any:
                return getattr(self.file, name)

            def write(self, data: bytes) -> int:
                self.file.write(data[: len(data) // 2])
                self.file.flush()
                stop_here()
                return 0

        def fdopen(fd: int, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
            opened = real_fdopen(fd, mode, *args, **kwargs)
            if "w" in mode:
                uploads["n"] += 1
                if uploads["n"] == int(stop_at):
                    return HalfWritten(opened)
            return opened

        os.fdopen = fdopen
    else:
        hooked: Any = evidence_module
        real_record = hooked.record

        def record(*args: Any, **kwargs: Any) -> Any:
            uploads["n"] += 1
            if uploads["n"] == int(stop_at):
                stop_here()
            return real_record(*args, **kwargs)

        hooked.record = record
    client = signed_in("officer-seocho")
    for number in range(1, int(count) + 1):
        answer = client.post(
            reverse("evidence-upload", args=[int(assessment_id)]),
            {
                "title": f"보고서 {number}",
                "items": ["BM.vision"],
                "file": SimpleUploadedFile(f"report-{number}.pdf", big_pdf(number), "application/pdf"),
            },
        )
        assert answer.status_code == 302, answer.content[:500]
    return {"uploaded": int(count)}


def import_sheet(assessment_id: str, stop: str) -> dict[str, Any]:
    """Download the draft as XLSX, change every answer, upload it and apply it; with `stop` = "yes", stop where
    the answers are written but the import's audit event is not."""
    from openpyxl import load_workbook

    from citycert.spreadsheet_cells import header_name

    client = signed_in("officer-seocho")
    assessment = Assessment.objects.get(pk=int(assessment_id))
    sheet = client.get(reverse("assessment-xlsx", args=[assessment.pk])).content
    workbook = load_workbook(io.BytesIO(sheet))
    table = workbook.worksheets[0]
    header = [header_name(cell.value) for cell in next(table.iter_rows(min_row=1, max_row=1))]
    value_column = header.index("value")
    changed = 0
    for row in table.iter_rows(min_row=2):
        if row[header.index("type")].value == "성숙도 수준":  # the item type by its Korean name, as the sheet writes it
            row[value_column].value = "2"
            changed += 1
    out = io.BytesIO()
    workbook.save(out)
    preview = client.post(
        reverse("assessment-import", args=[assessment.pk]),
        {"sheet": SimpleUploadedFile("sheet.xlsx", out.getvalue())},
    )
    assert preview.status_code == 200, preview.content[:2000]
    found = re.search(rb'name="token" value="([^"]+)"', preview.content)
    assert found is not None, preview.content[:2000]
    token = found.group(1).decode()
    if stop == "yes":
        hooked: Any = assessment_workflow
        real_record = hooked.record

        def record(actor: Any, action: str, *args: Any, **kwargs: Any) -> Any:
            if action == "assessment.answers_changed":
                stop_here()
            return real_record(actor, action, *args, **kwargs)

        hooked.record = record
    applied = client.post(
        reverse("assessment-import-apply", args=[assessment.pk]),
        {"token": token, "suffix": ".xlsx", "revision": str(assessment.revision)},
    )
    assert applied.status_code == 302, applied.content[:500]
    return {"changed": changed}


def decide(application_id: str, stop: str) -> dict[str, Any]:
    """The second certifier certifies; with `stop` = "yes", stop once the certificate and its schedule are written but
    before the transaction commits."""
    if stop == "yes":
        # The certificate is issued (and its audit event recorded) by the workflow's certificates step.
        hooked: Any = certificate_step
        real_record = hooked.record

        def record(actor: Any, action: str, *args: Any, **kwargs: Any) -> Any:
            if action == "certificate.issued":
                stop_here()
            return real_record(actor, action, *args, **kwargs)

        hooked.record = record
    answer = signed_in("certifier-2").post(
        reverse("decide", args=[int(application_id)]), {"outcome": Outcome.CERTIFIED, "reasons": "모든 항목 충족"}
    )
    assert answer.status_code == 302, answer.content[:500]
    return {"decided": True}


def keep_uploading(assessment_id: str, stop_file: str) -> dict[str, Any]:
    """Add small evidence files one after another until `stop_file` appears: people at work during a backup."""
    from citycert.assessments.evidence import add_evidence
    from tests.people import PDF

    assessment = Assessment.objects.get(pk=int(assessment_id))
    officer = User.objects.get(username="officer-seocho")
    added = 0
    while not Path(stop_file).exists():
        added += 1
        add_evidence(
            assessment,
            title=f"작업 중 {added}",
            item_ids=["BM.vision"],
            actor=officer,
            file_name="work.pdf",
            data=PDF + b"%% during the backup %d\n" % added,
        )
        if added == 3:
            Path(stop_file + ".started").touch()
    return {"added": added}


def ask_archive(application_id: str) -> dict[str, Any]:
    """The certifier asks, on the round's page, for every PDF of the application's round as one ZIP."""
    from citycert.certification.models import Application

    round_id = Application.objects.get(pk=int(application_id)).round_id
    answer = signed_in("certifier").post(f"/certification/rounds/{round_id}/archives/")
    assert answer.status_code == 302, answer.content[:500]
    return {"page": answer["Location"]}


def archive_page(page: str) -> dict[str, Any]:
    """The part of the archive's page that moves, as the certifier's browser asks for it every second."""
    return {"part": signed_in("certifier").get(page, headers={"HX-Request": "true"}).content.decode()}


def worker(stop: str) -> dict[str, Any]:
    """`citycert worker`, in this process; with `stop` = "yes", a round archive's build stops (to be killed) once
    its first PDF is written, before the certificate's."""
    from django.core.management import call_command

    from citycert.reports import round_archive

    if stop == "yes":
        hooked: Any = round_archive

        def certificate_pdf(*args: Any, **kwargs: Any) -> bytes:
            stop_here()
            return b""

        hooked.certificate_pdf = certificate_pdf
    call_command("worker", "--no-startup-delay", "--interval", "0.2", "--no-schedule")
    return {"stopped": True}


def setup_indicators(folder: str) -> dict[str, Any]:
    """Two certified cities and a year of values that takes Seocho-gu below its bar, written to `folder`."""
    from tests.indicators.story import a_year_of_values, certified_cities
    from tests.people import make_people

    people = make_people()
    people.officer.email, people.certifier.email = "smart@seocho.go.kr", "cert@krihs.re.kr"
    people.officer.save()
    people.certifier.save()
    story = certified_cities(people)
    path = Path(folder) / "2026-values.csv"
    path.write_bytes(a_year_of_values(story, low_for=people.seocho.code))
    return {"file": str(path)}


def import_values(path: str, stop: str) -> dict[str, Any]:
    """`citycert indicators import FILE --as certifier`; with `stop` = "yes", stop once the values (and their
    follow-up job) are committed, before the follow-up runs."""
    from django.core.management import call_command

    from citycert.indicators import alerts

    if stop == "yes":
        hooked: Any = alerts
        hooked.run_now = lambda job: stop_here()
    out = io.StringIO()
    call_command("indicators", "import", path, "--as", "certifier", stdout=out)
    return {"said": out.getvalue()}


def indicator_facts() -> dict[str, Any]:
    from citycert.indicators.models import Alert, IndicatorValue, Projection

    return {
        "values": IndicatorValue.objects.count(),
        "alerts": sorted(Alert.objects.values_list("audience", "kind", "emailed_to")),
        "projections": Projection.objects.count(),
    }


def backup_until_the_key_is_in(target: str) -> dict[str, Any]:
    """`citycert backup`, stopped (to be killed) just after the signing key went into the archive."""
    import zipfile

    from citycert.operations import backup

    write = zipfile.ZipFile.writestr

    def record(archive: zipfile.ZipFile, name: Any, *args: Any, **kwargs: Any) -> Any:
        if name == backup.MANIFEST:
            assert backup.SIGNING_KEY in archive.namelist()
            archive.fp.flush()  # type: ignore[union-attr]
            stop_here()
        return write(archive, name, *args, **kwargs)

    zipfile.ZipFile.writestr = record  # type: ignore[assignment,method-assign]
    backup.make_backup(Path(target))
    return {}


def session(username: str) -> dict[str, Any]:
    """A signed-in session of this person, stored in the database every server reads; its cookie's value."""
    return {"sessionid": signed_in(username).cookies["sessionid"].value}


def api_token(username: str) -> dict[str, Any]:
    """A new API token of this person; its secret."""
    from citycert.accounts.tokens import EXPIRY_DAYS, issue

    _token, raw = issue(User.objects.get(username=username), "operations story", EXPIRY_DAYS[0])
    return {"token": raw}


def stored_files(folder: str) -> list[tuple[str, str]]:
    """Every file under a folder of the file storage, as (folder, name)."""
    try:
        folders, names = default_storage.listdir(folder)
    except FileNotFoundError:
        return []
    found = [(folder, name) for name in names]
    for inner in folders:
        found += stored_files(f"{folder}/{inner}")
    return found


def facts() -> dict[str, Any]:
    """What the database and the evidence folder hold."""
    checked, broken = verify()
    named, bad, temporary = 0, [], []
    for folder, name in stored_files("evidence"):
        if len(name) == 64:
            named += 1
            with default_storage.open(f"{folder}/{name}", "rb") as file:
                if hashlib.sha256(file.read()).hexdigest() != name:
                    bad.append(name)
        else:
            temporary.append(name)
    missing = [f.sha256 for f in EvidenceFile.objects.all() if not default_storage.exists(stored_name(f.sha256))]
    return {
        "rows": {model._meta.label: model._base_manager.count() for model in apps.get_models()},
        "audit": {"checked": checked, "broken": broken.reason if broken else None},
        "files": {"named": named, "bad": bad, "temporary": temporary, "missing": missing},
        "responses": sorted(Response.objects.values_list("assessment_id", "item_id", "value")),
        "revisions": dict(Assessment.objects.values_list("pk", "revision")),
        "certificates": sorted(Certificate.objects.values_list("number", flat=True)),
        "actions": sorted(set(AuditEvent.objects.values_list("action", flat=True))),
    }


SCENARIOS: dict[str, Callable[..., Any]] = {
    "setup-story": setup_story,
    "setup-certified": setup_certified,
    "upload-evidence": upload_evidence,
    "import-sheet": import_sheet,
    "decide": decide,
    "keep-uploading": keep_uploading,
    "backup-until-the-key-is-in": backup_until_the_key_is_in,
    "facts": facts,
    "ask-archive": ask_archive,
    "archive-page": archive_page,
    "worker": worker,
    "setup-indicators": setup_indicators,
    "import-values": import_values,
    "indicator-facts": indicator_facts,
    "session": session,
    "api-token": api_token,
    "snapshot": snapshot,
}

if __name__ == "__main__":
    print(json.dumps(SCENARIOS[sys.argv[1]](*sys.argv[2:]), ensure_ascii=False, default=str))
