"""Signed checkpoints: the private key signs each writer's current head (and pruning anchor);
anyone holding the public key can then check that no checkpointed record was changed or removed,
even by someone able to rewrite a whole chain and its heads."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import orjson

from webhook.audit.base import ChainMark, Trail
from webhook.audit.record import canonical, utc_timestamp
from webhook.audit.signing import PrivateKey, PublicKey, key_id, valid
from webhook.errors import AuditError

if TYPE_CHECKING:
    from webhook.audit.verify import Problem

CHECKPOINT_TYPE = "railguard.io/audit-checkpoint"


@dataclass(frozen=True)
class Checkpoint:
    id: int
    created: str
    key: str
    heads: dict[str, ChainMark]
    anchors: dict[str, ChainMark]


def _marks(raw: Any) -> dict[str, ChainMark]:
    if not isinstance(raw, dict):
        raise ValueError("marks")
    return {str(w): ChainMark(int(m["seq"]), str(m["hash"])) for w, m in raw.items()}


def read_checkpoints(trail: Trail, public_key: PublicKey | None) -> tuple[list[Checkpoint], list[Problem], int]:
    """The stored checkpoints that can be trusted, a problem for each that cannot, and how many
    were made with another key (not checked: key rotation).

    Without a public key the checkpoints are still compared with the chains (they may reveal a
    change) but nothing proves who wrote them."""
    from webhook.audit.verify import Problem

    good: list[Checkpoint] = []
    problems: list[Problem] = []
    other_keys = 0
    wanted = key_id(public_key) if public_key is not None else None
    for stored in trail.checkpoints():
        where = f"checkpoint #{stored.id}"
        try:
            raw = orjson.loads(stored.payload)
            checkpoint = Checkpoint(stored.id, str(raw["created"]), str(raw["key"]), _marks(raw["heads"]), _marks(raw["anchors"]))
        except (ValueError, KeyError, TypeError):
            problems.append(Problem("checkpoint", where, None, "unreadable checkpoint"))
            continue
        if public_key is not None:
            if checkpoint.key != wanted:
                other_keys += 1
                continue
            if not valid(public_key, stored.signature, stored.payload):
                problems.append(Problem("checkpoint", where, None, "signature does not verify with the given public key (forged or altered)"))
                continue
        good.append(checkpoint)
    return good, problems, other_keys


def payload(heads: dict[str, ChainMark], anchors: dict[str, ChainMark], key: PrivateKey, store: str) -> bytes:
    return canonical(
        {
            "type": CHECKPOINT_TYPE,
            "created": utc_timestamp(),
            "key": key_id(key.public_key()),
            "store": store,
            "heads": {w: {"seq": m.seq, "hash": m.hash} for w, m in sorted(heads.items())},
            "anchors": {w: {"seq": m.seq, "hash": m.hash} for w, m in sorted(anchors.items())},
        }
    )


def create_checkpoint(trail: Trail, key: PrivateKey, pruning: dict[str, ChainMark] | None = None) -> dict[str, ChainMark]:
    """Verify the trail, then sign and store its current heads and anchors. Refuses to sign a
    broken trail; ``pruning`` are the anchors the prune that asks has just stored."""
    from webhook.audit.verify import verify

    report = verify(trail, key.public_key(), pruning=pruning)
    if not report.ok:
        raise AuditError(f"the trail does not verify ({len(report.problems)} problem(s)); run 'railguard audit verify' and investigate before signing")
    data = payload(report.writers, trail.anchors(), key, trail.description)
    trail.add_checkpoint(data, key.sign(data))
    return report.writers
