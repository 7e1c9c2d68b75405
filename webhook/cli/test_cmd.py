"""``railguard test FILE|DIR|- ...``: review manifests offline, as both webhooks would.

Exit codes: 0 no denial, 1 at least one denial, 2 some input could not be read (the rest is still
checked and reported) or the policy library / cluster configuration is broken.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any, BinaryIO

import orjson

from webhook.admission import Decision, read_review, request_for_manifest, review
from webhook.cli import reports
from webhook.cli.finding_lines import locate
from webhook.cli.patched import patched_yaml
from webhook.cli.common import EXIT_DENIED, EXIT_OK, EXIT_UNREADABLE, add_policy_options, load_library, write_stdout
from webhook.config import ClusterConfig
from webhook.documents import (
    MANIFEST_SUFFIXES,
    STDIN_NAME,
    Document,
    expand_paths,
    parse_text,
    printable_path,
    read_text,
)
from webhook.engine import Finding
from webhook.errors import BadRequest, InputError, PolicyError
from webhook.policies import PolicySet

PARALLEL_MIN_BYTES = 4_000_000
"""Below this much input, forking a second process costs more than it saves."""
LOCATING_OUTPUTS = ("table", "json", "sarif", "patched")
"""The reports that show each finding's own line (found only for documents that have findings;
``patched`` shows them on stderr)."""
OUTPUTS = ("table", "json", "junit", "sarif", "patched")
STDERR_REPORTS = ("table", "patched")
"""The outputs that write nothing on stdout for a broken library: a table is read by people (the
error is on stderr), the patched objects are a YAML stream (nothing to print)."""


@dataclass(frozen=True)
class Result:
    document: Document
    decision: Decision
    envelope: bool = False  # the document was an AdmissionReview: its own request was reviewed
    finding_lines: tuple[int, ...] = ()  # each finding's source line, where a report asked for them

    def as_json(self) -> dict[str, Any]:
        entry: dict[str, Any] = {
            "file": self.document.file,
            "doc": self.document.doc,
            "line": self.document.line,
            "kind": self.decision.kind,
            "namespace": self.decision.namespace,
            "name": self.decision.name,
            "allowed": self.decision.allowed,
            "verdict": self.decision.verdict,
            "findings": [_finding_json(f, self, number) for number, f in enumerate(self.decision.findings)],
            "patch": list(self.decision.patch),
        }
        if self.document.item is not None:
            entry["item"] = self.document.item
        if self.decision.exemptions:  # what the configuration's exemptions kept from being judged
            entry["exemptions"] = list(self.decision.exemptions)
        if self.decision.notes:  # what the table shows with `!`: a mirror pod, an expired exemption, pods judged elsewhere
            entry["notes"] = list(self.decision.notes)
        if self.envelope:  # the request's own operation, and whether it was reviewed at all
            entry.update(admissionReview=True, operation=self.decision.operation, reviewed=self.decision.reviewed)
        return entry


SKIPPED = "skipped, "
NOT_A_MANIFEST = "not a manifest: no document has a kind"
NO_OBJECTS = "no Kubernetes objects found"
EMPTY = "empty: no Kubernetes object"
_BLANK_LINE = re.compile(r"\s*(?:(?:---|\.\.\.)(?:\s+#.*)?|#.*)?\s*")
"""A line of an input that holds nothing: blank, a comment, a bare document marker."""


class Skipped(InputError):
    """A file met in a folder walk that holds no Kubernetes object (a Helm ``values.yaml``, a
    ``Chart.yaml``): a note on stderr and in the JSON and SARIF reports, not an error."""

    @property
    def reason(self) -> str:
        return self.problem.removeprefix(SKIPPED)


def error_json(error: InputError) -> dict[str, Any]:
    """An unreadable input as a ``-o json`` entry: the keys of a result (so a consumer that reads
    them does not break), not allowed (a gate on ``allowed`` fails closed), and the problem."""
    return {
        "file": error.file, "doc": None, "line": error.line, "kind": None, "namespace": None, "name": None,
        "allowed": False, "verdict": "error", "findings": [], "patch": [], "error": error.problem,
    }  # fmt: skip


def skipped_json(skipped: Skipped) -> dict[str, Any]:
    """A file a folder walk skipped as a ``-o json`` entry: the keys of a result, allowed (it holds
    no object to deny: the exit code does not count it either), and why it was skipped."""
    return {
        "file": skipped.file, "doc": None, "line": None, "kind": None, "namespace": None, "name": None,
        "allowed": True, "verdict": "skipped", "findings": [], "patch": [], "skipped": skipped.reason,
    }  # fmt: skip


def _finding_json(finding: Finding, result: Result, number: int) -> dict[str, Any]:
    """A finding as a ``-o json`` entry: with the file and line the table shows for it."""
    entry: dict[str, Any] = {
        "policy": finding.policy, "action": finding.action, "message": finding.message, "path": finding.path,
        "file": result.document.file, "line": reports.finding_line(result, number),
    }  # fmt: skip
    if finding.preexisting:  # UPDATE: the old object had it too, so it only warns
        entry["preexisting"] = True
    return entry


def configure(parser: argparse.ArgumentParser) -> None:
    # an empty PATH is an input error in the report (run), beside the other paths' results, as a
    # missing file is: -o json consumers get an entry for it
    parser.add_argument("paths", nargs="+", metavar="PATH", help="manifest files, folders (recursive) or - for stdin")
    parser.add_argument(
        "--output", "-o", choices=OUTPUTS, default="table",
        help="report format; patched: every input object with the webhook's patch applied, as YAML (the findings on stderr)",
    )  # fmt: skip
    parser.add_argument("--operation", choices=("CREATE", "UPDATE"), default="CREATE", help="operation to simulate")
    parser.add_argument(
        "--allow-empty", action="store_true",
        help="a file or stdin holding no Kubernetes object (empty, only comments) is not an error (a folder with no manifest file at all still is)",
    )  # fmt: skip
    parser.add_argument(
        "--jobs", "-j", type=_jobs_arg, default=0, metavar="N",
        help="processes for large inputs (default, or 0: 2 when there are 2 cores and the input is large; 1 = no fork)",
    )  # fmt: skip
    add_policy_options(parser)
    parser.set_defaults(run=run)


def review_documents(
    documents: Sequence[Document], policies: PolicySet, config: ClusterConfig, operation: str = "CREATE"
) -> tuple[list[Result], list[InputError]]:
    """Each document reviewed as the mutating then the validating webhook would (mode "full"): a
    manifest as an ``operation`` of it, an AdmissionReview (a captured or hand-written webhook call,
    as ``gator verify`` reads them) as its own request: operation, oldObject, subresource, user."""
    results: list[Result] = []
    errors: list[InputError] = []
    for d in documents:
        problem = d.type_problem()
        if problem:
            errors.append(InputError(d.file, d.line, problem if d.item is None else f"items[{d.item}]: {problem}"))
            continue
        if d.obj.get("kind") != "AdmissionReview":
            results.append(Result(d, review(request_for_manifest(d.obj, operation), policies, config, mode="full")))
            continue
        try:
            _, request = read_review(d.obj)
        except BadRequest as exc:
            errors.append(InputError(d.file, d.line, f"AdmissionReview: {exc.message}"))
            continue
        results.append(Result(d, review(request, policies, config, mode="full"), envelope=True))
    return results, errors


def _is_no_manifest(documents: Sequence[Document]) -> bool:
    """Not one document has a kind (the items of a List do not count: it has one). Only the kind:
    a Helm ``Chart.yaml`` has an ``apiVersion`` (v2) too."""
    return bool(documents) and all(d.item is None and d.obj.get("kind") in (None, "") for d in documents)


def _no_objects(name: str, text: str) -> str:
    """Why an input named on the command line (or piped in) holding no object is an error: a
    command before the pipe that failed prints nothing, and a gate without ``set -o pipefail``
    would pass; kubectl refuses such input too ("no objects passed to apply")."""
    if not all(_BLANK_LINE.fullmatch(line) for line in text.splitlines()):
        return f"{NO_OBJECTS} (only empty documents or empty Lists; --allow-empty accepts it)"
    if name == STDIN_NAME:
        return f"{NO_OBJECTS} (empty input: did the command before the pipe fail? --allow-empty accepts it)"
    return f"{NO_OBJECTS} (the file is empty or holds only comments; --allow-empty accepts it)"


@dataclass(frozen=True)
class Checking:
    """What every source is checked with (a forked worker inherits it)."""

    policies: PolicySet
    config: ClusterConfig
    operation: str = "CREATE"
    walked: Collection[str] = ()  # found in a folder walk: skipped when it holds no Kubernetes object
    allow_empty: bool = False  # a named file or stdin without any object is not an error
    lines: bool = False  # each finding's source line (for the table and SARIF)
    objects: bool = False  # results keep their object (-o patched prints it)


def check_sources(
    sources: Sequence[str], checking: Checking, stdin: BinaryIO | None = None
) -> tuple[list[Result], list[InputError]]:
    """Read and review every source, in order. Results keep no object (only what reports need)."""
    results: list[Result] = []
    errors: list[InputError] = []
    for source in sources:
        read = read_text(source, stdin)
        if isinstance(read, InputError):
            errors.append(read)
            continue
        name, text = read
        documents, source_errors = parse_text(text, name)
        if not documents and not source_errors:  # kubectl: "no objects passed to apply"
            if source in checking.walked:
                errors.append(Skipped(name, None, SKIPPED + EMPTY))
            elif not checking.allow_empty:
                errors.append(InputError(name, None, _no_objects(name, text)))
            continue
        if source in checking.walked and not source_errors and _is_no_manifest(documents):
            errors.append(Skipped(documents[0].file, None, SKIPPED + NOT_A_MANIFEST))
            continue
        errors += source_errors
        reviewed, review_errors = review_documents(documents, checking.policies, checking.config, checking.operation)
        errors += review_errors
        if checking.lines:
            reviewed = locate(text, reviewed)
        if checking.objects:
            results += reviewed
            continue
        for result in reviewed:  # without its object; built directly (dataclasses.replace is slow: two per document)
            d = result.document
            kept = Document(d.file, d.doc, d.line, {}, d.item)
            results.append(Result(kept, result.decision, result.envelope, result.finding_lines))
    return results, errors


_CHECKING: Checking | None = None  # what a forked worker inherits


def _check_in_worker(sources: list[str]) -> tuple[list[Result], list[InputError]]:
    assert _CHECKING is not None
    return check_sources(sources, _CHECKING)


def _split_by_size(sources: list[str], parts: int) -> list[list[str]]:
    """Contiguous runs of about equal size (so the output order is the input order): a source
    starts the next run when its middle lies past the current run's share."""
    sizes = [_size(s) for s in sources]
    share = sum(sizes) / parts
    runs: list[list[str]] = [[]]
    filled = 0
    for source, size in zip(sources, sizes):
        if runs[-1] and filled + size / 2 > share * len(runs) and len(runs) < parts:
            runs.append([])
        runs[-1].append(source)
        filled += size
    return runs


def _size(source: str) -> int:
    try:
        return 0 if source == "-" else os.stat(source).st_size
    except OSError:
        return 0


def _jobs_arg(value: str) -> int:
    """``--jobs``: a count of processes, 0 for the automatic choice; ``-j -1`` was taken as 0 without a word."""
    try:
        jobs = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
    if jobs < 0:
        raise argparse.ArgumentTypeError(f"must be 0 (automatic) or a number of processes, got {jobs}")
    return jobs


def _jobs(requested: int, sources: list[str]) -> int:
    if "-" in sources:
        return 1  # standard input can be read by one process only
    if requested > 0:
        return requested
    if (os.cpu_count() or 1) < 2 or sys.platform == "win32":
        return 1
    return 2 if sum(_size(s) for s in sources) >= PARALLEL_MIN_BYTES else 1


def check_all(sources: list[str], checking: Checking, jobs: int) -> tuple[list[Result], list[InputError]]:
    """``check_sources`` over ``jobs`` processes (forked: the policy set is inherited, not sent)."""
    if jobs <= 1 or len(sources) < 2:
        return check_sources(sources, checking)
    global _CHECKING
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    _CHECKING = checking
    runs = _split_by_size(sources, jobs)
    if len(runs) < 2:
        return check_sources(sources, checking)
    with ProcessPoolExecutor(len(runs) - 1, mp_context=multiprocessing.get_context("fork")) as pool:
        futures = [pool.submit(_check_in_worker, run) for run in runs[1:]]
        results, errors = check_sources(runs[0], checking)  # this process does a share
        for future in futures:
            more_results, more_errors = future.result()
            results += more_results
            errors += more_errors
    return results, errors


def run(args: argparse.Namespace) -> int:
    library = load_library(args)
    if isinstance(library, PolicyError):
        if args.output not in STDERR_REPORTS:  # a script or CI reads these: a report that says why beats an empty file
            problem = f"{library.field}: {library.problem}" if library.field else library.problem
            write_report(args.output, [], [InputError(library.file, None, problem)], PolicySet((), ""))
        return EXIT_UNREADABLE
    policies, config = library
    sources: list[str] = []
    missing: list[InputError] = []
    folders: dict[str, list[str]] = {}
    for path in args.paths:
        if not path:  # an unset variable ("$DIR"): not the current folder, as Path("") would be
            missing.append(InputError("''", None, "empty path (an unset variable?)"))
            continue
        found = list(expand_paths([path]))
        if found != [path]:  # a folder, walked
            folders[path] = found
        sources += found
    walked = {source for found in folders.values() for source in found}
    checking = Checking(
        policies, config, args.operation, walked, args.allow_empty,
        lines=args.output in LOCATING_OUTPUTS, objects=args.output == "patched",
    )  # fmt: skip
    results, errors = check_all(sources, checking, _jobs(args.jobs, sources))
    skipped = [e for e in errors if isinstance(e, Skipped)]
    skipped_files = {e.file for e in skipped}
    empty_files = {e.file for e in skipped if e.reason == EMPTY} if args.allow_empty else set()
    for folder, found in folders.items():
        if all(printable_path(f) in skipped_files for f in found) and not (
            found and all(printable_path(f) in empty_files for f in found)
        ):
            suffixes = ", ".join(f"*{s}" for s in MANIFEST_SUFFIXES)
            missing.append(InputError(printable_path(folder), None, f"folder holds no manifests ({suffixes})"))
    errors = missing + [e for e in errors if not isinstance(e, Skipped)]
    if args.output == "patched":  # stdout holds the objects only: the table's lines for the findings go to stderr
        text, unwritable = patched_yaml(results)
        errors += unwritable
        written = write_stdout(text.encode())
        sys.stderr.write(reports.findings_table(results))
    else:
        written = write_report(args.output, results, errors, policies, skipped)
    for error in skipped + errors:
        print(f"railguard: {error}", file=sys.stderr)
    if args.output == "patched":
        print(reports.summary(results, errors), file=sys.stderr)
    if errors or not written:
        return EXIT_UNREADABLE
    return EXIT_DENIED if any(not r.decision.allowed for r in results) else EXIT_OK


def write_report(
    output: str, results: list[Result], errors: list[InputError], policies: PolicySet, skipped: Sequence[Skipped] = ()
) -> bool:
    """Write the report to standard output; False (after saying why on stderr) when it cannot be.
    ``skipped`` files are listed by JSON (after the errors) and SARIF (as notes) only."""
    if output == "json":
        entries = [r.as_json() for r in results] + [error_json(e) for e in errors] + [skipped_json(s) for s in skipped]
        data = orjson.dumps(entries, option=orjson.OPT_INDENT_2) + b"\n"
    elif output == "sarif":
        data = orjson.dumps(reports.sarif(results, errors, policies, skipped), option=orjson.OPT_INDENT_2) + b"\n"
    elif output == "junit":
        data = reports.junit(results, errors).encode()
    else:
        data = reports.table(results, errors).encode()
    return write_stdout(data)

