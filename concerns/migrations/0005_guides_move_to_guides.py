"""The action guides are public content and move to the `guides` app.

Only the migration state changes here; guides.0001 takes the tables over.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("concerns", "0004_report_export_event"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="WarningSignGroup"),
                migrations.DeleteModel(name="GuideStep"),
                migrations.DeleteModel(name="Guide"),
            ],
        ),
    ]
