from axes.utils import reset
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Lift the login lockout of a user (every address), or of one address with --ip."

    def add_arguments(self, parser):
        parser.add_argument("username", nargs="?", help="the locked-out user name")
        parser.add_argument("--ip", help="only the lockout from this address")

    def handle(self, *args, username=None, ip=None, **options):
        if not username and not ip:
            self.stderr.write("Name a user, an address (--ip), or both.")
            raise SystemExit(2)
        count = reset(ip=ip, username=username)
        who = " from ".join(part for part in (username, ip) if part)
        self.stdout.write(f"Unlocked {who}: {count} failed attempt record(s) removed.")
