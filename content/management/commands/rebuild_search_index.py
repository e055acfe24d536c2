from django.core.management.base import BaseCommand

from content import search
from content.signals import publishable_models


class Command(BaseCommand):
    help = "Rebuild the search text and vectors of every content item (after a bulk load)."

    def handle(self, *args, **options):
        for model in publishable_models():
            count = 0
            for item in model._base_manager.iterator(chunk_size=500):
                search.index(item)
                count += 1
            self.stdout.write(f"{model._meta.verbose_name_plural}: {count} indexed")
