from django.core.management.base import BaseCommand
from django.db import transaction

from charter import demo as charter_demo
from content import demo as content_demo
from content import demo_pages
from events import demo as events_demo
from publications import demo as publications_demo

# Each app's demo module has load(stdout=None); later ones may rely on earlier ones.
DEMO_MODULES = [content_demo, demo_pages, events_demo, publications_demo, charter_demo]


class Command(BaseCommand):
    help = "Load (or refresh) the demo content. Safe to run again: nothing is duplicated."

    def handle(self, *args, **options):
        with transaction.atomic():
            for module in DEMO_MODULES:
                module.load(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo content loaded."))
