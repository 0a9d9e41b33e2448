"""An operator deploys without CITYCERT_PUBLIC_URL: `citycert check --deploy` fails and names the setting, since
every certificate's QR code and printed address need it. With an address that is not https, or not an
address at all, it fails too, saying why; with a proper one it passes."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.security.test_production_settings_pass_the_deploy_check import production
from tests.support import run_shell


def deploy_check(tmp_path: Path, address: str) -> tuple[int, str]:
    ran = run_shell(
        "check", "--deploy", "--fail-level", "WARNING", env=production(tmp_path, CITYCERT_PUBLIC_URL=address)
    )
    return ran.code, ran.err


def test_without_the_public_address_the_deploy_check_fails_naming_it(tmp_path: Path) -> None:
    code, said = deploy_check(tmp_path, "")
    assert code != 0
    assert "citycert.E102" in said and "CITYCERT_PUBLIC_URL is not set" in said


@pytest.mark.parametrize(
    ("address", "named"),
    [
        ("http://citycert.example.org", "production serves https only"),
        ("citycert.example.org", "give the whole address"),
    ],
    ids=["plain http", "no scheme"],
)
def test_a_wrong_public_address_fails_saying_why(tmp_path: Path, address: str, named: str) -> None:
    code, said = deploy_check(tmp_path, address)
    assert code != 0 and f"CITYCERT_PUBLIC_URL={address!r}" in said and named in said


def test_with_the_public_address_it_passes(tmp_path: Path) -> None:
    code, said = deploy_check(tmp_path, "https://citycert.example.org/")
    assert code == 0, said
