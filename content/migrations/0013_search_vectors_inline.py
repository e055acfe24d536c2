from django.db import migrations

from content.migration_steps import search_vectors_inline


class Migration(migrations.Migration):
    dependencies = [
        ("content", "0012_public_index_columns"),
    ]

    operations = [search_vectors_inline("content_article")]
