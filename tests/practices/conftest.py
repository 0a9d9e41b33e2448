from __future__ import annotations

# The demo, loaded once for the package and rolled back after it, as the demo's own tests have it.
from tests.demo.conftest import demo

__all__ = ["demo"]
