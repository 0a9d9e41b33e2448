"""URL routes of the whole site."""

from django.urls import include, path

from citycert.library import views as library_views

urlpatterns = [
    path("", library_views.home, name="home"),
    path("frameworks/<slug:framework_id>/", library_views.framework_detail, name="framework-detail"),
    path("i18n/", include("django.conf.urls.i18n")),
]
