# Certifying bodies and memberships (issue 18): one body for everything that exists, and each profile's role (and,
# for a city officer, its cities) as memberships.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

BODY = {"code": "body", "name_ko": "인증기관", "name_en": "Certifying body"}
KIND_OF_ROLE = {
    "city_officer": "officer",
    "assessor": "assessor",
    "certifier": "certifier",
    "administrator": "administrator",
}
REASON = "the role the account had before memberships"


def memberships_from_roles(apps, schema_editor):
    CertifyingBody = apps.get_model("accounts", "CertifyingBody")
    Profile = apps.get_model("accounts", "Profile")
    Membership = apps.get_model("accounts", "Membership")
    Invitation = apps.get_model("accounts", "Invitation")
    body, _created = CertifyingBody.objects.get_or_create(
        code=BODY["code"], defaults={"name_ko": BODY["name_ko"], "name_en": BODY["name_en"]}
    )
    for profile in Profile.objects.select_related("user").prefetch_related("cities").order_by("pk"):
        kind = KIND_OF_ROLE.get(profile.role)
        if kind is None:
            continue
        started = profile.user.date_joined
        if kind == "officer":
            for city in profile.cities.all():
                Membership.objects.create(
                    person_id=profile.user_id, kind=kind, city=city, started_at=started, reason=REASON
                )
        else:
            Membership.objects.create(
                person_id=profile.user_id, kind=kind, body=body, started_at=started, reason=REASON
            )
    Invitation.objects.exclude(role="city_officer").update(body=body)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0005_invitation"),
        ("cities", "0002_service_provider"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="CertifyingBody",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("code", models.SlugField(max_length=40, unique=True, verbose_name="code")),
                ("name_ko", models.CharField(max_length=200, verbose_name="name (Korean)")),
                ("name_en", models.CharField(max_length=200, verbose_name="name (English)")),
            ],
            options={
                "verbose_name": "certifying body",
                "verbose_name_plural": "certifying bodies",
                "ordering": ["code"],
            },
        ),
        migrations.CreateModel(
            name="Membership",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("officer", "officer of a city"),
                            ("advisor", "advisor to a city"),
                            ("assessor", "assessor for a body"),
                            ("certifier", "certifier of a body"),
                            ("administrator", "administrator of a body"),
                        ],
                        max_length=20,
                        verbose_name="kind",
                    ),
                ),
                ("started_at", models.DateTimeField(verbose_name="started")),
                ("ended_at", models.DateTimeField(blank=True, null=True, verbose_name="ended")),
                ("reason", models.TextField(blank=True, verbose_name="reason")),
                ("end_reason", models.TextField(blank=True, verbose_name="reason for ending")),
                (
                    "body",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="memberships",
                        to="accounts.certifyingbody",
                        verbose_name="certifying body",
                    ),
                ),
                (
                    "city",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="memberships",
                        to="cities.city",
                        verbose_name="city",
                    ),
                ),
                (
                    "ended_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="memberships_ended",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="ended by",
                    ),
                ),
                (
                    "granted_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="memberships_granted",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="granted by",
                    ),
                ),
                (
                    "person",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="memberships",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="person",
                    ),
                ),
            ],
            options={
                "verbose_name": "membership",
                "verbose_name_plural": "memberships",
                "ordering": ["person_id", "kind", "pk"],
                "indexes": [models.Index(fields=["person", "ended_at"], name="membership_person_open")],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("body__isnull", True), ("city__isnull", False), ("kind__in", ("officer", "advisor"))),
                            models.Q(
                                models.Q(("kind__in", ("officer", "advisor")), _negated=True),
                                ("body__isnull", False),
                                ("city__isnull", True),
                            ),
                            _connector="OR",
                        ),
                        name="membership_of_a_city_or_of_a_body",
                    ),
                    models.UniqueConstraint(
                        condition=models.Q(("city__isnull", False), ("ended_at__isnull", True)),
                        fields=("person", "kind", "city"),
                        name="one_open_city_membership_of_a_kind",
                    ),
                    models.UniqueConstraint(
                        condition=models.Q(("body__isnull", False), ("ended_at__isnull", True)),
                        fields=("person", "kind", "body"),
                        name="one_open_body_membership_of_a_kind",
                    ),
                ],
            },
        ),
        migrations.AddField(
            model_name="invitation",
            name="body",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="invitations",
                to="accounts.certifyingbody",
                verbose_name="certifying body",
            ),
        ),
        migrations.RunPython(memberships_from_roles, migrations.RunPython.noop),
    ]
