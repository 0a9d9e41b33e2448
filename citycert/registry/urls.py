"""Public pages: the registry of certificates and each city's public profile."""

from django.urls import path

from citycert.registry import views

urlpatterns = [
    path("", views.registry, name="registry"),
    path("cities/<str:code>/", views.city_profile, name="registry-city"),
]
