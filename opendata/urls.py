from django.urls import path

from . import views

app_name = "opendata"

urlpatterns = [
    path("", views.index, name="index"),
    path("catalog.jsonld", views.catalog_view, name="catalog"),
    path("<slug:slug>.csv", views.download, {"fmt": "csv"}, name="csv"),
    path("<slug:slug>.json", views.download, {"fmt": "json"}, name="json"),
]
