"""The certifying body's operator gives every server the one signing key (a deploy secret); each signature names
its key, so when the key is replaced, certificates signed with the old one still verify while the old public key is
kept among the retired ones. In production a missing key stops the deploy check and is never made up."""

from __future__ import annotations

import base64
from io import StringIO
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command

from citycert import signing
from citycert.certification.choices import Outcome
from citycert.certification.models import Certificate
from tests.certification.story import DECISION_DAY, agree, decide, item_ids, round_in_review
from tests.certification.test_certificate_pdf_is_signed_and_checkable import verify
from tests.people import People
from tests.security.test_production_settings_pass_the_deploy_check import new_signing_key_pem, production
from tests.support import run_shell


@pytest.fixture
def certificate(people: People) -> Certificate:
    story = round_in_review(people)
    agree(story.seocho, dict.fromkeys(item_ids(), ("3", "")), people.certifier)
    decide(story.seocho, Outcome.CERTIFIED, "충족", DECISION_DAY)
    return Certificate.objects.get()


def public_pem(path: Path) -> bytes:
    return (
        signing.private_key(path)
        .public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    )


def test_the_deploy_check_fails_without_the_key_and_passes_with_a_file(tmp_path: Path) -> None:
    ran = run_shell("check", "--deploy", env=production(tmp_path, CITYCERT_SIGNING_KEY_PEM=""))
    assert ran.code != 0
    assert "citycert.E001" in ran.err and "the certificate signing key is not configured" in ran.err
    made = run_shell("certificates", "new-key", str(tmp_path / "secret" / "signing.pem"))
    assert made.code == 0 and "new signing key, key id" in made.out
    with_file = production(
        tmp_path, CITYCERT_SIGNING_KEY_PEM="", CITYCERT_SIGNING_KEY=str(tmp_path / "secret" / "signing.pem")
    )
    ran = run_shell("check", "--deploy", "--fail-level", "WARNING", env=with_file)
    assert ran.code == 0, ran.err
    again = run_shell("certificates", "new-key", str(tmp_path / "secret" / "signing.pem"))
    assert again.code != 0 and "a signing key is never overwritten" in again.err


def test_a_key_that_is_not_ed25519_fails_the_deploy_check(tmp_path: Path) -> None:
    ran = run_shell(
        "check", "--deploy", env=production(tmp_path, CITYCERT_SIGNING_KEY_PEM="-----BEGIN PRIVATE KEY-----\nnope\n")
    )
    assert ran.code != 0 and "citycert.E002" in ran.err


def test_two_servers_given_the_same_secret_sign_with_the_same_key_and_make_none(tmp_path: Path) -> None:
    secret = new_signing_key_pem()
    printed = []
    for server in ("one", "two"):
        env = production(tmp_path / server, CITYCERT_SIGNING_KEY_PEM=secret)
        ran = run_shell("certificates", "public-key", env=env)
        assert ran.code == 0, ran.err
        printed.append((ran.out, ran.err.strip()))
        assert not (tmp_path / server / "keys").exists()  # nothing was made on this server
    assert printed[0] == printed[1]
    assert printed[0][0].startswith("-----BEGIN PUBLIC KEY-----") and printed[0][1].startswith("key id ")


def test_production_never_makes_a_key_of_its_own(settings, tmp_path: Path) -> None:
    settings.PRODUCTION = True
    with pytest.raises(ImproperlyConfigured, match="not configured"):
        signing.sign("KR-SC-2025-0001", b"%PDF-1.7\n%%EOF\n")
    assert not Path(settings.SIGNING_KEY_FILE).exists()


def test_a_new_key_leaves_certificates_signed_with_the_old_one_verifiable(
    client,
    certificate: Certificate,
    tmp_path: Path,
) -> None:
    old_pdf = tmp_path / "old.pdf"
    old_pdf.write_bytes(client.get(f"/certificates/{certificate.number}/certificate.pdf").content)
    old_id = signing.key_id(signing.private_key().public_key())
    assert f":v2:{old_id}:{certificate.number}:".encode() in old_pdf.read_bytes()[-200:]

    # The key is replaced: a new secret; the old key's public part kept among the retired keys.
    old_public = public_pem(Path(settings.SIGNING_KEY_FILE))
    settings.SIGNING_KEY_FILE = tmp_path / "new" / "signing.pem"
    new_id = signing.key_id(signing.private_key().public_key())
    assert new_id != old_id

    code, said = verify(old_pdf)
    assert code == 1 and "이 사이트가 알지 못하는 키로 서명되었습니다" in said and f"[key id {old_id}]" in said

    Path(settings.RETIRED_SIGNING_KEYS_DIR).mkdir(parents=True)
    (Path(settings.RETIRED_SIGNING_KEYS_DIR) / f"{old_id}.pem").write_bytes(old_public)
    code, said = verify(old_pdf)
    assert code == 0 and ": genuine (valid): " in said and f"[key id {old_id}]" in said

    new_pdf = tmp_path / "new.pdf"
    new_pdf.write_bytes(client.get(f"/certificates/{certificate.number}/certificate.pdf").content)
    code, said = verify(new_pdf)
    assert code == 0 and f"[key id {new_id}]" in said
    published = client.get("/certificates/signing-key.pem").content
    assert published == public_pem(Path(settings.SIGNING_KEY_FILE))


def test_a_version_1_signature_without_a_key_id_still_verifies(certificate: Certificate, tmp_path: Path) -> None:
    key = signing.private_key()
    document = b"%PDF-1.7\n% a certificate signed before key ids\n%%EOF\n"
    signature = key.sign(b"citycert-certificate:v1:" + certificate.number.encode() + b":" + document)
    signed = (
        document + b"%citycert-signature:v1:" + certificate.number.encode() + b":" + base64.b64encode(signature) + b"\n"
    )
    path = tmp_path / "v1.pdf"
    path.write_bytes(signed)
    code, said = verify(path)
    assert code == 0 and ": genuine (valid): " in said
    altered = signed.replace(b"before key ids", b"before key IDs")
    path.write_bytes(altered)
    assert verify(path)[0] == 1
    printed = StringIO()
    call_command("certificates", "public-key", stdout=printed, stderr=StringIO())
    assert printed.getvalue().startswith("-----BEGIN PUBLIC KEY-----")
