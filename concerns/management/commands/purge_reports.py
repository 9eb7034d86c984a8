from django.conf import settings
from django.core.management.base import BaseCommand

from concerns.retention import reports_erase_expired


class Command(BaseCommand):
    help = (
        "Erase the personal data of reports closed more than REPORT_RETENTION_DAYS ago "
        "(default 730), keeping the anonymous figures. The task worker also runs it daily."
    )

    def handle(self, *args, **options):
        erased = reports_erase_expired()
        self.stdout.write(
            f"Erased the personal data of {erased} report(s) closed more than "
            f"{settings.REPORT_RETENTION_DAYS} days ago."
        )
