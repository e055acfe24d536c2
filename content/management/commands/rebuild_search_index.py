from django.core.management.base import BaseCommand

from content import search
from content.signals import publishable_models


class Command(BaseCommand):
    help = "Rebuild the search text and vectors of every content item (after a bulk load)."

    def handle(self, *args, **options):
        for model in publishable_models():
            count = search.index_many(model._base_manager.all())
            self.stdout.write(f"{model._meta.verbose_name_plural}: {count} indexed")
