from django.core.management.base import BaseCommand, CommandError

from eurocities.redirects import RedirectsFailed, read_redirects, save_redirects


class Command(BaseCommand):
    help = (
        "Import addresses of the old site from a CSV (old path, content type, slug), so "
        "they answer 301 to the new pages. Any bad line: nothing is imported."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, **options):
        try:
            with open(options["file"], encoding="utf-8-sig", newline="") as handle:
                text = handle.read()
        except OSError as error:
            raise CommandError(f"Cannot read {options['file']}: {error.strerror}") from None
        except UnicodeDecodeError:
            raise CommandError(f"{options['file']} is not UTF-8 text.") from None
        try:
            pairs = read_redirects(text)
        except RedirectsFailed as failure:
            for problem in failure.problems:
                self.stderr.write(problem)
            raise CommandError(
                f"Nothing was imported: {len(failure.problems)} bad line(s)."
            ) from None
        created, updated = save_redirects(pairs)
        self.stdout.write(self.style.SUCCESS(f"{created} redirect(s) created, {updated} updated."))
