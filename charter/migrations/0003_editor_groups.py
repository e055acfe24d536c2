from django.db import migrations


def create_groups(apps, schema_editor):
    from charter.roles import sync_roles

    sync_roles(apps, using=schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [
        ("charter", "0002_pillar_principles"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        # Pinned: "__latest__" would make every later content migration a dependency
        # of this applied one, which existing databases refuse as inconsistent.
        ("content", "0002_alter_article_lead_image_alter_person_photo"),
    ]

    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
