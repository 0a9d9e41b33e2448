"""The site's settings for the app servers the tests start: as configured, with the write limit raised, since
those tests put many writes through one token in a few seconds and it is the load, not the limit, under test."""

from citycert.settings import *  # noqa: F403

API_WRITES_RATE = "1000000/min"
