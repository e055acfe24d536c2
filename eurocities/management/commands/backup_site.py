from django.core.management.base import BaseCommand, CommandError

from eurocities.backups import BackupError, backup


class Command(BaseCommand):
    help = "Back up the database (pg_dump custom format, or SQLite's backup) and the media."

    def add_arguments(self, parser):
        parser.add_argument("--to", default="backups", help="folder for backups (backups/)")

    def handle(self, *args, to, **options):
        try:
            folder = backup(to)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Backup written to {folder}")
