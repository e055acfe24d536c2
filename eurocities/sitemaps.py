"""The sitemap: public content, topic pages, working groups, cities and list pages.

Bounded whatever the content size: each content section lists its newest
SITEMAP_LIMIT items, newest first (older ones are on /sitemap.xml?p=2 and on).
"""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from content.models import Article, City, Theme, WorkingGroup
from content.pagination import WindowPaginator, page_number
from events.models import Event
from publications.models import Publication

SITEMAP_LIMIT = 500


class WindowedSitemap(Sitemap):
    """Counts only as far as the page asked for (content.pagination), never the
    whole table: enough to serve page p and to know whether there is a next one."""

    limit = SITEMAP_LIMIT
    wanted_page = 1

    def get_urls(self, page=1, site=None, protocol=None):
        self.wanted_page = page
        return super().get_urls(page=page, site=site, protocol=protocol)

    @property
    def paginator(self):
        paginator = WindowPaginator(self._items(), self.limit)
        paginator.wanted = page_number(self.wanted_page)
        return paginator


class PublishedSitemap(WindowedSitemap):
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


class ArticleSitemap(PublishedSitemap):
    model = Article


class EventSitemap(PublishedSitemap):
    model = Event


class PublicationSitemap(PublishedSitemap):
    model = Publication


class TopicSitemap(Sitemap):
    def items(self):
        return list(Theme.objects.filter(has_topic_page=True).only("slug", "has_topic_page"))


class WorkingGroupSitemap(Sitemap):
    def items(self):
        return list(WorkingGroup.objects.only("slug"))


class CitySitemap(WindowedSitemap):
    """Every city has a page (its groups and events)."""

    def items(self):
        return City.objects.order_by("name", "pk").only("slug")


class StaticSitemap(Sitemap):
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
    "cities": CitySitemap,
}
