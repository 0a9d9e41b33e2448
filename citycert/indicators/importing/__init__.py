"""Importing indicator values from a file in the long format: read, check each row, show what would change,
and only then commit.

Columns (a header row, in any order, names case-insensitive): city, item, period, value, unit, source and,
optionally, quality and reason (why a value replaces the one stored for its period). `item` is an item id of a framework in the library, written `framework:item` where the
bare id is ambiguous; `period` is a year (2024) or a month (2024-03). A row is rejected with its reason
(unknown city or item, a city the importer does not work for, text in a number, a unit that is not the
item's, a value outside the range the framework allows, a period in the future, a row repeated); the good
rows are committed only if the person chooses to keep them, and a committed import of the same file again
changes nothing.

One module per step: `reading` (the file to rows), `checking` (each row), `planning` (the rows against the
stored series) and `committing` (the plan stored, and the drops it made).
"""
