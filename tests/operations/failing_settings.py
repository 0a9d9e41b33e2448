"""The site's settings for the servers of the error stories, plus one test-only address that fails as a bug would
(tests/operations/failing_urls.py). Nothing in citycert itself has such an address."""

from citycert.settings import *  # noqa: F403

ROOT_URLCONF = "tests.operations.failing_urls"
