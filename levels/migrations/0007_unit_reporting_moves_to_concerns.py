"""The report-receiving columns leave levels.Unit, once concerns.0006 has copied them."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("levels", "0006_staffmember_moves_to_concerns"),
        ("concerns", "0006_staff_and_recipients"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="unit", name="report_recipient_has_inbox"),
        migrations.RemoveField(model_name="unit", name="receives_reports"),
        migrations.RemoveField(model_name="unit", name="reports_inbox"),
        migrations.RemoveField(model_name="unit", name="reports_about_nb"),
        migrations.RemoveField(model_name="unit", name="reports_about_en"),
        migrations.RemoveField(model_name="unit", name="response_days"),
    ]
