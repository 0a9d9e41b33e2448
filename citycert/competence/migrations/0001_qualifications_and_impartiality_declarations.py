import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('certification', '0011_a_service_may_apply_and_hold_a_certificate'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Qualification',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('title', models.CharField(max_length=300, verbose_name='qualification')),
                ('schemes', models.JSONField(default=list, verbose_name='schemes')),
                ('valid_from', models.DateField(verbose_name='valid from')),
                ('valid_until', models.DateField(blank=True, null=True, verbose_name='valid until')),
                ('training', models.CharField(blank=True, max_length=300, verbose_name='training')),
                ('trained_on', models.DateField(blank=True, null=True, verbose_name='trained on')),
                ('recorded_at', models.DateTimeField(verbose_name='recorded at')),
                ('assessor', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='qualifications', to=settings.AUTH_USER_MODEL, verbose_name='assessor')),
                ('recorded_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='recorded by')),
            ],
            options={
                'verbose_name': 'qualification',
                'verbose_name_plural': 'qualifications',
                'ordering': ['assessor_id', '-valid_from', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='ImpartialityDeclaration',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('declared_at', models.DateTimeField(verbose_name='declared at')),
                ('statement', models.TextField(verbose_name='statement')),
                ('interests', models.TextField(blank=True, verbose_name='interests')),
                ('assessor', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='impartiality_declarations', to=settings.AUTH_USER_MODEL, verbose_name='assessor')),
                ('round', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='impartiality_declarations', to='certification.round', verbose_name='round')),
            ],
            options={
                'verbose_name': 'impartiality declaration',
                'verbose_name_plural': 'impartiality declarations',
                'ordering': ['round_id', 'declared_at', 'pk'],
                'constraints': [models.UniqueConstraint(fields=('assessor', 'round'), name='one_impartiality_declaration_per_round')],
            },
        ),
    ]
