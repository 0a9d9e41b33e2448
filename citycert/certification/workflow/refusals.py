"""How the workflow refuses a step: the reason, the rule and what it concerns."""

from __future__ import annotations

from typing import Any


class Refused(Exception):
    """A step the workflow does not allow from where things stand; the message says why, `rule` names the rule
    that refused it (the API's error code, when there is one) and `details` what it concerns."""

    def __init__(self, message: str, rule: str = "", details: Any = None) -> None:
        super().__init__(message)
        self.rule, self.details = rule, details


class Conflict(Refused):
    """Somebody else got there first (two certifiers deciding at once); nothing of the late one was saved."""
