"""Routes of a person's notifications."""

from django.urls import path

from citycert.notifications import views

urlpatterns = [
    path("notifications/", views.notification_list, name="notifications"),
    path("notifications/<int:pk>/read/", views.mark_read, name="notification-read"),
    path("notifications/read/", views.mark_all_read, name="notifications-read"),
    path("notifications/settings/", views.preferences, name="notification-preferences"),
]
