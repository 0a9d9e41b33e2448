"""The administrator backs up an install with a decided round, evidence files and a signed certificate, and
restores it twice: over the same database (--force) and onto a new, empty SQLite install. Every row of every
table and every evidence file comes back, the audit log verifies, a certificate signed before the backup still
checks as genuine, and new rows get new ids.

On the PostgreSQL run the archive comes from PostgreSQL and the second restore crosses to SQLite. Both with the
files in a folder and in an S3 bucket (the new install then has a bucket prefix of its own).
"""

from __future__ import annotations

import hashlib
import stat
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.management import CommandError

from citycert import signing
from citycert.assessments.evidence import add_evidence, stored_name
from citycert.assessments.models import EvidenceFile
from citycert.audit.log import verify
from citycert.certification.choices import Outcome
from citycert.certification.models import Certificate
from citycert.cities.models import City
from tests.certification.story import DECISION_DAY, agree, decide, item_ids, round_in_review
from tests.operations.processes import child, child_env, citycert
from tests.operations.rows import snapshot
from tests.people import PDF, make_people
from tests.services import Storage
from tests.support import run

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


def test_every_row_file_and_the_key_come_back(tmp_path: Path, storage: Storage) -> None:
    people = make_people()
    story = round_in_review(people)
    agree(story.seocho, dict.fromkeys(item_ids(), ("3", "")), people.certifier)
    decide(story.seocho, Outcome.CERTIFIED, "모든 항목 충족", DECISION_DAY)
    big = PDF + b"%" + b"x" * (3 * 1024 * 1024) + b"\n"
    add_evidence(
        people.draft, title="큰 보고서", item_ids=["BM.vision"], actor=people.officer, file_name="big.pdf", data=big
    )
    number = Certificate.objects.get().number
    signed = signing.sign(number, PDF)
    before = snapshot()
    digests = sorted(EvidenceFile.objects.values_list("sha256", flat=True))
    assert len(digests) == 3

    archive = tmp_path / "backups" / "citycert.zip"
    made = run("backup", str(archive))
    assert made.code == 0, made.err
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600
    assert list(archive.parent.iterdir()) == [archive]  # no temporary left beside it

    # A new machine: no evidence files, another signing key; the same database tables.
    for digest in digests:
        default_storage.delete(stored_name(digest))
    settings.SIGNING_KEY_FILE.unlink()
    signing.private_key()
    signed_here = signing.sign(number, PDF)  # by the new machine's key, which the restore replaces
    with pytest.raises(CommandError, match=r"already holds data .* --force"):
        run("restore", str(archive))
    restored = run("restore", str(archive), "--force")
    assert restored.code == 0, restored.err

    assert snapshot() == before
    for digest in digests:
        with default_storage.open(stored_name(digest), "rb") as file:
            assert hashlib.sha256(file.read()).hexdigest() == digest
    assert signing.check(signed).genuine
    assert signing.check(signed_here).genuine  # the replaced key is retired, not thrown away
    assert len(list(settings.RETIRED_SIGNING_KEYS_DIR.glob("*.pem"))) == 1
    assert verify()[1] is None
    # The counters behind the ids moved past the restored rows.
    City.objects.create(code="99999", name_ko="새 도시", name_en="New city", kind="city")
    add_evidence(
        people.draft,
        title="새 증빙",
        item_ids=["BM.vision"],
        actor=people.officer,
        file_name="n.pdf",
        data=PDF + b"%new",
    )

    # Onto an empty SQLite install in a new data folder.
    own_files = {}
    if storage.kind == "s3":  # the same bucket, a prefix of its own
        own_files = {**storage.env, "CITYCERT_S3_PREFIX": storage.env["CITYCERT_S3_PREFIX"] + "-elsewhere"}
    elsewhere = child_env(tmp_path / "elsewhere", **own_files)
    citycert("migrate", "--no-input", "-v0", env=elsewhere)
    citycert("restore", str(archive), env=elsewhere)
    assert child("snapshot", env=elsewhere) == before
    there = child("facts", env=elsewhere)
    assert there["audit"]["broken"] is None
    assert there["files"] == {"named": 3, "bad": [], "temporary": [], "missing": []}
    assert citycert("audit", "verify", env=elsewhere).stdout.startswith("audit log intact")
    again = citycert("restore", str(archive), env=elsewhere, check=False)
    assert again.returncode == 1 and "already holds data" in again.stderr
    moved_key = tmp_path / "elsewhere" / "keys" / "certificate-signing.pem"
    assert moved_key.read_bytes() == settings.SIGNING_KEY_FILE.read_bytes()
