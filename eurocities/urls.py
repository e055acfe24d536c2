from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path, register_converter

from content.converters import UnicodeSlugConverter

from . import views
from .feeds import NewsFeed, TopicFeed
from .sitemaps import sitemaps

register_converter(UnicodeSlugConverter, "uslug")

admin.site.site_header = "Eurocities administration"
admin.site.site_title = "Eurocities admin"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("topics/", views.topic_list, name="topic_list"),
    path("topics/<uslug:slug>/", views.topic_detail, name="topic"),
    path("topics/<uslug:slug>/feed/", TopicFeed(), name="topic_feed"),
    path("search/", views.search, name="search"),
    path("feeds/news/", NewsFeed(), name="news_feed"),
    path("sitemap.xml", sitemap_views.index, {"sitemaps": sitemaps}, name="sitemap"),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": sitemaps},
        name="django.contrib.sitemaps.views.sitemap",
    ),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("working-groups/", views.working_group_list, name="working_group_list"),
    path("working-groups/<uslug:slug>/", views.working_group_detail, name="working_group"),
    path("cities/", views.city_list, name="city_list"),
    path("cities/<uslug:slug>/", views.city_detail, name="city"),
    path("projects/", views.project_list, name="project_list"),
    path("projects/<slug:slug>/", views.project_detail, name="project"),
    path("news/", include("content.urls")),
    path("events/", include("events.urls")),
    path("publications/", include("publications.urls")),
    path("charter/", include("charter.urls")),
    path("admin/", admin.site.urls),
]

if settings.SERVE_MEDIA:
    # Uploads are validated on the way in (images re-checked by pillow, documents
    # by content), so the app may serve them itself; a deployment with a web
    # server or bucket in front of MEDIA_ROOT sets SERVE_MEDIA=off.
    # Documents are not under MEDIA_ROOT (content.uploads.PrivateStorage), so no
    # media address reaches them.
    urlpatterns += [path("media/<path:path>", views.serve_media, name="media")]
