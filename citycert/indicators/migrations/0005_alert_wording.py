from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("indicators", "0004_fewer_indexes")]

    operations = [
        migrations.AddField(model_name="alert", name="wording", field=models.TextField(blank=True)),
        migrations.AddField(model_name="alert", name="values", field=models.JSONField(blank=True, default=dict)),
    ]
