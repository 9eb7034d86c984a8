"""What one benchmark run found: the measurements, the report check, and the targets of issue 5."""

import hashlib
import statistics
import uuid
from dataclasses import dataclass, field

from tests.performance.wrk import Measurement, PostOutcome

CEILING = "static ceiling"
HOME_CACHED = "home, cached"
AREA_CACHED = "area, cached"
CEILING_UNCACHED = "static ceiling, PAGE_CACHE=0 stack"
HOME_UNCACHED = "home, uncached"
AREA_UNCACHED = "area, uncached"
POST = "concern POST"
ROWS = [CEILING, HOME_CACHED, AREA_CACHED, CEILING_UNCACHED, HOME_UNCACHED, AREA_UNCACHED, POST]

CACHED_SHARE = 0.90
UNCACHED_SHARE = 0.10
POSTS_PER_SECOND = 400
CACHED_P99_MS = 10
UNCACHED_P99_MS = 50
RSS_MB = 80
LOW_CONCURRENCY = 4


def key_hash(key) -> str:
    return hashlib.sha256(str(uuid.UUID(str(key))).encode()).hexdigest()


@dataclass
class Row:
    # Per concurrency, one entry per run.
    measurements: dict[int, list[Measurement]] = field(default_factory=dict)
    # Per concurrency and run: req/s over the ceiling's req/s measured right before it in the
    # same stack, so that a machine busier in one run than in another cancels out.
    ratios: dict[int, list[float]] = field(default_factory=dict)

    def add(self, concurrency, measurement, ceiling):
        self.measurements.setdefault(concurrency, []).append(measurement)
        self.ratios.setdefault(concurrency, []).append(
            measurement.per_second / ceiling.per_second if ceiling.per_second else 0.0
        )

    def median(self, concurrency, attribute):
        runs = self.measurements.get(concurrency)
        return statistics.median(getattr(m, attribute) for m in runs) if runs else None

    def ratio(self, concurrency):
        runs = self.ratios.get(concurrency)
        return statistics.median(runs) if runs else None

    def errors(self):
        return sum(sum(m.errors.values()) for runs in self.measurements.values() for m in runs)


@dataclass
class PostCheck:
    """The concern reports wrk sent, matched key by key against the stored rows."""

    sent: int
    receipts: int
    other_answers: dict[str, int]
    stored: int
    lost: int
    duplicated: int
    # Stored although their answer was not a receipt: a report the sender was told failed.
    unexplained: int
    # In flight when wrk stopped or its connection broke: stored or not, both are fine.
    unanswered: int
    unanswered_stored: int
    unfinished_references: int

    @classmethod
    def match(cls, outcome: PostOutcome, rows):
        """rows: (submission_key_hash, reference) of every row in concerns_report.

        The portal keeps only a hash of each submission key (concerns/receipts.py), so the
        keys wrk sent are hashed the same way to be matched.
        """
        keys = [key for key, _reference in rows]
        references = [reference for _key, reference in rows]
        stored = set(keys)
        answered = {key_hash(key) for key in outcome.answered}
        unanswered = {key_hash(key) for key in outcome.unanswered}
        return cls(
            sent=outcome.sent,
            receipts=outcome.receipts,
            other_answers={k: v for k, v in outcome.outcomes.items() if k != "receipt"},
            stored=len(rows),
            lost=len(answered - stored),
            duplicated=(len(keys) - len(stored))
            + (len(references) - len(set(references)))
            + (len(outcome.answered) - len(answered)),
            unexplained=len(stored - answered - unanswered),
            unanswered=len(unanswered),
            unanswered_stored=len(stored & unanswered),
            unfinished_references=sum(1 for r in references if r.startswith("pending-")),
        )

    def problems(self):
        found = []
        if self.other_answers:
            found.append(
                f"concern POSTs answered other than with the receipt: {self.other_answers}"
            )
        if self.stored != self.receipts + self.unanswered_stored:
            found.append(
                f"{self.stored} reports stored, but {self.receipts} receipts were answered "
                f"and {self.unanswered_stored} unanswered POSTs stored"
            )
        for name in ("lost", "duplicated", "unexplained", "unfinished_references"):
            if getattr(self, name):
                found.append(f"concern reports {name.replace('_', ' ')}: {getattr(self, name)}")
        return found


@dataclass
class WorkerMemory:
    rss_mb: float
    # A young worker is one gunicorn's max_requests just replaced: its RSS is no figure
    # after the load.
    age_seconds: float


@dataclass
class BenchResult:
    date: str
    nproc: int
    engine: str
    workers: int
    seconds: int
    runs: int
    concurrencies: list[int]
    page_bytes: int = 0
    # The 1-minute load average before the first stack started: other work on the same
    # cores makes every figure slower, the ceiling's included.
    load_before: float = 0.0
    # Passed through to gunicorn over its config file, e.g. "--max-requests 0".
    gunicorn_args: str = ""
    rows: dict[str, Row] = field(default_factory=lambda: {label: Row() for label in ROWS})
    # Per stack (PAGE_CACHE value): each gunicorn worker after the load.
    workers_memory: dict[str, list[WorkerMemory]] = field(default_factory=dict)
    post: PostCheck | None = None

    def problems(self):
        """Whatever is broken, as opposed to slow: these make the benchmark fail."""
        found = [
            f"{label}: {row.errors()} failed requests (socket errors or status >= 400)"
            for label, row in self.rows.items()
            if row.errors()
        ]
        found += [
            f"{label}: not measured at c={c}"
            for label, row in self.rows.items()
            for c in self.concurrencies
            if not row.measurements.get(c)
        ]
        if self.post is None:
            found.append("the concern reports were not checked")
        else:
            found += self.post.problems()
        if not self.workers_memory or not all(self.workers_memory.values()):
            found.append("the workers' RSS was not read")
        return found

    def targets(self):
        """(holds, description) for each target of issue 5 that this run can judge."""
        low = LOW_CONCURRENCY if LOW_CONCURRENCY in self.concurrencies else None
        high = max(self.concurrencies)
        checks = []

        def share(labels, minimum, text):
            values = [
                (label, c, self.rows[label].ratio(c))
                for label in labels
                for c in self.concurrencies
            ]
            shown = ", ".join(f"{label} c={c} {value:.1%}" for label, c, value in values)
            checks.append((all(value >= minimum for *_, value in values), f"{text}: {shown}"))

        share([HOME_CACHED, AREA_CACHED], CACHED_SHARE, "cached page >= 90 % of the ceiling")
        share(
            [HOME_UNCACHED, AREA_UNCACHED], UNCACHED_SHARE, "uncached page >= 10 % of the ceiling"
        )
        posts = self.rows[POST].median(high, "per_second")
        checks.append(
            (
                posts >= POSTS_PER_SECOND,
                f"concern POST >= {POSTS_PER_SECOND} reports/s at c={high}: {posts:.0f}",
            )
        )
        if self.post is not None:
            checks.append(
                (
                    not (self.post.lost or self.post.duplicated),
                    f"zero lost and zero duplicated reports: lost {self.post.lost}, "
                    f"duplicated {self.post.duplicated}",
                )
            )
        if low is not None:
            for labels, limit, text in (
                ([HOME_CACHED, AREA_CACHED], CACHED_P99_MS, "cached"),
                ([HOME_UNCACHED, AREA_UNCACHED], UNCACHED_P99_MS, "uncached"),
            ):
                values = [(label, self.rows[label].median(low, "p99_ms")) for label in labels]
                shown = ", ".join(f"{label} {value:.1f} ms" for label, value in values)
                checks.append(
                    (
                        all(value <= limit for _label, value in values),
                        f"p99 at c={low}, {text} <= {limit} ms: {shown}",
                    )
                )
        largest = max(
            (w.rss_mb for stack in self.workers_memory.values() for w in stack), default=0.0
        )
        checks.append((largest <= RSS_MB, f"RSS <= {RSS_MB} MB per worker: largest {largest:.1f}"))
        return checks
