"""The sitemap: public content, topic pages, working groups, cities and list pages.

Bounded whatever the content size: each content section lists its newest
SITEMAP_LIMIT items, newest first (older ones are on /sitemap.xml?p=2 and on).
"""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from content.models import Article, City, Theme, WorkingGroup
from events.models import Event
from publications.models import Publication

SITEMAP_LIMIT = 500


class PublishedSitemap(Sitemap):
    """Only what the public may see now: never drafts or items dated in the future."""

    model = None
    limit = SITEMAP_LIMIT

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


class CitySitemap(Sitemap):
    """Every city has a page (its groups and events)."""

    limit = SITEMAP_LIMIT

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
