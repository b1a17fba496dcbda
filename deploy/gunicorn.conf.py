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
# Threads per worker; more than 1 makes gunicorn's worker class gthread. A hold or a slots
# read mostly waits on PostgreSQL and Redis round trips, and threads overlap those waits:
# bench/holds measured 4 threads a worker at 1.8 to 4.2 times the contested holds/s of sync
# workers in neighbouring runs (issue 12). Each thread may hold a database connection, so
# raise it where the PostgreSQL connection budget allows (workers x threads x instances).
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
# A request that takes longer is stuck (the gateway gives up at 35 s); its worker is replaced.
timeout = 30
graceful_timeout = 10
accesslog = "-"
# The request id from the gateway goes on every access line.
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms rid=%({x-request-id}i)s'
