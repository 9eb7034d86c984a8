"""Concern reports, their append-only timeline and the notification outbox.

A report is what a person sent through the public form. Its submitted content
never changes; what staff do with it is recorded as events.
"""

from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from concerns.encryption import EncryptedTextField
from concerns.models import deadlines
from concerns.models.deadlines import OPEN_STATUSES, Deadline
from concerns.models.staff import StaffMember
from concerns.receipts import receipt_code_matches
from levels.models import Unit
from priorities.models import PriorityArea


def _reader_membership(user):
    """The staff membership that lets this user read reports, or None."""
    if not user.is_active or not user.is_staff:
        return None
    return StaffMember.for_user(user)


class ReportQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Everything a staff user may see: all for the coordinator, the own unit's for others."""
        membership = _reader_membership(user)
        if membership is None:
            return self.none()
        if membership.is_coordinator:
            return self
        return self.filter(recipient_id=membership.unit_id)

    def open(self):
        # IN, not NOT: the status index serves it (concerns/models/deadlines.py).
        return self.filter(status__in=OPEN_STATUSES)

    def overdue(self, today=None):
        """Reports with a pending deadline (review or feedback) before today."""
        return self.filter(deadlines.overdue(today or timezone.localdate()))

    def due_soon(self, today=None, days=deadlines.DUE_SOON_DAYS):
        """Reports with a pending deadline within `days`, none of them passed."""
        return self.filter(deadlines.due_soon(today or timezone.localdate(), days))

    def waiting_for_sender(self):
        """Open reports where the unit asked and the sender has not answered: the latest
        message on the timeline is the unit's."""
        return self.filter(waiting_for_sender())

    def with_failed_notification(self):
        return self.filter(with_failed_notification())

    def due_for_erasure(self, now=None):
        cutoff = (now or timezone.now()) - timedelta(days=settings.REPORT_RETENTION_DAYS)
        return self.filter(
            status=Report.Status.CLOSED, closed_at__lt=cutoff, erased_at__isnull=True
        )


def waiting_for_sender() -> Q:
    """The unit's message is the latest of the conversation: a MESSAGE event with no
    SENDER_MESSAGE after it, on an open report. From the events, one index probe per open
    report (reportevent.report_id)."""
    answered = ReportEvent.objects.filter(
        report=models.OuterRef("report_id"),
        kind=ReportEvent.Kind.SENDER_MESSAGE,
        at__gt=models.OuterRef("at"),
    )
    asked = ReportEvent.objects.filter(
        ~models.Exists(answered), report=models.OuterRef("pk"), kind=ReportEvent.Kind.MESSAGE
    )
    return Q(status__in=OPEN_STATUSES) & Q(models.Exists(asked))


def with_failed_notification() -> Q:
    """A notification about the report that could not be sent. An uncorrelated IN: the
    failed notifications are read once (the notification_due index leads with status)."""
    failed = Notification.objects.filter(status=Notification.Status.FAILED, report__isnull=False)
    return Q(pk__in=failed.values("report_id"))


class Report(models.Model):
    class Kind(models.TextChoices):
        REPORT = "report", _("Bekymringsmelding")
        DISCUSSION = "discussion", _("Anonym drøfting")

    class ReporterRole(models.TextChoices):
        PROFESSIONAL = "professional", _("Offentlig ansatt eller fagperson")
        PRIVATE = "private", _("Privatperson")
        YOUNG_PERSON = "young_person", _("Den unge selv")

    class Category(models.TextChoices):
        PRIORITY_AREA = "priority_area", _("Et satsingsområde")
        RADICALISATION = "radicalisation", _("Radikalisering eller voldelig ekstremisme")
        OTHER = "other", _("Annet")

    class GuardiansInformed(models.TextChoices):
        YES = "yes", _("Ja")
        NO = "no", _("Nei")
        UNKNOWN = "unknown", _("Vet ikke")

    class Status(models.TextChoices):
        NEW = "new", _("Ny")
        RECEIVED = "received", _("Mottatt")
        IN_PROGRESS = "in_progress", _("Under arbeid")
        CLOSED = "closed", _("Avsluttet")

    class Channel(models.TextChoices):
        # With a context: how a concern came in, apart from the meetings of the bodies.
        WEB = "web", pgettext_lazy("kanal", "Nettskjema")
        PHONE = "phone", pgettext_lazy("kanal", "Telefon")
        LETTER = "letter", pgettext_lazy("kanal", "Brev")
        MEETING = "meeting", pgettext_lazy("kanal", "Møte")

    class Outcome(models.TextChoices):
        FOLLOWED_UP = "followed_up", _("Fulgt opp av enheten")
        REFERRED = "referred", _("Sendt videre til annen instans")
        ADVICE_GIVEN = "advice_given", _("Råd gitt")
        NO_ACTION = "no_action", _("Ingen videre tiltak")

    # Wide enough for the placeholder written before the primary key is known.
    reference = models.CharField(_("referanse"), max_length=48, unique=True, editable=False)
    # Keyed hashes only (concerns/receipts.py): neither the code nor the form's key is kept.
    receipt_code_hash = models.CharField(max_length=64, editable=False)
    submission_key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("mottatt"), default=timezone.now, editable=False)

    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    channel = models.CharField(
        _("mottatt via"), max_length=10, choices=Channel.choices, default=Channel.WEB
    )
    # The language the sender wrote in: the status page and the e-mail to them use it.
    language = models.CharField(
        _("avsenders språk"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )
    reporter_role = models.CharField(_("avsender er"), max_length=20, choices=ReporterRole.choices)
    # The personal fields are encrypted at rest (concerns/encryption.py); the form limits lengths.
    reporter_name = EncryptedTextField(_("avsenders navn"), blank=True)
    reporter_title = EncryptedTextField(_("avsenders stilling"), blank=True)
    reporter_workplace = EncryptedTextField(_("avsenders arbeidssted"), blank=True)
    reporter_phone = EncryptedTextField(_("avsenders telefon"), blank=True)
    reporter_email = EncryptedTextField(_("avsenders e-post"), blank=True)
    # Only with an address: a content-free e-mail when the unit writes a message.
    notify_sender = models.BooleanField(_("avsender vil ha e-post om nye meldinger"), default=False)

    child_age = models.PositiveSmallIntegerField(_("alder"))
    child_name = EncryptedTextField(_("barnets navn"), blank=True)
    child_school = EncryptedTextField(_("skole eller barnehage"), blank=True)
    guardians_informed = models.CharField(
        _("vet foreldrene om meldingen"), max_length=10, choices=GuardiansInformed.choices
    )

    # What the sender picked; the category and priority area are derived from it, for the
    # statistics, and stay when the coordinator later edits the topics.
    topic = models.ForeignKey(
        "concerns.Topic",
        verbose_name=_("tema"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reports",
    )
    category = models.CharField(_("kategori"), max_length=20, choices=Category.choices)
    priority_area = models.ForeignKey(
        PriorityArea,
        verbose_name=_("satsingsområde"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reports",
    )
    description = EncryptedTextField(_("beskrivelse"))

    recipient = models.ForeignKey(
        Unit, verbose_name=_("mottaker"), on_delete=models.PROTECT, related_name="reports"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NEW
    )
    outcome = models.CharField(_("utfall"), max_length=20, choices=Outcome.choices, blank=True)
    # The two deadlines (concerns/models/deadlines.py). A report from before the feedback
    # rule, or one built outside the services, may have no feedback deadline.
    due_date = models.DateField(_("frist for gjennomgang"))
    feedback_due_date = models.DateField(_("frist for svar til avsender"), null=True, blank=True)
    # When the unit first wrote to the sender: the feedback deadline is met.
    answered_at = models.DateTimeField(
        _("første svar til avsender"), null=True, blank=True, editable=False
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("saksbehandler"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_reports",
    )
    # Set when the sender writes, cleared when staff open the report or answer.
    new_from_sender = models.BooleanField(_("ny melding fra avsender"), default=False)
    closed_at = models.DateTimeField(_("avsluttet"), null=True, blank=True, editable=False)
    erased_at = models.DateTimeField(
        _("personopplysninger slettet"), null=True, blank=True, editable=False
    )

    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("bekymringsmelding")
        verbose_name_plural = _("bekymringsmeldinger")
        constraints = [
            models.CheckConstraint(condition=Q(child_age__lte=23), name="report_child_age_0_to_23"),
            models.CheckConstraint(
                condition=~Q(kind="discussion") | Q(child_name=""),
                name="discussion_has_no_child_name",
            ),
            models.CheckConstraint(
                condition=~Q(status="closed") | ~Q(outcome=""),
                name="closed_report_has_outcome",
            ),
            models.CheckConstraint(
                condition=~Q(category="priority_area") | Q(priority_area__isnull=False),
                name="priority_area_category_names_area",
            ),
            # Anonymous senders, who gave no address, are never e-mailed.
            models.CheckConstraint(
                condition=Q(notify_sender=False) | ~Q(reporter_email=""),
                name="notify_sender_has_address",
            ),
        ]
        # Each index names the query it serves; tests/performance/casework.py measures them
        # at 100,000 reports (docs/performance.md).
        indexes = [
            # The report list, every unit (the coordinator): ORDER BY created_at DESC, id DESC
            # LIMIT 50, read from the index's first entries instead of sorting the table.
            models.Index(fields=["-created_at", "-id"], name="report_created"),
            # The report list of one unit (its staff, or the coordinator's unit filter):
            # WHERE recipient_id = … ORDER BY created_at DESC, id DESC LIMIT 50.
            models.Index(
                fields=["recipient", "-created_at", "-id"], name="report_recipient_created"
            ),
            # The review deadline (concerns/models/deadlines.py): status = 'new' AND due_date
            # < today (overdue) or within a week (due soon), on the desk, in the list's
            # deadline filter and for the reminders.
            models.Index(fields=["status", "due_date"], name="report_status_due"),
            # The feedback deadline: status IN (open) AND answered_at IS NULL AND
            # feedback_due_date < today (or within a week). Only the reports still waiting
            # for a first word to the sender are in it.
            models.Index(
                fields=["feedback_due_date"],
                condition=Q(status__in=OPEN_STATUSES, answered_at__isnull=True),
                name="report_feedback_pending",
            ),
            # The desk's one aggregate over the open reports (new, waiting for the sender,
            # due soon, overdue), all units or one (WHERE status IN (open) [AND recipient_id
            # = …]): an index-only scan of the open reports, which holds every column the
            # counts read, instead of a visit to each open report's row.
            models.Index(
                fields=[
                    "recipient",
                    "status",
                    "due_date",
                    "feedback_due_date",
                    "answered_at",
                    "id",
                ],
                condition=Q(status__in=OPEN_STATUSES),
                name="report_open",
            ),
            # The desk's "new message from the sender" count and the list filter on it:
            # WHERE new_from_sender [AND recipient_id = …], a few rows, not a table scan.
            models.Index(
                fields=["recipient"], condition=Q(new_from_sender=True), name="report_from_sender"
            ),
            # The purge (concerns/retention.py): status = 'closed' AND erased_at IS NULL AND
            # closed_at < the cutoff. Erased reports leave the index.
            models.Index(
                fields=["closed_at"],
                condition=Q(status="closed", erased_at__isnull=True),
                name="report_due_for_erasure",
            ),
        ]

    def __str__(self):
        return self.reference

    def is_visible_to(self, user):
        """The same rule as ReportQuerySet.visible_to, for a report already in hand."""
        membership = _reader_membership(user)
        if membership is None:
            return False
        return membership.is_coordinator or self.recipient_id == membership.unit_id

    def pending_deadlines(self) -> list[tuple[Deadline, date]]:
        """The deadlines not met yet, earliest first; the same rules as the querysets."""
        pending = []
        if self.status == self.Status.NEW:
            pending.append((Deadline.REVIEW, self.due_date))
        if (
            self.status in OPEN_STATUSES
            and self.answered_at is None
            and self.feedback_due_date is not None
        ):
            pending.append((Deadline.FEEDBACK, self.feedback_due_date))
        return sorted(pending, key=lambda item: item[1])

    @property
    def next_deadline(self) -> tuple[Deadline, date] | None:
        pending = self.pending_deadlines()
        return pending[0] if pending else None

    @property
    def is_overdue(self) -> bool:
        upcoming = self.next_deadline
        return upcoming is not None and upcoming[1] < timezone.localdate()

    @staticmethod
    def due_date_for(unit, *, start=None):
        """The review deadline for a report the unit gets on `start` (today)."""
        return (start or timezone.localdate()) + timedelta(days=unit.reporting.response_days)

    @staticmethod
    def feedback_due_date_for(unit, *, start=None):
        return (start or timezone.localdate()) + timedelta(days=unit.reporting.feedback_days)

    def receipt_code_matches(self, code: str) -> bool:
        return receipt_code_matches(self.receipt_code_hash, code)


class ReportEvent(models.Model):
    """One line of a report's timeline. Rows are only ever added."""

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", _("Sendt inn")
        NOTIFIED = "notified", _("Varsel sendt")
        NOTIFICATION_FAILED = "notification_failed", _("Varsel feilet")
        VIEWED = "viewed", _("Åpnet")
        EXPORTED = "exported", _("Lastet ned")
        STATUS_CHANGED = "status_changed", _("Status endret")
        ASSIGNED = "assigned", _("Saksbehandler satt")
        NOTE = "note", _("Internt notat")
        MESSAGE = "message", _("Melding til avsender")
        SENDER_MESSAGE = "sender_message", _("Melding fra avsender")
        FORWARDED = "forwarded", _("Videresendt")
        DEADLINE_CHANGED = "deadline_changed", _("Frist endret")
        # Staff of another unit tried to open the report; they were shown "not found".
        REFUSED = "refused", _("Forsøk på å åpne uten tilgang")

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("tidspunkt"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("utført av"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="report_events",
    )
    kind = models.CharField(_("hendelse"), max_length=30, choices=Kind.choices)
    detail = EncryptedTextField(_("detaljer"), blank=True)
    # The status a report was given (submitted, status changed, forwarded): the sender's
    # status history shows it translated, without the internal detail.
    new_status = models.CharField(
        _("ny status"), max_length=20, choices=Report.Status.choices, blank=True
    )
    # A message's key from its form, hashed: a double-posted message is stored once.
    message_key_hash = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("hendelse")
        verbose_name_plural = _("tilgangslogg og hendelser")
        indexes = [
            # The access log (concerns/admin/access_log.py), newest first: ORDER BY at DESC,
            # id DESC LIMIT 100, from the index's first entries.
            models.Index(fields=["-at", "-id"], name="event_at"),
            # The access log filtered by person: WHERE actor_id = … ORDER BY at DESC, id DESC.
            # It also answers the person filter's choices (one probe per user).
            models.Index(fields=["actor", "-at", "-id"], name="event_actor_at"),
            # The conversation of each open report, for the desk's "waiting for the sender"
            # count and list filter (concerns/models/reports.py, waiting_for_sender): a
            # message from the unit with no message from the sender after it, probed per
            # report without reading the rest of its timeline.
            models.Index(
                fields=["report", "kind", "at"],
                condition=Q(kind__in=["message", "sender_message"]),
                name="event_conversation",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "message_key_hash"],
                condition=~Q(message_key_hash=""),
                name="event_message_stored_once",
            ),
        ]

    def __str__(self):
        return f"{self.report_id} {self.kind}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Report events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Report events are append-only.")

    @property
    def is_message(self) -> bool:
        return self.kind in (self.Kind.MESSAGE, self.Kind.SENDER_MESSAGE)


class NotificationQuerySet(models.QuerySet):
    def due(self, now):
        """Pending attempts whose time has come, and claims a dead worker never finished."""
        return self.filter(
            Q(status=Notification.Status.PENDING, next_attempt_at__lte=now)
            | Q(status=Notification.Status.SENDING, next_attempt_at__lte=now)
        )


class Notification(models.Model):
    """The outbox: one content-free e-mail, to a unit's inbox (a new report, a message from
    the sender, a reminder of a deadline), to a sender who asked for one (a message from the
    unit), or the coordinator's daily summary of overdue reports (about no one report).

    A reminder's row is its record: it is written before anything is sent, and its unique
    constraint (report, deadline, deadline date, kind) means no deadline is reminded of
    twice, whatever the worker does. A changed deadline is a new date, so a new reminder.

    A worker claims a row (pending -> sending) in one short UPDATE, sends with no
    transaction open, then records the result. A claim carries a lease in
    next_attempt_at; a worker that dies mid-send leaves a claim the resend
    command picks up once the lease has run out.
    """

    class Kind(models.TextChoices):
        NEW_REPORT = "new_report", _("Ny melding til enheten")
        SENDER_MESSAGE = "sender_message", _("Ny melding fra avsender")
        MESSAGE_TO_SENDER = "message_to_sender", _("Ny melding til avsender")
        DEADLINE_SOON = "deadline_soon", _("Påminnelse: fristen nærmer seg")
        DEADLINE_TODAY = "deadline_today", _("Påminnelse: fristen går ut i dag")
        OVERDUE_SUMMARY = "overdue_summary", _("Daglig oversikt over saker over fristen")

    class Status(models.TextChoices):
        PENDING = "pending", _("Venter")
        SENDING = "sending", _("Sendes")
        SENT = "sent", _("Sendt")
        FAILED = "failed", _("Feilet")

    # None only for the daily summary, which is about no one report.
    report = models.ForeignKey(
        Report,
        verbose_name=_("melding"),
        on_delete=models.CASCADE,
        related_name="notifications",
        null=True,
        blank=True,
    )
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, default=Kind.NEW_REPORT)
    # The unit whose inbox is told, or for a message to the sender, the unit that wrote.
    unit = models.ForeignKey(
        Unit, verbose_name=_("enhet"), on_delete=models.PROTECT, related_name="notifications"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("forsøk"), default=0)
    last_error = models.CharField(_("siste feil"), max_length=300, blank=True)
    next_attempt_at = models.DateTimeField(_("neste forsøk"), default=timezone.now)
    created_at = models.DateTimeField(_("opprettet"), default=timezone.now)
    sent_at = models.DateTimeField(_("sendt"), null=True, blank=True)
    # A reminder: which deadline of the report, and the date it was reminded of. The summary:
    # the day it sums up.
    deadline = models.CharField(
        _("frist"), max_length=10, choices=Deadline.choices, blank=True, editable=False
    )
    deadline_date = models.DateField(_("fristens dato"), null=True, blank=True, editable=False)

    objects = NotificationQuerySet.as_manager()

    REMINDERS = (Kind.DEADLINE_SOON, Kind.DEADLINE_TODAY)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("varsel")
        verbose_name_plural = pgettext_lazy("plural", "varsler")
        indexes = [
            # The resend command: pending or claimed notifications whose time has come.
            models.Index(fields=["status", "next_attempt_at"], name="notification_due"),
        ]
        constraints = [
            # Recorded before it is sent: one reminder of each kind per deadline and date.
            models.UniqueConstraint(
                fields=["report", "deadline", "deadline_date", "kind"],
                condition=Q(kind__in=["deadline_soon", "deadline_today"]),
                name="reminder_once_per_deadline",
            ),
            models.UniqueConstraint(
                fields=["unit", "deadline_date"],
                condition=Q(kind="overdue_summary"),
                name="overdue_summary_once_a_day",
            ),
            models.CheckConstraint(
                condition=Q(kind="overdue_summary", deadline_date__isnull=False)
                | (~Q(kind="overdue_summary") & Q(report__isnull=False)),
                name="notification_has_report_but_summary",
            ),
            models.CheckConstraint(
                condition=~Q(kind__in=["deadline_soon", "deadline_today"])
                | (Q(deadline__in=["review", "feedback"]) & Q(deadline_date__isnull=False)),
                name="reminder_names_its_deadline",
            ),
        ]

    def __str__(self):
        if self.kind == self.Kind.MESSAGE_TO_SENDER:
            return f"{self.report} → {_('avsender')}"
        if self.report_id is None:
            return f"{self.get_kind_display()} → {self.unit}"
        return f"{self.report} → {self.unit}"
