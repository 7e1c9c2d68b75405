"""The audit trail: records, stores, hash chain, verification and export."""
