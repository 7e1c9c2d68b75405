"""Per-request CPU cost of the pipeline in-process, on recorded AdmissionReview bodies.

Run: ``.venv/bin/python bench/review_bench.py [--number N] [--repeat R]``.

For each body (from ``../shared/admission``; skipped when absent) prints microseconds per call of
``orjson.loads``, ``read_review(orjson.loads(body))`` and ``review()`` in the webhook's mode, the
best of R runs of N calls each (the minimum is the least disturbed by other processes), and
review()'s cost against a 100 us transport budget per request (uvicorn's own cost on the reference
machine): the smaller, the closer the server gets to a bare endpoint.
"""

from __future__ import annotations

import argparse
import sys
import timeit
from pathlib import Path

import orjson

SHARED = Path(__file__).resolve().parents[2] / "shared" / "admission"
BODIES = (
    ("admissionreview-pod-create-validate.json", "validate"),
    ("admissionreview-deployment-create-validate.json", "validate"),
    ("admissionreview-deployment-create-mutate-compliant.json", "mutate"),
    ("admissionreview-deployment-update-validate-image.json", "validate"),
)
TRANSPORT_US = 100.0


def main() -> int:
    from webhook.admission import read_review, review
    from webhook.config import ClusterConfig, default_policy_dir
    from webhook.policies import load_policies

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--number", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=25)
    args = parser.parse_args()
    if not SHARED.is_dir():
        print(f"{SHARED} is absent: no recorded bodies to measure")
        return 0
    policies, config = load_policies(default_policy_dir()), ClusterConfig()

    def per_call(fn: object) -> float:
        return min(timeit.repeat(fn, number=args.number, repeat=args.repeat)) / args.number * 1e6  # type: ignore[arg-type]

    for name, mode in BODIES:
        path = SHARED / name
        if not path.is_file():
            continue
        body = path.read_bytes()
        _, request = read_review(orjson.loads(body))
        loads = per_call(lambda: orjson.loads(body))
        read = per_call(lambda: read_review(orjson.loads(body)))
        reviewed = per_call(lambda: review(request, policies, config, mode))  # type: ignore[arg-type]
        print(
            f"{name.removeprefix('admissionreview-').removesuffix('.json'):40s} loads {loads:5.1f} us, "
            f"read_review {read - loads:4.1f} us over it, review ({mode}) {reviewed:5.1f} us: "
            f"{reviewed / TRANSPORT_US:.2f} of a {TRANSPORT_US:.0f} us transport"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
