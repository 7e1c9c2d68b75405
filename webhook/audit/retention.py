"""Retention: delete each chain's records older than a date, keeping the chain verifiable.

For each writer the oldest records are removed as a prefix of its chain (up to the first record
at or after the date), and the hash of the last removed record is kept as the writer's *anchor*:
``verify`` then requires the first remaining record to link to it. With a signing key a new
checkpoint signs the anchors: records an earlier checkpoint attested may then be missing only up
to a signed anchor, so a forged one shows. A trail with checkpoints is pruned with the key only.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby

from webhook.audit.base import ChainMark, Trail
from webhook.audit.checkpoint import create_checkpoint
from webhook.audit.signing import PrivateKey
from webhook.audit.verify import _chain_order, verify
from webhook.errors import AuditError


@dataclass(frozen=True)
class PruneResult:
    deleted: int
    anchors: dict[str, ChainMark]
    checkpointed: bool


def prune(trail: Trail, before: str, key: PrivateKey | None = None) -> PruneResult:
    """Delete records with a timestamp before ``before`` (a UTC timestamp string)."""
    report = verify(trail, key.public_key() if key is not None else None)
    if not report.ok:
        raise AuditError(
            f"the trail does not verify ({len(report.problems)} problem(s)); pruning would destroy the evidence:"
            " run 'railguard audit verify' and investigate first"
        )
    if key is None and report.checkpoints:
        raise AuditError(
            "the trail has signed checkpoints: pass --key so that a checkpoint signs the pruning too"
            " (verify reports checkpointed records pruned without one as deleted)"
        )
    cuts: dict[str, ChainMark] = {}
    for writer, rows in groupby(_chain_order(trail), key=lambda r: r.writer):
        last: ChainMark | None = None
        for row in rows:
            if row.ts >= before:
                break
            last = ChainMark(row.seq, row.hash)
        if last is not None:
            cuts[writer] = last
    deleted = trail.prune(cuts) if cuts else 0
    checkpointed = False
    if key is not None and cuts:
        create_checkpoint(trail, key, pruning=cuts)
        checkpointed = True
    return PruneResult(deleted, cuts, checkpointed)
