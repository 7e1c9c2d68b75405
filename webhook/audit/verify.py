"""``verify``: walk every writer's chain and name each record that was edited, deleted, inserted
or reordered; check signed checkpoints and pruning anchors.

Rows are read in chain order (writer, seq, storage position), streamed: memory stays flat.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import groupby
from typing import Any

import orjson

from webhook.audit.base import INVALID_SEQ, WRITER_ID_MAX, ChainMark, StoredRow, Trail, writer_id_fault
from webhook.audit.checkpoint import UNCHAINED, Checkpoint, read_checkpoints
from webhook.audit.record import GENESIS, chain_hash, policies_of, utc_timestamp
from webhook.audit.signing import PublicKey
from webhook.workloads import printable


@dataclass(frozen=True)
class Problem:
    kind: str  # edited | deleted | inserted | reordered | unreadable | checkpoint
    writer: str
    seq: int | None
    detail: str

    def __str__(self) -> str:
        """One line of the report: the writer id, and the details naming files, checkpoint fields
        and continuation headers, come from the trail (or the command line) as they were written:
        escaped, a line break in a writer id would forge a line (a fake "OK") of the report."""
        where = f"{self.writer} #{self.seq}" if self.seq is not None else self.writer or "trail"
        return printable(f"{self.kind}: {where}: {self.detail}")


@dataclass
class Report:
    records: int = 0
    writers: dict[str, ChainMark] = field(default_factory=dict)  # last intact record per writer
    problems: list[Problem] = field(default_factory=list)
    checkpoints: int = 0
    checkpoints_verified: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _same_text(value: str) -> str:
    return value


def _columns_match(row: StoredRow, record: dict[str, Any], as_stored: Callable[[str], str] = _same_text) -> bool:
    """``as_stored``: how the store keeps a text column (PostgreSQL cannot hold NUL characters)."""
    user = record.get("user")
    namespace, username = record.get("namespace"), user.get("username") if isinstance(user, dict) else None
    return (
        record.get("writer") == row.writer
        and record.get("seq") == row.seq
        and record.get("prevHash") == row.prev_hash
        and record.get("ts") == row.ts
        and isinstance(namespace, str)
        and as_stored(namespace) == row.namespace
        and isinstance(username, str)
        and as_stored(username) == row.username
        and record.get("verdict") == row.verdict
        and " " + " ".join(policies_of(record)) + " " == row.policies
    )


def _claimed_seq(row: StoredRow) -> int | None:
    """The sequence number a record's content claims, if it can be read."""
    try:
        record = orjson.loads(row.body)
    except orjson.JSONDecodeError:
        return None
    seq = record.get("seq") if isinstance(record, dict) else None
    return seq if type(seq) is int else None


def _valid_marks(kind: str, marks: dict[str, ChainMark], report: Report) -> dict[str, ChainMark]:
    """The heads or anchors whose sequence number is valid; each other one is a problem."""
    valid: dict[str, ChainMark] = {}
    for writer, mark in marks.items():
        if mark.seq == INVALID_SEQ:
            report.problems.append(Problem("edited", writer, None, f"the writer's {kind} has no valid sequence number"))
        else:
            valid[writer] = mark
    return valid


def examine(row: StoredRow, as_stored: Callable[[str], str] = _same_text) -> tuple[str | None, str, dict[str, Any] | None]:
    """(problem or None, the prevHash the body claims, the record when it is a JSON object): the
    checks of one record alone, which verify makes on every record and export on each it exports.
    ``as_stored``: the trail's ``column_text`` (how it keeps a text column) if it has one."""
    try:
        record = orjson.loads(row.body)
    except orjson.JSONDecodeError:
        return "the record is not valid JSON", "", None
    if not isinstance(record, dict):
        return "the record is not a JSON object", "", None
    claimed = record.get("prevHash")
    claimed = claimed if isinstance(claimed, str) else ""
    if not claimed.isascii():  # no hash: chain_hash() would fail on it
        return "its prevHash is not a hash", "", record
    if chain_hash(claimed, row.body) != row.hash:
        return "its content does not match its hash", claimed, record
    if not _columns_match(row, record, as_stored):
        return "its indexed columns differ from its hashed content", claimed, record
    return None, claimed, record


BACKDATING_SLACK = dt.timedelta(minutes=10)
"""How much older than a signed checkpoint a record it does not hold may be: a record is dated
when the webhook decides and committed moments later, and hosts' clocks differ a little."""


class _Marks:
    """Signed checkpoint heads to meet during the walk: writer -> seq -> [(checkpoint id, hash)];
    and the signed pruning anchors, plus those a prune has just stored (``pruning``)."""

    def __init__(self, checkpoints: list[Checkpoint], pruning: dict[str, ChainMark]) -> None:
        self.by_writer: dict[str, dict[int, list[tuple[str, str]]]] = {}
        for cp in checkpoints:
            for writer, mark in cp.heads.items():
                self.by_writer.setdefault(writer, {}).setdefault(mark.seq, []).append((cp.label, mark.hash))
        self.anchor_marks = [(cp.label, w, m) for cp in checkpoints for w, m in cp.anchors.items()]
        self.checkpoints = checkpoints
        self.pruning = pruning
        # (a record dated before this must be held by the checkpoint, the checkpoint), oldest first
        self.deadlines = sorted(((d, cp) for cp in checkpoints if (d := _deadline(cp)) is not None), key=lambda d: d[0])

    def backdated(self, writer: str, seq: int, ts: str) -> Problem | None:
        """A record dated before a signed checkpoint that does not hold it: written into the
        history the checkpoint closed (a fabricated record, or a whole fabricated writer)."""
        if not isinstance(ts, str):
            return None
        at = bisect.bisect_right(self.deadlines, ts, key=lambda d: d[0])
        if at == len(self.deadlines):
            return None
        cp = self.deadlines[at][1]  # the first checkpoint made after the record's date
        head = cp.heads.get(writer)
        if head is not None and head.seq >= seq:
            return None
        held = f"ends this writer's chain at #{head.seq}" if head else "does not know this writer"
        return Problem("inserted", writer, seq, f"dated {ts}, before signed checkpoint {cp.label} ({cp.created}), which {held}")

    def signing(self, writer: str, mark: ChainMark) -> str | None:
        """The checkpoint(s) that sign ``mark`` (seq and hash) of ``writer``, as its pruning anchor or its
        head, if any: that record's hash is then proven."""
        labels = [label for label, w, m in self.anchor_marks if w == writer and m == mark]
        labels += [label for label, digest in self.by_writer.get(writer, {}).get(mark.seq, ()) if digest == mark.hash]
        return ", ".join(dict.fromkeys(labels)) or None

    def _moved_header(self, writer: str, anchor: ChainMark, signed: int, continued_in: str) -> Problem | None:
        """A continuation header past the highest pruning anchor a checkpoint signed (``signed``), inside
        the records that same checkpoint attested after that anchor (its head lies beyond the header):
        no rotation starts a file there (a rotated file continues from the last record of the file
        before it, at or after any head signed of that file), so the header, or the anchor it copies,
        was moved past the signed anchor and the records between them removed; or the trail was
        pruned again after that checkpoint, and that prune's own checkpoint signs the later anchor."""
        beyond = [
            (head.seq, cp.label) for cp in self.checkpoints
            if (mark := cp.anchors.get(writer)) is not None and mark.seq == signed
            and (head := cp.heads.get(writer)) is not None and head.seq > anchor.seq
        ]  # fmt: skip
        if not beyond:
            return None
        last, label = max(beyond)
        missing = f"#{signed + 1}" if anchor.seq == signed + 1 else f"#{signed + 1}..#{anchor.seq}"
        return Problem(
            "edited", writer, anchor.seq,
            f"{continued_in} continues the chain from #{anchor.seq}, but signed checkpoint {label} holds its pruning anchor"
            f" at #{signed} and its records up to #{last}: the continuation header was moved past the signed anchor and"
            f" record(s) {missing} removed (if the trail was pruned again after that checkpoint, give verify the checkpoint"
            " that prune signed)",
        )  # fmt: skip

    def unsigned_pruning(self, writer: str, anchor: ChainMark, continued_in: str | None = None) -> Problem | None:
        """Records a checkpoint attested (up to its highest signed head) that lie at or before a
        pruning anchor beyond every signed one: deleted outside ``prune --key``, with an anchor
        made to match. ``continued_in``: the file whose continuation header is the anchor (a
        rotated JSON Lines file, never pruned, or an export of a pruned trail, whose headers look
        the same): the records are in the files before it, or were pruned."""
        heads = self.by_writer.get(writer)
        if not heads:
            return None
        attested = max(heads)
        cp_id = heads[attested][0][0]
        signed = max([m.seq for _, w, m in self.anchor_marks if w == writer], default=0)
        if writer in self.pruning:
            signed = max(signed, self.pruning[writer].seq)
        last = min(anchor.seq, attested)
        if last <= signed:
            return None
        if continued_in is not None and (moved := self._moved_header(writer, anchor, signed, continued_in)) is not None:
            return moved
        if continued_in is not None:
            return Problem(
                "checkpoint", writer, signed + 1,
                f"records #{signed + 1}..#{last} are covered by signed checkpoint {cp_id} but not in {continued_in}, which"
                f" continues the chain from #{anchor.seq}: they are in an earlier file of the rotation, or were pruned from"
                f" the trail it was exported from; give verify the files the checkpoint covers, oldest first (--audit"
                f" jsonl:OLDER ... --audit {continued_in}), or, for an export, verify the trail it was exported from"
                " (it holds the checkpoint that signed the prune)",
            )  # fmt: skip
        return Problem(
            "deleted", writer, signed + 1,
            f"records #{signed + 1}..#{last} are covered by signed checkpoint {cp_id} but missing: the pruning anchor at"
            f" #{anchor.seq} was not signed by a checkpoint ('railguard audit prune --key' signs it)",
        )


def verify(
    trail: Trail,
    public_key: PublicKey | None = None,
    chain_rows: Iterator[StoredRow] | None = None,
    pruning: dict[str, ChainMark] | None = None,
    checkpoint_copies: Sequence[tuple[str, bytes]] = (),
) -> Report:
    """``pruning``: anchors a prune has just stored, to be signed by the checkpoint it is about to make.
    ``checkpoint_copies``: (name, content) of checkpoint files kept outside the trail."""
    with trail.snapshot():
        return _verify(trail, public_key, chain_rows, pruning, checkpoint_copies)


def _verify(
    trail: Trail,
    public_key: PublicKey | None,
    chain_rows: Iterator[StoredRow] | None,
    pruning: dict[str, ChainMark] | None,
    checkpoint_copies: Sequence[tuple[str, bytes]] = (),
) -> Report:
    report = Report()
    checkpoints = _trusted_checkpoints(trail, public_key, checkpoint_copies, report)
    marks = _Marks(checkpoints, pruning or {})
    stored_heads = trail.heads()
    heads = _valid_marks("head", stored_heads, report)
    stored_anchors = trail.anchors()
    anchors = _valid_marks("pruning anchor", stored_anchors, report)
    continues_in: Callable[[], str] | None = getattr(trail, "continues_in", None)  # JSON Lines: anchors are continuations
    continued_in = continues_in() if continues_in is not None and anchors else None
    for writer, stored in anchors.items():
        if (problem := marks.unsigned_pruning(writer, stored, continued_in)) is not None:
            report.problems.append(problem)
    rows = chain_rows if chain_rows is not None else _chain_order(trail)
    walked = _walk_chains(rows, report, marks, heads, anchors, getattr(trail, "column_text", _same_text))
    all_rows_read = chain_rows is None  # the rows were read from the trail, all of them
    _check_rotated_files(trail, all_rows_read, report)
    _note_continuations(trail, public_key, marks, anchors, report)
    if trail.keeps_heads:  # SQL stores write a writer's head with its records, in one transaction
        _check_heads_kept(walked, stored_heads, anchors, report)
    _check_writers_without_records(walked, heads, anchors, report)
    _check_signed_marks(marks, anchors, report)
    anchor_source = f"the continuation header of {continues_in()}" if continues_in is not None else "the writer's pruning anchor"
    where_read = _where_writer_ids_were_read(trail, all_rows_read, walked, stored_heads, stored_anchors, anchor_source, checkpoints)
    report.problems += _foreign_writer_ids(where_read)
    _note_authentication(public_key, checkpoints, report)
    return report


def _trusted_checkpoints(
    trail: Trail, public_key: PublicKey | None, checkpoint_copies: Sequence[tuple[str, bytes]], report: Report
) -> list[Checkpoint]:
    """The checkpoints to check the chains against; a problem for each that cannot be trusted, and
    notes on those that were not checked or were made for another store."""
    checkpoints, cp_problems, other_keys = read_checkpoints(trail, public_key, checkpoint_copies)
    report.problems += cp_problems
    # each checkpoint once: one that is checked against the chains may have a problem too (the one
    # stored before it deleted, a copy no longer in the trail)
    checked = {f"checkpoint {cp.label}" for cp in checkpoints}
    report.checkpoints = len(checkpoints) + sum(problem.writer not in checked for problem in cp_problems)
    if other_keys:
        report.notes.append(f"{other_keys} checkpoint(s) made with another key were not checked")
    if unchained := sum(cp.previous == UNCHAINED for cp in checkpoints):
        report.notes.append(
            f"{unchained} checkpoint(s) made by an older railguard do not name the checkpoint stored before them:"
            " a checkpoint deleted just before one of them cannot be told"
        )
    if not trail.keeps_checkpoints and (chained := sum(cp.previous not in (None, UNCHAINED) for cp in checkpoints)):
        report.notes.append(
            f"{chained} checkpoint(s) follow checkpoints stored in the trail they were made for, which this one does not"
            " hold: whether a checkpoint was deleted from that trail is checked by verifying it"
        )
    report.checkpoints_verified = len(checkpoints) if public_key is not None else 0
    # a trail of rotated JSON Lines files answers to each file's name: a checkpoint signs one of them
    own = {trail.description, *getattr(trail, "names", ())}
    if elsewhere := sorted({cp.store for cp in checkpoints if cp.store not in own}):
        names = ", ".join(ascii(name)[:200] for name in elsewhere[:3]) + (", ..." if len(elsewhere) > 3 else "")
        report.notes.append(
            f"{sum(cp.store not in own for cp in checkpoints)} checkpoint(s) were made for another store ({names}):"
            " expected if this trail was moved, copied or opened by another name; otherwise they belong to another trail"
        )
    return checkpoints


def _walk_chains(
    rows: Iterator[StoredRow],
    report: Report,
    marks: _Marks,
    heads: dict[str, ChainMark],
    anchors: dict[str, ChainMark],
    as_stored: Callable[[str], str],
) -> dict[str, None]:
    """Walk each writer's chain (rows in chain order); the writers met, in that order."""
    walked: dict[str, None] = {}
    for writer, writer_rows in groupby(rows, key=lambda r: r.writer):
        walked[writer] = None
        _walk(writer, writer_rows, report, marks, heads.get(writer), anchors.get(writer), as_stored)
    return walked


def _check_rotated_files(trail: Trail, all_rows_read: bool, report: Report) -> None:
    """JSON Lines files a rotation left: where one file meets the next, and where the first begins;
    and the last file against its head file (records cut off the file's end)."""
    junctions: Callable[[], list[tuple[str, str, int | None, str]]] | None = getattr(trail, "junction_problems", None)
    if junctions is not None and all_rows_read:
        report.problems += [Problem(*found) for found in junctions()]
    tail: Callable[[], tuple[list[tuple[str, str, int | None, str]], list[str]]] | None = getattr(trail, "tail_problems", None)
    if tail is not None and all_rows_read:
        cut, tail_notes = tail()
        report.problems += [Problem(*found) for found in cut]
        report.notes += tail_notes


def _note_continuations(
    trail: Trail, public_key: PublicKey | None, marks: _Marks, anchors: dict[str, ChainMark], report: Report
) -> None:
    continuation: Callable[[dict[str, str]], list[str]] | None = getattr(trail, "continuation_notes", None)
    if continuation is not None:
        # where a verified checkpoint signs the record a chain continues from, that start is proven
        signed_starts = {w: label for w, mark in anchors.items() if public_key is not None and (label := marks.signing(w, mark))}
        report.notes += continuation(signed_starts)


def _check_heads_kept(walked: dict[str, None], stored_heads: dict[str, ChainMark], anchors: dict[str, ChainMark], report: Report) -> None:
    """Every writer with records or a pruning anchor has a stored head (a store that keeps heads)."""
    for writer in [w for w in {**walked, **dict.fromkeys(anchors)} if w not in stored_heads and w != ""]:
        report.problems.append(Problem("deleted", writer, None, "the writer's head is missing: its last records may have been deleted"))


def _check_writers_without_records(
    walked: dict[str, None], heads: dict[str, ChainMark], anchors: dict[str, ChainMark], report: Report
) -> None:
    """A writer with a head but no record left: its records were deleted, unless all were pruned."""
    for writer, head in heads.items():
        if writer not in walked:
            anchor = anchors.get(writer)
            if anchor is None or anchor.seq < head.seq:
                first = anchor.seq + 1 if anchor else 1
                report.problems.append(Problem("deleted", writer, first, f"records #{first}..#{head.seq} are missing"))
            else:  # every record pruned: the anchor is the chain's last record
                _check_head(writer, head, anchor, report.problems)
            report.writers.setdefault(writer, anchor or head)


def _check_signed_marks(marks: _Marks, anchors: dict[str, ChainMark], report: Report) -> None:
    """Records a checkpoint signed that lie past the end of their chain (and its anchor), and
    pruning anchors that differ from the one a checkpoint signed."""
    for writer, seqs in marks.by_writer.items():
        last = report.writers.get(writer)
        anchor = anchors.get(writer)
        for seq, expected in seqs.items():
            if (last is None or seq > last.seq) and (anchor is None or seq > anchor.seq):
                cp_ids = ", ".join(label for label, _ in expected)
                report.problems.append(Problem("deleted", writer, seq, f"covered by signed checkpoint {cp_ids}, now missing"))
    for cp_id, writer, mark in marks.anchor_marks:
        anchor = anchors.get(writer)
        if anchor is not None and anchor.seq == mark.seq and anchor.hash != mark.hash:
            report.problems.append(Problem("edited", writer, mark.seq, f"the pruning anchor differs from checkpoint {cp_id}"))


def _where_writer_ids_were_read(
    trail: Trail,
    all_rows_read: bool,
    walked: dict[str, None],
    stored_heads: dict[str, ChainMark],
    stored_anchors: dict[str, ChainMark],
    anchor_source: str,
    checkpoints: list[Checkpoint],
) -> dict[str, str]:
    """Each writer id the trail names, with the first place it was read: its records, its head,
    its pruning anchor (``anchor_source``: what the anchors are), a checkpoint, or (JSON
    Lines) a file's continuation header or head file."""
    where_read = {writer: "its records" for writer in walked if writer != ""}  # "": unreadable lines, reported already
    where_read.update((writer, "the writer's head") for writer in stored_heads if writer not in where_read)
    where_read.update((writer, anchor_source) for writer in stored_anchors if writer not in where_read)
    for cp in checkpoints:
        where_read.update((writer, f"checkpoint {cp.label}") for writer in (*cp.heads, *cp.anchors) if writer not in where_read)
    writer_ids: Callable[[], list[tuple[str, str]]] | None = getattr(trail, "writer_ids", None)  # JSON Lines: headers, head file
    if writer_ids is not None and all_rows_read:
        where_read.update((writer, where) for writer, where in writer_ids() if writer not in where_read)
    return where_read


def _note_authentication(public_key: PublicKey | None, checkpoints: list[Checkpoint], report: Report) -> None:
    if report.checkpoints and public_key is None:
        report.notes.append(f"{report.checkpoints} checkpoint(s) not authenticated: pass --public-key to verify their signatures")
    if public_key is not None and not checkpoints:
        report.notes.append("no valid signed checkpoint: only the chains' internal consistency is proven")


def _foreign_writer_ids(where_read: dict[str, str]) -> list[Problem]:
    """Each writer id (with where it was read) that railguard never writes: an edit wrote it. Every
    railguard writes ids of one shape (``default_writer``, and a JSON Lines writer's suffix)."""
    problems = []
    for writer, where in where_read.items():
        if (fault := writer_id_fault(writer)) is not None:
            text = str(writer)  # an edited SQL column may hold another type
            shown = text if len(text) <= WRITER_ID_MAX else f"{text[:WRITER_ID_MAX]}..."
            problems.append(Problem("edited", shown, None, f"a writer id railguard never writes ({fault}), read from {where}: it was edited"))
    return problems


def _deadline(cp: Checkpoint) -> str | None:
    try:
        created = dt.datetime.fromisoformat(cp.created.replace("Z", "+00:00"))
    except ValueError:
        return None
    return utc_timestamp(created - BACKDATING_SLACK)


def _chain_order(trail: Trail) -> Iterator[StoredRow]:
    ordered = getattr(trail, "chain_rows", None)
    if callable(ordered):
        rows: Iterator[StoredRow] = ordered()
        return rows
    return iter(sorted(trail.rows(), key=lambda r: (r.writer, r.seq, r.position)))


def _walk(
    writer: str,
    rows: Iterator[StoredRow],
    report: Report,
    marks: _Marks,
    head: ChainMark | None,
    anchor: ChainMark | None,
    as_stored: Callable[[str], str] = _same_text,
) -> None:
    if writer == "":  # unreadable lines of a JSON Lines file
        for row in rows:
            report.records += 1
            report.problems.append(Problem("edited", "line", row.position, "not a readable audit record"))
        return
    chain = _ChainWalk(writer, anchor, marks, report.problems, as_stored)
    for seq, same_seq in groupby(rows, key=lambda r: r.seq):
        group = list(same_seq)
        report.records += len(group)
        chain.place(seq, group)
    report.writers[writer] = chain.last
    if head is not None:
        _check_head(writer, head, chain.last, report.problems)


class _ChainWalk:
    """One writer's chain, walked in order from where it starts (its anchor, or the genesis hash):
    the last record placed in it, and each problem met on the way."""

    def __init__(
        self, writer: str, anchor: ChainMark | None, marks: _Marks, problems: list[Problem], as_stored: Callable[[str], str]
    ) -> None:
        self.writer, self.marks, self.problems, self.as_stored = writer, marks, problems, as_stored
        self.signed = marks.by_writer.get(writer, {})
        self.last = ChainMark(anchor.seq, anchor.hash) if anchor else ChainMark(0, GENESIS)
        self.last_position, self.last_intact = -1, True

    def place(self, seq: int, group: list[StoredRow]) -> None:
        """The records stored under ``seq``: one of them, the genuine one, takes that place in the chain."""
        if seq == INVALID_SEQ:  # the seq column was overwritten with something else: not in the chain
            for row in group:
                self._problem("edited", _claimed_seq(row), f"the record stored at position {row.position} has no valid sequence number")
            return
        if seq <= self.last.seq:
            for row in group:
                self._problem("inserted", seq, "lies at or before the chain's anchor (a pruning anchor, or where a rotated JSON Lines file continues from)")
            return
        if seq > self.last.seq + 1:
            missing = f"#{self.last.seq + 1}" if seq == self.last.seq + 2 else f"#{self.last.seq + 1}..#{seq - 1}"
            self._problem("deleted", self.last.seq + 1, f"record(s) {missing} are missing")
        row, problem, claimed = self._genuine(seq, group)
        if problem is not None:
            self._problem("edited", seq, problem)
        elif claimed != self.last.hash and seq == self.last.seq + 1 and self.last_intact:
            self._problem("edited", seq - 1, f"#{seq} does not link to it: #{seq - 1} was replaced (edited and re-hashed), or #{seq} inserted")
        if row.position < self.last_position:
            self._problem("reordered", seq, f"is stored before #{self.last.seq}")
        if self.marks.deadlines and (backdated := self.marks.backdated(self.writer, seq, row.ts)) is not None:
            self.problems.append(backdated)
        for cp_id, digest in self.signed.get(seq, ()):
            if digest != row.hash:
                self._problem("edited", seq, f"differs from signed checkpoint {cp_id}")
        self.last, self.last_position, self.last_intact = ChainMark(seq, row.hash), row.position, problem is None

    def _genuine(self, seq: int, group: list[StoredRow]) -> tuple[StoredRow, str | None, str]:
        """(row, its problem, the prevHash it claims) of the record that takes place ``seq``: the first
        intact one linking to the last record placed, else the first stored; each other one is inserted."""
        examined = [(row, *examine(row, self.as_stored)[:2]) for row in group]
        genuine = next((e for e in examined if e[1] is None and e[2] == self.last.hash), examined[0])
        for row, _, _ in examined:
            if row is not genuine[0]:
                self._problem("inserted", seq, f"a second record claims this place (stored at position {row.position})")
        return genuine

    def _problem(self, kind: str, seq: int | None, detail: str) -> None:
        self.problems.append(Problem(kind, self.writer, seq, detail))


def _check_head(writer: str, head: ChainMark, last: ChainMark, problems: list[Problem]) -> None:
    """The writer's head against the last record of its chain (its pruning anchor if none is left)."""
    if head.seq > last.seq:
        missing = f"#{last.seq + 1}" if head.seq == last.seq + 1 else f"#{last.seq + 1}..#{head.seq}"
        problems.append(Problem("deleted", writer, last.seq + 1, f"record(s) {missing} are missing (the writer's head is #{head.seq})"))
    elif head.seq < last.seq:
        problems.append(Problem("inserted", writer, head.seq + 1, f"records #{head.seq + 1}..#{last.seq} lie beyond the writer's head"))
    elif head.hash != last.hash:
        problems.append(Problem("edited", writer, last.seq, "differs from the head the writer recorded"))
