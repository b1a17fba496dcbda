"""For the services' tests of the outbox: a broker that is down."""

import socket

from celery import Celery


def dead_broker() -> Celery:
    """A Celery app whose Redis broker nobody listens on: what a service sees while Redis is
    down. Its waits are bounded as the services' own are (plumbing.broker)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed_port = sock.getsockname()[1]
    app = Celery("dead-broker")
    app.conf.update(
        broker_url=f"redis://127.0.0.1:{closed_port}/0",
        broker_connection_timeout=2,
        broker_transport_options={"socket_connect_timeout": 2, "socket_timeout": 5},
    )
    return app
