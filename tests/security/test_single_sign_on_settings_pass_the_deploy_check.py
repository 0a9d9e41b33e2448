"""With an OpenID provider and a required second factor configured, production still passes Django's deploy check
with no warning; a half-configured provider, a provider over plain HTTP in production, or a role that does not
exist in CITYCERT_REQUIRE_TOTP_FOR is refused, naming the variable."""

from __future__ import annotations

from pathlib import Path

from tests.security.test_production_settings_pass_the_deploy_check import production
from tests.support import run_shell

PROVIDER = {
    "CITYCERT_OIDC_PROVIDER_NAME": "KRIHS ID",
    "CITYCERT_OIDC_CLIENT_ID": "citycert",
    "CITYCERT_OIDC_CLIENT_SECRET": "a-long-client-secret",
    "CITYCERT_OIDC_ISSUER": "https://id.krihs.example",
    "CITYCERT_OIDC_AUTHORIZATION_ENDPOINT": "https://id.krihs.example/authorize",
    "CITYCERT_OIDC_TOKEN_ENDPOINT": "https://id.krihs.example/token",
    "CITYCERT_OIDC_USERINFO_ENDPOINT": "https://id.krihs.example/userinfo",
    "CITYCERT_OIDC_JWKS_ENDPOINT": "https://id.krihs.example/jwks",
    "CITYCERT_REQUIRE_TOTP_FOR": "assessor,certifier",
}


def test_a_provider_and_a_required_second_factor_pass_the_deploy_check(tmp_path: Path) -> None:
    ran = run_shell("check", "--deploy", "--fail-level", "WARNING", env=production(tmp_path, **PROVIDER))
    assert ran.code == 0, ran.err
    assert "no issues" in ran.out


def test_a_half_configured_provider_is_refused_at_start(tmp_path: Path) -> None:
    env = {**PROVIDER, "CITYCERT_OIDC_TOKEN_ENDPOINT": "", "CITYCERT_OIDC_JWKS_ENDPOINT": ""}
    ran = run_shell("check", env=production(tmp_path, **env))
    assert ran.code != 0
    assert (
        "CITYCERT_OIDC_CLIENT_ID is set, so these must be too: CITYCERT_OIDC_TOKEN_ENDPOINT, CITYCERT_OIDC_JWKS_ENDPOINT"
        in ran.err
    )


def test_a_provider_over_plain_http_is_refused_in_production(tmp_path: Path) -> None:
    env = {**PROVIDER, "CITYCERT_OIDC_TOKEN_ENDPOINT": "http://id.krihs.example/token"}
    ran = run_shell("check", env=production(tmp_path, **env))
    assert ran.code != 0
    assert "CITYCERT_OIDC_TOKEN_ENDPOINT: an OpenID provider's endpoints must be https:// in production" in ran.err


def test_a_role_misspelt_in_the_second_factor_setting_fails_the_check(tmp_path: Path) -> None:
    ran = run_shell("check", env=production(tmp_path, CITYCERT_REQUIRE_TOTP_FOR="assessor,certifer"))
    assert ran.code != 0
    assert "CITYCERT_REQUIRE_TOTP_FOR names certifer, which is not a role" in ran.err
