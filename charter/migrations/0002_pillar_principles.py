from django.db import migrations

EQUAL = "equal-opportunities"
WORK = "working-conditions"
SOCIAL = "social-protection"

# The 20 principles of the European Pillar of Social Rights (2017).
PRINCIPLES = [
    (1, "Education, training and life-long learning", EQUAL),
    (2, "Gender equality", EQUAL),
    (3, "Equal opportunities", EQUAL),
    (4, "Active support to employment", EQUAL),
    (5, "Secure and adaptable employment", WORK),
    (6, "Wages", WORK),
    (7, "Information about employment conditions and protection in case of dismissals", WORK),
    (8, "Social dialogue and involvement of workers", WORK),
    (9, "Work-life balance", WORK),
    (10, "Healthy, safe and well-adapted work environment and data protection", WORK),
    (11, "Childcare and support to children", SOCIAL),
    (12, "Social protection", SOCIAL),
    (13, "Unemployment benefits", SOCIAL),
    (14, "Minimum income", SOCIAL),
    (15, "Old age income and pensions", SOCIAL),
    (16, "Health care", SOCIAL),
    (17, "Inclusion of people with disabilities", SOCIAL),
    (18, "Long-term care", SOCIAL),
    (19, "Housing and assistance for the homeless", SOCIAL),
    (20, "Access to essential services", SOCIAL),
]


def load(apps, schema_editor):
    PillarPrinciple = apps.get_model("charter", "PillarPrinciple")
    db = schema_editor.connection.alias
    for number, title, chapter in PRINCIPLES:
        PillarPrinciple.objects.using(db).update_or_create(
            number=number, defaults={"title": title, "chapter": chapter}
        )


class Migration(migrations.Migration):
    dependencies = [("charter", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
