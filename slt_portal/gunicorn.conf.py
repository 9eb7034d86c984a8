"""gunicorn settings for the SLT portal.

Sync workers: the pages are short, database-bound requests with no streaming or
long polling, and on the 2-core machines we run on sync workers have measured
faster than gthread for that kind of page. Two workers per core is the usual
start; set WEB_CONCURRENCY to change it after measuring.
"""

import multiprocessing
import os

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2))
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
access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# We never drive gunicorn through its control socket; without it two instances on one
# machine (two `make run`s on different ports) do not fight over one socket path.
control_socket_disable = True
