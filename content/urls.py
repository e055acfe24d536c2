from django.urls import path

from . import views

app_name = "content"

urlpatterns = [
    path("", views.article_list, name="article_list"),
    path("<uslug:slug>/", views.ArticleDetailView.as_view(), name="article_detail"),
]
