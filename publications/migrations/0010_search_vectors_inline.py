from django.db import migrations

from content.migration_steps import search_vectors_inline


class Migration(migrations.Migration):
    dependencies = [
        ("publications", "0009_public_index_columns"),
    ]

    operations = [search_vectors_inline("publications_publication")]
