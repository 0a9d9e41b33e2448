"""A site upgrades with people who each had one role: the migration makes one certifying body ("인증기관" /
"Certifying body"), gives each person the membership of their role (a city officer one per city), puts every round
in that body and every pending invitation of the body's roles too. Afterwards each may do what they did before."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from citycert.accounts.models import CertifyingBody, Membership
from citycert.certification.models import Round
from citycert.permissions import applies_for_cities, declares_conflicts, officer_city_ids, runs_body

BEFORE = [("accounts", "0005_invitation"), ("certification", "0011_a_service_may_apply_and_hold_a_certificate")]


def migrate(targets: list[tuple[str, str]] | None = None) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.migrate(targets if targets is not None else executor.loader.graph.leaf_nodes())
    return executor


@pytest.mark.django_db(transaction=True)
def test_each_role_becomes_a_membership_and_each_round_the_bodys() -> None:
    old = migrate(BEFORE).loader.project_state(BEFORE).apps
    City = old.get_model("cities", "City")
    Profile = old.get_model("accounts", "Profile")
    OldRound = old.get_model("certification", "Round")
    FrameworkVersion = old.get_model("library", "FrameworkVersion")
    User = old.get_model("auth", "User")
    seocho = City.objects.create(code="11650", name_ko="서초구", name_en="Seocho-gu", kind="autonomous_district")
    hanam = City.objects.create(code="41450", name_ko="하남시", name_en="Hanam-si", kind="city")
    people = {}
    for username, role, cities in (
        ("officer", "city_officer", [seocho, hanam]),
        ("assessor", "assessor", []),
        ("certifier", "certifier", []),
        ("admin", "administrator", []),
    ):
        user = User.objects.create(username=username)
        Profile.objects.create(user=user, role=role).cities.set(cities)
        people[username] = user.pk
    version = FrameworkVersion.objects.order_by("pk").first()
    assert version is not None, "the bundled frameworks are stored"
    OldRound.objects.create(
        framework_version=version,
        year=2020,
        name_ko="2020년 인증",
        name_en="Certification 2020",
        opens_on=date(2020, 6, 1),
        closes_on=date(2020, 6, 30),
    )

    migrate()

    body = CertifyingBody.objects.get()
    assert (body.code, body.name_ko, body.name_en) == ("body", "인증기관", "Certifying body")
    held = sorted(
        (membership.person.username, membership.kind, membership.body_id, membership.city_id)
        for membership in Membership.objects.select_related("person")
    )
    seocho_id, hanam_id = seocho.pk, hanam.pk
    assert held == sorted(
        [
            ("officer", "officer", None, seocho_id),
            ("officer", "officer", None, hanam_id),
            ("assessor", "assessor", body.pk, None),
            ("certifier", "certifier", body.pk, None),
            ("admin", "administrator", body.pk, None),
        ]
    )
    users = get_user_model().objects
    assert officer_city_ids(users.get(pk=people["officer"])) == {seocho_id, hanam_id}
    assert applies_for_cities(users.get(pk=people["officer"]))
    assert declares_conflicts(users.get(pk=people["assessor"]))
    assert runs_body(users.get(pk=people["certifier"]), body) and runs_body(users.get(pk=people["admin"]), body)
    assert list(Round.objects.values_list("name_en", "body_id")) == [("Certification 2020", body.pk)]
