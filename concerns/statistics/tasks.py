"""The daily count of the concerns per priority area (areas.py), as a repeating task.

Here, not in concerns/tasks.py: the statistics sit above the tasks, which may not import
them. The chain is built as the others there are: each run books the next morning's
before it counts, so a failing count (a FAILED row in the task queue) cannot end it;
`migrate` starts it (ConcernsConfig). Most mornings there is nothing to count: a year is
counted the first morning after it has ended.
"""

from django.tasks import task

from concerns.statistics.areas import area_counts_record
from concerns.tasks import next_morning, schedule


@task
def count_area_concerns() -> list[int]:
    """The years counted."""
    schedule(count_area_concerns, at=next_morning())
    return area_counts_record()


def start_counting(sender, **kwargs) -> None:
    """Connected to post_migrate, beside concerns.tasks.start_repeating_tasks."""
    schedule(count_area_concerns)
