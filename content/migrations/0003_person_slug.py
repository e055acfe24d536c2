from django.db import migrations, models
from django.utils.text import slugify


def fill_slugs(apps, schema_editor):
    Person = apps.get_model("content", "Person")
    taken = set()
    for person in Person.objects.order_by("pk"):
        base = slugify(person.name, allow_unicode=True)[:190] or "person"
        slug, suffix = base, 2
        while slug in taken:
            slug, suffix = f"{base}-{suffix}", suffix + 1
        taken.add(slug)
        person.slug = slug
        person.save(update_fields=["slug"])


class Migration(migrations.Migration):
    dependencies = [("content", "0002_alter_article_lead_image_alter_person_photo")]

    operations = [
        migrations.AddField(
            model_name="person",
            name="slug",
            # No index yet: PostgreSQL would otherwise make the "_like" index twice
            # (here and when the field becomes unique below).
            field=models.SlugField(
                allow_unicode=True,
                blank=True,
                db_index=False,
                default="",
                max_length=200,
                verbose_name="slug",
            ),
            preserve_default=False,
        ),
        migrations.RunPython(fill_slugs, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="person",
            name="slug",
            field=models.SlugField(
                allow_unicode=True, blank=True, max_length=200, unique=True, verbose_name="slug"
            ),
        ),
    ]
