"""The subset of kustomize that deploy/k8s uses, in Python, for machines without kubectl.

Supports a kustomization's `resources` (files, or folders with their own kustomization),
`namespace`, `images` (newName/newTag) and `patches` given by `path` holding strategic-merge
patches (one or more YAML documents, each matched by kind and name). Lists merge by the keys
Kubernetes declares for them (containers, env, volumes by name; volumeMounts by mountPath;
ports by containerPort); any other list is replaced, as kustomize does. Anything else in a
kustomization is refused rather than ignored.

    .venv/bin/python deploy/k8s/render.py deploy/k8s/overlays/production > rendered.yaml
"""

from __future__ import annotations

import copy
import sys
from pathlib import Path
from typing import Any

import yaml

SUPPORTED = {"apiVersion", "kind", "resources", "namespace", "images", "patches"}
MERGE_KEYS = {
    "containers": "name",
    "initContainers": "name",
    "env": "name",
    "volumes": "name",
    "imagePullSecrets": "name",
    "volumeMounts": "mountPath",
    "ports": "containerPort",
}


def load_documents(path: Path) -> list[dict[str, Any]]:
    return [doc for doc in yaml.safe_load_all(path.read_text()) if doc]


def merge(base: Any, patch: Any, field: str | None = None) -> Any:
    if isinstance(base, dict) and isinstance(patch, dict):
        out = dict(base)
        for name, value in patch.items():
            if value is None:
                out.pop(name, None)
            elif name in out:
                out[name] = merge(out[name], value, name)
            else:
                out[name] = copy.deepcopy(value)
        return out
    merge_key = MERGE_KEYS.get(field or "")
    if isinstance(base, list) and isinstance(patch, list) and merge_key:
        out = [copy.deepcopy(item) for item in base]
        for item in patch:
            match = next(
                (i for i, b in enumerate(out) if b.get(merge_key) == item[merge_key]), None
            )
            if match is None:
                out.append(copy.deepcopy(item))
            else:
                out[match] = merge(out[match], item)
        return out
    return copy.deepcopy(patch)


def set_images(obj: Any, images: list[dict[str, str]]) -> None:
    if isinstance(obj, dict):
        for name, value in obj.items():
            if name == "image" and isinstance(value, str):
                for rule in images:
                    bare = value.split("@")[0].rsplit(":", 1)[0] if ":" in value else value
                    if bare == rule["name"]:
                        tag = rule.get("newTag") or (
                            value.rsplit(":", 1)[1] if ":" in value else ""
                        )
                        obj[name] = rule.get("newName", bare) + (f":{tag}" if tag else "")
            else:
                set_images(value, images)
    elif isinstance(obj, list):
        for item in obj:
            set_images(item, images)


def render(folder: Path) -> list[dict[str, Any]]:
    kustomization = yaml.safe_load((folder / "kustomization.yaml").read_text())
    unknown = set(kustomization) - SUPPORTED
    if unknown:
        raise SystemExit(f"{folder}: render.py does not support {sorted(unknown)}")
    objects: list[dict[str, Any]] = []
    for entry in kustomization.get("resources", []):
        path = (folder / entry).resolve()
        objects += render(path) if path.is_dir() else load_documents(path)
    for entry in kustomization.get("patches", []):
        if set(entry) != {"path"}:
            raise SystemExit(f"{folder}: only `patches: - path:` is supported")
        for patch in load_documents(folder / entry["path"]):
            wanted = (patch["kind"], patch["metadata"]["name"])
            targets = [
                i for i, o in enumerate(objects) if (o["kind"], o["metadata"]["name"]) == wanted
            ]
            if len(targets) != 1:
                raise SystemExit(f"{folder}: patch {wanted} matches {len(targets)} objects")
            objects[targets[0]] = merge(objects[targets[0]], patch)
    if "images" in kustomization:
        for obj in objects:
            set_images(obj, kustomization["images"])
    if "namespace" in kustomization:
        for obj in objects:
            obj["metadata"]["namespace"] = kustomization["namespace"]
    return objects


if __name__ == "__main__":
    sys.stdout.write(yaml.safe_dump_all(render(Path(sys.argv[1])), sort_keys=False))
