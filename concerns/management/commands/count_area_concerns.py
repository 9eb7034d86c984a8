from django.core.management.base import BaseCommand

from concerns.statistics.areas import area_counts_record


class Command(BaseCommand):
    help = (
        "Count the concerns reported in each published priority area for every ended year "
        "that has reports and no counts yet, for the area pages and the annual report. A "
        "year once counted is never counted again. The task worker also runs it daily."
    )

    def handle(self, *args, **options):
        years = area_counts_record()
        counted = ", ".join(str(year) for year in years) or "none"
        self.stdout.write(
            f"Counted the concerns per priority area for {len(years)} year(s): {counted}."
        )
