"""Public pages: the registry of certificates and each city's public profile."""

from django.urls import path

from citycert.registry import views
from citycert.registry.benchmark_views import benchmark

urlpatterns = [
    path("", views.registry, name="registry"),
    path("cities/<str:code>/", views.city_profile, name="registry-city"),
    path("cities/<str:code>/benchmark/", benchmark, name="registry-benchmark"),
]
