"""make manifests-check: every Kubernetes manifest and docker-compose.yml, validated.

1. deploy/k8s/base/ is what deploy/k8s/generate.py writes (so the gateway's ConfigMap is
   gateway/nginx.conf.template as committed, and the worker queues are contracts.queues).
2. The base and each overlay are rendered by a small kustomize subset (resources, namespace,
   images, strategic-merge patches: render.py). Where a `kubectl` is installed its own
   `kubectl kustomize` output must be the same objects; without one the Python rendering is
   what gets validated.
3. Every rendered object is validated with kubernetes-validate (strict: unknown fields are
   errors) against KUBERNETES_VERSION; KEDA's ScaledObjects against KEDA's own CRD schema
   (deploy/schemas/keda-scaledobject-v1alpha1.json).
4. What the platform relies on: each Celery queue is consumed by exactly one Deployment and
   scaled by that Deployment's ScaledObject on its own Redis list; beats are single replicas
   with Recreate and never autoscaled; every container has requests and limits; web
   Deployments have readiness and liveness probes on readyz and healthz; HPAs, PDBs,
   ScaledObjects and Services point at something that exists.
5. docker-compose.yml against the Compose Specification's JSON schema
   (deploy/schemas/compose-spec.json), and each of its platform processes running the command
   deploy/processes.py declares.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import kubernetes_validate
import yaml

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
SCHEMAS = REPO / "deploy" / "schemas"
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO / "services" / "contracts"))

import generate  # noqa: E402
import render  # noqa: E402
from contracts import queues  # noqa: E402
from processes import PROCESSES  # noqa: E402

KUBERNETES_VERSION = "1.33.0"
TREES = ["base", "overlays/development", "overlays/production"]


def canonical(objects: list[dict[str, Any]]) -> list[str]:
    return sorted(json.dumps(obj, sort_keys=True) for obj in objects)


def kubectl_render(tree: Path) -> list[dict[str, Any]] | None:
    kubectl = shutil.which("kubectl") if os.environ.get("MANIFESTS_NO_KUBECTL") != "1" else None
    if kubectl is None:
        return None
    done = subprocess.run(
        [kubectl, "kustomize", str(tree)], capture_output=True, text=True, timeout=120
    )
    if done.returncode != 0:
        raise SystemExit(f"kubectl kustomize {tree} failed:\n{done.stderr}")
    return [doc for doc in yaml.safe_load_all(done.stdout) if doc]


def validate_object(obj: dict[str, Any], keda: dict[str, Any]) -> None:
    if obj["apiVersion"].startswith("keda.sh/"):
        jsonschema.validate(obj, keda)
        return
    kubernetes_validate.validate(obj, KUBERNETES_VERSION, strict=True)


def key(obj: dict[str, Any]) -> tuple[str, str]:
    return obj["kind"], obj["metadata"]["name"]


def command_queues(container: dict[str, Any]) -> list[str]:
    command = container.get("command") or []
    if "worker" not in command or "-Q" not in command:
        return []
    return command[command.index("-Q") + 1].split(",")


def containers(obj: dict[str, Any]) -> list[dict[str, Any]]:
    pod = obj["spec"]["template"]["spec"]
    return [*pod.get("initContainers", []), *pod["containers"]]


def check_platform(objects: list[dict[str, Any]], where: str) -> list[str]:
    problems: list[str] = []
    by_key = {key(obj): obj for obj in objects}
    deployments = [obj for obj in objects if obj["kind"] == "Deployment"]
    workloads = [obj for obj in objects if obj["kind"] in ("Deployment", "StatefulSet", "Job")]
    scaled = {
        obj["spec"]["scaleTargetRef"]["name"]: obj
        for obj in objects
        if obj["kind"] == "ScaledObject"
    }
    hpas = {
        obj["spec"]["scaleTargetRef"]["name"]
        for obj in objects
        if obj["kind"] == "HorizontalPodAutoscaler"
    }

    # Each queue: exactly one consuming Deployment, scaled on that queue's Redis list.
    all_queues = {
        value for name, value in vars(queues).items() if name.isupper() and isinstance(value, str)
    }
    consumers: dict[str, list[str]] = {queue: [] for queue in all_queues}
    for obj in deployments:
        for container in obj["spec"]["template"]["spec"]["containers"]:
            for queue in command_queues(container):
                consumers.setdefault(queue, []).append(obj["metadata"]["name"])
                triggers = (
                    scaled.get(obj["metadata"]["name"], {}).get("spec", {}).get("triggers", [])
                )
                lists = {t["metadata"].get("listName") for t in triggers if t["type"] == "redis"}
                if queue not in lists:
                    problems.append(
                        f"{where}: {obj['metadata']['name']} consumes {queue} but no KEDA "
                        "redis trigger watches that list"
                    )
    for queue, names in consumers.items():
        if len(names) != 1:
            problems.append(f"{where}: queue {queue} is consumed by {names or 'no Deployment'}")

    for obj in deployments:
        name = obj["metadata"]["name"]
        spec = obj["spec"]
        if name.endswith("-beat"):
            if spec.get("replicas") != 1 or spec.get("strategy", {}).get("type") != "Recreate":
                problems.append(f"{where}: {name} must be one replica with strategy Recreate")
            if name in hpas or name in scaled:
                problems.append(f"{where}: {name} must never be autoscaled")
        if name in ("booking", "payments"):
            (web,) = spec["template"]["spec"]["containers"]
            for probe, path in (("readinessProbe", "readyz"), ("livenessProbe", "healthz")):
                got = web.get(probe, {}).get("httpGet", {}).get("path")
                if got != f"/api/{name}/{path}":
                    problems.append(f"{where}: {name} {probe} is {got}, not /api/{name}/{path}")
            if name not in hpas:
                problems.append(f"{where}: {name} has no HorizontalPodAutoscaler")
    for obj in workloads:
        for container in containers(obj):
            res = container.get("resources", {})
            if not {"cpu", "memory"} <= set(res.get("requests", {})) or not {
                "cpu",
                "memory",
            } <= set(res.get("limits", {})):
                problems.append(
                    f"{where}: {key(obj)} container {container['name']} lacks requests/limits"
                )
    for obj in objects:
        if obj["kind"] in ("HorizontalPodAutoscaler", "ScaledObject"):
            target = obj["spec"]["scaleTargetRef"]["name"]
            if ("Deployment", target) not in by_key:
                problems.append(f"{where}: {key(obj)} targets missing Deployment {target}")
        if obj["kind"] in ("PodDisruptionBudget", "Service"):
            wanted = (
                obj["spec"]["selector"]["matchLabels"]
                if obj["kind"] == "PodDisruptionBudget"
                else obj["spec"]["selector"]
            )
            matched = [
                w
                for w in workloads
                if wanted.items() <= w["spec"]["template"]["metadata"]["labels"].items()
            ]
            if not matched:
                problems.append(f"{where}: {key(obj)} selects no pods")
    return problems


def check_compose() -> list[str]:
    schema = json.loads((SCHEMAS / "compose-spec.json").read_text())
    compose = yaml.safe_load((REPO / "docker-compose.yml").read_text())
    validator = jsonschema.Draft7Validator(schema)
    problems = [
        f"docker-compose.yml: {'/'.join(map(str, error.absolute_path))}: {error.message}"
        for error in validator.iter_errors(compose)
    ]
    # Each process runs what deploy/processes.py declares, in its service's folder.
    for name, process in PROCESSES.items():
        service = compose.get("services", {}).get(name)
        if service is None:
            problems.append(f"docker-compose.yml: no service {name} (deploy/processes.py)")
            continue
        wanted = generate.command(process, root="/app")
        if service.get("command") != wanted:
            problems.append(
                f"docker-compose.yml: {name} runs {service.get('command')}, not {wanted}"
            )
        if service.get("working_dir") != f"/app/services/{process.service}":
            problems.append(
                f"docker-compose.yml: {name} must work in /app/services/{process.service}"
            )
    return problems


def main() -> int:
    problems: list[str] = []
    stale = [
        name
        for name, text in generate.render().items()
        if not (HERE / "base" / name).exists() or (HERE / "base" / name).read_text() != text
    ]
    problems += [
        f"deploy/k8s/base/{n} is stale: run .venv/bin/python deploy/k8s/generate.py" for n in stale
    ]
    keda = json.loads((SCHEMAS / "keda-scaledobject-v1alpha1.json").read_text())
    counted = 0
    used_kubectl = False
    for tree in TREES:
        path = HERE / tree
        objects = render.render(path)
        theirs = kubectl_render(path)
        if theirs is not None:
            used_kubectl = True
            if canonical(objects) != canonical(theirs):
                problems.append(f"{tree}: render.py and kubectl kustomize disagree")
        for obj in objects:
            try:
                validate_object(obj, keda)
            except (
                kubernetes_validate.ValidationError,
                kubernetes_validate.SchemaNotFoundError,
                jsonschema.ValidationError,
            ) as error:
                problems.append(f"{tree}: {key(obj)}: {error}")
            counted += 1
        problems += check_platform(objects, tree)
    problems += check_compose()
    for problem in problems:
        print(problem)
    renderer = "render.py = kubectl kustomize" if used_kubectl else "render.py (no kubectl)"
    print(
        f"manifests-check: {counted} objects in {len(TREES)} trees ({renderer}, Kubernetes "
        f"{KUBERNETES_VERSION}, strict) and docker-compose.yml: "
        f"{'FAILED, ' + str(len(problems)) + ' problems' if problems else 'all valid'}"
    )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
