from django.db import migrations


def create_groups(apps, schema_editor):
    from charter.roles import sync_roles

    sync_roles(apps, using=schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [
        ("charter", "0002_pillar_principles"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        # Not "__latest__": a database migrated before a new content migration
        # existed would then count as inconsistent. Later models get their grants
        # from the post_migrate handler (charter/apps.py).
        ("content", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
