import json

from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from content.models import Article, Theme
from eurocities.benchmark import FLOOR, PAGES
from events.models import Event
from publications.models import Publication


def sample_slugs():
    """A real address for each {placeholder} in benchmark.PAGES."""
    topics = Theme.objects.filter(has_topic_page=True)
    topic = topics.filter(slug="inclusive-cities").first() or topics.first()
    event = (
        Event.objects.published().upcoming().filter(parent__isnull=True).first()
        or Event.objects.published().first()
    )
    return {
        "topic": topic.slug if topic else "none",
        "article": getattr(Article.objects.published().first(), "slug", "none"),
        "event": getattr(event, "slug", "none"),
        "publication": getattr(Publication.objects.published().first(), "slug", "none"),
    }


class Command(BaseCommand):
    help = (
        "For the benchmark: print as JSON each benchmarked page's address, status, "
        "SQL query count and size, rendered without the page cache."
    )

    def handle(self, *args, **options):
        slugs = sample_slugs()
        client = Client(HTTP_HOST="127.0.0.1")
        pages = []
        with override_settings(PAGE_CACHE=False):
            for name, template, kind in PAGES:
                url = template.format(**slugs)
                page = {"name": name, "url": url, "kind": kind}
                if kind != FLOOR:
                    client.get(url)  # the steady state: content types cached, as in a worker
                    with CaptureQueriesContext(connection) as queries:
                        response = client.get(url)
                    page.update(
                        status=response.status_code,
                        queries=len(queries),
                        bytes=len(response.content),
                    )
                pages.append(page)
        self.stdout.write(json.dumps(pages))
