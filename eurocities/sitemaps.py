"""The sitemap: an index (/sitemap.xml) of sections, each split into files.

No file passes the protocol's limits (50,000 addresses, 10 MB) whatever the size
of the site: each file holds at most SITEMAP_LIMIT addresses (20,000 by default;
an entry with a 255-character slug and its lastmod is under 400 bytes, so a file
stays under 8 MB). Sections page through querysets (LIMIT/OFFSET), and the
index's lastmod per section is one MAX() query, so no request loads every item.
"""

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from content.models import Article, City, Project, WorkingGroup
from content.themes import ThemeTree
from events.models import Event
from publications.models import Publication


class LimitedSitemap(Sitemap):
    @property
    def limit(self):
        return getattr(settings, "SITEMAP_LIMIT", 20_000)


class PublishedSitemap(LimitedSitemap):
    """Only what the public may see now: never drafts or items dated in the future."""

    model = None

    def items(self):
        return (
            self.model.objects.published()
            .order_by("-published_at", "-pk")
            .only("slug", "published_at", "updated_at")
        )

    def lastmod(self, item):
        return item.updated_at

    def get_latest_lastmod(self):
        return self.model.objects.published().aggregate(latest=Max("updated_at"))["latest"]


class ArticleSitemap(PublishedSitemap):
    model = Article


class EventSitemap(PublishedSitemap):
    model = Event


class PublicationSitemap(PublishedSitemap):
    model = Publication


class TopicSitemap(LimitedSitemap):
    def items(self):
        return ThemeTree.load().topics()


class WorkingGroupSitemap(LimitedSitemap):
    def items(self):
        return WorkingGroup.objects.order_by("pk").only("slug")


class ProjectSitemap(LimitedSitemap):
    def items(self):
        return Project.objects.order_by("pk").only("slug")


class CitySitemap(LimitedSitemap):
    """Every city has a page (its groups, events, news and publications)."""

    def items(self):
        return City.objects.order_by("pk").only("slug")


class StaticSitemap(LimitedSitemap):
    def items(self):
        return [
            "home",
            "topic_list",
            "content:article_list",
            "events:list",
            "events:past",
            "publications:list",
            "charter:charter",
            "charter:pledges",
            "city_list",
            "working_group_list",
            "project_list",
        ]

    def location(self, item):
        return reverse(item)


sitemaps = {
    "pages": StaticSitemap,
    "topics": TopicSitemap,
    "news": ArticleSitemap,
    "events": EventSitemap,
    "publications": PublicationSitemap,
    "working-groups": WorkingGroupSitemap,
    "projects": ProjectSitemap,
    "cities": CitySitemap,
}
