from django.urls import path

from . import views

app_name = "events"

urlpatterns = [
    path("", views.event_list, name="list"),
    path("past/", views.event_list, {"past": True}, name="past"),
    path("upcoming.ics", views.upcoming_ics, name="upcoming_ics"),
    path("<uslug:slug>/", views.EventDetailView.as_view(), name="detail"),
    path("<uslug:slug>.ics", views.event_ics, name="ics"),
]
