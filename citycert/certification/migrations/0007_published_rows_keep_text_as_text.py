# Written by hand: open-data rows written before text that would run as a formula was written as text.

import csv
import io
import re

from django.db import migrations

# A migration uses only historical models and code of its own, so that it does tomorrow what it does today:
# spreadsheet_cells.csv_field as it is on 2026-12-06, copied.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
APOSTROPHE = "'"
NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def csv_field(value):
    """Text a spreadsheet would run as a formula, written with a leading apostrophe."""
    if not isinstance(value, str):
        return value
    runs_as_formula = value.startswith(FORMULA_STARTS) and NUMBER.fullmatch(value) is None
    if runs_as_formula or (value[:1] == APOSTROPHE and value[1:2] in (*FORMULA_STARTS, APOSTROPHE)):
        return APOSTROPHE + value
    return value


def csv_row(values):
    return [csv_field(value) for value in values]


def rewrite(text):
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for row in csv.reader(io.StringIO(text, newline="")):
        writer.writerow(csv_row(row))
    return out.getvalue()


def write_text_as_text(apps, schema_editor):
    """Rows of earlier decisions get city names (or any text) starting with = + - @ written as text, as
    certification.published_rows now writes them; rows with no such text are left as they are."""
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
