"""Whether the confidential side is doing its work: the task worker, and the notifications.

/healthz answers 503 with these reasons, and the coordinator sees them on the admin's
first page, so that a stopped worker or a stuck notification never goes unnoticed.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from concerns.models import Notification, WorkerHeartbeat


@dataclass(frozen=True)
class Problem:
    code: str  # for /healthz and the logs, in English
    message: Promise  # for the coordinator, in the admin's language


# Three attempts take about 3.5 minutes with the default back-off (30 s, 60 s, 2 min).
FAILING_AFTER_ATTEMPTS = 3


def worker_silence_allowed() -> timedelta:
    return timedelta(seconds=2 * settings.NOTIFICATION_SWEEP_SECONDS)


def problems(now: datetime | None = None) -> list[Problem]:
    now = now or timezone.now()
    found = []
    seen_at = WorkerHeartbeat.objects.filter(name="worker").values_list("seen_at", flat=True)
    last = seen_at.first()
    if last is None or now - last > worker_silence_allowed():
        found.append(
            Problem(
                "worker not seen",
                _(
                    "Oppgavekjøreren har ikke vist livstegn. Nye varsler sendes ikke før den "
                    "kjører igjen. Kontakt driftsansvarlig."
                ),
            )
        )
    # A pending notification is requeued by the sweep once it is past its attempt time;
    # one still waiting after two sweeps means nothing is sending.
    overdue = Notification.objects.filter(
        status__in=[Notification.Status.PENDING, Notification.Status.SENDING],
        next_attempt_at__lt=now - worker_silence_allowed(),
    )
    if overdue.exists():
        found.append(
            Problem(
                "notification overdue",
                _("Et varsel om en ny melding skulle vært sendt, men er ikke det."),
            )
        )
    # The mail server refuses or is away: the retries go on, but someone should look.
    failing = Notification.objects.filter(
        status=Notification.Status.PENDING, attempts__gte=FAILING_AFTER_ATTEMPTS
    )
    if failing.exists():
        found.append(
            Problem(
                "mail delivery failing",
                _("E-postserveren tar ikke imot varsler. Portalen prøver igjen av seg selv."),
            )
        )
    if Notification.objects.filter(status=Notification.Status.FAILED).exists():
        found.append(
            Problem(
                "notification failed",
                _(
                    "Minst ett varsel kunne ikke sendes. Se Varsler, og send det på nytt når "
                    "e-posten virker igjen."
                ),
            )
        )
    return found
