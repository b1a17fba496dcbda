"""PostgreSQL as Django's backend, with a health check that costs no round trip.

With persistent connections and CONN_HEALTH_CHECKS, Django checks a reused connection at
the start of every request with `SELECT 1`: one more round trip on every request, about a
tenth of a hold's time on a busy machine (bench/holds/profiles). Between requests a healthy
connection is idle and the server sends it nothing, so nothing to read means alive; a server
that went away (a restart, a crash, a terminated backend) has left its end of the socket
readable (end of file or a last error message), and the connection is replaced before the
request uses it, as with `SELECT 1`. After an error in a request Django still asks the
server (is_usable), as before.

Use it as ENGINE "plumbing.postgresql".
"""

import select

from django.db.backends.postgresql import base
from psycopg import pq


class DatabaseWrapper(base.DatabaseWrapper):
    def _idle_and_open(self) -> bool:
        connection = self.connection
        if connection is None or connection.closed:
            return False
        pgconn = connection.pgconn
        if pgconn.status != pq.ConnStatus.OK:
            return False
        if pgconn.transaction_status != pq.TransactionStatus.IDLE:
            return False
        try:
            readable, _, _ = select.select([pgconn.socket], [], [], 0)
        except (OSError, ValueError):
            return False
        return not readable

    def close_if_health_check_failed(self) -> None:
        if self.connection is None or not self.health_check_enabled or self.health_check_done:
            return
        if not self._idle_and_open():
            self.close()
        self.health_check_done = True
