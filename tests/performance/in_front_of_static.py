"""What runs in front of whitenoise on a static request, and what each piece costs.

`make bench-static` (`python -m tests.performance.in_front_of_static`). In this one
process, with the production settings, a file of the home page's size is requested
through Django's WSGI handler: with the real MIDDLEWARE, with each middleware in front
of whitenoise left out in turn, with none in front of it, and through whitenoise's own
WSGI app with no Django at all. Each variant's CPU time per request is the lowest of
ROUNDS rounds of REQUESTS requests, the variants taking turns in every round so that a
machine whose speed drifts moves them all alike.

What gunicorn does around the application (parsing, the access log line, the socket) is
not in here: `make bench` measures the whole stack, and docs/performance.md gives both.
"""

import io
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REQUESTS = int(os.environ.get("BENCH_REQUESTS", "4000"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "7"))
# The home page's size in the benchmark of 2026-11-26 (docs/performance.md).
FILE_SIZE = 32 * 1024
FILE_NAME = "bench-ceiling.html"
WHITENOISE = "whitenoise.middleware.WhiteNoiseMiddleware"

# Django's handler and whitenoise's app; each answer is iterated and closed.
WsgiApp = Callable[..., Any]


# Django is imported inside the functions below: the settings read the environment
# once, when they load, and _configure sets it first.
def _configure(static_root: Path) -> None:
    """The settings of `make run`, with throwaway keys and its own static files."""
    from cryptography.fernet import Fernet

    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "slt_portal.settings",
            "DJANGO_DEBUG": "0",
            "DJANGO_HTTPS": "0",
            "DJANGO_SECRET_KEY": Fernet.generate_key().decode(),
            "FIELD_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "SITE_URL": "http://127.0.0.1:8000",
            "STATIC_ROOT": str(static_root),
        }
    )
    import django

    django.setup()
    from django.core.management import call_command

    call_command("collectstatic", "--noinput", verbosity=0)
    line = b"<p>A static file as large as the home page.</p>\n"
    (static_root / FILE_NAME).write_bytes((line * (FILE_SIZE // len(line) + 1))[:FILE_SIZE])


def _environ() -> dict:
    from django.conf import settings

    return {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": f"{settings.STATIC_URL}{FILE_NAME}",
        "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "127.0.0.1:8000",
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr,
    }


def _django_with(middleware: list[str]) -> WsgiApp:
    from django.core.handlers.wsgi import WSGIHandler
    from django.test import override_settings

    # The handler reads MIDDLEWARE once, when it is made.
    with override_settings(MIDDLEWARE=middleware):
        return WSGIHandler()


def _whitenoise_alone() -> WsgiApp:
    from django.conf import settings
    from whitenoise import WhiteNoise  # type: ignore[import-untyped]

    def nothing_else(environ, start_response):
        raise AssertionError(f"{environ['PATH_INFO']} is not a static file")

    return WhiteNoise(
        nothing_else,
        root=settings.STATIC_ROOT,
        prefix=settings.STATIC_URL,
        max_age=settings.WHITENOISE_MAX_AGE,
    )


def variants() -> dict[str, WsgiApp]:
    from django.conf import settings

    middleware = list(settings.MIDDLEWARE)
    front = middleware[: middleware.index(WHITENOISE)]
    found = {"the real MIDDLEWARE": _django_with(middleware)}
    for name in front:
        short = name.rsplit(".", 1)[1]
        found[f"without {short}"] = _django_with([m for m in middleware if m != name])
    found["nothing in front of whitenoise"] = _django_with(middleware[len(front) :])
    found["whitenoise's WSGI app, no Django"] = _whitenoise_alone()
    return found


def _one_round(app: WsgiApp, requests: int) -> float:
    """CPU seconds per request, each answer read to its end and closed as gunicorn does."""
    statuses = []

    def start_response(status, headers, exc_info=None):
        statuses.append(status)

    started = time.process_time()
    for _ in range(requests):
        body = app(_environ(), start_response)
        for _chunk in body:
            pass
        close = getattr(body, "close", None)
        if close is not None:
            close()
    spent = time.process_time() - started
    if set(statuses) != {"200 OK"}:
        raise RuntimeError(f"the static file was answered with {sorted(set(statuses))}")
    return spent / requests


def measure(apps: dict[str, WsgiApp], *, requests: int, rounds: int) -> dict[str, float]:
    best = dict.fromkeys(apps, float("inf"))
    for app in apps.values():
        _one_round(app, max(requests // 10, 1))  # warm-up: imports, file handles, caches
    for _ in range(rounds):
        for name, app in apps.items():
            best[name] = min(best[name], _one_round(app, requests))
    return best


def report(best: dict[str, float]) -> str:
    real = best["the real MIDDLEWARE"]
    lines = [
        f"CPU per static request ({FILE_SIZE // 1024} KB), lowest of {ROUNDS} rounds "
        f"of {REQUESTS} requests:",
        f"  {'':42} {'µs':>7} {'vs real':>8}",
    ]
    for name, seconds in best.items():
        lines.append(f"  {name:42} {seconds * 1e6:7.1f} {seconds / real:7.0%}")
    return "\n".join(lines)


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="slt-static-") as root:
        _configure(Path(root))
        print(report(measure(variants(), requests=REQUESTS, rounds=ROUNDS)))


if __name__ == "__main__":
    main()
