"""The REST API under /api/v1/: the same rules as the pages, through the same permission module."""
