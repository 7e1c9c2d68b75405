"""The labelled third-party corpus (../shared/corpus): every labelled verdict for R, L, S and P.

Each labelled document is reviewed as a CREATE through ``review()``. ``fail`` labels need a deny
finding of the mapped policy; ``pass`` labels need no finding of it at all. Guardrails that a
document does not label are not asserted (see the corpus README).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from webhook.admission import Decision, request_for_manifest, review
from webhook.config import ClusterConfig
from webhook.documents import Document, read_source
from webhook.policies import PolicySet

GUARDRAILS = {
    "R": "require-run-as-non-root",
    "L": "require-resources",
    "S": "disallow-plaintext-secrets",
    "P": "require-probes",
}

DISAGREEMENTS: dict[tuple[str, int, str], str] = {}
"""(file, doc, guardrail) -> why railguard deliberately differs from the label. Empty: railguard
agrees with every label. An entry that stops disagreeing fails the test, so this list stays true."""


def _corpus(shared: Path) -> Path:
    corpus = shared / "corpus"
    if not (corpus / "expected.yaml").is_file():
        pytest.skip(f"{corpus}/expected.yaml is absent")
    return corpus


def _labels(corpus: Path) -> list[dict[str, Any]]:
    raw = yaml.safe_load((corpus / "expected.yaml").read_text(encoding="utf-8"))
    assert raw["format"] == "guardrail-corpus/v1"
    resources: list[dict[str, Any]] = raw["resources"]
    return resources


def _documents(path: Path) -> list[Document]:
    documents, errors = read_source(str(path))
    assert not errors, [str(e) for e in errors]
    assert all(d.item is None for d in documents), "the corpus has no List documents"
    return documents


def _verdicts(decision: Decision, guardrail: str) -> tuple[bool, bool]:
    """(denied for this guardrail, any finding of it)."""
    policy = GUARDRAILS[guardrail]
    mine = [f for f in decision.findings if f.policy == policy]
    return any(f.action == "deny" for f in mine) and not decision.allowed, bool(mine)


def _outcomes(corpus: Path, policies: PolicySet) -> Iterator[tuple[tuple[str, int, str], str, bool]]:
    """((file, doc, guardrail), expected 'fail'|'pass', railguard agrees)."""
    cache: dict[str, list[Document]] = {}
    config = ClusterConfig()
    for entry in _labels(corpus):
        file, doc = entry["file"], entry["doc"]
        if file not in cache:
            cache[file] = _documents(corpus / file)
        matches = [d for d in cache[file] if d.doc == doc]
        assert len(matches) == 1, f"{file} doc {doc}: {len(matches)} documents"
        obj = matches[0].obj
        assert obj.get("kind") == entry["kind"], f"{file} doc {doc}: kind {obj.get('kind')} != {entry['kind']}"
        decision = review(request_for_manifest(obj), policies, config, mode="validate")
        for guardrail in entry.get("fail") or []:
            denied, _ = _verdicts(decision, guardrail)
            yield (file, doc, guardrail), "fail", denied
        for guardrail in entry.get("pass") or []:
            _, reported = _verdicts(decision, guardrail)
            yield (file, doc, guardrail), "pass", not reported


def test_corpus_labels(shared_dir: Path, policies: PolicySet) -> None:
    corpus = _corpus(shared_dir)
    seen: set[tuple[str, int, str]] = set()
    wrong: list[str] = []
    counts = {"fail": 0, "pass": 0}
    for key, expected, agrees in _outcomes(corpus, policies):
        seen.add(key)
        counts[expected] += 1
        if key in DISAGREEMENTS:
            if agrees:
                wrong.append(f"{key} is listed as a disagreement but now agrees: remove it")
        elif not agrees:
            wrong.append(f"{key}: label says {expected.upper()}, railguard disagrees")
    assert not wrong, "\n".join(wrong)
    stale = set(DISAGREEMENTS) - seen
    assert not stale, f"disagreements for labels that no longer exist: {sorted(stale)}"
    # every labelled verdict was checked: the counts match the corpus' own summary
    total = yaml.safe_load((corpus / "expected.yaml").read_text(encoding="utf-8"))["summary"]["TOTAL"]
    assert counts == {
        "fail": sum(total[f"{g}_FAIL"] for g in GUARDRAILS),
        "pass": sum(total[f"{g}_PASS"] for g in GUARDRAILS),
    }


def test_corpus_covers_every_file(shared_dir: Path) -> None:
    corpus = _corpus(shared_dir)
    labelled = {entry["file"] for entry in _labels(corpus)}
    on_disk = {str(p.relative_to(corpus)) for p in corpus.rglob("*.yaml") if p.name != "expected.yaml"}
    assert labelled <= on_disk
    # documents (not only files): every document of every fixture has an entry
    entries = {(e["file"], e["doc"]) for e in _labels(corpus)}
    for file in sorted(on_disk):
        for document in _documents(corpus / file):
            assert (file, document.doc) in entries, f"{file} doc {document.doc} has no entry in expected.yaml"


@pytest.mark.parametrize("guardrail", sorted(GUARDRAILS))
def test_each_guardrail_has_both_verdicts_in_the_corpus(shared_dir: Path, guardrail: str) -> None:
    entries = _labels(_corpus(shared_dir))
    assert any(guardrail in (e.get("fail") or []) for e in entries)
    assert any(guardrail in (e.get("pass") or []) for e in entries)
