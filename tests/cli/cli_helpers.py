"""Manifests and a runner shared by the ``railguard test`` tests."""

from __future__ import annotations

import io
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from webhook.cli import main

COMPLIANT_DEPLOYMENT = """\
# Source: chart/templates/deployment.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
  labels: {app: web}
spec:
  replicas: 3
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      securityContext: {runAsNonRoot: true, runAsUser: 10001}
      containers:
        - name: web
          image: registry.example/web:1.0
          env:
            - {name: LOG_LEVEL, value: info}
          resources:
            requests: {cpu: 100m, memory: 128Mi}
            limits: {cpu: 500m, memory: 256Mi}
          livenessProbe: {httpGet: {path: /healthz, port: 8080}}
          readinessProbe: {httpGet: {path: /ready, port: 8080}}
"""

ROOT_POD = """\
apiVersion: v1
kind: Pod
metadata:
  name: root-pod
  namespace: shop
spec:
  containers:
    - name: app
      image: registry.example/app:1.0
      securityContext: {runAsUser: 0}
      resources:
        limits: {cpu: 500m, memory: 256Mi}
      livenessProbe: {exec: {command: [true]}}
      readinessProbe: {exec: {command: [true]}}
"""

CONFIGMAP = """\
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  namespace: shop
data:
  LOG_LEVEL: info
"""


@dataclass
class Run:
    code: int
    out: str
    err: str


def run_cli(*args: str | Path, stdin: bytes = b"") -> Run:
    """``railguard ARGS`` in this process, with stdin/stdout/stderr captured."""
    saved = sys.stdin, sys.stdout, sys.stderr
    sys.stdin = io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8")
    out, err = io.TextIOWrapper(io.BytesIO(), encoding="utf-8"), io.StringIO()
    sys.stdout, sys.stderr = out, err
    try:
        code = main([str(a) for a in args])
    finally:
        sys.stdin, sys.stdout, sys.stderr = saved
    out.flush()
    return Run(code, out.buffer.getvalue().decode(), err.getvalue())  # type: ignore[attr-defined]


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text)
    return path


def document_chunks(text: str, name: str) -> Iterator[tuple[int, str]]:
    """(first line, text) of each document of a manifest file as the finding-line reader cuts it
    (``as_read`` text; a List's items share their document's text: once); none for a file that is
    not a manifest."""
    from webhook.cli import finding_lines as fl
    from webhook.documents import parse_text

    documents, _ = parse_text(text, name)  # never raises: a text that is no manifest gives errors, no documents
    starts, read = fl._LineStarts(text), 0
    for document in documents:
        if document.line == read:
            continue  # a List's next item: same text
        read = document.line
        chunk = starts.chunk(document.line)
        if chunk is not None:
            yield document.line, chunk
