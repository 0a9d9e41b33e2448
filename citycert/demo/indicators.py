"""The demo's indicator series: what the press cases describe, measured year by year (month by month for
sensors) on the national scheme's quantitative items, imported the way a user imports a file.

Mapped items (kr-smartcity unless said otherwise):
- Guro-gu's IoT facility-safety sensors and ultrafine-dust stations: D3.I3.3, intelligent facilities per
  10,000 residents (the item names IoT sensors), monthly for the last 18 months; the stations' readings on
  ISO 37120's PM2.5 item, since no item of the national scheme measures air quality; the integrated
  platform's links to police, fire and support for vulnerable people: D3.I2.2.
- Seongdong-gu's smart shelters: D3.I3.3 (the item names smart shelters); their users' satisfaction on
  D3.I1.6, the closest item (none counts users). Seongdong-gu is the city that drifts: in the latest year
  first-generation shelters come down and satisfaction dips, so its projection falls below the bar.
- Dalseo-gu's programmes: central-government programmes won (D1.I4.4), the funding they brought (D2.I3.2)
  and residents in its digital-literacy courses (D1.I2.5).

Only the figures the press published are facts (Asia Economy 2021-09-10, Newsro 2022); every other value
is illustrative, and its source text says so.
"""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth import get_user_model

from citycert.indicators.alerts import commit_and_alert, watch
from citycert.indicators.importing.planning import plan_import
from citycert.indicators.models import ImportRun
from citycert.indicators.series import figure

ASIAE = "Asia Economy 2021-09-10"
NEWSRO = "Newsro 2022"
GURO_ILLUSTRATIVE = f"illustrative, after {ASIAE}: 600 IoT facility-safety sensors at 139 sites and 16 dust stations"
DRIFT = "illustrative drift made up for the demo"


@dataclass(frozen=True)
class DemoSeries:
    """One item's values of one city: period -> value, with the source of each (a default and exceptions)."""

    city: str
    item: str  # framework:item, as an import file writes it
    unit: str
    values: dict[str, str]
    source: str
    quality: str = "assumptions"
    facts: dict[str, tuple[str, str]] = field(default_factory=dict)  # period -> (source, quality) where published


def monthly(year: int, month: int, values: list[str]) -> dict[str, str]:
    """Consecutive months from year-month on."""
    periods = {}
    for value in values:
        periods[f"{year}-{month:02d}"] = value
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return periods


def yearly(first: int, values: list[str]) -> dict[str, str]:
    return {str(first + offset): value for offset, value in enumerate(values)}


SERIES = [
    DemoSeries(
        "11530",
        "kr-smartcity:D3.I3.3",
        "per 10,000 residents",
        yearly(2021, ["16.0", "17.1", "18.4", "19.6"])
        | monthly(2025, 5, ["19.8", "19.9", "20.0", "20.1", "20.1", "20.2", "20.3", "20.3"])
        | monthly(2026, 1, ["20.4", "20.4", "20.5", "20.6", "20.6", "20.7", "20.8", "20.8", "20.9", "21.0"]),
        f"{GURO_ILLUSTRATIVE}, per 10,000 residents",
        facts={"2021": (f"{ASIAE}: 600 sensors and 16 stations; residents jumin.mois.go.kr 2025-10", "higher_level")},
    ),
    DemoSeries(
        "11530",
        "iso37120:37120-2018-8.1",
        "µg/m³",
        monthly(2025, 5, ["19.5", "17.0", "14.2", "12.0", "11.8", "14.5", "19.8", "23.5"])
        | monthly(2026, 1, ["26.0", "27.5", "28.0", "23.0", "19.0", "16.2", "13.5", "11.8", "11.5", "14.0"]),
        f"illustrative monthly mean of the 16 stations on community-centre roofs, after {ASIAE}; "
        "no kr-smartcity item measures air quality",
    ),
    DemoSeries(
        "11530",
        "kr-smartcity:D3.I2.2",
        "services",
        yearly(2021, ["3", "3", "4", "4", "4", "5"]),
        f"illustrative, after {ASIAE}: integrated platform linked to 112, 119 and support for vulnerable people",
        facts={"2021": (f"{ASIAE}: CCTV video to police (112), fire (119) and support for vulnerable people", "")},
    ),
    DemoSeries(
        "11200",
        "kr-smartcity:D3.I3.3",
        "per 10,000 residents",
        yearly(2021, ["41.2", "45.0", "48.1", "50.6", "52.3", "48.6"]),
        f"illustrative, after {ASIAE}: smart shelters with 19 functions, smart crosswalks and security lights",
        facts={"2026": (f"{DRIFT}: first-generation smart shelters taken down for replacement", "assumptions")},
    ),
    DemoSeries(
        "11200",
        "kr-smartcity:D3.I1.6",
        "%",
        yearly(2021, ["71.5", "73.0", "74.1", "74.8", "74.4", "71.2"]),
        f"illustrative survey of smart-shelter users (over 1 million in the first year, {ASIAE}); "
        "no item counts users, satisfaction is the closest",
        quality="survey",
        facts={"2026": (f"{DRIFT}: fewer shelters while they are replaced, satisfaction dips", "survey")},
    ),
    DemoSeries(
        "27290",
        "kr-smartcity:D1.I4.4",
        "programmes",
        yearly(2021, ["18", "32", "36", "39", "41", "43"]),
        f"illustrative, after {NEWSRO}: central-government programmes won in the last five years",
        facts={"2022": (f"{NEWSRO}: 32 central-government programmes won since September 2020", "")},
    ),
    DemoSeries(
        "27290",
        "kr-smartcity:D2.I3.2",
        "100 million won",
        yearly(2021, ["150.0", "239.7", "262.0", "248.5", "231.0", "244.0"]),
        f"illustrative, after {NEWSRO}: national and city funding of the last three years",
        facts={"2022": (f"{NEWSRO}: 23.97 billion won of national and city funding", "")},
    ),
    DemoSeries(
        "27290",
        "kr-smartcity:D1.I2.5",
        "persons per 1,000 residents",
        yearly(2021, ["6.2", "7.0", "12.8", "17.5", "21.3", "23.9"]),
        f"illustrative, after {NEWSRO}: AR/VR fitness and AI digital-literacy courses at 66 facilities from 2023",
    ),
]


def series_file(code: str, today: date) -> bytes:
    """The city's demo series as an import file (periods after today left out, should the clock be behind)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["city", "item", "period", "value", "unit", "source", "quality"])
    for series in SERIES:
        if series.city != code:
            continue
        for period, value in series.values.items():
            year, _dash, month = period.partition("-")
            if (int(year), int(month or 0)) > (today.year, today.month):
                continue
            source, quality = series.facts.get(period, (series.source, series.quality))
            writer.writerow([code, series.item, period, value, series.unit, source, quality])
    return out.getvalue().encode("utf-8")


def load_indicators(today: date) -> list[str]:
    """Import each city's series as the certifier (a file already imported is skipped, so that nothing a
    person revised since is undone), then project every certificate valid today as the daily run does."""
    certifier = get_user_model().objects.get(username="certifier")
    imported = values = raised = 0
    for code in dict.fromkeys(series.city for series in SERIES):
        data = series_file(code, today)
        if ImportRun.objects.filter(sha256=hashlib.sha256(data).hexdigest(), committed=True).exists():
            continue
        plan = plan_import(f"demo-indicators-{code}.csv", data, certifier, today)
        if plan.rejected:
            raise ValueError(f"the demo's series of {code} have rejected rows: {plan.rejected}")
        _run, alerts = commit_and_alert(plan, certifier, keep_good_rows=False, today=today)
        imported, values, raised = imported + 1, values + len(plan.added), raised + len(alerts)
    projections, alerts = watch(today)
    below = [
        f"{p.certificate.city.name_ko} {p.certificate.number} ({figure(p.total)} < {figure(p.bar)})"
        for p in projections
        if not p.passes
    ]
    return [
        f"indicator series: {imported} imports by the certifier, {values} values, {raised + len(alerts)} alerts",
        f"projections: {len(projections)} certificates valid today; below the bar: {', '.join(below) or 'none'}",
    ]
