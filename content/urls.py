from django.urls import path

from . import views

app_name = "content"

urlpatterns = [
    path("", views.article_list, name="article_list"),
    path("calls/", views.open_calls, name="open_calls"),
    path("<uslug:slug>/", views.ArticleDetailView.as_view(), name="article_detail"),
]
