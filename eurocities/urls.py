from django.conf import settings
from django.contrib import admin
from django.urls import include, path, register_converter

from content.conditional import conditional_by_content
from content.converters import UnicodeSlugConverter
from content.views import basic_page

from . import auth, health, views
from .feeds import NewsFeed, TopicFeed
from .hosts import sitemap, sitemap_index
from .sitemaps import sitemaps

register_converter(UnicodeSlugConverter, "uslug")

admin.site.site_header = "Eurocities administration"
admin.site.site_title = "Eurocities admin"

handler500 = "eurocities.health.server_error"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("topics/", views.topic_list, name="topic_list"),
    path("topics/<uslug:slug>/", views.topic_detail, name="topic"),
    path("topics/<uslug:slug>/feed/", conditional_by_content(TopicFeed()), name="topic_feed"),
    path("search/", views.search, name="search"),
    path("feeds/news/", conditional_by_content(NewsFeed()), name="news_feed"),
    path(
        "sitemap.xml",
        conditional_by_content(sitemap_index),
        {"sitemaps": sitemaps},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        conditional_by_content(sitemap),
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
    path("about/<slug:kind>/", basic_page, name="basic_page"),
    path("news/", include("content.urls")),
    path("events/", include("events.urls")),
    path("publications/", include("publications.urls")),
    path("charter/", include("charter.urls")),
    # Password reset for editors: the admin login shows "Forgotten your password?".
    path(
        "admin/password_reset/",
        auth.StaffPasswordResetView.as_view(),
        name="admin_password_reset",
    ),
    path(
        "admin/password_reset/done/",
        auth.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "admin/reset/<uidb64>/<token>/",
        auth.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "admin/reset/done/",
        auth.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("open-data/", include("opendata.urls")),
    path("admin/", admin.site.urls),
]

if settings.SERVE_MEDIA:
    # Uploads are validated on the way in (images re-checked by pillow, documents
    # by content), so the app may serve them itself; a deployment with a web
    # server or bucket in front of MEDIA_ROOT sets SERVE_MEDIA=off.
    # Documents are not under MEDIA_ROOT (content.uploads.PrivateStorage), so no
    # media address reaches them.
    urlpatterns += [path("media/<path:path>", views.serve_media, name="media")]
