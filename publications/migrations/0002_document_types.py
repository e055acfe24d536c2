from django.db import migrations

# slug, name, plural name
DOCUMENT_TYPES = [
    ("report", "Report", "Reports"),
    ("policy-brief", "Policy brief", "Policy briefs"),
    ("statement", "Statement", "Statements"),
    ("toolkit", "Toolkit", "Toolkits"),
    ("open-letter", "Open letter", "Open letters"),
    ("research", "Research", "Research"),
    ("policy-publication", "Policy publication", "Policy publications"),
]


def add_document_types(apps, schema_editor):
    DocumentType = apps.get_model("publications", "DocumentType")
    for order, (slug, name, plural_name) in enumerate(DOCUMENT_TYPES, start=1):
        DocumentType.objects.get_or_create(
            slug=slug, defaults={"name": name, "plural_name": plural_name, "order": order * 10}
        )


class Migration(migrations.Migration):
    dependencies = [("publications", "0001_initial")]

    operations = [migrations.RunPython(add_document_types, migrations.RunPython.noop)]
