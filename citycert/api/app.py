"""The API object: version 1 under /api/v1/, its OpenAPI schema at /api/v1/openapi.json and its
interactive docs at /api/v1/docs (Swagger UI from django-ninja's own static files, no CDN)."""

from __future__ import annotations

from typing import Any

from ninja import NinjaAPI, Swagger

from citycert.api import appeals, assessments, certification, cities, errors, indicators, library, public_data
from citycert.api.auth import Public
from citycert.api.common import ReadableJSON


class CitycertAPI(NinjaAPI):
    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        """Operations open to the public say so the OpenAPI way: `{}` among their security requirements."""
        schema = super().get_openapi_schema(*args, **kwargs)
        marker = Public.__name__
        for methods in schema["paths"].values():
            for operation in methods.values():
                security = operation.get("security") or []
                operation["security"] = [{} if marker in entry else entry for entry in security]
        schema.get("components", {}).get("securitySchemes", {}).pop(marker, None)
        return schema


api = CitycertAPI(
    title="citycert API",
    version="1",
    description=(
        "Smart-city assessment and certification. Send a personal API token (made on the tokens page) as "
        "`Authorization: Bearer <token>`; the pages' session works too. The same permissions hold as in the "
        "pages: what you may not see is 404, what you may see but not do is 403. Errors are "
        '`{"error": {"code", "message", "details"}}`.'
    ),
    urls_namespace="api",
    renderer=ReadableJSON(),
    # No call to Swagger's online validator: the docs use nothing outside this site.
    docs=Swagger(settings={"validatorUrl": None}),
)
errors.install(api)
api.add_router("", library.router)
api.add_router("", cities.router)
api.add_router("", public_data.router)
api.add_router("", assessments.router)
api.add_router("", certification.router)
api.add_router("", certification.public)
api.add_router("", indicators.router)
api.add_router("", appeals.router)
