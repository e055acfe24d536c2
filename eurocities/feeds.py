"""RSS feeds: the news, and everything on one topic (and its sub-themes).

Django's Feed writes the channel. The items are the same for every reader until
content changes, so each item's <item> element is written once per version of
public content (kept_entries), as a list's cards are, and the items a feed shows
are kept as (model, pk) pairs: while both are kept a feed reads no item.
"""

from io import StringIO

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils.feedgenerator import Rss201rev2Feed
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.utils.xmlutils import SimplerXMLGenerator

from content import versions
from content.models import Article
from content.themes import ThemeTree

from .hosts import RequestHostFeedMixin, absolute
from .latest import latest_refs

FEED_LENGTH = 20

# Items written at the current version of content, per host they link to: some
# hundred bytes each.
KEPT_ENTRIES = 5000
_kept_entries = versions.KeptPerVersion()
# The (model, pk) pairs of the news feed at the current version of content.
_kept_news = versions.KeptPerVersion()


class WrittenItemsRss(Rss201rev2Feed):
    """An RSS 2.0 feed whose items come with their <item> element written ("xml")."""

    def write_items(self, handler):
        for item in self.items:
            handler.ignorableWhitespace(item["xml"])  # written as it is: escaped already


class PublishedItemFeed(RequestHostFeedMixin, Feed):
    """A feed of Publishable objects. Subclasses give `item_refs(obj)`, the items to
    show as [(model, pk)] in order; each is read (`for_feed()`) only when its entry
    is not kept. The XML generator escapes every text node."""

    feed_type = WrittenItemsRss

    def items(self, obj):
        return ()  # Django's get_feed writes the channel alone; ours adds the items

    def get_feed(self, obj, request):
        feed = super().get_feed(obj, request)
        feed.items.extend(kept_entries(feed, self.item_refs(obj)))
        return feed

    # Its being defined makes Django's Feed send Last-Modified, the newest date
    # among the entries (they carry their dates: entry).
    item_pubdate = None


def kept_entries(feed, refs):
    """The entries (feed.add_item's dicts, with their "xml") of the items `refs`
    names, each written once per version of content, language and host; those not
    kept are read in one query a model. An item gone meanwhile is left out."""
    root = absolute("/")
    keys = [(model, pk, get_language(), root) for model, pk in refs]
    found = _kept_entries.found(keys)
    missing = {}
    for model, pk, *_rest in (key for key in keys if key not in found):
        missing.setdefault(model, []).append(pk)
    for model, pks in missing.items():
        for pk, item in model.objects.published().for_feed().in_bulk(pks).items():
            key = (model, pk, get_language(), root)
            found[key] = _kept_entries.get(
                key, lambda item=item: entry(feed, item), limit=KEPT_ENTRIES
            )
    return [found[key] for key in keys if key in found]


def entry(feed, item):
    """`item`'s entry for `feed` (read only, once kept), its <item> element written."""
    link = absolute(item.get_absolute_url())
    written = Rss201rev2Feed("", "", "")
    written.add_item(
        title=item.title,
        link=link,
        description=item.summary,
        unique_id=link,
        pubdate=item.published_at,
        updateddate=item.updated_at,
    )
    fields = written.items[0]
    out = StringIO()
    handler = SimplerXMLGenerator(out, "utf-8", short_empty_elements=True)
    handler.startElement("item", feed.item_attributes(fields))
    feed.add_item_elements(handler, fields)
    handler.endElement("item")
    return {**fields, "xml": out.getvalue()}


class NewsFeed(PublishedItemFeed):
    title = _("Eurocities news")
    description = _("News, stories and calls from the Eurocities network.")

    def link(self):
        return absolute(reverse("content:article_list"))

    def item_refs(self, obj):
        def newest():
            newest = Article.objects.published().order_by("-published_at", "-pk")
            return [(Article, pk) for pk in newest.values_list("pk", flat=True)[:FEED_LENGTH]]

        return _kept_news.get("news", newest, limit=1)


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

    def item_refs(self, theme):
        themes = tuple(theme.feed_themes)
        return latest_refs(FEED_LENGTH, themes=themes, kept_as=("topic feed", themes))
