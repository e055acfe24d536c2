from django.urls import path

from . import views

app_name = "publications"

urlpatterns = [
    path("", views.publication_list, name="list"),
    # Addressed by the file's id, so replacing the file keeps the address.
    path("files/<int:pk>/download/", views.download, name="download"),
    path("<uslug:slug>/", views.PublicationDetailView.as_view(), name="detail"),
]
