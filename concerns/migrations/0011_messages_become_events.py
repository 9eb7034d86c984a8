"""The single "message to the sender" column gives way to the thread of message events.

Every value set through the case work is already the detail of a MESSAGE event (the
service wrote one each time it changed); a value that is not (set some other way) is
added as one, dated at the report's last event so that it keeps its place in the thread.
The column is dropped only once every value is the latest message of its report's
timeline; if one is not, the migration stops and nothing is dropped.

Backwards, the column comes back holding each report's latest message to the sender.
"""

from django.db import migrations
from django.db.models import Max


def messages_to_events(apps, schema_editor):
    Report = apps.get_model("concerns", "Report")
    ReportEvent = apps.get_model("concerns", "ReportEvent")
    for report in Report.objects.exclude(message_to_sender="").iterator():
        latest = (
            ReportEvent.objects.filter(report=report, kind="message").order_by("-at", "-pk").first()
        )
        if latest is not None and latest.detail == report.message_to_sender:
            continue
        last_at = ReportEvent.objects.filter(report=report).aggregate(at=Max("at"))["at"]
        ReportEvent.objects.create(
            report=report,
            kind="message",
            detail=report.message_to_sender,
            at=last_at or report.created_at,
        )
    missing = [
        report.reference
        for report in Report.objects.exclude(message_to_sender="").iterator()
        if getattr(
            ReportEvent.objects.filter(report=report, kind="message")
            .order_by("-at", "-pk")
            .first(),
            "detail",
            None,
        )
        != report.message_to_sender
    ]
    if missing:
        raise RuntimeError(
            "Not every message to a sender is on its report's timeline; the column is kept. "
            f"Reports: {', '.join(missing)}"
        )


def events_to_messages(apps, schema_editor):
    Report = apps.get_model("concerns", "Report")
    ReportEvent = apps.get_model("concerns", "ReportEvent")
    for report in Report.objects.all().iterator():
        latest = (
            ReportEvent.objects.filter(report=report, kind="message").order_by("-at", "-pk").first()
        )
        if latest is not None and latest.detail:
            Report.objects.filter(pk=report.pk).update(message_to_sender=latest.detail)


class Migration(migrations.Migration):
    dependencies = [
        ("concerns", "0010_topics_and_dialogue"),
    ]

    operations = [
        migrations.RunPython(messages_to_events, events_to_messages),
        migrations.RemoveField(model_name="report", name="message_to_sender"),
    ]
