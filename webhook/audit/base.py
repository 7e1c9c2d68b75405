"""The audit store interface shared by the server, the CLI and every store implementation."""

from __future__ import annotations

from typing import Protocol

from webhook.decision import Decision


class AuditStore(Protocol):
    """Where decisions are recorded. Recording never changes a verdict; a failing store raises
    ``AuditError`` and the caller applies the configured failure policy (deny or allow + alarm)."""

    def record(self, decision: Decision, latency_ms: float) -> None:
        """Record one decision. In durable mode the record is committed when this returns."""

    async def arecord(self, decision: Decision, latency_ms: float) -> None:
        """Async form for the server: must not block the event loop (group commit may batch)."""

    def flush(self) -> None:
        """Commit everything accepted so far (batch mode); called on shutdown."""

    def writable(self) -> bool:
        """True when a record could be written now (used by /readyz)."""

    def close(self) -> None:
        """Flush and release the store."""
