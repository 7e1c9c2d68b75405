"""The built-in checks, by the name a policy file uses in its ``check:`` field."""

from __future__ import annotations

from webhook.checks import probes, resources, run_as_non_root, secrets, zone_anti_affinity
from webhook.checks.base import CheckDef

CHECKS: dict[str, CheckDef] = {
    module.CHECK.name: module.CHECK
    for module in (run_as_non_root, resources, secrets, probes, zone_anti_affinity)
}
