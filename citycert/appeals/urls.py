"""Routes of the appeal and complaint pages."""

from django.urls import path

from citycert.appeals import views

urlpatterns = [
    path("certification/applications/<int:pk>/appeal/", views.file_appeal, name="appeal-new"),
    path("certification/appeals/<int:pk>/", views.appeal_page, name="appeal"),
    path("certification/appeals/<int:pk>/take/", views.take_appeal, name="appeal-take"),
    path("certification/appeals/<int:pk>/decide/", views.decide_appeal, name="appeal-decide"),
    path("certification/appeals/<int:pk>/files/<int:file_id>", views.appeal_file, name="appeal-file"),
    path("certification/complaints/", views.complaint_list, name="complaints"),
    path("certification/complaints/<int:pk>/", views.complaint_page, name="complaint"),
    path("complaints/new/", views.new_complaint, name="complaint-new"),
]
