"""nginx, as deploy/nginx/ ships it, in front of the live stack; and the clients that test it.

`Nginx` runs Debian's nginx in the foreground with everything (pid, logs, temporary files)
in a folder of the test's. Its main configuration stands in for Debian's
/etc/nginx/nginx.conf; inside `http {}` it carries either

- `plain_http_site()`: a plain-HTTP server on loopback that includes
  deploy/nginx/slt-portal-proxy.conf as it is, so a test measures the shipped buffering,
  timeouts and limits; or
- `shipped_site()`: deploy/nginx/slt-portal.conf itself, with only its ports, upstream,
  certificate paths and include path moved to the test's.

`SlowClients`, `UnfinishedPosts` and `probe()` are the clients of the slow-client test:
all on 127.0.0.1, all bounded in time.
"""

import contextlib
import datetime
import http.client
import ipaddress
import os
import re
import select
import shutil
import socket
import subprocess
import threading
import time
from dataclasses import dataclass, field

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from tests.live_stack import ROOT
from tests.smtp_sink import free_port

DEPLOY = ROOT / "deploy" / "nginx"
PROXY_SNIPPET = DEPLOY / "slt-portal-proxy.conf"
SITE = DEPLOY / "slt-portal.conf"
# The host name the shipped site is written for.
SITE_NAME = "slt.kvafjord.kommune.no"
INSTALL_HINT = "nginx is not installed (Debian: apt-get install nginx)."


def nginx_binary():
    """Debian's nginx, or None. It lives in /usr/sbin, which is not on every PATH."""
    found = shutil.which("nginx")
    if found:
        return found
    return "/usr/sbin/nginx" if os.access("/usr/sbin/nginx", os.X_OK) else None


def snippet_seconds(directive):
    """A timeout as deploy/nginx/slt-portal-proxy.conf sets it (`client_body_timeout 10s;`)."""
    match = re.search(rf"^{directive}\s+(\d+)s;", PROXY_SNIPPET.read_text(), re.MULTILINE)
    assert match, f"{directive} is not set in seconds in {PROXY_SNIPPET}"
    return int(match.group(1))


def snippet_bytes(directive):
    """A size as the snippet sets it (`client_max_body_size 64k;`), in bytes."""
    match = re.search(rf"^{directive}\s+(\d+)([km]?);", PROXY_SNIPPET.read_text(), re.MULTILINE)
    assert match, f"{directive} is not set in {PROXY_SNIPPET}"
    return int(match.group(1)) * {"": 1, "k": 1024, "m": 1024 * 1024}[match.group(2)]


def plain_http_site(port, upstream_port):
    """An http-level block: the shipped proxy snippet in a plain-HTTP server on loopback."""
    return f"""
    upstream slt_portal {{
        server 127.0.0.1:{upstream_port};
    }}
    server {{
        listen 127.0.0.1:{port} default_server;
        server_name localhost;
        include {PROXY_SNIPPET};
    }}
    """


# The shipped site's own logs, in the folder given to shipped_site().
ACCESS_LOG = "slt-portal.access.log"
ERROR_LOG = "slt-portal.error.log"


def shipped_site(*, http_port, https_port, upstream_port, certificate, key, logs):
    """deploy/nginx/slt-portal.conf with its ports, upstream and paths moved to the test's
    (its logs to the folder `logs`, as ACCESS_LOG and ERROR_LOG there).

    Each replaced line must be there as often as expected (once, or once per server for
    the logs), so that a changed file fails here rather than being tested in some other
    shape.
    """
    # Comments are dropped: they name the installed paths too.
    lines = [line for line in SITE.read_text().splitlines() if not line.lstrip().startswith("#")]
    text = "\n".join(lines) + "\n"
    replacements = [
        ("listen 80 default_server;", f"listen 127.0.0.1:{http_port} default_server;"),
        ("listen [::]:80 default_server;", ""),
        (
            "listen 443 ssl http2 default_server;",
            f"listen 127.0.0.1:{https_port} ssl http2 default_server;",
        ),
        ("listen [::]:443 ssl http2 default_server;", ""),
        ("server 127.0.0.1:8000;", f"server 127.0.0.1:{upstream_port};"),
        ("/etc/ssl/slt-portal/fullchain.pem", str(certificate)),
        ("/etc/ssl/slt-portal/privkey.pem", str(key)),
        ("/etc/nginx/snippets/slt-portal-proxy.conf", str(PROXY_SNIPPET)),
    ]
    per_server = [
        ("/var/log/nginx/slt-portal.access.log", str(logs / ACCESS_LOG)),
        ("/var/log/nginx/slt-portal.error.log", str(logs / ERROR_LOG)),
    ]
    for expected, pairs in ((1, replacements), (2, per_server)):
        for old, new in pairs:
            count = text.count(old)
            assert count == expected, (
                f"{SITE.name}: expected {old!r} {expected} times, found it {count} times"
            )
            text = text.replace(old, new)
    return text


def self_signed_certificate(folder, name=SITE_NAME):
    """A certificate for `name` and 127.0.0.1, and its key, as PEM files."""
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName(name), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    certificate_path = folder / "fullchain.pem"
    key_path = folder / "privkey.pem"
    certificate_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return certificate_path, key_path


class Nginx:
    """nginx in the foreground, its files in `tmp_path / "nginx"`; stopped by stop()."""

    def __init__(self, tmp_path, http_config, ports):
        self.binary = nginx_binary()
        assert self.binary, INSTALL_HINT
        self.prefix = tmp_path / "nginx"
        self.prefix.mkdir(parents=True, exist_ok=True)
        self.conf = self.prefix / "nginx.conf"
        self.error_log = self.prefix / "error.log"
        self.access_log = self.prefix / "access.log"
        self.ports = ports
        self.process = None
        # As root, nginx would hand its workers to "nobody", who cannot write here.
        user = "user root;" if os.geteuid() == 0 else ""
        temp = "\n".join(
            f"    {kind}_temp_path {self.prefix / kind};"
            for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
        )
        self.conf.write_text(f"""
daemon off;
master_process on;
worker_processes 1;
{user}
pid {self.prefix / "nginx.pid"};
error_log {self.error_log} info;
events {{
    worker_connections 1024;
}}
http {{
    # What Debian's /etc/nginx/nginx.conf sets in http {{}}, which the shipped site overrides.
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    tcp_nopush on;
    types_hash_max_size 2048;
    ssl_protocols TLSv1 TLSv1.1 TLSv1.2 TLSv1.3;
    ssl_prefer_server_ciphers on;
    gzip on;
    log_format timed '$remote_addr "$request" $status $body_bytes_sent $request_time';
    access_log {self.access_log} timed;
{temp}
{http_config}
}}
""")

    def _command(self, *extra):
        return [
            self.binary,
            "-p",
            str(self.prefix),
            "-c",
            str(self.conf),
            "-e",
            str(self.error_log),
            *extra,
        ]

    def check(self):
        """`nginx -t` on the configuration: its output, or an AssertionError with it."""
        result = subprocess.run(
            self._command("-t"), capture_output=True, text=True, timeout=30, check=False
        )
        assert result.returncode == 0, result.stderr
        return result.stderr

    def start(self, timeout=10):
        self.check()
        log = (self.prefix / "nginx.out").open("ab")
        self.process = subprocess.Popen(self._command(), stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        waiting = list(self.ports)
        while waiting:
            if self.process.poll() is not None:
                raise RuntimeError(f"nginx exited; see {self.error_log}:\n{self.log()}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"nginx did not listen on {waiting} in time")
            try:
                socket.create_connection(("127.0.0.1", waiting[0]), timeout=1).close()
                waiting.pop(0)
            except OSError:
                time.sleep(0.05)
        return self

    def stop(self):
        if self.process is None:
            return
        self.process.terminate()  # fast shutdown
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process = None

    def log(self):
        return self.error_log.read_text(errors="replace") if self.error_log.exists() else ""

    def access(self):
        return self.access_log.read_text(errors="replace") if self.access_log.exists() else ""

    def __enter__(self):
        try:
            return self.start()
        except BaseException:
            self.stop()
            raise

    def __exit__(self, *exc_info):
        self.stop()


def start_plain(tmp_path, upstream_port):
    port = free_port()
    return Nginx(tmp_path, plain_http_site(port, upstream_port), [port]), port


def get(port, path, *, timeout=5, headers=None):
    """(status, headers, body) of one GET on a fresh connection."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path, headers={"Connection": "close", **(headers or {})})
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


@dataclass
class Probe:
    path: str
    status: int | None
    seconds: float
    error: str = ""


@dataclass
class Probes:
    results: list[Probe] = field(default_factory=list)

    @property
    def total(self):
        return len(self.results)

    def answered(self, within):
        """Probes answered 200 in under `within` seconds."""
        return sum(1 for p in self.results if p.status == 200 and p.seconds < within)

    @property
    def worst(self):
        return max((p.seconds for p in self.results), default=0.0)

    def failures(self, within):
        return [p for p in self.results if not (p.status == 200 and p.seconds < within)]

    def summary(self, within):
        text = (
            f"{self.answered(within)} of {self.total} probes answered 200 in under {within:g} s, "
            f"worst {self.worst:.3f} s"
        )
        unanswered = [p for p in self.results if p.status is None]
        if unanswered:
            text += (
                f" ({len(unanswered)} unanswered: {unanswered[0].error}, gave up after the timeout)"
            )
        return text


def probe(port, *, seconds, interval=0.5, timeout=5.0, paths=("/", "/healthz"), until=None):
    """GET `paths` in turn every `interval` seconds for `seconds`, each on a new connection.

    A probe that waits longer than `timeout` counts as unanswered, with the time waited.
    `until`, a callable, ends the probing early once it returns true.
    """
    probes = Probes()
    deadline = time.monotonic() + seconds
    next_at = time.monotonic()
    index = 0
    while time.monotonic() < deadline and not (until and until()):
        path = paths[index % len(paths)]
        index += 1
        started = time.monotonic()
        try:
            status, _, _ = get(port, path, timeout=timeout)
            probes.results.append(Probe(path, status, time.monotonic() - started))
        except (OSError, http.client.HTTPException) as error:
            probes.results.append(
                Probe(path, None, time.monotonic() - started, type(error).__name__)
            )
        next_at += interval
        time.sleep(max(0.0, next_at - time.monotonic()))
    return probes


class SlowClients:
    """`count` connections that each send a request's headers one byte a second, never all.

    A connection the server closes is opened again at once, so `count` are open all the
    time; `cut` keeps how long each closed one had lasted. One thread drives all of them,
    until stop() or `max_seconds`.
    """

    HEADERS = b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: slow-client\r\nX-Slow: " + (
        b"a" * 500
    )

    def __init__(self, port, count, *, max_seconds=120):
        self.address = ("127.0.0.1", port)
        self.count = count
        self.max_seconds = max_seconds
        self.opened = 0
        self.connect_failures = 0
        self.cut = []  # seconds each server-closed connection had lasted
        self.fewest_open = None  # after the first round
        self._open = {}  # socket -> (opened at, bytes sent)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _connect(self):
        try:
            sock = socket.create_connection(self.address, timeout=2)
        except OSError:
            self.connect_failures += 1
            return
        self.opened += 1
        self._open[sock] = (time.monotonic(), 0)

    def _close(self, sock, *, by_server):
        opened_at, _ = self._open.pop(sock)
        if by_server:
            self.cut.append(time.monotonic() - opened_at)
        with contextlib.suppress(OSError):
            sock.close()

    def _tick(self):
        # Anything to read (a 408, an end of file or a reset) means the server gave up on us.
        if self._open:
            readable, _, _ = select.select(list(self._open), [], [], 0)
            for sock in readable:
                self._close(sock, by_server=True)
        for sock, (opened_at, sent) in list(self._open.items()):
            if sent >= len(self.HEADERS):
                self._close(sock, by_server=False)
                continue
            try:
                sock.send(self.HEADERS[sent : sent + 1])
                self._open[sock] = (opened_at, sent + 1)
            except OSError:
                self._close(sock, by_server=True)
        while len(self._open) < self.count and not self._stop.is_set():
            before = self.opened
            self._connect()
            if self.opened == before:
                break

    def _run(self):
        deadline = time.monotonic() + self.max_seconds
        first = True
        while not self._stop.is_set() and time.monotonic() < deadline:
            self._tick()
            if not first:
                self.fewest_open = min(self.fewest_open or self.count, len(self._open))
            first = False
            self._stop.wait(1.0)

    def start(self):
        self._thread.start()
        return self

    def stop(self):
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=10)
        for sock in list(self._open):
            self._close(sock, by_server=False)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc_info):
        self.stop()


class UnfinishedPosts:
    """`count` POSTs that promise a body of `length` bytes and never send a byte of it.

    A thread watches them from open() on. `outcomes` holds, for each, how many seconds
    after its headers the server closed it and what it said first (b"" for a plain close,
    None for a reset); None for one still open.
    """

    def __init__(self, port, count, *, path="/bekymring/", length=5000, max_seconds=60):
        self.address = ("127.0.0.1", port)
        self.request = (
            f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            f"Content-Type: application/x-www-form-urlencoded\r\n"
            f"Content-Length: {length}\r\n\r\n"
        ).encode()
        self.count = count
        self.max_seconds = max_seconds
        self.outcomes: list[tuple[float, bytes | None] | None] = [None] * count
        self._sockets = []
        self._sent_at = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def open(self):
        for _ in range(self.count):
            sock = socket.create_connection(self.address, timeout=5)
            sock.sendall(self.request)
            self._sockets.append(sock)
            self._sent_at.append(time.monotonic())
        self._thread.start()
        return self

    def all_closed(self):
        return None not in self.outcomes

    def _watch(self):
        deadline = time.monotonic() + self.max_seconds
        while not self._stop.is_set() and time.monotonic() < deadline:
            waiting = [s for i, s in enumerate(self._sockets) if self.outcomes[i] is None]
            if not waiting:
                return
            readable, _, _ = select.select(waiting, [], [], 0.05)
            for sock in readable:
                index = self._sockets.index(sock)
                elapsed = time.monotonic() - self._sent_at[index]
                self.outcomes[index] = (elapsed, self._read_all(sock))

    @staticmethod
    def _read_all(sock):
        data = b""
        try:
            while chunk := sock.recv(65536):
                data += chunk
        except ConnectionResetError:
            return data or None
        except OSError:
            pass
        return data

    def close(self):
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=10)
        for sock in self._sockets:
            with contextlib.suppress(OSError):
                sock.close()

    def __enter__(self):
        try:
            return self.open()
        except BaseException:
            self.close()
            raise

    def __exit__(self, *exc_info):
        self.close()


def status_line(response):
    """`HTTP/1.1 408 Request Time-out` from raw response bytes; "reset" or "closed" without."""
    if response is None:
        return "reset"
    if not response:
        return "closed"
    return response.split(b"\r\n", 1)[0].decode(errors="replace")
