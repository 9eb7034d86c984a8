"""Deadlines that remind: each unit's rules, a report's second deadline, reminders in the outbox.

A unit's existing `response_days` stays as it was: it is the review deadline. The new
feedback deadline and the reminder's lead are seeded by the kind of unit (the law's
values for child welfare, the same as good practice for the others; see
concerns/models/deadlines.py, copied here so that this migration never changes with it).
Each report gets its feedback deadline, counted from the day it came in, and the time of
its first message to the sender, which meets that deadline.

Backwards, the new columns go; nothing that was there before is changed.
"""

from datetime import timedelta

import django.core.validators
import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery
from django.utils import timezone

# kind of unit -> (feedback_days, reminder_days_before); the review days are kept.
RULES = {
    "child_welfare": (21, 2),
    "coordinator": (21, 2),
    "school": (21, 2),
    "health_station": (21, 2),
    "police": (21, 2),
    "other": (21, 2),
}
BATCH = 1000


def seed_rules(apps, schema_editor):
    UnitReporting = apps.get_model("concerns", "UnitReporting")
    for reporting in UnitReporting.objects.select_related("unit"):
        feedback_days, reminder_days = RULES.get(reporting.unit.kind, (21, 2))
        reporting.feedback_days = feedback_days
        reporting.reminder_days_before = reminder_days
        reporting.save(update_fields=["feedback_days", "reminder_days_before"])


def backfill_reports(apps, schema_editor):
    Report = apps.get_model("concerns", "Report")
    ReportEvent = apps.get_model("concerns", "ReportEvent")
    UnitReporting = apps.get_model("concerns", "UnitReporting")
    first_message = (
        ReportEvent.objects.filter(report=OuterRef("pk"), kind="message")
        .order_by("at", "pk")
        .values("at")[:1]
    )
    Report.objects.update(answered_at=Subquery(first_message))
    days = dict(UnitReporting.objects.values_list("unit_id", "feedback_days"))
    changed = []
    rows = Report.objects.only("pk", "created_at", "recipient_id").order_by("pk")
    for report in rows.iterator(chunk_size=BATCH):
        received = timezone.localtime(report.created_at).date()
        report.feedback_due_date = received + timedelta(days=days.get(report.recipient_id, 21))
        changed.append(report)
        if len(changed) >= BATCH:
            Report.objects.bulk_update(changed, ["feedback_due_date"])
            changed = []
    if changed:
        Report.objects.bulk_update(changed, ["feedback_due_date"])


class Migration(migrations.Migration):
    dependencies = [
        ("concerns", "0011_messages_become_events"),
    ]

    operations = [
        migrations.AddField(
            model_name="notification",
            name="deadline",
            field=models.CharField(
                blank=True,
                choices=[
                    ("review", "frist for gjennomgang"),
                    ("feedback", "frist for svar til avsender"),
                ],
                editable=False,
                max_length=10,
                verbose_name="frist",
            ),
        ),
        migrations.AddField(
            model_name="notification",
            name="deadline_date",
            field=models.DateField(
                blank=True, editable=False, null=True, verbose_name="fristens dato"
            ),
        ),
        migrations.AddField(
            model_name="report",
            name="answered_at",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="første svar til avsender"
            ),
        ),
        migrations.AddField(
            model_name="report",
            name="feedback_due_date",
            field=models.DateField(
                blank=True, null=True, verbose_name="frist for svar til avsender"
            ),
        ),
        migrations.AddField(
            model_name="unitreporting",
            name="feedback_days",
            field=models.PositiveSmallIntegerField(
                default=21,
                help_text="Hvor mange dager avsenderen høyst skal vente på en melding fra enheten. Barnevernet: høyst 21 dager (tre uker).",
                validators=[
                    django.core.validators.MinValueValidator(1),
                    django.core.validators.MaxValueValidator(90),
                ],
                verbose_name="frist for svar til avsender (dager)",
            ),
        ),
        migrations.AddField(
            model_name="unitreporting",
            name="reminder_days_before",
            field=models.PositiveSmallIntegerField(
                default=2,
                help_text="Innboksen får en påminnelse uten innhold så mange dager før en frist, og en på dagen fristen går ut. 0 gir bare påminnelsen på dagen.",
                validators=[django.core.validators.MaxValueValidator(14)],
                verbose_name="påminnelse dager før fristen",
            ),
        ),
        migrations.AlterField(
            model_name="notification",
            name="kind",
            field=models.CharField(
                choices=[
                    ("new_report", "Ny melding til enheten"),
                    ("sender_message", "Ny melding fra avsender"),
                    ("message_to_sender", "Ny melding til avsender"),
                    ("deadline_soon", "Påminnelse: fristen nærmer seg"),
                    ("deadline_today", "Påminnelse: fristen går ut i dag"),
                    ("overdue_summary", "Daglig oversikt over saker over fristen"),
                ],
                default="new_report",
                max_length=20,
                verbose_name="type",
            ),
        ),
        migrations.AlterField(
            model_name="notification",
            name="report",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="notifications",
                to="concerns.report",
                verbose_name="melding",
            ),
        ),
        migrations.AlterField(
            model_name="report",
            name="due_date",
            field=models.DateField(verbose_name="frist for gjennomgang"),
        ),
        migrations.AlterField(
            model_name="reportevent",
            name="kind",
            field=models.CharField(
                choices=[
                    ("submitted", "Sendt inn"),
                    ("notified", "Varsel sendt"),
                    ("notification_failed", "Varsel feilet"),
                    ("viewed", "Åpnet"),
                    ("exported", "Lastet ned"),
                    ("status_changed", "Status endret"),
                    ("assigned", "Saksbehandler satt"),
                    ("note", "Internt notat"),
                    ("message", "Melding til avsender"),
                    ("sender_message", "Melding fra avsender"),
                    ("forwarded", "Videresendt"),
                    ("deadline_changed", "Frist endret"),
                    ("refused", "Forsøk på å åpne uten tilgang"),
                ],
                max_length=30,
                verbose_name="hendelse",
            ),
        ),
        migrations.AlterField(
            model_name="unitreporting",
            name="response_days",
            field=models.PositiveSmallIntegerField(
                default=7,
                help_text="Hvor mange dager enheten har på å gå gjennom en ny melding. Barnevernet: høyst 7 dager (barnevernsloven § 2-1).",
                validators=[
                    django.core.validators.MinValueValidator(1),
                    django.core.validators.MaxValueValidator(90),
                ],
                verbose_name="frist for gjennomgang (dager)",
            ),
        ),
        migrations.AddConstraint(
            model_name="notification",
            constraint=models.UniqueConstraint(
                condition=models.Q(("kind__in", ["deadline_soon", "deadline_today"])),
                fields=("report", "deadline", "deadline_date", "kind"),
                name="reminder_once_per_deadline",
            ),
        ),
        migrations.AddConstraint(
            model_name="notification",
            constraint=models.UniqueConstraint(
                condition=models.Q(("kind", "overdue_summary")),
                fields=("unit", "deadline_date"),
                name="overdue_summary_once_a_day",
            ),
        ),
        migrations.AddConstraint(
            model_name="notification",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("deadline_date__isnull", False), ("kind", "overdue_summary")),
                    models.Q(
                        models.Q(("kind", "overdue_summary"), _negated=True),
                        ("report__isnull", False),
                    ),
                    _connector="OR",
                ),
                name="notification_has_report_but_summary",
            ),
        ),
        migrations.AddConstraint(
            model_name="notification",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("kind__in", ["deadline_soon", "deadline_today"]), _negated=True),
                    models.Q(
                        ("deadline__in", ["review", "feedback"]), ("deadline_date__isnull", False)
                    ),
                    _connector="OR",
                ),
                name="reminder_names_its_deadline",
            ),
        ),
        migrations.RunPython(seed_rules, migrations.RunPython.noop),
        migrations.RunPython(backfill_reports, migrations.RunPython.noop),
    ]
