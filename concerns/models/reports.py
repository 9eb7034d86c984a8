"""Concern reports, their append-only timeline and the notification outbox.

A report is what a person sent through the public form. Its submitted content
never changes; what staff do with it is recorded as events.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from concerns.encryption import EncryptedTextField
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
        return self.exclude(status=Report.Status.CLOSED)

    def overdue(self, today=None):
        return self.open().filter(due_date__lt=today or timezone.localdate())

    def due_for_erasure(self, now=None):
        cutoff = (now or timezone.now()) - timedelta(days=settings.REPORT_RETENTION_DAYS)
        return self.filter(
            status=Report.Status.CLOSED, closed_at__lt=cutoff, erased_at__isnull=True
        )


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
        WEB = "web", _("Nettskjema")
        PHONE = "phone", _("Telefon")
        LETTER = "letter", _("Brev")
        MEETING = "meeting", _("Møte")

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
    due_date = models.DateField(_("frist"))
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
        indexes = [
            # The case list: a unit's reports, newest first.
            models.Index(fields=["recipient", "-created_at"], name="report_recipient_created"),
            # The "overdue" filter: open reports by due date.
            models.Index(fields=["status", "due_date"], name="report_status_due"),
        ]

    def __str__(self):
        return self.reference

    def is_visible_to(self, user):
        """The same rule as ReportQuerySet.visible_to, for a report already in hand."""
        membership = _reader_membership(user)
        if membership is None:
            return False
        return membership.is_coordinator or self.recipient_id == membership.unit_id

    @property
    def is_overdue(self):
        return self.status != self.Status.CLOSED and self.due_date < timezone.localdate()

    @staticmethod
    def due_date_for(unit, *, start=None):
        return (start or timezone.localdate()) + timedelta(days=unit.reporting.response_days)

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
            # The access log filtered by person: everything one user did, newest first.
            models.Index(fields=["actor", "-at"], name="event_actor_at"),
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
    the sender) or to a sender who asked for one (a message from the unit).

    A worker claims a row (pending -> sending) in one short UPDATE, sends with no
    transaction open, then records the result. A claim carries a lease in
    next_attempt_at; a worker that dies mid-send leaves a claim the resend
    command picks up once the lease has run out.
    """

    class Kind(models.TextChoices):
        NEW_REPORT = "new_report", _("Ny melding til enheten")
        SENDER_MESSAGE = "sender_message", _("Ny melding fra avsender")
        MESSAGE_TO_SENDER = "message_to_sender", _("Ny melding til avsender")

    class Status(models.TextChoices):
        PENDING = "pending", _("Venter")
        SENDING = "sending", _("Sendes")
        SENT = "sent", _("Sendt")
        FAILED = "failed", _("Feilet")

    report = models.ForeignKey(
        Report, verbose_name=_("melding"), on_delete=models.CASCADE, related_name="notifications"
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

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("varsel")
        verbose_name_plural = pgettext_lazy("plural", "varsler")
        indexes = [
            # The resend command: pending or claimed notifications whose time has come.
            models.Index(fields=["status", "next_attempt_at"], name="notification_due"),
        ]

    def __str__(self):
        if self.kind == self.Kind.MESSAGE_TO_SENDER:
            return f"{self.report} → {_('avsender')}"
        return f"{self.report} → {self.unit}"
