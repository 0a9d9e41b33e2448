"""The good-practice library's pages: browse, a case, a city publishing its own."""

from django.urls import path

from citycert.practices import views

urlpatterns = [
    path("", views.case_list, name="cases"),
    path("publish/<str:code>/", views.publish, name="case-publish"),
    path("<slug:key>/", views.case_page, name="case"),
]
