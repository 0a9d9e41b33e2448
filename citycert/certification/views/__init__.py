"""The certification pages, one module per audience: `certifier` (the certifying body), `assessor`, `officer`
(a city's officers), `public` (anyone); `overview` and `application` are the pages they share. `citycert/urls.py`
routes to each module."""
