from django.db import migrations

from content.migration_steps import search_vectors_inline


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0007_public_index_columns"),
    ]

    operations = [search_vectors_inline("events_event")]
