"""Settings for bench.assessment_speed's server: the project's own, with the API's write limit per token
lifted, since the benchmark's loop of creates is no person's program."""

from citycert.settings import *  # noqa: F403

API_WRITES_RATE = "1000000/min"
