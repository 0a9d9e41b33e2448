"""A certificate's dates, as the framework's certificate rules set them."""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, timedelta

from citycert.frameworks.schema import Framework, Period


@dataclass(frozen=True)
class Window:
    """The days an audit may be held: from `opens` to `closes`, around the day it is `due`."""

    due: date
    opens: date
    closes: date

    def state_on(self, today: date, done: bool) -> str:
        """done, overdue (its window has closed), due (its window is open) or upcoming."""
        if done:
            return "done"
        if today > self.closes:
            return "overdue"
        return "due" if today >= self.opens else "upcoming"


@dataclass(frozen=True)
class Schedule:
    """When a certificate expires, when its surveillance audits fall due, when to ask for an extension."""

    issued: date
    expires: date
    surveillance: list[tuple[str, date]]
    extension_deadline: date | None
    windows: dict[str, Window] = field(default_factory=dict)  # each surveillance audit's, by id


def add(start: date, period: Period, sign: int = 1) -> date:
    """Calendar arithmetic: months first (clamped to the month's last day), then days."""
    months = start.month - 1 + sign * (period.years * 12 + period.months)
    year, month = start.year + months // 12, months % 12 + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return date(year, month, day) + timedelta(days=sign * period.days)


def certificate_schedule(framework: Framework, issued: date) -> Schedule | None:
    """The dates that follow from issuing a certificate on `issued`; None without certificate rules."""
    rules = framework.rules.certificate
    if rules is None:
        return None
    anniversary = add(issued, rules.validity)
    expires = anniversary - timedelta(days=1) if rules.expires == "day_before_anniversary" else anniversary
    surveillance = [(audit.id, add(issued, audit.after)) for audit in rules.surveillance]
    windows = {
        audit.id: Window(due, add(due, audit.window, sign=-1), add(due, audit.window))
        for audit, (_id, due) in zip(rules.surveillance, surveillance, strict=True)
    }
    deadline = add(expires, rules.extension.apply_before, sign=-1) if rules.extension else None
    return Schedule(issued, expires, surveillance, deadline, windows)
