"""``railguard test FILE|DIR|- ...``: review manifests offline, as both webhooks would.

Exit codes: 0 no denial, 1 at least one denial, 2 some input could not be read (the rest is still
checked and reported).
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from typing import Any

import orjson

from webhook.admission import Decision, request_for_manifest, review
from webhook.cli.common import EXIT_DENIED, EXIT_OK, EXIT_UNREADABLE, add_policy_options, load_library
from webhook.cli import reports
from webhook.documents import Document, expand_paths, read_source
from webhook.errors import InputError


@dataclass(frozen=True)
class Result:
    document: Document
    decision: Decision

    def as_json(self) -> dict[str, Any]:
        meta = self.document.obj.get("metadata")
        meta = meta if isinstance(meta, dict) else {}
        entry: dict[str, Any] = {
            "file": self.document.file,
            "doc": self.document.doc,
            "line": self.document.line,
            "kind": self.decision.kind,
            "namespace": self.decision.namespace,
            "name": self.decision.name,
            "allowed": self.decision.allowed,
            "findings": [
                {"policy": f.policy, "action": f.action, "message": f.message, "path": f.path}
                for f in self.decision.findings
            ],
            "patch": list(self.decision.patch),
        }
        if self.document.item is not None:
            entry["item"] = self.document.item
        return entry


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", metavar="PATH", help="manifest files, folders (recursive) or - for stdin")
    parser.add_argument("--output", "-o", choices=("table", "json", "junit", "sarif"), default="table")
    parser.add_argument("--operation", choices=("CREATE", "UPDATE"), default="CREATE", help="operation to simulate")
    add_policy_options(parser)
    parser.set_defaults(run=run)


def review_documents(documents: list[Document], policies: Any, config: Any, operation: str = "CREATE") -> list[Result]:
    return [
        Result(d, review(request_for_manifest(d.obj, operation), policies, config, mode="full")) for d in documents
    ]


def run(args: argparse.Namespace) -> int:
    library = load_library(args)
    if library is None:
        return EXIT_UNREADABLE
    policies, config = library
    results: list[Result] = []
    errors: list[InputError] = []
    for source in expand_paths(args.paths):
        documents, source_errors = read_source(source)
        errors += source_errors
        results += review_documents(documents, policies, config, args.operation)
    out = sys.stdout
    if args.output == "json":
        out.write(orjson.dumps([r.as_json() for r in results], option=orjson.OPT_INDENT_2).decode() + "\n")
    elif args.output == "junit":
        out.write(reports.junit(results, errors))
    elif args.output == "sarif":
        out.write(orjson.dumps(reports.sarif(results, errors, policies), option=orjson.OPT_INDENT_2).decode() + "\n")
    else:
        out.write(reports.table(results, errors))
    for error in errors:
        print(f"railguard: {error}", file=sys.stderr)
    if errors:
        return EXIT_UNREADABLE
    return EXIT_DENIED if any(not r.decision.allowed for r in results) else EXIT_OK
