"""gunicorn settings for the SLT portal.

Sync workers, one per core. The pages are short, database-bound requests with no
streaming or long polling; sync workers measured faster than gthread for them. With
`make bench` on 2 cores (uncached home page, 32 connections, req/s):

    workers        2     3     4     5
    PostgreSQL   365   330   307   281
    SQLite       454   461   456   422

Each worker beyond one per core only adds a process (and a database backend) fighting
for the same cores. Measure again before changing WEB_CONCURRENCY on other hardware, e.g.
with the database on its own host.
"""

import multiprocessing
import os

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count()))
worker_class = "sync"
timeout = 30
graceful_timeout = 20
# No periodic worker restarts. At 2,000 requests (the old setting) each of four workers
# restarted every few seconds under load: the benchmark's static ceiling doubled (2,300 to
# 4,300 req/s) and p99s fell from hundreds of ms to single digits without it. RSS stays at
# about 72 MB per worker after the benchmark's ~380,000 requests: there is no leak to cap.
max_requests = 0
accesslog = "-"
# The access log records the path only, never the query string or body.
# No client address (%(h)s): beside "report submitted" it would name an anonymous sender.
access_log_format = '"%(m)s %(U)s" %(s)s %(B)s %(M)sms'
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# We never drive gunicorn through its control socket; without it two instances on one
# machine (two `make run`s on different ports) do not fight over one socket path.
control_socket_disable = True
