"""The case work of a busy municipality, built through the real models: `build(n, now=…)`.

N reports received evenly over the 24 months before `now`, to 4 units, each with its
timeline (about 6 events: submitted, notified, viewed, the status changes, the case
officer, some notes and messages both ways) and its notification. The personal fields
are encrypted as the portal stores them: bulk_create prepares every value through the
field, so EncryptedTextField.get_prep_value encrypts each one with the configured key.

Everything is drawn from one seeded random generator, so a size always gives the same
reports. Reports are written in chunks, one transaction each, with explicit primary keys
(the reference is SLT-<year>-<id>, so it is known before the insert); the sequences are
moved past them at the end, and the tables are analysed, as autovacuum would.
"""

import hashlib
import random
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth.models import User
from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import timezone

from concerns.models import Notification, Report, ReportEvent, StaffMember, Topic
from concerns.receipts import hash_receipt_code, hash_submission_key, receipt_code_for
from concerns.roles import permissions_for
from levels.models import Unit

# Which of the receiving units get how many of the reports.
UNITS = {
    "barnevernstjenesten": 0.40,
    "borkenes-skole": 0.25,
    "helsestasjonen": 0.20,
    "slt-koordinator": 0.15,
}
STAFF_PER_UNIT = 3
COORDINATOR = "koordinator"
SPAN = timedelta(days=730)
CHUNK = 5_000
BATCH = 1_000

FIRST_NAMES = ["Kari", "Ola", "Ingrid", "Per", "Sigrid", "Nils", "Marte", "Eirik", "Hilde", "Jon"]
LAST_NAMES = ["Nordmann", "Hansen", "Johansen", "Olsen", "Larsen", "Berg", "Solberg", "Moe"]
SCHOOLS = ["Borkenes skole", "Kvæfjord ungdomsskole", "Hundstad barnehage", "Bygdeskolen"]
TEXT = (
    "jeg har sett at han ofte er alene etter skolen og virker sliten i timene det er mange "
    "voksne som har lagt merke til det samme og foreldrene svarer ikke når skolen ringer "
    "hun har fortalt om krangel hjemme og sier at hun ikke vil gå hjem i helgen vennene "
    "er bekymret treneren vet om det"
)
WORDS = TEXT.split()
NOTES = [
    "Ringte skolen, de følger opp.",
    "Drøftet i tverrfaglig team.",
    "Foreldrene er kontaktet.",
    "Avtalt møte med helsesykepleier neste uke.",
]
MESSAGES = [
    "Takk for meldingen. Vi har tatt den til oppfølging.",
    "Vi har behov for mer informasjon. Kan du ringe oss?",
]
SENDER_MESSAGES = ["Det har skjedd igjen i helgen.", "Jeg har mer informasjon om saken."]


@dataclass
class Staff:
    coordinator: User
    # Per unit id: its staff.
    by_unit: dict[int, list[User]]


def _staff(units: list[Unit]) -> Staff:
    """Three case officers per unit and the coordinator, with full names."""
    names = iter((first, last) for last in LAST_NAMES for first in FIRST_NAMES)
    by_unit: dict[int, list[User]] = {}

    def person(username, unit, *, coordinator=False):
        first, last = next(names)
        user = User.objects.create(
            username=username, first_name=first, last_name=last, is_staff=True
        )
        user.set_unusable_password()
        user.save(update_fields=["password"])
        user.user_permissions.set(permissions_for(coordinator=coordinator))
        StaffMember.objects.create(user=user, unit=unit, is_coordinator=coordinator)
        return user

    coordinator_unit = next(unit for unit in units if unit.slug == "slt-koordinator")
    coordinator = person(COORDINATOR, coordinator_unit, coordinator=True)
    for unit in units:
        by_unit[unit.pk] = [person(f"{unit.slug}-{i}", unit) for i in range(1, STAFF_PER_UNIT + 1)]
    return Staff(coordinator, by_unit)


def _text(rng: random.Random, low: int, high: int) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(low, high))]
    return " ".join(words).capitalize() + "."


class _Builder:
    def __init__(self, now: datetime, seed: int):
        self.now = now
        # Seeded on purpose: the same size gives the same reports (no secret is drawn).
        self.rng = random.Random(seed)  # noqa: S311
        self.units = list(
            Unit.objects.filter(slug__in=UNITS).select_related("reporting").order_by("pk")
        )
        if len(self.units) != len(UNITS):
            raise RuntimeError(f"expected the units {sorted(UNITS)} from the migrations")
        self.weights = [UNITS[unit.slug] for unit in self.units]
        self.topics = list(Topic.objects.order_by("position", "pk"))
        self.staff = _staff(self.units)
        self.zone = timezone.get_current_timezone()

    def report(self, pk: int, created_at: datetime):
        """A report with its events and notifications, as case work would have left them."""
        rng, now = self.rng, self.now
        unit = rng.choices(self.units, self.weights)[0]
        officers = self.staff.by_unit[unit.pk]
        topic = rng.choice(self.topics)
        kind = Report.Kind.DISCUSSION if rng.random() < 0.1 else Report.Kind.REPORT
        role = rng.choices(list(Report.ReporterRole), [0.55, 0.35, 0.10])[0]
        professional = role == Report.ReporterRole.PROFESSIONAL
        name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        email = f"avsender{pk}@example.no" if rng.random() < 0.35 else ""
        local = timezone.localtime(created_at, self.zone)
        submission_key = uuid.UUID(int=rng.getrandbits(128), version=4)
        report = Report(
            pk=pk,
            reference=f"SLT-{local.year}-{pk:04d}",
            receipt_code_hash=hash_receipt_code(receipt_code_for(submission_key)),
            submission_key_hash=hash_submission_key(submission_key),
            created_at=created_at,
            kind=kind,
            channel=rng.choices(list(Report.Channel), [0.85, 0.10, 0.03, 0.02])[0],
            language="en" if rng.random() < 0.05 else "nb",
            reporter_role=role,
            reporter_name=name if professional or rng.random() < 0.3 else "",
            reporter_title="Kontaktlærer" if professional else "",
            reporter_workplace=rng.choice(SCHOOLS) if professional else "",
            reporter_phone=f"9{rng.randrange(10**7):07d}" if rng.random() < 0.4 else "",
            reporter_email=email,
            notify_sender=bool(email) and rng.random() < 0.7,
            child_age=rng.randint(3, 23),
            child_name=""
            if kind == Report.Kind.DISCUSSION
            else f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
            child_school=rng.choice(SCHOOLS) if rng.random() < 0.6 else "",
            guardians_informed=rng.choice(list(Report.GuardiansInformed)),
            topic=topic,
            category=topic.report_category,
            priority_area_id=topic.priority_area_id,
            description=_text(rng, 30, 200),
            recipient=unit,
            due_date=local.date() + timedelta(days=unit.reporting.response_days),
            feedback_due_date=local.date() + timedelta(days=unit.reporting.feedback_days),
        )
        events = [
            ReportEvent(
                report=report,
                at=created_at,
                kind=ReportEvent.Kind.SUBMITTED,
                new_status=Report.Status.NEW,
            )
        ]
        notifications = []
        sent = created_at + timedelta(seconds=rng.randint(2, 60))
        failed = rng.random() < 0.003
        notifications.append(
            Notification(
                report=report,
                unit=unit,
                status=Notification.Status.FAILED if failed else Notification.Status.SENT,
                attempts=8 if failed else 1,
                last_error="SMTPServerDisconnected: Connection unexpectedly closed"
                if failed
                else "",
                next_attempt_at=created_at,
                created_at=created_at,
                sent_at=None if failed else sent,
            )
        )
        if sent < now:
            kind_told = (
                ReportEvent.Kind.NOTIFICATION_FAILED if failed else ReportEvent.Kind.NOTIFIED
            )
            events.append(ReportEvent(report=report, at=sent, kind=kind_told, detail=unit.name_nb))

        # The first answer: most within the week's deadline, some late, the newest not yet.
        answered = created_at + timedelta(hours=rng.expovariate(1 / 60))
        officer = rng.choice(officers)
        if answered >= now:
            report.status = Report.Status.NEW
            return report, events, notifications
        events.append(
            ReportEvent(report=report, at=answered, actor=officer, kind=ReportEvent.Kind.VIEWED)
        )
        events.append(
            ReportEvent(
                report=report,
                at=answered,
                actor=officer,
                kind=ReportEvent.Kind.STATUS_CHANGED,
                detail=f"{Report.Status.NEW.label} → {Report.Status.RECEIVED.label}",
                new_status=Report.Status.RECEIVED,
            )
        )
        report.status = Report.Status.RECEIVED
        if rng.random() < 0.9:
            report.assignee = officer
            events.append(
                ReportEvent(
                    report=report,
                    at=answered,
                    actor=officer,
                    kind=ReportEvent.Kind.ASSIGNED,
                    detail=officer.get_full_name(),
                )
            )
        moment = answered
        for event_kind, chance, texts in (
            (ReportEvent.Kind.NOTE, 0.35, NOTES),
            (ReportEvent.Kind.MESSAGE, 0.25, MESSAGES),
            (ReportEvent.Kind.SENDER_MESSAGE, 0.10, SENDER_MESSAGES),
        ):
            if rng.random() < chance:
                moment += timedelta(hours=rng.uniform(1, 96))
                if moment >= now:
                    break
                from_sender = event_kind == ReportEvent.Kind.SENDER_MESSAGE
                events.append(
                    ReportEvent(
                        report=report,
                        at=moment,
                        actor=None if from_sender else officer,
                        kind=event_kind,
                        detail=rng.choice(texts),
                        message_key_hash=hashlib.sha256(f"{pk}:{event_kind}".encode()).hexdigest()
                        if event_kind != ReportEvent.Kind.NOTE
                        else "",
                    )
                )
                report.new_from_sender = from_sender
                if event_kind == ReportEvent.Kind.MESSAGE:
                    report.answered_at = moment
                if event_kind == ReportEvent.Kind.MESSAGE and report.notify_sender:
                    notifications.append(
                        Notification(
                            report=report,
                            unit=unit,
                            kind=Notification.Kind.MESSAGE_TO_SENDER,
                            status=Notification.Status.SENT,
                            attempts=1,
                            next_attempt_at=moment,
                            created_at=moment,
                            sent_at=moment + timedelta(seconds=5),
                        )
                    )
        closed_at = moment + timedelta(days=rng.uniform(1, 60))
        if closed_at < now and rng.random() < 0.95:
            before = Report.Status(report.status).label
            report.status = Report.Status.CLOSED
            report.outcome = rng.choice(list(Report.Outcome))
            report.closed_at = closed_at
            report.new_from_sender = False
            events.append(
                ReportEvent(
                    report=report,
                    at=closed_at,
                    actor=officer,
                    kind=ReportEvent.Kind.STATUS_CHANGED,
                    detail=f"{before} → {Report.Status.CLOSED.label} "
                    f"({Report.Outcome(report.outcome).label})",
                    new_status=Report.Status.CLOSED,
                )
            )
        elif moment > answered or rng.random() < 0.5:
            report.status = Report.Status.IN_PROGRESS
        return report, events, notifications


def build(reports: int, *, now: datetime, seed: int = 12, progress=None) -> dict[str, int]:
    """Reports 1..N, received evenly over the 24 months before `now`. Returns the counts."""
    builder = _Builder(now, seed)
    rng = builder.rng
    start = now - SPAN
    times = sorted(start + SPAN * rng.random() for _ in range(reports))
    for first in range(0, reports, CHUNK):
        chunk = [builder.report(first + i + 1, at) for i, at in enumerate(times[first:][:CHUNK])]
        with transaction.atomic():
            Report.objects.bulk_create([report for report, _e, _n in chunk], batch_size=BATCH)
            ReportEvent.objects.bulk_create(
                [event for _r, events, _n in chunk for event in events], batch_size=BATCH
            )
            Notification.objects.bulk_create(
                [note for _r, _e, notes in chunk for note in notes], batch_size=BATCH
            )
        if progress:
            progress(first + len(chunk))
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [Report]):
            cursor.execute(sql)
    analyse()
    return {
        "reports": Report.objects.count(),
        "events": ReportEvent.objects.count(),
        "notifications": Notification.objects.count(),
    }


def analyse():
    """What autovacuum does to a table that has grown: fresh statistics for the planner."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in (Report, ReportEvent, Notification):
            cursor.execute(f"VACUUM ANALYZE {model._meta.db_table}")
