"""Staff membership belongs to the confidential side and moves to `concerns`.

Only the migration state changes here; concerns.0006 takes the table over.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("levels", "0005_unit_reports_about"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="StaffMember")],
        ),
    ]
