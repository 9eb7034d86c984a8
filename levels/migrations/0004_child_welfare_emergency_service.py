"""The child-welfare emergency service (barnevernvakt) as a contact.

Its number for Kvæfjord was not found in public sources, so the unit is created
unpublished: the coordinator fills in the number, publishes it, and adds the
number to the emergency numbers shown before the concern form.
"""

from django.db import migrations


def add(apps, schema_editor):
    Unit = apps.get_model("levels", "Unit")
    Unit.objects.get_or_create(
        slug="barnevernvakt",
        defaults={
            "kind": "child_welfare",
            "municipal": True,
            "published": False,
            "position": 45,
            "name_nb": "Barnevernvakt",
            "name_en": "Child welfare emergency service",
            "when_to_contact_nb": (
                "Barnevernvakten hjelper barn og familier i akutte situasjoner utenom kontortid, når "
                "barnevernstjenesten er stengt. Er noen i fare, ring 112."
            ),
            "when_to_contact_en": (
                "The child welfare emergency service helps children and families in acute situations "
                "outside office hours, when the child welfare service is closed. If anyone is in danger, "
                "call 112."
            ),
        },
    )


def remove(apps, schema_editor):
    apps.get_model("levels", "Unit").objects.filter(slug="barnevernvakt").delete()


class Migration(migrations.Migration):
    dependencies = [("levels", "0003_staffmember")]

    operations = [migrations.RunPython(add, remove)]
