"""A city's indicators all year: value series, imports, projections of the next review, and alerts."""
