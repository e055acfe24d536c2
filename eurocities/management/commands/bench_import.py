import tempfile
import time
from datetime import UTC, datetime, timedelta

from django.core.management.base import BaseCommand, CommandError

from content.interchange.engine import FORMAT, VERSION, import_content
from content.models import Article, Forum, Person, Theme, WorkingGroup


class Command(BaseCommand):
    help = (
        "Measure the content import: build a file of N articles (with themes, people and "
        "a working group), import it twice (new, then unchanged) and print the rates. "
        "What it creates (slugs starting with bench-) is deleted afterwards. Run it on "
        "an empty development database."
    )

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=10_000)

    def handle(self, *args, **options):
        count = options["articles"]
        if Article.objects.filter(slug__startswith="bench-").exists():
            raise CommandError("Bench content is already there; delete it first.")
        data = build_file(count)
        # Not inside one transaction: the import command does not run in one while
        # checking, and a surrounding one would add a savepoint to every check.
        try:
            with tempfile.TemporaryDirectory() as folder:
                for label in ("new", "unchanged"):
                    start, cpu = time.perf_counter(), time.process_time()
                    counts = import_content(data, folder)
                    seconds = time.perf_counter() - start
                    cpu = time.process_time() - cpu
                    tally = counts["articles"]
                    # CPU time too: on a shared machine the wall clock says more
                    # about the neighbours than about the import.
                    self.stdout.write(
                        f"{count} articles ({label}: {tally['created']} created, "
                        f"{tally['updated']} updated, {tally['unchanged']} unchanged) "
                        f"in {seconds:.1f} s: {count / seconds:,.0f} articles/s "
                        f"({cpu:.1f} s of CPU: {count / cpu:,.0f} articles per CPU second)"
                    )
        finally:
            Article.objects.filter(slug__startswith="bench-").delete()
            WorkingGroup.objects.filter(slug__startswith="bench-").delete()
            Forum.objects.filter(slug__startswith="bench-").delete()
            Person.objects.filter(slug__startswith="bench-").delete()
            Theme.objects.filter(slug__startswith="bench-").delete()
            self.stdout.write("Bench content deleted.")


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
