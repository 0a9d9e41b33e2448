# Every round belongs to a certifying body (issue 18): the rounds that exist to the one body the accounts migration
# made for everything that existed.

import django.db.models.deletion
from django.db import migrations, models

BODY = {"code": "body", "name_ko": "인증기관", "name_en": "Certifying body"}


def rounds_to_the_first_body(apps, schema_editor):
    CertifyingBody = apps.get_model("accounts", "CertifyingBody")
    Round = apps.get_model("certification", "Round")
    if not Round.objects.exists():
        return
    body, _created = CertifyingBody.objects.get_or_create(
        code=BODY["code"], defaults={"name_ko": BODY["name_ko"], "name_en": BODY["name_en"]}
    )
    Round.objects.filter(body__isnull=True).update(body=body)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0006_certifying_bodies_and_memberships"),
        ("certification", "0011_a_service_may_apply_and_hold_a_certificate"),
    ]

    operations = [
        migrations.AddField(
            model_name="round",
            name="body",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="rounds",
                to="accounts.certifyingbody",
                verbose_name="certifying body",
            ),
        ),
        migrations.RunPython(rounds_to_the_first_body, migrations.RunPython.noop),
    ]
