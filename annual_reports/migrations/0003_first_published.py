"""When a report was first published: from then on its figures stay as they were taken."""

from django.db import migrations, models
from django.db.models import F


def published_reports_were_published(apps, schema_editor):
    # Their publishing time was not kept; the figures were taken before it, so that is
    # the earliest it can have been.
    AnnualReport = apps.get_model("annual_reports", "AnnualReport")
    AnnualReport.objects.filter(published=True).update(first_published_at=F("figures_taken_at"))


class Migration(migrations.Migration):
    dependencies = [("annual_reports", "0002_draft_for_2026")]

    operations = [
        migrations.AddField(
            model_name="annualreport",
            name="first_published_at",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="først publisert"
            ),
        ),
        migrations.RunPython(published_reports_were_published, migrations.RunPython.noop),
    ]
