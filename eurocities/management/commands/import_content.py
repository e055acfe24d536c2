import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from content.interchange.engine import ImportFailed, import_content


class Command(BaseCommand):
    help = (
        "Import content from an exchange file (docs/content-format.md). All or nothing: "
        "any problem is listed with its place in the file and nothing is changed."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the JSON file; files it names are relative to it")

    def handle(self, *args, **options):
        path = Path(options["file"])
        try:
            with open(path, encoding="utf-8") as handle:
                data = json.load(handle)
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}") from None
        except UnicodeDecodeError:
            raise CommandError(f"{path} is not UTF-8 text.") from None
        except json.JSONDecodeError as error:
            raise CommandError(
                f"{path} is not valid JSON: {error.msg} (line {error.lineno}, "
                f"column {error.colno})."
            ) from None
        try:
            counts = import_content(data, path.parent, progress=self.progress)
        except ImportFailed as failure:
            for problem in failure.problems:
                self.stderr.write(problem)
            raise CommandError(
                f"Nothing was imported: {len(failure.problems)} problem(s) in {path}."
            ) from None
        for collection, tally in counts.items():
            if any(tally.values()):
                self.stdout.write(
                    f"{collection}: {tally['created']} created, {tally['updated']} updated, "
                    f"{tally['unchanged']} unchanged"
                )
        self.stdout.write(self.style.SUCCESS("Import complete."))

    def progress(self, what, done, total):
        self.stderr.write(f"{what}: {done}/{total}")
