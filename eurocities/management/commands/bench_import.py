import tempfile
import time
from datetime import UTC, datetime, timedelta

from django.core.management.base import BaseCommand
from django.db import transaction

from content.interchange.engine import FORMAT, VERSION, import_content


class Rollback(Exception):
    pass


class Command(BaseCommand):
    help = (
        "Measure the content import: build a file of N articles (with themes, people and "
        "a working group), import it twice (new, then unchanged) and print the rates. "
        "Everything is rolled back afterwards."
    )

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=10_000)

    def handle(self, *args, **options):
        count = options["articles"]
        data = build_file(count)
        try:
            with transaction.atomic():
                with tempfile.TemporaryDirectory() as folder:
                    for label in ("new", "unchanged"):
                        start = time.perf_counter()
                        counts = import_content(data, folder)
                        seconds = time.perf_counter() - start
                        tally = counts["articles"]
                        self.stdout.write(
                            f"{count} articles ({label}: {tally['created']} created, "
                            f"{tally['updated']} updated, {tally['unchanged']} unchanged) "
                            f"in {seconds:.1f} s: {count / seconds:,.0f} articles/s"
                        )
                raise Rollback
        except Rollback:
            self.stdout.write("Rolled back; the database is as it was.")


def build_file(count):
    start = datetime(2020, 1, 1, 9, tzinfo=UTC)
    themes = [{"slug": f"bench-theme-{n}", "name": f"Bench theme {n}"} for n in range(20)]
    people = [{"slug": f"bench-person-{n}", "name": f"Bench Person {n}"} for n in range(50)]
    articles = [
        {
            "slug": f"bench-article-{n}",
            "title": f"Benchmark article {n}",
            "status": "published",
            "published_at": (start + timedelta(hours=n)).isoformat(),
            "summary": "A short summary of the article.",
            "kind": "news",
            "body": "<p>Cities work together on <strong>inclusion</strong>.</p>" * 5,
            "working_group": "bench-group",
            "contacts": [people[n % 50]["slug"]],
            "themes": sorted({themes[n % 20]["slug"], themes[(n * 7) % 20]["slug"]}),
        }
        for n in range(count)
    ]
    return {
        "format": FORMAT,
        "version": VERSION,
        "themes": themes,
        "people": people,
        "forums": [{"slug": "bench-forum", "name": "Bench forum"}],
        "working_groups": [{"slug": "bench-group", "name": "Bench group", "forum": "bench-forum"}],
        "articles": articles,
    }
