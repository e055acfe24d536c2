import django.utils.timezone
from django.db import migrations, models
from django.utils.text import slugify


def fill_slugs(apps, schema_editor):
    for name, make in [
        ("Signatory", lambda row: row.city.slug),
        ("Pledge", lambda row: f"{row.city.slug}-{row.pledged_on:%Y}"),
    ]:
        model = apps.get_model("charter", name)
        taken = set()
        for row in model.objects.select_related("city").order_by("pk"):
            base = slugify(make(row), allow_unicode=True)[:200] or "item"
            slug, suffix = base, 2
            while slug in taken:
                slug, suffix = f"{base}-{suffix}", suffix + 1
            taken.add(slug)
            row.slug = slug
            row.save(update_fields=["slug"])


def slug_field(**extra):
    return models.SlugField(
        allow_unicode=True, editable=False, max_length=220, verbose_name="slug", **extra
    )


class Migration(migrations.Migration):
    dependencies = [
        ("charter", "0005_signatory_signing_event"),
        ("content", "0003_person_slug"),
    ]

    operations = [
        # No index yet: PostgreSQL would otherwise make the "_like" index twice.
        migrations.AddField(
            "signatory", "slug", slug_field(default="", db_index=False), preserve_default=False
        ),
        migrations.AddField(
            "pledge", "slug", slug_field(default="", db_index=False), preserve_default=False
        ),
        migrations.RunPython(fill_slugs, migrations.RunPython.noop),
        migrations.AlterField("signatory", "slug", slug_field(unique=True)),
        migrations.AlterField("pledge", "slug", slug_field(unique=True)),
        migrations.AddField(
            "pledge",
            "updated_at",
            models.DateTimeField(
                auto_now=True, default=django.utils.timezone.now, verbose_name="last changed"
            ),
            preserve_default=False,
        ),
    ]
