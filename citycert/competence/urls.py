"""The competence pages: assessors' qualifications and training, and impartiality declarations per round."""

from django.urls import path

from citycert.competence import views

urlpatterns = [
    path("", views.home, name="competence"),
    path("assessors/", views.assessors, name="competence-assessors"),
    path("assessors/<int:pk>/", views.assessor_page, name="competence-assessor"),
    path("qualifications/<int:pk>/", views.edit_qualification, name="competence-qualification"),
    path("rounds/<int:pk>/", views.round_declarations, name="competence-round"),
    path("rounds/<int:pk>/declaration/", views.declaration, name="competence-declaration"),
]
