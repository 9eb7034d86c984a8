"""The benchmark's printout: the table, RSS, the report check and the targets."""

from tests.performance.results import ROWS, BenchResult

LABEL_WIDTH = max(len(label) for label in ROWS)


def _number(value, digits):
    return "-" if value is None else f"{value:.{digits}f}"


def format_result(result: BenchResult) -> str:
    cs = result.concurrencies
    busy = result.load_before > result.nproc / 2
    lines = [
        f"SLT portal benchmark, {result.date}",
        f"nproc {result.nproc}, {result.engine}, {result.workers} gunicorn workers (sync), "
        f"wrk {result.seconds} s x {result.runs} run(s), medians; "
        f"home page and static ceiling file {result.page_bytes} bytes",
        *([f"GUNICORN_CMD_ARGS={result.gunicorn_args}"] if result.gunicorn_args else []),
        f"load average before the start {result.load_before:.2f}"
        + (" (BUSY: other work competed for the cores)" if busy else ""),
        "",
    ]
    header = " " * LABEL_WIDTH
    header += "".join(f" | {f'c={c} req/s':>11} {'p50 ms':>7} {'p99 ms':>7}" for c in cs)
    header += " | ratio to ceiling " + " ".join(f"{f'c={c}':>6}" for c in cs)
    lines += [header, "-" * len(header)]
    for label in ROWS:
        row = result.rows[label]
        line = f"{label:<{LABEL_WIDTH}}"
        for c in cs:
            line += (
                f" | {_number(row.median(c, 'per_second'), 0):>11}"
                f" {_number(row.median(c, 'p50_ms'), 2):>7}"
                f" {_number(row.median(c, 'p99_ms'), 2):>7}"
            )
        ratios = " ".join(
            f"{'-' if row.ratio(c) is None else f'{row.ratio(c):.1%}':>6}" for c in cs
        )
        lines.append(line + f" | {'':16} {ratios}")
    lines += ["", "RSS per gunicorn worker after the load (MB; * started during the last wrk run):"]
    for stack, workers in result.workers_memory.items():
        lines.append(
            f"  {stack}: "
            + ", ".join(
                f"{w.rss_mb:.1f}{'*' if w.age_seconds < result.seconds else ''}" for w in workers
            )
        )
    post = result.post
    if post is not None:
        lines += [
            "",
            f"Concern POST check: sent {post.sent}, receipts (302) {post.receipts}, "
            f"other answers {post.other_answers or 0}, stored {post.stored}, "
            f"lost {post.lost}, duplicated {post.duplicated}, "
            f"stored without a receipt {post.unexplained}",
            f"  (unanswered {post.unanswered}, of which stored {post.unanswered_stored}: "
            "in flight when wrk stopped, or built by wrk only to check its script)",
        ]
    lines += ["", "Targets (issue 5):"]
    lines += [f"  {'PASS' if holds else 'MISS'}  {text}" for holds, text in result.targets()]
    problems = result.problems()
    if problems:
        lines += ["", "BROKEN:"] + [f"  {problem}" for problem in problems]
    return "\n".join(lines)
