from django.conf import settings
from django.db import migrations

NAME = "signatory_signed_not_in_future"


def add_constraint(apps, schema_editor):
    # PostgreSQL only: SQLite refuses a clock (now()) inside a CHECK constraint, and
    # Django's model constraints must work on both. The date is compared in the
    # site's time zone, like Signatory.clean(), so a signing dated today is accepted
    # just after midnight too.
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"ALTER TABLE charter_signatory ADD CONSTRAINT {NAME} CHECK "
        "(signed_on IS NULL OR signed_on <= "
        f"(now() AT TIME ZONE {schema_editor.quote_value(settings.TIME_ZONE)})::date)"
    )


def drop_constraint(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE charter_signatory DROP CONSTRAINT {NAME}")


class Migration(migrations.Migration):
    dependencies = [("charter", "0003_editor_groups")]

    operations = [migrations.RunPython(add_constraint, drop_constraint)]
