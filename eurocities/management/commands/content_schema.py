import json

from django.core.management.base import BaseCommand

from content.interchange.engine import SCHEMA_PATH, build_schema


class Command(BaseCommand):
    help = "Write the JSON Schema of the content exchange format to docs/content-schema.json."

    def handle(self, *args, **options):
        SCHEMA_PATH.write_text(
            json.dumps(build_schema(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        self.stdout.write(f"Wrote {SCHEMA_PATH}.")
