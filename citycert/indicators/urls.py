"""Indicator pages: a city's dashboard and imports, and the certifying body's monitoring of certified cities."""

from django.urls import path

from citycert.indicators import import_views, monitoring_views, views

urlpatterns = [
    # Before the city's pages, so that "import" is never read as a city code.
    path("indicators/import/", import_views.bulk_import, name="indicators-bulk-import"),
    path("indicators/import/confirm/", import_views.bulk_confirm, name="indicators-bulk-import-confirm"),
    path(
        "indicators/import/template.xlsx",
        import_views.import_template,
        {"suffix": "xlsx"},
        name="indicators-template-xlsx",
    ),
    path(
        "indicators/import/template.csv",
        import_views.import_template,
        {"suffix": "csv"},
        name="indicators-template-csv",
    ),
    path("indicators/<str:code>/", views.dashboard, name="indicators"),
    path("indicators/<str:code>/import/", import_views.city_import, name="indicators-import"),
    path("indicators/<str:code>/import/confirm/", import_views.city_confirm, name="indicators-import-confirm"),
    path("indicators/<str:code>/values/<int:pk>/", views.history, name="indicators-history"),
    path("certification/monitoring/", monitoring_views.monitoring, name="monitoring"),
    path("certification/monitoring/recompute/", monitoring_views.recompute, name="monitoring-recompute"),
    path("certification/monitoring/watch/", monitoring_views.watch, name="monitoring-watch"),
]
