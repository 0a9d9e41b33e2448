# Once every round has its body (0012, in a transaction of its own: PostgreSQL alters no table with the rows'
# pending foreign-key checks), a round without one is refused.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("certification", "0012_a_round_belongs_to_a_certifying_body"),
    ]

    operations = [
        migrations.AlterField(
            model_name="round",
            name="body",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="rounds",
                to="accounts.certifyingbody",
                verbose_name="certifying body",
            ),
        ),
    ]
