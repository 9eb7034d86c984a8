"""The indexes the case work needs at 100,000 reports (issue 12, docs/performance.md).

Each serves one query, named in Report.Meta and ReportEvent.Meta: the report list newest
first (all units, one unit), the two deadlines, the desk's counts over the open reports and
of the new messages from senders, the conversation probe behind "waiting for the sender",
the purge, and the access log newest first (all, one person). The two indexes replaced
get the primary key as their last column, so that the lists' order (…, id DESC) is read
from them as it is. Only indexes: nothing stored changes, and backwards they go again.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("concerns", "0012_deadlines_and_reminders"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="report",
            name="report_recipient_created",
        ),
        migrations.RemoveIndex(
            model_name="reportevent",
            name="event_actor_at",
        ),
        migrations.AddIndex(
            model_name="report",
            index=models.Index(fields=["-created_at", "-id"], name="report_created"),
        ),
        migrations.AddIndex(
            model_name="report",
            index=models.Index(
                fields=["recipient", "-created_at", "-id"], name="report_recipient_created"
            ),
        ),
        migrations.AddIndex(
            model_name="report",
            index=models.Index(
                condition=models.Q(
                    ("answered_at__isnull", True),
                    ("status__in", ("new", "received", "in_progress")),
                ),
                fields=["feedback_due_date"],
                name="report_feedback_pending",
            ),
        ),
        migrations.AddIndex(
            model_name="report",
            index=models.Index(
                condition=models.Q(("status__in", ("new", "received", "in_progress"))),
                fields=[
                    "recipient",
                    "status",
                    "due_date",
                    "feedback_due_date",
                    "answered_at",
                    "id",
                ],
                name="report_open",
            ),
        ),
        migrations.AddIndex(
            model_name="report",
            index=models.Index(
                condition=models.Q(("new_from_sender", True)),
                fields=["recipient"],
                name="report_from_sender",
            ),
        ),
        migrations.AddIndex(
            model_name="report",
            index=models.Index(
                condition=models.Q(("erased_at__isnull", True), ("status", "closed")),
                fields=["closed_at"],
                name="report_due_for_erasure",
            ),
        ),
        migrations.AddIndex(
            model_name="reportevent",
            index=models.Index(fields=["-at", "-id"], name="event_at"),
        ),
        migrations.AddIndex(
            model_name="reportevent",
            index=models.Index(fields=["actor", "-at", "-id"], name="event_actor_at"),
        ),
        migrations.AddIndex(
            model_name="reportevent",
            index=models.Index(
                condition=models.Q(("kind__in", ["message", "sender_message"])),
                fields=["report", "kind", "at"],
                name="event_conversation",
            ),
        ),
    ]
