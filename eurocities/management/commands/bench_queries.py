import json
import re

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


LARGE_TABLES = ["content_article", "events_event", "publications_publication", "content_themeditem"]


def sequential_scans(plan):
    """The large tables `plan` (EXPLAIN's text) reads from end to end."""
    # \b: a scan of the publications' files (a few rows) is not one of the publications.
    return [table for table in LARGE_TABLES if re.search(rf"Seq Scan on {table}\b", plan)]


class Command(BaseCommand):
    help = (
        "For the benchmark: print as JSON each benchmarked page's address, status, "
        "SQL query count and size, rendered without the page cache. With --explain, "
        "print instead the PostgreSQL plan of every query on a large table."
    )

    def add_arguments(self, parser):
        parser.add_argument("--explain", action="store_true")
        parser.add_argument("--only", help="comma-separated page names")

    def handle(self, *args, **options):
        if options["explain"]:
            return self.explain(options["only"])
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

    def explain(self, only):
        slugs = sample_slugs()
        client = Client(HTTP_HOST="127.0.0.1")
        wanted = set(only.split(",")) if only else None
        with override_settings(PAGE_CACHE=False):
            for name, template, kind in PAGES:
                if kind == FLOOR or (wanted and name not in wanted):
                    continue
                url = template.format(**slugs)
                client.get(url)
                with CaptureQueriesContext(connection) as queries:
                    client.get(url)
                self.stdout.write(f"\n### {name}: `{url}`\n")
                for query in queries.captured_queries:
                    sql = query["sql"]
                    if not any(f'"{table}"' in sql for table in LARGE_TABLES):
                        continue
                    with connection.cursor() as cursor:
                        cursor.execute("EXPLAIN (ANALYZE, COSTS OFF) " + sql)
                        plan = "\n".join(row[0] for row in cursor.fetchall())
                    scans = sequential_scans(plan)
                    verdict = (
                        f"SEQUENTIAL SCAN on {', '.join(scans)}" if scans else "no sequential scan"
                    )
                    self.stdout.write(f"\n{verdict}: {sql[:160]}...\n```\n{plan}\n```\n")
