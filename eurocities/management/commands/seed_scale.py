from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from eurocities.scale import Seeder, content_counts


class Command(BaseCommand):
    help = (
        "Generate themed articles, events, publications and cities in bulk, for "
        "benchmarks. Loads the demo vocabulary first. Refuses a database that already "
        "has content unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=1000)
        parser.add_argument("--events", type=int, default=200)
        parser.add_argument("--publications", type=int, default=100)
        parser.add_argument("--cities", type=int, default=50)
        parser.add_argument("--seed", type=int, default=1, help="Random seed.")
        parser.add_argument(
            "--force", action="store_true", help="Add to a database that already has content."
        )

    def handle(self, *args, **options):
        for name in ["articles", "events", "publications", "cities"]:
            if options[name] < 0:
                raise CommandError(f"--{name} cannot be negative.")
        counts = content_counts()
        if any(counts.values()) and not options["force"]:
            held = ", ".join(f"{count} {name}" for name, count in counts.items())
            raise CommandError(
                f"This database already has content ({held}). seed_scale fills an empty "
                "database; pass --force to add generated content to it anyway."
            )
        Seeder(seed=options["seed"], write=self.stdout.write).run(
            articles=options["articles"],
            events=options["events"],
            publications=options["publications"],
            cities=options["cities"],
        )
        if connection.vendor == "postgresql":
            # Fresh statistics: the planner's guesses for a table that grew by
            # 100,000 rows in a minute are otherwise those of an empty one. VACUUM
            # too, as autovacuum would soon: it marks the pages all-visible, so the
            # listings read from their indexes alone. (Not possible in a
            # transaction, where the tests run.)
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
        counts = content_counts()
        self.stdout.write(
            self.style.SUCCESS(
                "Done: " + ", ".join(f"{count} {name}" for name, count in counts.items())
            )
        )
