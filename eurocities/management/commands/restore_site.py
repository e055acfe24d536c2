from django.core.management.base import BaseCommand, CommandError

from eurocities.backups import BackupError, restore


class Command(BaseCommand):
    help = "Replace the database and the media with a backup made by backup_site."

    def add_arguments(self, parser):
        parser.add_argument("folder", help="a folder made by backup_site, e.g. backups/2026...Z")
        parser.add_argument(
            "--no-input", action="store_false", dest="interactive", help="do not ask first"
        )

    def handle(self, *args, folder, interactive, **options):
        if interactive:
            answer = input(f"Replace this site's database and media with {folder}? [y/N] ")
            if answer.strip().lower() not in {"y", "yes"}:
                raise CommandError("Nothing restored.")
        try:
            manifest = restore(folder)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Restored {folder}: the {manifest['database']} database and "
            f"{sum(map(len, manifest['files'].values()))} files."
        )
