# Written by hand: open-data rows written before text that would run as a formula was written as text.

import csv
import io

from django.db import migrations

from citycert.spreadsheet_cells import csv_row


def rewrite(text):
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for row in csv.reader(io.StringIO(text, newline="")):
        writer.writerow(csv_row(row))
    return out.getvalue()


def write_text_as_text(apps, schema_editor):
    """Rows of earlier decisions get city names (or any text) starting with = + - @ written as text, as
    reports.open_data_rows now writes them; rows with no such text are left as they are."""
    PublishedRows = apps.get_model("certification", "PublishedRows")
    for rows in PublishedRows.objects.only("pk", "csv").iterator(chunk_size=2000):
        safe = rewrite(rows.csv)
        if safe != rows.csv:
            PublishedRows.objects.filter(pk=rows.pk).update(csv=safe)


class Migration(migrations.Migration):

    dependencies = [
        ('certification', '0006_surveillance_window'),
    ]

    operations = [
        migrations.RunPython(write_text_as_text, migrations.RunPython.noop),
    ]
