"""Signed checkpoints: the private key signs each writer's current head (and pruning anchor);
anyone holding the public key can then check that no checkpointed record was changed or removed,
even by someone able to rewrite a whole chain and its heads."""

from __future__ import annotations

import base64
import binascii
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import orjson

from webhook.audit.base import ChainMark, StoredCheckpoint, Trail
from webhook.audit.record import HASH, canonical, utc_timestamp
from webhook.audit.signing import PrivateKey, PublicKey, key_id, valid
from webhook.errors import AuditError

if TYPE_CHECKING:
    from webhook.audit.verify import Problem

CHECKPOINT_TYPE = "railguard.io/audit-checkpoint"
MAX_COPY_BYTES = 64 * 1024 * 1024
"""The largest checkpoint copy ('verify --checkpoint FILE') read: a copy holds each writer's head
and anchor, a few hundred bytes per writer, so this is hundreds of thousands of writers."""


@dataclass(frozen=True)
class Checkpoint:
    id: int
    created: str
    key: str
    heads: dict[str, ChainMark]
    anchors: dict[str, ChainMark]
    label: str = ""  # how messages name it: "#3" (stored in the trail), "in cp.json" (a copy kept elsewhere)
    # the digest (:func:`digest`) of the checkpoint stored before it, None for the trail's first;
    # UNCHAINED in a checkpoint made before checkpoints named their predecessor
    previous: str | None = None
    store: str = ""  # the trail it was made for (its description then: a PostgreSQL password redacted)


UNCHAINED = "unchained"


def digest(payload: bytes) -> str:
    """How a checkpoint names the one stored before it: SHA-256 of its signed payload, hex."""
    return hashlib.sha256(payload).hexdigest()


def _previous(raw: dict[str, Any]) -> str | None:
    if "previous" not in raw:
        return UNCHAINED
    previous = raw["previous"]
    if previous is not None and not (isinstance(previous, str) and HASH.fullmatch(previous)):
        raise ValueError("previous")
    return previous


def _marks(raw: Any) -> dict[str, ChainMark]:
    if not isinstance(raw, dict):
        raise ValueError("marks")
    return {str(w): ChainMark(int(m["seq"]), str(m["hash"])) for w, m in raw.items()}


def checkpoint_copy(payload: bytes, signature: bytes) -> bytes:
    """A signed checkpoint as a file of its own (one JSON line), to keep outside the trail: an
    attacker who can write the trail can delete the checkpoints stored in it, then cut or rewrite
    the records they attested; ``verify --checkpoint FILE`` checks the trail against the copy."""
    return orjson.dumps({"payload": base64.b64encode(payload).decode(), "signature": base64.b64encode(signature).decode()}) + b"\n"


def read_copy(data: bytes) -> StoredCheckpoint | None:
    """The checkpoint a :func:`checkpoint_copy` file holds, None if it holds none."""
    try:
        raw = orjson.loads(data)
        return StoredCheckpoint(0, base64.b64decode(raw["payload"], validate=True), base64.b64decode(raw["signature"], validate=True))
    except (ValueError, KeyError, TypeError, binascii.Error):
        return None


def read_checkpoints(
    trail: Trail, public_key: PublicKey | None, copies: Sequence[tuple[str, bytes]] = ()
) -> tuple[list[Checkpoint], list[Problem], int]:
    """The stored checkpoints that can be trusted, a problem for each that cannot, and how many
    were made with another key (not checked: key rotation).

    Without a public key the checkpoints are still compared with the chains (they may reveal a
    change) but nothing proves who wrote them. ``copies``: (name, content) of checkpoint files
    kept outside the trail (:func:`checkpoint_copy`); each must verify with ``public_key`` and
    still be stored in the trail, and is then checked against the chains as a stored one."""
    from webhook.audit.verify import Problem

    stored_all = trail.checkpoints()
    given: list[tuple[str, StoredCheckpoint | None]] = [(f"#{stored.id}", stored) for stored in stored_all]
    given += [(f"in {name}", read_copy(data)) for name, data in copies]
    reader = _CheckpointReader(trail, public_key, {stored.payload for stored in stored_all})
    for label, stored in given:
        reader.read(label, stored)
    # each checkpoint names the one stored before it: one deleted from the middle (or the start) shows.
    # A trail that keeps no checkpoints (JSON Lines, an export of a SQL trail) has none to compare:
    # the copies of a SQL trail's checkpoints name its stored ones (a prune's among them), which
    # only that trail can show deleted (verify notes it)
    digests = {digest(stored.payload) for stored in stored_all}
    for checkpoint in reader.good if trail.keeps_checkpoints else ():
        if checkpoint.previous not in (None, UNCHAINED) and checkpoint.previous not in digests:
            reader.faults.append((checkpoint.label, "the checkpoint stored before it is no longer in the trail: checkpoints were deleted"))
    problems = [Problem("checkpoint", f"checkpoint {label}", None, detail) for label, detail in reader.faults]
    return reader.good, problems, reader.other_keys


def _parsed(label: str, stored: StoredCheckpoint | None) -> Checkpoint | None:
    """The checkpoint ``stored`` holds, None if it cannot be read."""
    if stored is None:  # not a checkpoint file
        return None
    try:
        raw = orjson.loads(stored.payload)
        if raw["type"] != CHECKPOINT_TYPE:  # the key signs checkpoints only: anything else it signed is no checkpoint
            return None
        return Checkpoint(
            stored.id, str(raw["created"]), str(raw["key"]), _marks(raw["heads"]), _marks(raw["anchors"]), label, _previous(raw),
            str(raw.get("store", "")),
        )  # fmt: skip
    except (ValueError, KeyError, TypeError):
        return None


class _CheckpointReader:
    """Sorts the checkpoints given to :func:`read_checkpoints`, one at a time: the trusted ones
    (``good``), (label, problem) for each that cannot be trusted (``faults``), and how many were
    made with another key (``other_keys``). ``stored_payloads``: those of the trail's own."""

    def __init__(self, trail: Trail, public_key: PublicKey | None, stored_payloads: set[bytes]) -> None:
        self.trail, self.public_key, self.stored_payloads = trail, public_key, stored_payloads
        self.wanted = key_id(public_key) if public_key is not None else None
        self.good: list[Checkpoint] = []
        self.faults: list[tuple[str, str]] = []
        self.other_keys = 0

    def read(self, label: str, stored: StoredCheckpoint | None) -> None:
        """``label``: "#3" for one stored in the trail, "in cp.json" for a copy kept elsewhere."""
        copy = not label.startswith("#")
        checkpoint = _parsed(label, stored)
        if checkpoint is None or stored is None:
            self.faults.append((label, "unreadable checkpoint"))
            return
        if copy and (self.public_key is None or checkpoint.key != self.wanted):
            self.faults.append((label, "not made with the given public key"))
            return
        if self.public_key is not None:
            if checkpoint.key != self.wanted:
                self.other_keys += 1
                return
            if not valid(self.public_key, stored.signature, stored.payload):
                self.faults.append((label, "signature does not verify with the given public key (forged or altered)"))
                return
        if copy and self.trail.keeps_checkpoints:
            if stored.payload in self.stored_payloads:
                return  # the trail's own copy of it is checked already
            self.faults.append((label, "is no longer stored in the trail: its checkpoints were deleted"))
        self.good.append(checkpoint)


def payload(heads: dict[str, ChainMark], anchors: dict[str, ChainMark], key: PrivateKey, store: str, previous: str | None = None) -> bytes:
    """``previous``: the :func:`digest` of the last checkpoint stored in the trail (of any key), None if none."""
    return canonical(
        {
            "type": CHECKPOINT_TYPE,
            "created": utc_timestamp(),
            "key": key_id(key.public_key()),
            "store": store,
            "previous": previous,
            "heads": {w: {"seq": m.seq, "hash": m.hash} for w, m in sorted(heads.items())},
            "anchors": {w: {"seq": m.seq, "hash": m.hash} for w, m in sorted(anchors.items())},
        }
    )


def create_checkpoint(
    trail: Trail, key: PrivateKey, pruning: dict[str, ChainMark] | None = None
) -> tuple[dict[str, ChainMark], bytes]:
    """Verify the trail, then sign and store its current heads and anchors (a trail that keeps no
    checkpoints, JSON Lines: sign them only). Refuses to sign a broken trail; ``pruning`` are the
    anchors the prune that asks has just stored. Returns the heads signed and the checkpoint as a
    file to keep elsewhere (:func:`checkpoint_copy`)."""
    from webhook.audit.verify import verify

    report = verify(trail, key.public_key(), pruning=pruning)
    if not report.ok:
        raise AuditError(f"the trail does not verify ({len(report.problems)} problem(s)); run 'railguard audit verify' and investigate before signing")
    stored = trail.checkpoints()
    data = payload(report.writers, trail.anchors(), key, trail.description, digest(stored[-1].payload) if stored else None)
    signature = key.sign(data)
    if trail.keeps_checkpoints:
        trail.add_checkpoint(data, signature)
    return report.writers, checkpoint_copy(data, signature)
