"""Plumbing that must behave the same in every Django service (STYLE.md, rule 4).

Business rules never live here; a service installs the apps it needs:

- `plumbing.outbox`: cross-service events written in the transaction that causes them and
  relayed to Celery after commit, and by beat for anything left behind.
- `plumbing.dependencies`: a database that is down answers 503 `dependency_unavailable`;
  readiness tells a broker outage (degraded) from a database outage (not ready).
"""
