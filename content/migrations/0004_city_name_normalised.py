"""One city once: names stored normalised, unique per country on a comparison key.

Existing names are normalised (Unicode NFKC, no invisible characters, single
spaces). Cities that turn out to be the same city are merged into the oldest
row: everything pointing at a duplicate is moved to it first. If moving a row
would break another rule (both were members of the same working group, say),
the migration stops and names the cities, changing nothing.
"""

from django.db import IntegrityError, migrations, models, transaction

from content.names import name_key, normalise_name


def references_to(connection, table):
    """(table, column) of every foreign key in the database pointing at `table`.

    Read from the database itself: other apps' tables (events, charter) may point
    at cities, and this migration cannot depend on their migrations.
    """
    found = []
    with connection.cursor() as cursor:
        for other in connection.introspection.table_names(cursor):
            relations = connection.introspection.get_relations(cursor, other)
            # Values are (target column, target table[, on delete]) by Django version.
            for column, target in relations.items():
                if target[1] == table:
                    found.append((other, column))
    return found


def normalise_and_merge(apps, schema_editor):
    City = apps.get_model("content", "City")
    connection = schema_editor.connection
    quote = connection.ops.quote_name
    groups = {}
    for city in City.objects.order_by("pk"):
        groups.setdefault((name_key(city.name), city.country), []).append(city)
    references = None
    for (_key, country), cities in groups.items():
        kept, duplicates = cities[0], cities[1:]
        if duplicates and references is None:
            references = references_to(connection, City._meta.db_table)
        for duplicate in duplicates:
            for table, column in references:
                try:
                    with transaction.atomic(), connection.cursor() as cursor:
                        cursor.execute(
                            f"UPDATE {quote(table)} SET {quote(column)} = %s "
                            f"WHERE {quote(column)} = %s",
                            [kept.pk, duplicate.pk],
                        )
                except IntegrityError as error:
                    raise RuntimeError(
                        f"Cities {kept.name!r} (id {kept.pk}) and {duplicate.name!r} "
                        f"(id {duplicate.pk}) in {country} are the same city, but the "
                        f"rows of {table} pointing at them cannot be merged automatically "
                        f"({error}). Merge them by hand, then migrate again."
                    ) from error
            duplicate.delete()
        kept.name = normalise_name(kept.name)
        kept.name_key = name_key(kept.name)
        kept.save(update_fields=["name", "name_key"])
    if references and connection.vendor == "postgresql":
        # Check the moved foreign keys now: PostgreSQL refuses to add the constraint
        # below while deferred checks of this transaction are pending.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


class Migration(migrations.Migration):
    dependencies = [
        ("content", "0003_call_without_deadline_closed_flag"),
    ]

    operations = [
        migrations.AddField(
            model_name="city",
            name="name_key",
            field=models.CharField(
                default="", editable=False, max_length=200, verbose_name="name for comparison"
            ),
            preserve_default=False,
        ),
        migrations.RemoveConstraint(model_name="city", name="city_unique_per_country"),
        migrations.RunPython(normalise_and_merge, migrations.RunPython.noop, elidable=False),
        migrations.AddConstraint(
            model_name="city",
            constraint=models.UniqueConstraint(
                fields=("name_key", "country"),
                name="city_name_unique_per_country",
                violation_error_message="This city already exists in that country.",
            ),
        ),
    ]
