"""The sitemap: an index (/sitemap.xml) of sections, each split into files.

No file passes the protocol's limits (50,000 addresses, 10 MB) whatever the size
of the site, and each stays quick to make: a file holds at most SITEMAP_LIMIT
addresses (1,000 by default, newest first; an entry with a 255-character slug and
its lastmod is under 400 bytes, so a file stays under 400 KB). The index costs a
COUNT and a MAX() per section; a file counts only as far as its own page
(content.pagination) and reads one LIMIT/OFFSET page, so no request loads every
item.
"""

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.core.paginator import Paginator
from django.db.models import Max
from django.urls import reverse

from content.models import Article, City, Project, WorkingGroup
from content.pagination import WindowPaginator, page_number
from content.themes import ThemeTree
from content.versions import KeptPerVersion
from events.models import Event
from publications.models import Publication

# What the index says of each section (how many items, when the newest changed):
# at full scale counting 97,000 articles is most of its time, and the figures only
# move when content does.
_kept_figures = KeptPerVersion()
KEPT_FIGURES = 32  # two for each section, with room to spare


class LimitedSitemap(Sitemap):
    wanted_page = None  # set when one file is asked for; the index needs every page

    @property
    def limit(self):
        return getattr(settings, "SITEMAP_LIMIT", 1_000)

    def get_urls(self, page=1, site=None, protocol=None):
        self.wanted_page = page
        return super().get_urls(page=page, site=site, protocol=protocol)

    @property
    def paginator(self):
        if self.wanted_page is None:  # the index: how many files, from the kept count
            count = _kept_figures.get(
                (type(self), "count"),
                lambda: Paginator(self._items(), self.limit).count,
                limit=KEPT_FIGURES,
            )
            # The index asks how many pages there are, never for one: while the
            # count is kept, no queryset is even built.
            return WindowPaginator((), self.limit, known_count=count)
        paginator = WindowPaginator(self._items(), self.limit)
        paginator.wanted = page_number(self.wanted_page)
        return paginator


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
        return _kept_figures.get(
            (type(self), "lastmod"),
            lambda: self.model.objects.published().aggregate(latest=Max("updated_at"))["latest"],
            limit=KEPT_FIGURES,
        )


class ArticleSitemap(PublishedSitemap):
    model = Article


class EventSitemap(PublishedSitemap):
    model = Event


class PublicationSitemap(PublishedSitemap):
    model = Publication


class TopicSitemap(LimitedSitemap):
    def items(self):
        return ThemeTree.current().topics()


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
