"""Where each workload kind keeps its pod spec, and how to walk its containers.

Kinds are matched by ``kind`` alone: the pod spec sits at the same place in every API version
(``apps/v1``, ``extensions/v1beta1``, ``batch/v1beta1``...). The exception is a kind name that
another API group also uses for something else: Knative's ``Service`` is no core ``Service``, so
it is known by its group-qualified name, ``Service.serving.knative.dev`` (``object_kind``), in this
table, in ``match.kinds`` and in messages. A kind missing from the table has no pod spec, so pod
policies simply do not apply to it.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from webhook.errors import ConfigError
from webhook.files import read_bounded
from webhook.types import WARNING_LIMIT, Obj

POD_SPEC_PATHS: dict[str, tuple[str, ...]] = {
    "Pod": ("spec",),
    "Deployment": ("spec", "template", "spec"),
    "ReplicaSet": ("spec", "template", "spec"),
    "StatefulSet": ("spec", "template", "spec"),
    "DaemonSet": ("spec", "template", "spec"),
    "ReplicationController": ("spec", "template", "spec"),
    "Job": ("spec", "template", "spec"),
    "CronJob": ("spec", "jobTemplate", "spec", "template", "spec"),
    "PodTemplate": ("template", "spec"),  # core v1: the template sits at the top, beside metadata
    "DeploymentConfig": ("spec", "template", "spec"),  # OpenShift apps.openshift.io/v1
    "Rollout": ("spec", "template", "spec"),  # Argo Rollouts argoproj.io/v1alpha1 (absent with workloadRef)
    # Knative Serving: a Service's or a Configuration's template becomes each new Revision and its pods
    "Service.serving.knative.dev": ("spec", "template", "spec"),
    "Configuration.serving.knative.dev": ("spec", "template", "spec"),
}
"""kind -> keys leading from the object to its pod spec. Besides the core workloads, the two
controllers that linters (kube-linter, checkov, kubescape) treat as Deployments: their pods come
from the same template, so pod policies judge it; and Knative Serving's Service and Configuration,
whose template every Revision copies. Not Knative's Revision: its controller writes it from the
Configuration (judged already) and runs its pods through a Deployment (judged on its own)."""

KNATIVE_SERVING = "serving.knative.dev"

_GROUP_KINDS: dict[str, dict[str, str]] = {
    "Service": {KNATIVE_SERVING: f"Service.{KNATIVE_SERVING}"},
    "Configuration": {KNATIVE_SERVING: f"Configuration.{KNATIVE_SERVING}"},
}
"""kind -> API group -> the name the table knows it by, for kinds whose plain name is ambiguous."""
QUALIFIED_KINDS: frozenset[str] = frozenset(name for groups in _GROUP_KINDS.values() for name in groups.values())


def qualified_kind(kind: str, api_version: object) -> str:
    """``kind`` as the table and policies know it: group-qualified where the plain name is ambiguous
    (``Service`` of ``serving.knative.dev/v1`` -> ``Service.serving.knative.dev``), else unchanged."""
    if kind not in _GROUP_KINDS:
        return kind
    return group_kind(kind, api_version.rpartition("/")[0] if isinstance(api_version, str) else "")


def group_kind(kind: str, group: str) -> str:
    """``qualified_kind`` from the API group itself (an admission request's ``kind.group``)."""
    groups = _GROUP_KINDS.get(kind)
    return kind if groups is None else groups.get(group, kind)


def object_kind(obj: Obj) -> str | None:
    """The kind of ``obj`` as the table and policies know it (``qualified_kind``), or None."""
    kind = obj.get("kind")
    if not isinstance(kind, str):
        return None
    return kind if kind not in _GROUP_KINDS else qualified_kind(kind, obj.get("apiVersion"))  # most kinds are plain

WORKLOAD_KINDS: frozenset[str] = frozenset(POD_SPEC_PATHS)

LONG_RUNNING_KINDS: frozenset[str] = frozenset(
    {"Pod", "Deployment", "ReplicaSet", "StatefulSet", "DaemonSet", "ReplicationController", "DeploymentConfig", "Rollout"}
)
"""Kinds whose pods are meant to keep running (Jobs and CronJobs run to completion; a PodTemplate
is only a template, its use unknown)."""

RESOURCES: dict[str, str] = {
    "Pod": "pods", "Deployment": "deployments", "ReplicaSet": "replicasets", "StatefulSet": "statefulsets",
    "DaemonSet": "daemonsets", "ReplicationController": "replicationcontrollers", "Job": "jobs", "CronJob": "cronjobs",
    "PodTemplate": "podtemplates", "DeploymentConfig": "deploymentconfigs", "Rollout": "rollouts",
    "Service": "services", "Configuration": "configurations", "Revision": "revisions",  # core and Knative Serving
    "ConfigMap": "configmaps", "Secret": "secrets", "Namespace": "namespaces",
    "Endpoints": "endpoints",  # a kind already plural: the rule below would say "endpointses"
}
"""kind -> the resource kube-apiserver names in an admission request (its plural, lowercase), for
the kinds railguard knows (every workload kind, and the kinds its policies and records name).
Others: ``resource_of``'s rule."""


def resource_of(kind: str) -> str:
    """The resource of ``kind`` as kube-apiserver names it in an admission request: ``RESOURCES``,
    else Kubernetes' lowercase plural rule (the one its code generators use): ``-es`` after ``s``,
    ``x``, ``z``, ``ch`` or ``sh`` (``ingresses``), ``-y`` after a consonant becomes ``-ies``
    (``networkpolicies``), else ``-s``. A custom resource's CRD may declare another plural: the
    request's own ``resource`` is what the server said."""
    known = RESOURCES.get(kind)
    if known is not None or not kind:
        return known or ""
    name = kind.lower()
    if name.endswith(("s", "x", "z", "ch", "sh")):
        return name + "es"
    if name.endswith("y") and name[-2:-1] not in ("", "a", "e", "i", "o", "u"):
        return name[:-1] + "ies"
    return name + "s"


CONTAINER_LISTS: tuple[str, ...] = ("initContainers", "containers", "ephemeralContainers")


def escape_pointer_token(token: str) -> str:
    """Escape one JSON pointer reference token (RFC 6901)."""
    return token.replace("~", "~0").replace("/", "~1")


def pointer(keys: tuple[str | int, ...]) -> str:
    """Join keys into a JSON pointer: ``("spec", "containers", 0)`` -> ``/spec/containers/0``."""
    return "".join("/" + escape_pointer_token(str(key)) for key in keys)


POD_SPEC_POINTERS: dict[str, str] = {kind: pointer(path) for kind, path in POD_SPEC_PATHS.items()}
"""kind -> JSON pointer to its pod spec (``/spec/template/spec``)."""


def shown_name(name: str) -> str | None:
    """``name`` (of a container, env var, port...) if a message may quote it, or None when it is
    itself a credential (``ghp_...``, an AWS key id, ``user:password@host``) and must not be shown."""
    return None if name_credential(name) else name


def name_credential(name: str) -> str | None:
    """What kind of credential ``name`` itself is (``credential_kind``), or None. A name as
    Kubernetes accepts it (``plain_dns_text``: most are) is told apart cheaply."""
    if name in _SHOWN_NAMES:
        return None
    judge = _judge or _load_judge()
    kind = judge(name)
    if kind is None:
        remember(_SHOWN_NAMES, name, 16384)
    return kind


def _load_judge() -> Callable[[str], str | None]:
    """``credential_kind`` behind its cheap screen (``plain_dns_text``), imported once (checks import
    this module): an import statement costs 1 us a call, and each validating review of a Pod brings
    a new name (kube-apiserver names it between the two webhooks)."""
    global _judge
    from webhook.checks.secrets.values import credential_kind, plain_dns_text

    def judge(name: str) -> str | None:
        return None if plain_dns_text(name) else credential_kind(name)

    _judge = judge
    return judge


_judge: Callable[[str], str | None] | None = None

_SHOWN_NAMES: set[str] = set()
"""Names already found fit to show (names repeat across reviews). Only those are remembered, so the
process never keeps a name that is a credential."""


def remember(texts: set[str], text: str, most: int = 4096) -> None:
    """Add ``text`` to ``texts``, a set of texts found fit to show (or printable) that the hot path
    tests membership of, unless it is longer than ``MAX_REMEMBERED``; a set that holds ``most``
    already is emptied first, but for ``""`` (always fit). Bounded in entries and in bytes,
    whatever texts clients send."""
    if len(text) > MAX_REMEMBERED:
        return
    if len(texts) >= most:
        texts.clear()
        texts.add("")
    texts.add(text)


MAX_REMEMBERED = 512
"""The longest text ``_SHOWN_NAMES``, ``SHOWN_TEXTS`` and ``SHOWN_USERS`` remember (longer ones are
judged on each review, as rare as they are). What Kubernetes names is shorter: 253 characters for
an object's name, a kind or resource under 64, a service account's user name about 340. Without it,
a client posting bodies of unique multi-megabyte user names or kinds would have the server keep
thousands of them (4096 entries of 3 MiB: 12 GiB) until the set is next cleared."""


HIDDEN_NAME = "<hidden name>"
HIDDEN_NAMESPACE = "<hidden namespace>"
"""What messages, warnings, log lines, audit records and reports give in place of an object's name
(its ``generateName``) or namespace that is itself a credential. No name Kubernetes accepts looks
like these (``<``, ``>`` and spaces are not DNS-1123 characters), so ``audit export --namespace
'<hidden namespace>'`` selects exactly the records of such objects."""


def shown_object_name(name: str, hidden: str = HIDDEN_NAME) -> str:
    """An object's ``name`` (or namespace, with ``hidden=HIDDEN_NAMESPACE``) as it may be quoted and
    recorded: itself, or ``hidden`` when it is a credential. A mutating webhook sees the object
    before kube-apiserver validates its metadata (which would refuse such a name), and the offline
    CLI reads any manifest."""
    return hidden if name and name not in _SHOWN_NAMES and name_credential(name) else name


def printable(text: str) -> str:
    """Text from a manifest or a file name, fit for one line of a report, a warning or a denial:
    every character that is not printable escaped as in Python (a line break could forge a report
    line, a bidi control could reorder what a terminal shows, and kube-apiserver drops a warning
    that holds a control character, a tab included, without a word)."""
    return text if text.isprintable() else "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


PRINTABLE_PARTS: set[str] = {""}
"""Texts ``printable_part`` found printable: the problems and fixes checks give, and the labels of
containers, repeat from one review to the next (``evaluate`` tests membership inline). Never
rebound."""


def printable_part(text: str) -> str:
    """:func:`printable` for a part of a finding (who, problem, fix), remembered once found printable:
    a set lookup where ``str.isprintable`` costs about 3 ns a character, and a review's findings
    held some 800 characters to scan. Only texts fit to show are remembered, at most
    ``MAX_REMEMBERED`` characters long each."""
    if text in PRINTABLE_PARTS:
        return text
    if not text.isprintable():
        return printable(text)
    remember(PRINTABLE_PARTS, text)
    return text


HIDDEN_TEXT = "<hidden>"
"""What the decision, its record, the review log, reports and ``railguard test`` give in place of
the request's API group, version, kind, resource or subresource when it is itself a credential
(kube-apiserver sends only what it serves; a body from elsewhere, or a manifest, holds any text)."""

SHOWN_TEXTS: set[str] = {""}
"""Group, version, kind, resource and subresource texts found fit to show: few, and they repeat on
every review, so ``review()`` tests membership here inline (about 20 ns) and calls
``shown_request_text`` only for a text not seen yet; ``""`` (the core group, no subresource) is
always in. Kept apart from ``_SHOWN_NAMES``, which every
new Pod name fills and clears. Never rebound (``review()`` holds it)."""


def shown_request_text(text: str) -> str:
    """The request's group, version, kind, resource or subresource as recorded: itself, or
    ``HIDDEN_TEXT`` when it is a credential (``credential_kind`` behind ``plain_dns_text``)."""
    if not text or text in SHOWN_TEXTS:
        return text
    if (_judge or _load_judge())(text) is not None:
        return HIDDEN_TEXT
    remember(SHOWN_TEXTS, text)
    return text


SHOWN_USERS: set[str] = {""}
"""User names, uids and group names found fit to show (``shown_user_text``): the few users of a
cluster repeat, so ``review()`` tests membership here inline. Kept apart from the names of objects:
a prefixed e-mail address (below) is shown as a user name only. Never rebound."""

_PREFIXED_ADDRESS = re.compile(r"(?P<prefix>[A-Za-z0-9_.\-]++):(?P<address>[A-Za-z0-9_.+\-]++@[A-Za-z0-9\-]++(?:\.[A-Za-z0-9\-]++)++)")
"""``oidc:jane.doe@example.com``: an e-mail address behind an authenticator's prefix
(``--oidc-username-prefix``). ``credential_kind`` reads it as ``user:password@host``; as a user
name it is shown when neither part alone is a credential."""


def shown_user_text(text: str) -> str:
    """A user name, uid or group of the request's userInfo as recorded: itself, or its
    ``hidden_user`` form when it is itself a credential (a webhook token authenticator may give
    any text as the user name). The audit trail must still tell who did it: that form is the same
    in every process given the same key and in every record, so the records of one such user are
    found together (``audit export --user '<hidden ...>'``)."""
    if not text or text in SHOWN_USERS:
        return text
    judge = _judge or _load_judge()
    if judge(text) is not None:
        prefixed = _PREFIXED_ADDRESS.fullmatch(text)
        if prefixed is None or judge(prefixed["prefix"]) is not None or judge(prefixed["address"]) is not None:
            return hidden_user(text)
    remember(SHOWN_USERS, text)
    return text


def hidden_user(text: str) -> str:
    """How a user name, uid, group or request uid that is a credential is recorded and logged: its
    ``hidden_form`` under the key ``use_hide_key`` set (none: unkeyed)."""
    return hidden_form(text, _hide_key)


def hidden_form(text: str, key: bytes | None) -> str:
    """``<hidden 0123456789ab>``: the first 12 hex digits of a SHA-256 of ``text`` (anyone can test
    a guess against it); with ``key``, ``<hidden k:0123456789ab>``: of an HMAC-SHA256 under it
    (only a holder of the key can)."""
    data = _HIDDEN_PREFIX + text.encode("utf-8", "surrogatepass")
    if key is None:
        return f"<hidden {hashlib.sha256(data).hexdigest()[:12]}>"
    return f"<hidden k:{hmac.new(key, data, hashlib.sha256).hexdigest()[:12]}>"


_HIDDEN_PREFIX = b"railguard hidden user\x00"

HIDE_KEY_MIN_BYTES = 32
HIDE_KEY_MAX_BYTES = 4096

_hide_key: bytes | None = None
"""The key of ``hidden_user`` (``--audit-hide-key``): set once by ``railguard serve`` at startup,
before any review, with ``use_hide_key``. The forms it makes are given by ``review()`` (userInfo),
by the record and by log lines (the request uid), all in the server process: a process-wide
setting like the judge above, rather than a parameter threaded through each of them."""


def use_hide_key(key: bytes | None) -> None:
    """Make ``hidden_user`` give keyed forms under ``key`` (None: unkeyed ones)."""
    global _hide_key
    _hide_key = key


def read_hide_key(path: Path) -> bytes:
    """The bytes of the key file at ``path``, all of them (a trailing line break too): at least
    ``HIDE_KEY_MIN_BYTES``, at most ``HIDE_KEY_MAX_BYTES``, else a ``ConfigError`` naming the file
    (never quoting it)."""
    try:
        key = read_bounded(path, HIDE_KEY_MAX_BYTES, "an audit hide key's limit")
    except OSError as exc:
        raise ConfigError(str(path), "", f"cannot read the audit hide key: {exc.strerror or type(exc).__name__}") from None
    if len(key) < HIDE_KEY_MIN_BYTES:
        raise ConfigError(str(path), "", f"an audit hide key must hold at least {HIDE_KEY_MIN_BYTES} bytes, this one {len(key)}"
                          f" (make one: head -c {HIDE_KEY_MIN_BYTES} /dev/urandom > FILE)")
    return key


_UUID_TEXT = re.compile(r"[0-9a-f\-]++").fullmatch
"""Lower-case hex digits and hyphens: every ``request.uid`` kube-apiserver sends (a UUID). Such text
holds no credential (``plain_dns_text`` says so of any such text, no token needle being made of
these characters alone), so it is told apart in one match, where the judge costs twice as much."""


def shown_request_uid(uid: str) -> str:
    """The request's ``uid`` as audit records and log lines give it: itself, or ``hidden_user(uid)``
    (``<hidden 0123456789ab>``, or ``<hidden k:...>`` with a key: the same in every record and
    replica, so still searchable) when it
    is itself a credential (kube-apiserver sends a UUID; another client may send any text). The
    answer echoes the uid unchanged: kube-apiserver matches the answer to its request by it. None is
    remembered but the last one fit to show: each review brings a new uid, which its record and its
    log line both ask about (the same string)."""
    global _last_shown_uid
    if uid is _last_shown_uid or not uid:
        return uid
    if _UUID_TEXT(uid) is None and (_judge or _load_judge())(uid) is not None:
        return hidden_user(uid)
    _last_shown_uid = uid
    return uid


_last_shown_uid = ""
"""The last uid ``shown_request_uid`` found fit to show (never one it hid)."""


def shown_groups(groups: list[str]) -> list[str]:
    """``groups`` with ``shown_user_text`` of each (a copy)."""
    return [shown_user_text(group) for group in groups]


_LIST_LABELS = {"containers": "container", "initContainers": "init container", "ephemeralContainers": "ephemeral container"}


@dataclass(slots=True)  # built per review on the hot path (frozen costs a setattr per field); never changed
class PodSpecRef:
    spec: Obj
    path: tuple[str, ...]
    pointer: str  # the JSON pointer of ``path``
    knative: bool = False  # a Knative template: Knative names its unnamed containers (knative_container_names)


@dataclass(slots=True)  # built per container per review (frozen costs a setattr per field); never changed
class ContainerRef:
    """One container of a pod spec, with the JSON pointer to it."""

    container: Obj
    list_name: str  # containers | initContainers | ephemeralContainers
    index: int
    pointer: str
    default_name: str = ""  # the name the owner's controller gives it when it has none (Knative's)
    _label: str = field(default="", repr=False, compare=False)  # ``label``, once asked for

    @property
    def name(self) -> str:
        name = self.container.get("name")
        return name if isinstance(name, str) and name else self.default_name or f"#{self.index}"

    @property
    def label(self) -> str:
        """How messages name the container: ``container "app"``, ``init container "setup"``; an
        unnamed one by the name its controller gives it (``container "user-container"`` in a Knative
        template), else by its index (``container "#0"``); by its index too when its name is itself
        a credential (a mutating webhook sees the object before the API server validates names, and
        labels reach records and logs)."""
        if not self._label:  # several policies may report the same container
            name = self.name
            if shown_name(name) is None:
                name = f"#{self.index}"
            self._label = f'{_LIST_LABELS[self.list_name]} "{name}"'
        return self._label


_DNS_NAME = re.compile(r"[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?")


def template_elsewhere(obj: Obj) -> str | None:
    """Why a workload without a pod spec was not judged, when its pods come from another object: an
    Argo Rollout with ``spec.workloadRef`` takes its template from the Deployment it names (Argo
    refuses one with a template too), which railguard reviews on its own. None otherwise."""
    if obj.get("kind") != "Rollout":
        return None
    spec = obj.get("spec")
    ref = spec.get("workloadRef") if isinstance(spec, dict) else None
    if ref is None:
        return None
    kind = ref.get("kind") if isinstance(ref, dict) else None
    name = ref.get("name") if isinstance(ref, dict) else None
    what = kind if isinstance(kind, str) and kind in POD_SPEC_PATHS else "the workload"
    if isinstance(name, str) and _DNS_NAME.fullmatch(name) and shown_name(name) is not None:
        room = WARNING_LIMIT - len(_ROLLOUT_NOTE.format(what=f'{what} ""'))  # a long name is cut, not the note's end
        if len(name) <= room:
            what = f'{what} "{name}"'
        elif room >= 8:
            what = f'{what} "{name[: room - 3]}..."'
    return _ROLLOUT_NOTE.format(what=what)


_ROLLOUT_NOTE = "pod policies not applied: the pods come from {what} (spec.workloadRef), judged on its own"


def pod_spec(obj: Obj) -> PodSpecRef | None:
    """The pod spec of a workload object, or None for kinds without one (or a malformed object)."""
    kind = object_kind(obj)
    return None if kind is None else pod_spec_of_kind(obj, kind)


def pod_spec_of_kind(obj: Obj, kind: str) -> PodSpecRef | None:
    """:func:`pod_spec` for an object whose ``object_kind`` is known already (``Subject.of``)."""
    path = POD_SPEC_PATHS.get(kind)
    if path is None:
        return None
    node: Any = obj
    for key in path:
        if not isinstance(node, dict):
            return None
        node = node.get(key)
    if not isinstance(node, dict):
        return None
    return PodSpecRef(node, path, POD_SPEC_POINTERS[kind], kind in KNATIVE_KINDS)


KNATIVE_KINDS: frozenset[str] = frozenset(_GROUP_KINDS[kind][KNATIVE_SERVING] for kind in ("Service", "Configuration"))
KNATIVE_DEFAULT_NAMES = (("containers", "user-container"), ("initContainers", "init-container"))
"""The names Knative Serving's defaulting gives unnamed containers (its ``config-defaults``
``container-name-template`` and ``init-container-name-template``, as shipped)."""


def knative_container_names(spec: Obj) -> dict[tuple[str, int], str]:
    """(list, index) -> the name Knative gives each unnamed container of a Revision template, as its
    defaulting does: the list's default name for a lone container, numbered from 0 (``user-container-0``)
    when the list holds several or the plain name is taken, skipping the names already given."""
    lists = [(name, default, spec.get(name)) for name, default in KNATIVE_DEFAULT_NAMES]
    taken = {
        name for _, _, items in lists if isinstance(items, list)
        for item in items if isinstance(item, dict) and isinstance(name := item.get("name"), str)
    }  # fmt: skip
    names: dict[tuple[str, int], str] = {}
    for list_name, default, items in lists:
        if not isinstance(items, list):
            continue
        suffix = 0
        for index, item in enumerate(items):
            given = item.get("name") if isinstance(item, dict) else None
            if not isinstance(item, dict) or (isinstance(given, str) and given):
                continue
            name = default
            if len(items) > 1 or name in taken:
                for suffix in range(suffix, suffix + len(taken) + 1):  # one of these is free
                    name = f"{default}-{suffix}"
                    if name not in taken:
                        break
                suffix += 1
            names[(list_name, index)] = name
    return names


_JSON_TYPES = {dict: "an object", list: "a list", str: "a string", bool: "a boolean", int: "a number", float: "a number"}


def json_type_name(value: Any) -> str:
    """How messages name a manifest value's JSON type (``an object``, ``a list``...), never the value."""
    return _JSON_TYPES.get(type(value), "a value")


def pod_spec_shape_problem(obj: Obj) -> tuple[str, str] | None:
    """Why a workload's pod spec cannot be what the API server decodes (an object where it holds a
    list, a container that is a string...), as (JSON pointer of the wrongly typed field, error), or
    None. Absent or null fields are not errors here: kubectl sends them and the API server's
    validation, not its decoder, speaks about them."""
    kind = object_kind(obj)
    path = POD_SPEC_PATHS.get(kind) if kind is not None else None
    if path is None:
        return None
    node: Any = obj
    for depth, key in enumerate(path):
        node = node.get(key)
        if node is None:
            return None
        if not isinstance(node, dict):
            keys = path[: depth + 1]
            return pointer(keys), f"{'.'.join(keys)} must be an object, got {json_type_name(node)}"
    where = ".".join(path)
    for list_name in CONTAINER_LISTS:
        items = node.get(list_name)
        if items is None:
            continue
        if not isinstance(items, list):
            return pointer((*path, list_name)), f"{where}.{list_name} must be a list, got {json_type_name(items)}"
        for index, item in enumerate(items):
            if not isinstance(item, dict):
                return (
                    pointer((*path, list_name, index)),
                    f"{where}.{list_name}[{index}] must be an object, got {json_type_name(item)}",
                )
    return None


def container_lists(ref: PodSpecRef, lists: tuple[str, ...] = CONTAINER_LISTS) -> dict[str, tuple[ContainerRef, ...]]:
    """The containers of each of the given lists, skipping entries that are not objects."""
    walked: dict[str, tuple[ContainerRef, ...]] = {}
    spec = ref.spec
    defaults = knative_container_names(spec) if ref.knative else None
    for list_name in lists:
        items = spec.get(list_name)
        if not isinstance(items, list) or not items:
            walked[list_name] = ()
            continue
        prefix = f"{ref.pointer}/{escape_pointer_token(list_name)}/"
        refs: list[ContainerRef] = []
        index = 0
        for item in items:  # plain loops: cheaper than enumerate() or a comprehension for a few items
            if isinstance(item, dict):
                refs.append(ContainerRef(item, list_name, index, prefix + str(index)))
                if defaults:
                    refs[-1].default_name = defaults.get((list_name, index), "")
            index += 1
        walked[list_name] = tuple(refs)
    return walked


def is_restartable_init_container(container: Obj) -> bool:
    """A native sidecar: an init container with ``restartPolicy: Always`` (Kubernetes >= 1.28)."""
    return container.get("restartPolicy") == "Always"


def is_controlled(obj: Obj) -> bool:
    """Whether a controller owns the object (an ownerReference with ``controller: true``): a Pod a
    Job or a ReplicaSet created, a ReplicaSet a Deployment created."""
    meta = obj.get("metadata")
    owners = meta.get("ownerReferences") if isinstance(meta, dict) else None
    return isinstance(owners, list) and any(isinstance(o, dict) and o.get("controller") is True for o in owners)
