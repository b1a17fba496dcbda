"""Celery baseline shared by every service: JSON only, results ignored, late acks.

See https://docs.celeryq.dev/en/stable/userguide/tasks.html#tips-and-best-practices
"""

from dataclasses import asdict
from pathlib import Path
from typing import Any

BASELINE = {
    "task_serializer": "json",
    "result_serializer": "json",
    "accept_content": ["json"],
    "task_ignore_result": True,
    "task_acks_late": True,
    # A worker killed mid-task leaves the message on the queue for the next one.
    "task_reject_on_worker_lost": True,
    "worker_prefetch_multiplier": 1,
    "task_time_limit": 60,
    "task_soft_time_limit": 45,
    "broker_connection_retry_on_startup": True,
    "task_default_queue": "default",
    "enable_utc": True,
}


def broker_transport_options(broker_url: str, data_folder: str) -> dict[str, Any]:
    """Transport options for the configured broker.

    Without a broker server (the embedded default) kombu's filesystem transport
    passes messages through one folder shared by every process of the machine;
    its control folder goes there too, not into each process's working directory.
    """
    if broker_url.startswith("filesystem://"):
        control = Path(data_folder) / "control"
        control.mkdir(parents=True, exist_ok=True)
        return {
            "data_folder_in": data_folder,
            "data_folder_out": data_folder,
            "control_folder": str(control),
        }
    # Redis redelivers an unacked message after this many seconds; it must be
    # longer than the longest task (see Celery's Redis caveats).
    return {"visibility_timeout": 3600}


def payload_kwargs(payload: Any) -> dict[str, Any]:
    """A payload dataclass as the JSON kwargs of a task."""
    return asdict(payload)
