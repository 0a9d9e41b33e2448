"""The one rule every CSV and XLSX writer follows: text a spreadsheet would run as a formula is written as
text, numbers (negative ones too) stay numbers, and a CSV field reads back as the text that went out."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from citycert.spreadsheet_cells import csv_field, csv_field_read, runs_as_formula


def test_formula_starts_are_written_as_text() -> None:
    for text in ("=1+1", "+1 cmd", "-1+2", "@SUM(A1)", "\t=1", "\r=1", "-", '=HYPERLINK("http://x","y")'):
        assert runs_as_formula(text)
        assert csv_field(text) == "'" + text


def test_numbers_and_plain_text_are_left_alone() -> None:
    for value in ("-5", "-0.25", "+3", "-1e3", ".5", "42", "서초구", "", "a=b", 3, -5, None, 2.5):
        assert csv_field(value) == value


def test_text_that_already_looks_escaped_gets_one_more_apostrophe() -> None:
    assert csv_field("'=1") == "''=1"
    assert csv_field("''") == "'''"
    assert csv_field("'abc") == "'abc"


@given(st.text())
def test_every_text_reads_back_as_it_went_out(text: str) -> None:
    assert csv_field_read(csv_field(text)) == text
    assert not runs_as_formula(csv_field(text))
