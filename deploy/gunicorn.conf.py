"""gunicorn's settings for booking and payments, wherever they run: deploy/stack.py (make run,
the tests and benchmarks), docker-compose.yml and the Kubernetes Deployments all start
`gunicorn -c deploy/gunicorn.conf.py config.wsgi` (deploy/processes.py). A command-line flag
(stack.py's --bind and --workers) overrides what is set here.
https://docs.gunicorn.org/en/stable/settings.html
"""

import os

# Containers listen on every interface; deploy/stack.py binds loopback ports itself.
bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "2"))
# Threads per worker; more than 1 makes gunicorn's worker class gthread. Sync by default, by
# bench/holds's figures (issue 12): once a hold waited on fewer round trips, 4 threads a
# worker gave the same contested holds/s as sync workers (339/s against 320/s in one sitting)
# with more than twice the p99 (282 ms against 111 ms); the machine's cores were the limit,
# not the waits. gevent (64 connections a worker, not a dependency) was worse still: 154
# holds/s, p99 508 ms and two 502s, psycopg not being cooperative without patching. Each
# thread may hold a database connection (workers x threads x instances).
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
# A request that takes longer is stuck (the gateway gives up at 35 s); its worker is replaced.
timeout = 30
graceful_timeout = 10
if os.environ.get("LOG_FORMAT") == "json":
    # One JSON object a line (docs/operations.md, Logs). The request's line is the service's
    # own (plumbing.logs.RequestLogMiddleware: route, status, duration, request id), so
    # gunicorn writes no access line: it was a second, plain-text line for every request, and
    # building it was a quarter of a bare request's CPU in the workers (bench/holds/profiles,
    # eighth step). gunicorn's own lines (start, workers, timeouts) are JSON as well.
    from gunicorn.glogging import Logger
    from plumbing.logs import logging_config

    class JsonLinesLogger(Logger):
        def access(self, resp, req, environ, request_time) -> None:
            return None

    logger_class = JsonLinesLogger
    # gunicorn.error had its own plain handler: it goes to the JSON one of the root instead.
    logconfig_dict = logging_config(
        log_format="json",
        level="INFO",
        loggers={"gunicorn.error": {"level": "INFO", "handlers": [], "propagate": True}},
    )
else:
    accesslog = "-"
    # The request id from the gateway goes on every access line.
    access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms rid=%({x-request-id}i)s'
