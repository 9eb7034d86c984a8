"""Topics in plain words, and what the conversation between the unit and the sender needs.

- Topic: the words a parent would use on the form, each mapped to a report category and,
  where there is one, a priority area. Seeded here; the coordinator edits them.
- Report: its topic (existing reports get the topic their category and area map to), the
  sender's language, how the concern came in, whether the sender wants an e-mail when the
  unit writes, and the "new message from the sender" mark.
- ReportEvent: the new status on status events (filled in for the old ones from their
  detail), a hashed message key, and messages from the sender.
- Notification: its kind.
- The coordinators get the topics' permissions, and all staff the one to register a
  concern taken by phone, letter or in a meeting (concerns/roles.py says so for new
  accounts; existing accounts get them here).
"""

import django.db.models.deletion
from django.db import migrations, models

# slug, Norwegian, English, priority area (slug) or None, the category without an area,
# duty to report
TOPICS = [
    ("rus", "Rus", "Alcohol or drugs", "rusforebygging", "other", False),
    (
        "vold-eller-overgrep",
        "Vold eller overgrep",
        "Violence or abuse",
        "vold-og-overgrep",
        "other",
        True,
    ),
    (
        "omsorgssvikt",
        "Omsorgssvikt – barnet får ikke god nok omsorg hjemme",
        "Neglect – the child is not cared for well enough at home",
        None,
        "other",
        True,
    ),
    ("mobbing", "Mobbing", "Bullying", None, "other", False),
    (
        "radikalisering",
        "Radikalisering eller ekstremisme",
        "Radicalisation or extremism",
        None,
        "radicalisation",
        False,
    ),
    (
        "kriminalitet",
        "Kriminalitet, for eksempel tyveri, hærverk eller trusler",
        "Crime, such as theft, vandalism or threats",
        None,
        "other",
        False,
    ),
    (
        "trafikk",
        "Farlig kjøring eller trafikk",
        "Dangerous driving or traffic",
        "trafikksikkerhet",
        "other",
        False,
    ),
    (
        "utnyttelse-i-arbeid",
        "Utnyttelse på jobb eller svart arbeid",
        "Exploitation at work or undeclared work",
        "arbeidsmarkedskriminalitet",
        "other",
        False,
    ),
    ("annet", "Annet", "Something else", None, "other", False),
]

# The Norwegian status labels that status events' detail ends with ("Ny → Mottatt").
STATUS_LABELS = {
    "Ny": "new",
    "Mottatt": "received",
    "Under arbeid": "in_progress",
    "Avsluttet": "closed",
}


def seed_topics(apps, schema_editor):
    Topic = apps.get_model("concerns", "Topic")
    PriorityArea = apps.get_model("priorities", "PriorityArea")
    areas = {area.slug: area for area in PriorityArea.objects.all()}
    for position, (slug, label_nb, label_en, area_slug, category, duty) in enumerate(TOPICS):
        # An area renamed or removed in this deployment: the topic counts by category.
        area = areas.get(area_slug) if area_slug else None
        Topic.objects.get_or_create(
            slug=slug,
            defaults={
                "label_nb": label_nb,
                "label_en": label_en,
                "priority_area": area,
                "category": category,
                "duty_to_report": duty,
                "position": (position + 1) * 10,
            },
        )


def backfill_reports(apps, schema_editor):
    """Each existing report gets the topic its category and area map to."""
    Topic = apps.get_model("concerns", "Topic")
    Report = apps.get_model("concerns", "Report")
    by_area = {}
    for topic in Topic.objects.filter(priority_area__isnull=False).order_by("position", "pk"):
        by_area.setdefault(topic.priority_area_id, topic)
    other = Topic.objects.filter(slug="annet").first()
    radicalisation = Topic.objects.filter(slug="radikalisering").first()
    for area_id, topic in by_area.items():
        Report.objects.filter(topic__isnull=True, priority_area_id=area_id).update(topic=topic)
    if radicalisation:
        Report.objects.filter(topic__isnull=True, category="radicalisation").update(
            topic=radicalisation
        )
    if other:
        Report.objects.filter(topic__isnull=True).update(topic=other)


def backfill_statuses(apps, schema_editor):
    """Status events stored before the new status was a column: read it from the detail."""
    ReportEvent = apps.get_model("concerns", "ReportEvent")
    for event in ReportEvent.objects.filter(kind="status_changed", new_status=""):
        after = event.detail.rpartition("→")[2].split("(")[0].strip()
        if after in STATUS_LABELS:
            ReportEvent.objects.filter(pk=event.pk).update(new_status=STATUS_LABELS[after])
    ReportEvent.objects.filter(kind__in=["submitted", "forwarded"], new_status="").update(
        new_status="new"
    )


def grant_permissions(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    StaffMember = apps.get_model("concerns", "StaffMember")

    def permission(model, codename, name):
        content_type, _ = ContentType.objects.get_or_create(app_label="concerns", model=model)
        found, _ = Permission.objects.get_or_create(
            content_type=content_type, codename=codename, defaults={"name": name}
        )
        return found

    add_report = permission("report", "add_report", "Can add bekymringsmelding")
    topics = [
        permission("topic", f"{action}_topic", f"Can {action} tema i bekymringsskjemaet")
        for action in ("add", "change", "view")
    ]
    for member in StaffMember.objects.select_related("user"):
        member.user.user_permissions.add(add_report)
        if member.is_coordinator:
            member.user.user_permissions.add(*topics)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("concerns", "0009_submission_key_hash"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("priorities", "0002_initial_content"),
    ]

    operations = [
        migrations.CreateModel(
            name="Topic",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "position",
                    models.PositiveIntegerField(
                        default=0, help_text="Lavere tall vises først.", verbose_name="rekkefølge"
                    ),
                ),
                (
                    "published",
                    models.BooleanField(
                        default=True,
                        help_text="Upubliserte elementer vises ikke for publikum.",
                        verbose_name="publisert",
                    ),
                ),
                (
                    "slug",
                    models.SlugField(
                        help_text="Fast kode for temaet i skjemaet. Kan ikke endres etterpå.",
                        unique=True,
                        verbose_name="kode",
                    ),
                ),
                ("label_nb", models.CharField(max_length=120, verbose_name="tema (norsk)")),
                (
                    "label_en",
                    models.CharField(
                        blank=True,
                        help_text="La stå tom for å vise den norske teksten på de engelske sidene.",
                        max_length=120,
                        verbose_name="tema (engelsk)",
                    ),
                ),
                (
                    "duty_to_report",
                    models.BooleanField(
                        default=False,
                        help_text="For vold, overgrep og alvorlig omsorgssvikt: skjemaet minner offentlig ansatte som sender til SLT-koordinatoren om at meldeplikten til barnevernet er personlig.",
                        verbose_name="gjelder meldeplikten",
                    ),
                ),
                (
                    "priority_area",
                    models.ForeignKey(
                        blank=True,
                        help_text="Politirådets satsingsområde som temaet telles under i statistikken.",
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="topics",
                        to="priorities.priorityarea",
                        verbose_name="satsingsområde",
                    ),
                ),
                (
                    "category",
                    models.CharField(
                        choices=[
                            ("radicalisation", "Radikalisering eller voldelig ekstremisme"),
                            ("other", "Annet"),
                        ],
                        default="other",
                        help_text="Kategorien i statistikken når temaet ikke hører til et satsingsområde.",
                        max_length=20,
                        verbose_name="kategori uten satsingsområde",
                    ),
                ),
            ],
            options={
                "verbose_name": "tema i bekymringsskjemaet",
                "verbose_name_plural": "temaer i bekymringsskjemaet",
                "ordering": ["position", "pk"],
                "abstract": False,
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("category__in", ["radicalisation", "other"])),
                        name="topic_category_without_area",
                    )
                ],
            },
        ),
        migrations.AddField(
            model_name="notification",
            name="kind",
            field=models.CharField(
                choices=[
                    ("new_report", "Ny melding til enheten"),
                    ("sender_message", "Ny melding fra avsender"),
                    ("message_to_sender", "Ny melding til avsender"),
                ],
                default="new_report",
                max_length=20,
                verbose_name="type",
            ),
        ),
        migrations.AddField(
            model_name="report",
            name="channel",
            field=models.CharField(
                choices=[
                    ("web", "Nettskjema"),
                    ("phone", "Telefon"),
                    ("letter", "Brev"),
                    ("meeting", "Møte"),
                ],
                default="web",
                max_length=10,
                verbose_name="mottatt via",
            ),
        ),
        migrations.AddField(
            model_name="report",
            name="language",
            field=models.CharField(
                choices=[("nb", "Norsk bokmål"), ("en", "English")],
                default="nb",
                max_length=8,
                verbose_name="avsenders språk",
            ),
        ),
        migrations.AddField(
            model_name="report",
            name="new_from_sender",
            field=models.BooleanField(default=False, verbose_name="ny melding fra avsender"),
        ),
        migrations.AddField(
            model_name="report",
            name="notify_sender",
            field=models.BooleanField(
                default=False, verbose_name="avsender vil ha e-post om nye meldinger"
            ),
        ),
        migrations.AddField(
            model_name="report",
            name="topic",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="reports",
                to="concerns.topic",
                verbose_name="tema",
            ),
        ),
        migrations.AddConstraint(
            model_name="report",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("notify_sender", False),
                    models.Q(("reporter_email", ""), _negated=True),
                    _connector="OR",
                ),
                name="notify_sender_has_address",
            ),
        ),
        migrations.AddField(
            model_name="reportevent",
            name="message_key_hash",
            field=models.CharField(blank=True, editable=False, max_length=64),
        ),
        migrations.AddField(
            model_name="reportevent",
            name="new_status",
            field=models.CharField(
                blank=True,
                choices=[
                    ("new", "Ny"),
                    ("received", "Mottatt"),
                    ("in_progress", "Under arbeid"),
                    ("closed", "Avsluttet"),
                ],
                max_length=20,
                verbose_name="ny status",
            ),
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
                    ("refused", "Forsøk på å åpne uten tilgang"),
                ],
                max_length=30,
                verbose_name="hendelse",
            ),
        ),
        migrations.AddConstraint(
            model_name="reportevent",
            constraint=models.UniqueConstraint(
                condition=models.Q(("message_key_hash", ""), _negated=True),
                fields=("report", "message_key_hash"),
                name="event_message_stored_once",
            ),
        ),
        # Backwards, the columns go and the data with them: nothing to undo first.
        migrations.RunPython(seed_topics, migrations.RunPython.noop),
        migrations.RunPython(backfill_reports, migrations.RunPython.noop),
        migrations.RunPython(backfill_statuses, migrations.RunPython.noop),
        migrations.RunPython(grant_permissions, migrations.RunPython.noop),
    ]
