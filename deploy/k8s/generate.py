"""Writes the plain Kubernetes manifests of deploy/k8s/base/ (the kustomize base).

The base is generated, then committed, so that every process kind is declared once here, with
the same commands and queues as deploy/stack.py and docker-compose.yml, and the gateway's
ConfigMap holds exactly gateway/nginx.conf.template (kustomize refuses files outside its own
folder). `make manifests-check` fails when a committed file differs from what this writes:

    .venv/bin/python deploy/k8s/generate.py          # rewrite deploy/k8s/base/
    .venv/bin/python deploy/k8s/generate.py --check  # exit 1 when base/ is stale
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
BASE = HERE / "base"
sys.path.insert(0, str(REPO / "deploy"))

from processes import BEAT, PROCESSES, STREAM, STREAM_PORT, WORKER, Process, command  # noqa: E402

IMAGE = "booking-platform:latest"
GATEWAY_IMAGE = "nginx:1.27"
PART_OF = "booking-platform"
UID = 10001  # the image's unprivileged user (deploy/Dockerfile)
# The web processes answer their probes and the gateway under these names; production's
# ALLOWED_HOSTS must list them beside the public host (see docs/operations.md).
WEB_PORT = 8000
WORKER_METRICS_PORT = 9100

# Secrets the operator creates (the development overlay ships throwaway values).
SECRET = "platform-secrets"
CONFIG = "platform-env"

# service -> the Secret keys that become its DATABASE_URL and DJANGO_SECRET_KEY
SERVICES = {
    "booking": ("BOOKING_DATABASE_URL", "BOOKING_SECRET_KEY"),
    "notifications": ("NOTIFICATIONS_DATABASE_URL", "NOTIFICATIONS_SECRET_KEY"),
    "payments": ("PAYMENTS_DATABASE_URL", "PAYMENTS_SECRET_KEY"),
}
SHARED_SECRET_KEYS = ("REDIS_URL", "PLATFORM_TOKEN", "PAYMENT_ORDER_SECRET")
PAYMENTS_SECRET_KEYS = ("STRIPE_SECRET_KEY", "STRIPE_PUBLISHABLE_KEY", "STRIPE_WEBHOOK_SECRET")


# The most replicas KEDA may run of each worker Deployment (deploy/processes.py names them).
MAX_REPLICAS = {
    "booking-worker": 6,
    "notifications-urgent": 10,
    "notifications-bulk": 20,
    "notifications-enterprise": 10,
    "payments-worker": 6,
    "webhooks-worker": 6,
}
# What payments' beat remembers of its last runs (an emptyDir).
BEAT_STATE_DIR = "/var/lib/platform"


def process_command(process: Process) -> list[str]:
    return command(process, root="/app", state_dir=BEAT_STATE_DIR)


def of_kind(kind: str) -> list[Process]:
    return [process for process in PROCESSES.values() if process.kind == kind]


def labels(name: str, component: str) -> dict[str, str]:
    return {
        "app.kubernetes.io/name": name,
        "app.kubernetes.io/component": component,
        "app.kubernetes.io/part-of": PART_OF,
    }


def selector(name: str) -> dict[str, str]:
    return {"app.kubernetes.io/name": name}


def meta(name: str, component: str) -> dict[str, Any]:
    return {"name": name, "labels": labels(name, component)}


def service_env(service: str) -> list[dict[str, Any]]:
    database_key, secret_key = SERVICES[service]
    keys = [("DATABASE_URL", database_key), ("DJANGO_SECRET_KEY", secret_key)]
    keys += [(key, key) for key in SHARED_SECRET_KEYS]
    if service == "payments":
        keys += [(key, key) for key in PAYMENTS_SECRET_KEYS]
    return [
        {"name": name, "valueFrom": {"secretKeyRef": {"name": SECRET, "key": key}}}
        for name, key in keys
    ]


def resources(cpu: str, memory: str, cpu_limit: str, memory_limit: str) -> dict[str, Any]:
    return {
        "requests": {"cpu": cpu, "memory": memory},
        "limits": {"cpu": cpu_limit, "memory": memory_limit},
    }


CONTAINER_SECURITY = {
    "allowPrivilegeEscalation": False,
    "readOnlyRootFilesystem": True,
    "capabilities": {"drop": ["ALL"]},
}


def python_container(
    name: str, service: str, command: list[str], res: dict[str, Any]
) -> dict[str, Any]:
    return {
        "name": name,
        "image": IMAGE,
        "command": command,
        "workingDir": f"/app/services/{service}",
        "envFrom": [{"configMapRef": {"name": CONFIG}}],
        "env": service_env(service),
        "resources": res,
        "securityContext": CONTAINER_SECURITY,
        "volumeMounts": [
            {"name": "var", "mountPath": "/var/lib/platform"},
            {"name": "tmp", "mountPath": "/tmp"},
        ],
    }


def wait_for_migrations(service: str) -> dict[str, Any]:
    """An init container that holds the pod until the migrations Job has run: new code never
    starts against an older schema (expand first, see docs/operations.md)."""
    container = python_container(
        "wait-for-migrations",
        service,
        ["sh", "-c", "until python manage.py migrate --check >/dev/null; do sleep 5; done"],
        resources("50m", "128Mi", "500m", "256Mi"),
    )
    return container


def pod_spec(
    service: str, containers: list[dict[str, Any]], *, wait: bool = True
) -> dict[str, Any]:
    spec: dict[str, Any] = {
        # Service links would add variables such as REDIS_PORT=tcp://... to the environment.
        "enableServiceLinks": False,
        "automountServiceAccountToken": False,
        "securityContext": {
            "runAsNonRoot": True,
            "runAsUser": UID,
            "runAsGroup": UID,
            "fsGroup": UID,
            "seccompProfile": {"type": "RuntimeDefault"},
        },
        "terminationGracePeriodSeconds": 30,
    }
    if wait:
        spec["initContainers"] = [wait_for_migrations(service)]
    spec["containers"] = containers
    spec["volumes"] = [{"name": "var", "emptyDir": {}}, {"name": "tmp", "emptyDir": {}}]
    return spec


def deployment(
    name: str,
    component: str,
    replicas: int,
    pod: dict[str, Any],
    *,
    recreate: bool = False,
) -> dict[str, Any]:
    strategy: dict[str, Any] = (
        {"type": "Recreate"}
        if recreate
        else {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": 1, "maxUnavailable": 0}}
    )
    return {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": meta(name, component),
        "spec": {
            "replicas": replicas,
            "revisionHistoryLimit": 5,
            "strategy": strategy,
            "selector": {"matchLabels": selector(name)},
            "template": {"metadata": {"labels": labels(name, component)}, "spec": pod},
        },
    }


def service_object(name: str, component: str, ports: list[tuple[str, int]]) -> dict[str, Any]:
    return {
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": meta(name, component),
        "spec": {
            "selector": selector(name),
            "ports": [
                {"name": port_name, "port": port, "targetPort": port_name, "protocol": "TCP"}
                for port_name, port in ports
            ],
        },
    }


def pdb(name: str, component: str, **budget: Any) -> dict[str, Any]:
    return {
        "apiVersion": "policy/v1",
        "kind": "PodDisruptionBudget",
        "metadata": meta(name, component),
        "spec": {"selector": {"matchLabels": selector(name)}, **budget},
    }


def hpa(name: str) -> dict[str, Any]:
    return {
        "apiVersion": "autoscaling/v2",
        "kind": "HorizontalPodAutoscaler",
        "metadata": meta(name, "web"),
        "spec": {
            "scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": name},
            "minReplicas": 2,
            "maxReplicas": 10,
            "metrics": [
                {
                    "type": "Resource",
                    "resource": {
                        "name": "cpu",
                        "target": {"type": "Utilization", "averageUtilization": 70},
                    },
                }
            ],
            # Scale down slowly: a booking burst often comes back.
            "behavior": {"scaleDown": {"stabilizationWindowSeconds": 300}},
        },
    }


def web(service: str) -> list[dict[str, Any]]:
    # gunicorn's workers add up their metrics in one folder, emptied at each container start
    # (plumbing.metrics); GET /metrics answers on the http port.
    command = ["sh", "-c", 'rm -rf "$PROMETHEUS_MULTIPROC_DIR" && mkdir -p "$PROMETHEUS_MULTIPROC_DIR" '
               '&& exec "$0" "$@"', *process_command(PROCESSES[service])]  # fmt: skip
    container = python_container(
        service, service, command, resources("250m", "256Mi", "1", "512Mi")
    )
    container["env"] = [
        *container["env"],
        {"name": "PROMETHEUS_MULTIPROC_DIR", "value": "/tmp/metrics"},
    ]
    container["ports"] = [{"name": "http", "containerPort": WEB_PORT, "protocol": "TCP"}]

    def probe(path: str, period: int, failures: int) -> dict[str, Any]:
        return {
            "httpGet": {
                "path": f"/api/{service}/{path}",
                "port": "http",
                # Production's ALLOWED_HOSTS lists the Service name.
                "httpHeaders": [{"name": "Host", "value": service}],
            },
            "periodSeconds": period,
            "timeoutSeconds": 3,
            "failureThreshold": failures,
        }

    # readyz answers 503 while the database is unreachable (the pod leaves the Service) and
    # 200 "degraded" while only the broker is (bookings go on through the outbox).
    container["readinessProbe"] = probe("readyz", 5, 2)
    # healthz only says the process answers: a database outage must not restart every pod.
    container["livenessProbe"] = probe("healthz", 10, 6)
    container["startupProbe"] = probe("healthz", 2, 30)
    return [
        deployment(service, "web", 2, pod_spec(service, [container])),
        service_object(service, "web", [("http", WEB_PORT)]),
        pdb(service, "web", minAvailable=1),
        hpa(service),
    ]


def workers() -> list[dict[str, Any]]:
    objects: list[dict[str, Any]] = []
    for process in of_kind(WORKER):
        name, service = process.name, process.service
        container = python_container(
            name, service, process_command(process), resources("100m", "192Mi", "500m", "384Mi")
        )
        container["ports"] = [
            {"name": "metrics", "containerPort": WORKER_METRICS_PORT, "protocol": "TCP"}
        ]
        # A worker sends no Celery heartbeats (no gossip) and must survive a broker outage,
        # so its probe is the metrics port its pool child serves (plumbing.metrics).
        container["env"] = [
            *container["env"],
            {"name": "METRICS_PORT", "value": str(WORKER_METRICS_PORT)},
        ]
        container["livenessProbe"] = {
            "tcpSocket": {"port": "metrics"},
            "initialDelaySeconds": 30,
            "periodSeconds": 20,
            "failureThreshold": 6,
        }
        pod = pod_spec(service, [container])
        # Long enough for a task to finish (task_time_limit 60 s) after SIGTERM.
        pod["terminationGracePeriodSeconds"] = 75
        objects.append(deployment(name, "worker", 1, pod))
        objects.append(pdb(name, "worker", maxUnavailable=1))
        objects.append(scaled_object(name, list(process.queues), MAX_REPLICAS[name]))
    return objects


def scaled_object(name: str, queue_list: list[str], max_replicas: int) -> dict[str, Any]:
    """KEDA scales each worker Deployment on the length of its own Redis lists (Celery's Redis
    transport keeps each queue's waiting messages in a list named after the queue)."""
    return {
        "apiVersion": "keda.sh/v1alpha1",
        "kind": "ScaledObject",
        "metadata": meta(name, "worker"),
        "spec": {
            "scaleTargetRef": {"name": name},
            "minReplicaCount": 1,
            "maxReplicaCount": max_replicas,
            "pollingInterval": 10,
            "cooldownPeriod": 300,
            "triggers": [
                {
                    "type": "redis",
                    "metadata": {
                        # host:port and index from the target container's environment
                        # (platform-env), so the overlays move Redis in one place.
                        "addressFromEnv": "REDIS_ADDRESS",
                        "databaseIndex": "0",
                        "listName": queue,
                        # Messages waiting per worker replica before KEDA adds one.
                        "listLength": "20",
                    },
                }
                for queue in queue_list
            ],
        },
    }


def beats() -> list[dict[str, Any]]:
    objects = []
    for process in of_kind(BEAT):
        name, service = process.name, process.service
        container = python_container(
            name, service, process_command(process), resources("50m", "128Mi", "200m", "256Mi")
        )
        # Exactly one scheduler per service: one replica, and Recreate so that a rollout
        # stops the old one before the new one starts.
        objects.append(deployment(name, "beat", 1, pod_spec(service, [container]), recreate=True))
    return objects


def migrations() -> list[dict[str, Any]]:
    jobs = []
    for service in SERVICES:
        container = python_container(
            "migrate",
            service,
            ["python", "manage.py", "migrate", "--noinput"],
            resources("100m", "192Mi", "1", "512Mi"),
        )
        pod = pod_spec(service, [container], wait=False)
        pod["restartPolicy"] = "OnFailure"
        jobs.append(
            {
                "apiVersion": "batch/v1",
                "kind": "Job",
                "metadata": meta(f"{service}-migrate", "migrate"),
                "spec": {
                    "backoffLimit": 6,
                    # A Job's pod template is immutable: a finished Job disappears so that the
                    # next `kubectl apply` of a new image creates it again.
                    "ttlSecondsAfterFinished": 600,
                    "template": {
                        "metadata": {"labels": labels(f"{service}-migrate", "migrate")},
                        "spec": pod,
                    },
                },
            }
        )
    return jobs


GATEWAY_ENV = {
    "GATEWAY_LISTEN": "8080",
    "BOOKING_UPSTREAM": f"booking:{WEB_PORT}",
    "PAYMENTS_UPSTREAM": f"payments:{WEB_PORT}",
    "LIVE_UPSTREAM": f"booking-live:{STREAM_PORT}",
    "GATEWAY_ROOT": "/usr/share/nginx/gateway",
    "GATEWAY_RATE_HOLDS": "10r/s",
    "GATEWAY_BURST_HOLDS": "20",
    "GATEWAY_RATE_BOOKINGS": "5r/s",
    "GATEWAY_BURST_BOOKINGS": "10",
    "GATEWAY_RATE_VERIFY": "30r/m",
    "GATEWAY_BURST_VERIFY": "10",
    "GATEWAY_RATE_RESEND": "10r/m",
    "GATEWAY_BURST_RESEND": "5",
    "GATEWAY_READ_TIMEOUT": "35s",
    "GATEWAY_ACCESS_LOG": "/dev/stdout",
}


def gateway() -> list[dict[str, Any]]:
    template = (REPO / "gateway" / "nginx.conf.template").read_text()
    config_map = {
        "apiVersion": "v1",
        "kind": "ConfigMap",
        "metadata": meta("gateway-nginx", "gateway"),
        "data": {"default.conf.template": template},
    }
    nginx = {
        "name": "nginx",
        "image": GATEWAY_IMAGE,
        "env": [{"name": key, "value": value} for key, value in GATEWAY_ENV.items()],
        "ports": [{"name": "http", "containerPort": 8080, "protocol": "TCP"}],
        "resources": resources("50m", "64Mi", "500m", "128Mi"),
        "readinessProbe": {"tcpSocket": {"port": "http"}, "periodSeconds": 5},
        "livenessProbe": {"tcpSocket": {"port": "http"}, "periodSeconds": 10},
        "volumeMounts": [
            # The image renders /etc/nginx/templates/*.template into conf.d with envsubst.
            {"name": "template", "mountPath": "/etc/nginx/templates", "readOnly": True},
            {"name": "widget", "mountPath": "/usr/share/nginx/gateway", "readOnly": True},
        ],
    }
    # The widget's files come from the platform image, so one image tag pins both.
    copy_widget = {
        "name": "widget",
        "image": IMAGE,
        "command": ["sh", "-c", "cp -R /app/gateway/widget /gateway/"],
        "resources": resources("10m", "32Mi", "200m", "64Mi"),
        "securityContext": CONTAINER_SECURITY,
        "volumeMounts": [{"name": "widget", "mountPath": "/gateway"}],
    }
    pod = {
        "enableServiceLinks": False,
        "automountServiceAccountToken": False,
        "initContainers": [copy_widget],
        "containers": [nginx],
        "volumes": [
            {"name": "template", "configMap": {"name": "gateway-nginx"}},
            {"name": "widget", "emptyDir": {}},
        ],
    }
    return [
        config_map,
        deployment("gateway", "gateway", 2, pod),
        service_object("gateway", "gateway", [("http", 8080)]),
        pdb("gateway", "gateway", minAvailable=1),
        {
            "apiVersion": "networking.k8s.io/v1",
            "kind": "Ingress",
            "metadata": meta("gateway", "gateway"),
            "spec": {
                "ingressClassName": "nginx",
                "rules": [
                    {
                        "host": "booking.example.com",
                        "http": {
                            "paths": [
                                {
                                    "path": "/",
                                    "pathType": "Prefix",
                                    "backend": {
                                        "service": {"name": "gateway", "port": {"name": "http"}}
                                    },
                                }
                            ]
                        },
                    }
                ],
            },
        },
        live_ingress(),
    ]


def live_ingress() -> dict[str, Any]:
    """The live availability streams' route: the same gateway, but ingress-nginx must not
    buffer the events nor close a quiet stream (the stream sends a comment every 15 s)."""
    return {
        "apiVersion": "networking.k8s.io/v1",
        "kind": "Ingress",
        "metadata": {
            **meta("gateway-live", "gateway"),
            "annotations": {
                "nginx.ingress.kubernetes.io/proxy-buffering": "off",
                "nginx.ingress.kubernetes.io/proxy-read-timeout": "3600",
                "nginx.ingress.kubernetes.io/proxy-send-timeout": "3600",
            },
        },
        "spec": {
            "ingressClassName": "nginx",
            "rules": [
                {
                    "host": "booking.example.com",
                    "http": {
                        "paths": [
                            {
                                "path": "/api/booking/v1/live",
                                "pathType": "Prefix",
                                "backend": {
                                    "service": {"name": "gateway", "port": {"name": "http"}}
                                },
                            }
                        ]
                    },
                }
            ],
        },
    }


def streams() -> list[dict[str, Any]]:
    """The live availability stream processes (services/booking/live): no database, only
    Redis, so no wait for migrations. The gateway reaches them through their Service."""
    objects: list[dict[str, Any]] = []
    for process in of_kind(STREAM):
        name, service = process.name, process.service
        container = python_container(
            name, service, process_command(process), resources("100m", "128Mi", "1", "512Mi")
        )
        container["ports"] = [{"name": "http", "containerPort": STREAM_PORT, "protocol": "TCP"}]
        probe = {"httpGet": {"path": "/api/booking/live/healthz", "port": "http"}}
        container["readinessProbe"] = {**probe, "periodSeconds": 5, "timeoutSeconds": 3}
        container["livenessProbe"] = {**probe, "periodSeconds": 10, "failureThreshold": 6}
        objects += [
            deployment(name, "stream", 2, pod_spec(service, [container], wait=False)),
            service_object(name, "stream", [("http", STREAM_PORT)]),
            pdb(name, "stream", minAvailable=1),
        ]
    return objects


def config() -> list[dict[str, Any]]:
    return [
        {
            "apiVersion": "v1",
            "kind": "ConfigMap",
            "metadata": meta(CONFIG, "config"),
            "data": {
                "DJANGO_ENV": "production",
                "LOG_LEVEL": "INFO",
                # One JSON line per request and per task, with the request id (plumbing.logs).
                "LOG_FORMAT": "json",
                # The public host and the Service names the probes and the gateway use.
                "ALLOWED_HOSTS": "booking.example.com,booking,payments",
                "PUBLIC_BASE_URL": "https://booking.example.com",
                "VAR_DIR": "/var/lib/platform",
                "PYTHONUNBUFFERED": "1",
                "EMAIL_HOST": "smtp.example.com",
                "EMAIL_PORT": "587",
                "EMAIL_USE_TLS": "1",
                "DEFAULT_FROM_EMAIL": "Bookings <bookings@example.com>",
                # KEDA's redis triggers read this from the workers' environment.
                "REDIS_ADDRESS": "redis:6379",
                "STRIPE_API_BASE": "",
                "STRIPE_JS_URL": "",
                # The gateway's pods forward the client's address from the cluster network;
                # narrow this to the pod CIDR (and keep other pods off the services with a
                # NetworkPolicy) so nothing else can claim an address.
                "TRUSTED_PROXIES": "10.0.0.0/8,172.16.0.0/12,192.168.0.0/16",
            },
        }
    ]


FILES = {
    "config.yaml": config,
    "migrations.yaml": migrations,
    "booking.yaml": lambda: web("booking"),
    "payments.yaml": lambda: web("payments"),
    "workers.yaml": workers,
    "beats.yaml": beats,
    "gateway.yaml": gateway,
    "live.yaml": streams,
}

HEADER = "# Generated by deploy/k8s/generate.py: edit that file, not this one.\n"


def render() -> dict[str, str]:
    out = {}
    for filename, make in FILES.items():
        documents = make()
        out[filename] = HEADER + yaml.safe_dump_all(
            documents, sort_keys=False, default_flow_style=False, width=100
        )
    out["kustomization.yaml"] = HEADER + yaml.safe_dump(
        {
            "apiVersion": "kustomize.config.k8s.io/v1beta1",
            "kind": "Kustomization",
            "resources": list(FILES),
        },
        sort_keys=False,
    )
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if base/ is stale")
    args = parser.parse_args()
    files = render()
    stale = [name for name, text in files.items() if _read(BASE / name) != text]
    if args.check:
        for name in stale:
            print(f"deploy/k8s/base/{name} is stale: run .venv/bin/python deploy/k8s/generate.py")
        return 1 if stale else 0
    BASE.mkdir(exist_ok=True)
    for name, text in files.items():
        (BASE / name).write_text(text)
    print(f"wrote {len(files)} files to {BASE.relative_to(REPO)}")
    return 0


def _read(path: Path) -> str | None:
    return path.read_text() if path.exists() else None


if __name__ == "__main__":
    sys.exit(main())
