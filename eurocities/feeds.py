"""RSS feeds: the news, and everything on one topic (and its sub-themes)."""

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from content.models import Article
from content.themes import ThemeTree

from .hosts import RequestHostFeedMixin, absolute
from .latest import latest_page

FEED_LENGTH = 20


class PublishedItemFeed(RequestHostFeedMixin, Feed):
    """Items are Publishable objects; the XML generator escapes every text node."""

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return absolute(item.get_absolute_url())

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at


class NewsFeed(PublishedItemFeed):
    title = _("Eurocities news")
    description = _("News, stories and calls from the Eurocities network.")

    def link(self):
        return absolute(reverse("content:article_list"))

    def items(self):
        return Article.objects.published().for_feed().order_by("-published_at", "-pk")[:FEED_LENGTH]


class TopicFeed(PublishedItemFeed):
    def get_object(self, request, slug):
        tree = ThemeTree.current()
        theme = tree.topic(slug)
        if theme is None:
            raise Http404("No such topic")
        theme.feed_themes = tree.subtree_ids(theme)
        return theme

    def title(self, theme):
        return _("Eurocities: %(topic)s") % {"topic": theme.name}

    def description(self, theme):
        return theme.description or theme.name

    def link(self, theme):
        return absolute(theme.get_absolute_url())

    def items(self, theme):
        themes = tuple(theme.feed_themes)
        return latest_page(
            1,
            themes=themes,
            per_page=FEED_LENGTH,
            kept_as=("topic feed", themes),
            attach=False,  # an item shows no themes
            read_as=lambda model: model.objects.for_feed(),
        ).object_list
