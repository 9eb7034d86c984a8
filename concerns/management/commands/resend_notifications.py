from datetime import timedelta

from django.core.management.base import BaseCommand

from concerns.tasks import requeue_lost_notifications


class Command(BaseCommand):
    help = (
        "Queue again every pending notification whose attempt is overdue, so that a lost task "
        "or a worker that died loses nothing. The task worker does this every NOTIFICATION_SWEEP_SECONDS; the command is for doing it now."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--stuck-minutes",
            type=int,
            default=10,
            help="how long past its due time a pending notification counts as stuck (default 10)",
        )

    def handle(self, *args, stuck_minutes, **options):
        count = requeue_lost_notifications(stuck_after=timedelta(minutes=stuck_minutes))
        self.stdout.write(f"Queued {count} notification(s).")
