"""The texts a review answers with: the warnings (at most ``WARNING_LIMIT`` characters each, at
most ``WARNINGS_SHOWN`` of them) and the denial message (at most ``VIOLATIONS_SHOWN`` lines).

kube-apiserver passes on about 4 KiB of warnings per response and drops the rest; a denial lists
``VIOLATIONS_SHOWN`` violations. Beyond either, one closing line counts what is not shown (every
finding is still in the decision, the audit record and `railguard test`).
"""

from __future__ import annotations

from collections.abc import Sequence

from webhook.checks.base import BROKEN_POD_SPEC_FIX
from webhook.engine import Finding
from webhook.policies import PolicySet
from webhook.types import WARNING_LIMIT
from webhook.workloads import printable, printable_part

__all__ = ["NAMES_SHOWN", "VIOLATIONS_SHOWN", "WARNINGS_SHOWN", "broken_pod_spec_line", "denial_message", "fit_warning", "warnings_of"]

WARNINGS_SHOWN = 30
VIOLATIONS_SHOWN = 30


def warnings_of(findings: list[Finding], notes: tuple[str, ...]) -> tuple[str, ...]:
    """The warning of each finding (of those that warn), then the notes, bounded (:func:`_bounded_warnings`)."""
    warnings: list[str] = []
    warned: list[str] = []  # the policy of each warning
    broken: dict[tuple[str, str, str, bool], list[Finding]] | None = None  # a broken pod spec: one warning
    for finding in findings:
        if finding.broken_pod_spec:  # every policy judging containers says the same
            broken = broken if broken is not None else {}
            group = broken.setdefault((finding.path, finding.who, finding.problem, finding.preexisting), [])
            group.append(finding)
            if len(group) > 1:
                continue
        warnings.append(_warning(finding))
        warned.append(finding.policy)
    if broken is not None:  # each group's warning, where its first finding's was, names every policy
        for group in broken.values():
            if len(group) > 1:
                warnings[warned.index(group[0].policy)] = _broken_warning(group)
    if len(warnings) > 1 and len(set(warnings)) < len(warnings):  # the same text twice says nothing more
        first: dict[str, int] = {}
        for index, text in enumerate(warnings):
            first.setdefault(text, index)
        warnings, warned = list(first), [warned[i] for i in first.values()]
    return _bounded_warnings(warnings, warned, notes)


def _clip(text: str) -> str:
    return text if len(text) <= WARNING_LIMIT else text[: WARNING_LIMIT - 3] + "..."


def _warning(finding: Finding, policy: str = "") -> str:
    """``policy: container "app" <problem>; fix: <fix>`` in at most ``WARNING_LIMIT`` characters,
    from the finding's short forms: when too long, the problem is cut (``...``), then the fix,
    never the policy nor the container's name."""
    policy = policy or finding.policy  # several, for a broken pod spec
    prefix = "(already present) " if finding.preexisting else ""
    if prefix and len(policy) + len(prefix) + len(finding.who) + 3 + _PROBLEM_MIN > WARNING_LIMIT:
        prefix = ""  # a long name and the marker leave the problem no room: the name and the problem go first
    if not finding.who:  # a finding built without its parts: its short problem is all there is
        return fit_warning(f"{policy}: {prefix}", "", finding.short.lstrip(), finding.brief)
    return fit_warning(f"{policy}: {prefix}", finding.who, finding.short_problem or finding.problem, finding.brief)


def _broken_warning(group: list[Finding]) -> str:
    """One warning for a pod spec that cannot be judged, naming every policy that says so: joined
    by ``", "``, or by ``","`` where that leaves no room for the problem, or the first policy and
    a count where even that does not."""
    first = group[0]
    prefix = "(already present) " if first.preexisting else ""
    rest = f"{prefix}{first.who} {first.short_problem or first.problem}"
    names = [f.policy for f in group]
    lead = ", ".join(names)
    if len(lead) + 2 + len(rest) > WARNING_LIMIT:
        lead = ",".join(names)
        if len(lead) + 2 + len(rest) > WARNING_LIMIT:
            lead = f"{names[0]} and {len(names) - 1} more policies"
    return _warning(first, lead)


_FIX_KEPT = 40  # when even the fix is too long (a rule's own fix), who and the problem keep this much
_PROBLEM_SHORTEST = 10  # a problem cut shorter than this ("runs as...") leaves the fix whole no more
_PROBLEM_MIN = 20  # when the fix is cut, the problem keeps this much however long the name (else the fix goes)


def fit_warning(lead: str, who: str, problem: str, fix: str) -> str:
    """``lead + who + " " + problem + "; fix: " + fix`` in at most ``WARNING_LIMIT`` characters.
    ``lead`` (the policy) and ``who`` (a container: its name is at most 63 characters) are never
    cut: a warning that does not say which container it is about cannot be acted on. ``problem``
    is cut first, with ``...``, so that the fix stays whole; a fix too long to leave the problem
    some room is cut in turn, on a whole word; with no room left for a useful fix (a long name),
    the fix goes and the problem takes its room. Only a lead and ``who`` together too long for
    the limit (a 63-character policy id and an object's 253-character name) are cut at the end.
    Characters that are not printable are escaped first (a name from a custom resource or a key in
    a ConfigMap's JSON may hold a tab or a line break): kube-apiserver drops a warning that holds a
    control character without a word. The parts of a finding are escaped already (``evaluate``):
    ``printable_part`` finds them among the texts it knows printable."""
    who, problem, fix = printable_part(who), printable_part(problem), printable_part(fix)
    head = f"{lead}{who} " if who else lead
    tail = f"; fix: {fix}" if fix else ""
    text = head + problem + tail
    if len(text) <= WARNING_LIMIT:
        return text
    room = WARNING_LIMIT - len(head)  # for the problem and the fix
    kept = _FIX_KEPT - (len(who) + 1 if who else 0)  # what who and the problem keep together
    if room - len(tail) >= min(len(problem), max(kept, _PROBLEM_SHORTEST)):  # the fix stays whole
        return head + _cut(problem, room - len(tail)) + tail
    shown = _cut(problem, max(kept, _PROBLEM_MIN))
    fix_room = room - len(shown) - len("; fix: ")
    if fix and fix_room >= _FIX_MIN:
        return f"{head}{shown}; fix: {_cut_at_word(fix, fix_room)}"
    if room >= min(len(problem), 3):  # no room for a useful fix: the problem takes it (``...`` at least)
        return head + _cut(problem, room)
    return _clip(head + problem)


def _cut(text: str, room: int) -> str:
    """``text`` itself if it fits in ``room`` characters, else its start and ``...``."""
    return text if len(text) <= room else text[: max(room - 3, 0)].rstrip() + "..."


_FIX_MIN = 12  # a fix cut shorter than this says nothing: the text is cut as a whole instead
_WORD_BACK = 20  # how far a cut may step back to end on a whole word


def _cut_at_word(text: str, room: int) -> str:
    """``text`` cut to ``room`` characters with ``...``, after a whole word where one ends in the
    last ``_WORD_BACK`` characters kept (``rebuild it...``, not ``rebuild it wi...``), and without a
    dangling comma or semicolon."""
    kept = text[: room - 3]
    space = kept.rfind(" ")
    if space >= len(kept) - _WORD_BACK and space > 0 and text[room - 3 : room - 2] != " ":
        kept = kept[:space]
    return kept.rstrip(" ,;:-") + "..."


def _shown(policies: Sequence[str], limit: int) -> list[int]:
    """The indices of the items to show, at most ``limit``, in their order: the first item of
    each policy, then the others in order. A cut never hides a policy whole: the answer names
    every policy that failed (a Pod with 30 failing containers used to show the first policy's
    30 findings and nothing of the other three)."""
    chosen: dict[int, None] = {}
    seen: set[str] = set()
    for index, policy in enumerate(policies):
        if len(chosen) >= limit:
            return sorted(chosen)
        if policy not in seen:
            seen.add(policy)
            chosen[index] = None
    for index in range(len(policies)):
        if len(chosen) >= limit:
            break
        chosen[index] = None
    return sorted(chosen)


def _bounded_warnings(warnings: list[str], policies: list[str], notes: tuple[str, ...]) -> tuple[str, ...]:
    """The findings' warnings (``policies[i]`` made ``warnings[i]``), then the notes, at most
    ``WARNINGS_SHOWN``: past that, a count of what is left out and the notes (first served) take
    the last places, and the warnings kept include one of each policy (:func:`_shown`)."""
    if not notes and len(warnings) <= WARNINGS_SHOWN:  # the usual case: no note, a few warnings
        return tuple(warnings)
    clipped = [_clip(printable(note)) for note in notes]
    if len(warnings) + len(clipped) <= WARNINGS_SHOWN:
        return (*warnings, *clipped)
    notes_shown = clipped[: WARNINGS_SHOWN - 1]
    shown = [warnings[i] for i in _shown(policies, WARNINGS_SHOWN - 1 - len(notes_shown))]
    left = len(warnings) - len(shown) + len(clipped) - len(notes_shown)
    return (*shown, _more_warnings(left), *notes_shown)


def _more_warnings(count: int) -> str:
    return f"railguard: {count} more warning{'s' if count != 1 else ''} not shown (railguard test lists them all)"


def denial_message(kind: str, namespace: str, name: str, blocking: list[Finding], policies: PolicySet) -> str:
    """The header, then one line per group of findings (:func:`_grouped`), at most
    ``VIOLATIONS_SHOWN`` lines (the first of each failing policy among them), then a line counting
    per policy the violations of the lines cut. A broken pod spec is one violation, however many
    policies report it (one line names them all): the header then counts the policies too. A line
    break, tab or terminal escape in a name (a custom resource's container, a key in a ConfigMap's
    JSON) is escaped (the findings' parts in ``evaluate``, the object here), so it can neither
    forge a line nor reach the terminal of whoever runs kubectl."""
    target = printable(f"{kind} {namespace + '/' if namespace else ''}{name}".strip())
    count = len(blocking)
    if count <= VIOLATIONS_SHOWN and _nothing_to_group(blocking):  # the usual case
        lines = [f"railguard denied {target}: {count} violation{'s' if count != 1 else ''}"]
        for finding in blocking:
            lines.append(f"[{finding.policy}] {finding.message}")
        return "\n".join(lines)
    groups = _grouped(blocking)
    violations = sum(1 if _is_broken_group(group) else len(group) for group in groups)
    header = f"railguard denied {target}: {violations} violation{'s' if violations != 1 else ''}"
    if violations != count:
        header += f" ({len({f.policy for f in blocking})} policies)"
    lines = [header]
    if len(groups) <= VIOLATIONS_SHOWN:
        lines += [_group_line(group, policies) for group in groups]
        return "\n".join(lines)
    shown = _shown([group[0].policy for group in groups], VIOLATIONS_SHOWN)
    lines += [_group_line(groups[i], policies) for i in shown]
    left: dict[str, int] = {}
    kept = set(shown)
    left_out = 0
    for index, group in enumerate(groups):
        if index not in kept:
            left_out += 1 if _is_broken_group(group) else len(group)
            for finding in group:  # a broken pod spec's group holds several policies
                left[finding.policy] = left.get(finding.policy, 0) + 1
    lines.append(_more_violations(left_out, left))
    return "\n".join(lines)


def _is_broken_group(group: list[Finding]) -> bool:
    """Whether a group is a broken pod spec as several policies report it (one violation)."""
    return group[0].broken_pod_spec


NAMES_SHOWN = 10  # a line naming the containers of a group names this many, then counts the others


def _grouped(blocking: list[Finding]) -> list[list[Finding]]:
    """The findings in groups, in the order of each group's first finding: those of the same
    policy, problem and fix in containers of the same list (``container "a"``, ``container "b"``:
    one line names both, as Pod Security Admission does), and identical findings (an env var set
    twice in one container) together."""
    groups: dict[tuple[str, ...], list[Finding]] = {}
    for finding in blocking:
        if finding.broken_pod_spec:  # every policy judging containers says the same: one line
            key: tuple[str, ...] = ("\0broken", finding.path, finding.who, finding.problem)
        elif not finding.who:  # a finding built without its parts: only the same message groups
            key = (finding.policy, finding.message)
        else:
            lead = _container_list_label(finding)
            key = (finding.policy, lead if lead is not None else "\0" + finding.who, finding.problem, finding.fix)
        groups.setdefault(key, []).append(finding)
    return list(groups.values())


def _nothing_to_group(findings: list[Finding]) -> bool:
    """Whether no two findings are of the same policy and at most one reports the pod spec as broken
    (the usual denial: one line per finding). One loop, the broken test inline: a set comprehension,
    a second loop and a property call per finding cost more on every denial."""
    policies: set[str] = set()
    broken = False
    for finding in findings:
        if finding.policy in policies:
            return False
        policies.add(finding.policy)
        if finding.fix == BROKEN_POD_SPEC_FIX:  # Finding.broken_pod_spec, inline
            if broken:
                return False
            broken = True
    return True


def _container_list_label(finding: Finding) -> str | None:
    """``init container`` for a finding about ``init container "setup"``; None when it is not
    about a container (an object, a ConfigMap)."""
    if finding.container is None or finding.who != finding.container or not finding.who.endswith('"'):
        return None
    lead, quote, _ = finding.who.partition(' "')
    return lead if quote else None


def broken_pod_spec_line(policies: list[str], finding: Finding) -> str:
    """The one line of a pod spec that cannot be judged, naming every policy that reports it:
    ``[p1, p2] <who> <problem>. Fix: <fix>.`` (the denial, and ``railguard test``'s table)."""
    return f"[{', '.join(dict.fromkeys(policies))}] {finding.who} {finding.problem}. Fix: {finding.fix}."


def _group_line(group: list[Finding], policies: PolicySet) -> str:
    first = group[0]
    if len(group) > 1 and group[1].policy != first.policy:  # a broken pod spec, as every policy concerned says
        return broken_pod_spec_line([f.policy for f in group], first)
    names = list(dict.fromkeys(f.who.partition(' "')[2][:-1] for f in group)) if len(group) > 1 else []
    policy = policies.get(first.policy) if len(names) >= 2 else None  # only a line naming several needs it
    if policy is None:
        return f"[{first.policy}] {first.message}"
    shown = [f'"{n}"' for n in names[:NAMES_SHOWN]]
    more = len(names) - len(shown)
    listed = f"{', '.join(shown)} and {more} more" if more else f"{', '.join(shown[:-1])} and {shown[-1]}"
    who = f"{_container_list_label(first)}s {listed}"
    problem = first.problem
    if "{subject} {problem}" in policy.message:  # the problem's verb follows the containers named
        verb, space, rest = problem.partition(" ")
        plural = _PLURAL_VERBS.get(verb)
        if plural is not None:
            problem = plural + space + rest
        else:  # it does not begin with a verb we know (env var "X" sets...): a list, then the problem
            who += ":"
    return f"[{first.policy}] {policy.render(who, problem, first.fix)}"


_PLURAL_VERBS = {
    "has": "have", "is": "are", "was": "were", "does": "do", "may": "may", "must": "must", "cannot": "cannot",
    "can": "can", "should": "should", "runs": "run", "sets": "set", "lacks": "lack", "uses": "use",
    "needs": "need", "holds": "hold", "mounts": "mount", "requests": "request", "allows": "allow",
    "exposes": "expose", "names": "name", "misses": "miss", "leaves": "leave", "gives": "give",
    "contains": "contain", "defines": "define", "declares": "declare", "specifies": "specify",
    "enables": "enable", "grants": "grant", "passes": "pass", "keeps": "keep", "adds": "add",
    "references": "reference", "pulls": "pull", "listens": "listen", "shares": "share", "carries": "carry",
}


def _more_violations(count: int, per_policy: dict[str, int]) -> str:
    which = ", ".join(f"{policy}: {n}" for policy, n in per_policy.items())
    return (
        f"... and {count} more violation{'s' if count != 1 else ''}, not shown ({which}): "
        "the audit record and railguard test on the manifest list them all"
    )
