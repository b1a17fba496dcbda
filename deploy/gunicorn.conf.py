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
# A request that takes longer is stuck (the gateway gives up at 35 s); its worker is replaced.
timeout = 30
graceful_timeout = 10
accesslog = "-"
# The request id from the gateway goes on every access line.
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms rid=%({x-request-id}i)s'
