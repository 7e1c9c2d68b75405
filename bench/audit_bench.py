"""Audit trail speed: records/s per store and durability mode, and export of 1,000,000 records.

Targets: >= 5,000 durable records/s on SQLite; export of 1,000,000 records in <= 15 s with flat
memory. Also: durable SQLite commit latency (p50/p99/max, commits of 10 records) with railguard's WAL
checkpoint threshold against SQLite's default, in the same run. Run: .venv/bin/python bench/audit_bench.py [--records N] [--export-records N]
"""

from __future__ import annotations

import argparse
import asyncio
import io
import itertools
import os
import resource
import sys
import tempfile
import threading
import time
from contextlib import closing
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.audit.helpers import decide, deployment  # noqa: E402
from tests.audit.pg import postgres_server  # noqa: E402
from webhook.audit import open_store, open_trail  # noqa: E402
from webhook.audit.base import Filters  # noqa: E402
from webhook.audit.export import export  # noqa: E402
from webhook.audit.record import GENESIS, build_record, chain  # noqa: E402
from webhook.audit.sqlite import INSERT, WAL_AUTOCHECKPOINT, SqliteSink, connect, row_values  # noqa: E402
from webhook.config import ClusterConfig, Settings, default_policy_dir  # noqa: E402
from webhook.policies import load_policies  # noqa: E402

SQLITE_TARGET, EXPORT_TARGET_S = 5000, 15.0
SQLITE_AUTOCHECKPOINT = 1000  # SQLite's default WAL checkpoint threshold, in pages


def decisions() -> list:  # type: ignore[type-arg]
    policies = load_policies(default_policy_dir())
    return [
        decide(policies, deployment("web", "shop")),
        decide(policies, deployment("api", "shop", compliant=True), user="bob"),
        decide(policies, deployment("batch", "data", compliant=True), mode="mutate"),
    ]


def rate(url: str, durability: str, n: int, sample: list, concurrency: int) -> tuple[float, float]:  # type: ignore[type-arg]
    """(async tasks records/s, threads records/s)."""
    store = open_store(Settings(audit_url=url, audit_durability=durability), writer="bench")

    async def tasks() -> None:
        sem = asyncio.Semaphore(concurrency)

        async def one(i: int) -> None:
            async with sem:
                await store.arecord(sample[i % len(sample)], 1.0)

        await asyncio.gather(*(one(i) for i in range(n)))

    start = time.perf_counter()
    asyncio.run(tasks())
    store.flush()
    async_rate = n / (time.perf_counter() - start)

    def work(k: int) -> None:
        for d in itertools.islice(itertools.cycle(sample), k):
            store.record(d, 1.0)

    threads = [threading.Thread(target=work, args=(n // 16,)) for _ in range(16)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    store.flush()
    thread_rate = (n // 16 * 16) / (time.perf_counter() - start)
    store.close()
    return async_rate, thread_rate


def bulk_sqlite(path: str, n: int, sample: list) -> None:  # type: ignore[type-arg]
    conn = connect(path)
    conn.execute("PRAGMA synchronous=OFF")
    seq, prev, namespaces = 0, GENESIS, [f"team-{i}" for i in range(20)] + [""]
    for start in range(0, n, 10_000):
        records = []
        for i in range(start, min(n, start + 10_000)):
            r = build_record(sample[i % len(sample)], 1.0)
            r["namespace"] = namespaces[i % len(namespaces)]
            records.append(r)
        chained = chain(records, "bulk", seq, prev)
        conn.execute("BEGIN")
        conn.executemany(INSERT, [row_values(c) for c in chained])
        conn.execute("INSERT OR REPLACE INTO audit_heads VALUES (?, ?, ?)", ("bulk", chained[-1].seq, chained[-1].hash))
        conn.execute("COMMIT")
        seq, prev = chained[-1].seq, chained[-1].hash
    conn.close()


def commit_latency(workdir: str, sample: list, autocheckpoint: int, commits: int = 3000) -> dict[str, float]:  # type: ignore[type-arg]
    """Durable commits of 10 records each: latency percentiles (ms), CPU per record (us), WAL size (MB)."""
    path = os.path.join(workdir, f"commits-{autocheckpoint}.db")
    sink = SqliteSink(path, "bench")
    sink.conn.execute(f"PRAGMA wal_autocheckpoint={autocheckpoint}")
    latencies = []
    cpu = time.process_time()
    for i in range(commits):
        records = [build_record(sample[(i + j) % len(sample)], 1.0) for j in range(10)]
        start = time.perf_counter()
        sink.append(records)
        latencies.append(time.perf_counter() - start)
    cpu = time.process_time() - cpu
    wal = os.path.getsize(path + "-wal")  # before closing: the last connection checkpoints and removes it
    sink.close()
    latencies.sort()
    return {"p50": latencies[len(latencies) // 2] * 1e3, "p99": latencies[int(len(latencies) * 0.99)] * 1e3,
            "max": latencies[-1] * 1e3, "cpu_us": cpu / (commits * 10) * 1e6, "wal_mb": wal / 1e6}


class Sink(io.RawIOBase):
    def __init__(self) -> None:
        self.bytes = 0

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:  # type: ignore[no-untyped-def,override]
        self.bytes += len(data)
        return len(data)


def export_bench(n: int, sample: list, workdir: str) -> None:  # type: ignore[type-arg]
    path = os.path.join(workdir, "export.db")
    start = time.perf_counter()
    import multiprocessing

    child = multiprocessing.get_context("fork").Process(target=bulk_sqlite, args=(path, n, sample))
    child.start()  # in a child process, so generating does not inflate this process's peak RSS
    child.join()
    print(f"  generated {n:,} records in {time.perf_counter() - start:.1f} s ({os.path.getsize(path) / 1e6:.0f} MB)")
    trail = open_trail(f"sqlite:{path}")
    print(f"  peak RSS before exporting: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    for fmt in ("jsonl", "csv", "policyreport"):
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        sink = Sink()
        start = time.perf_counter()
        count = export(trail, Filters(), fmt, sink)  # type: ignore[arg-type]
        seconds = time.perf_counter() - start
        rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        print(
            f"  export {fmt:<12} {count:,} records in {seconds:5.1f} s ({count / seconds:,.0f}/s, {sink.bytes / 1e6:.0f} MB out), "
            f"peak RSS {rss_after / 1024:.0f} MB (+{(rss_after - rss_before) / 1024:.0f} MB), "
            f"target {EXPORT_TARGET_S:.0f} s: {'OK' if seconds <= EXPORT_TARGET_S else 'MISSED'} ({EXPORT_TARGET_S / seconds:.2f}x)"
        )
    start = time.perf_counter()
    from webhook.audit.verify import verify

    report = verify(trail)
    print(f"  verify {report.records:,} records in {time.perf_counter() - start:.1f} s: {'OK' if report.ok else 'PROBLEMS'}")
    jsonl_path = os.path.join(workdir, "export.jsonl")
    with open(jsonl_path, "wb") as out:
        export(trail, Filters(), "jsonl", out)
    trail.close()
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    with closing(open_trail(f"jsonl:{jsonl_path}")) as jsonl_trail:
        report = verify(jsonl_trail)
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        f"  verify {report.records:,} records of that jsonl export ({os.path.getsize(jsonl_path) / 1e6:.0f} MB) in "
        f"{time.perf_counter() - start:.1f} s: {'OK' if report.ok else 'PROBLEMS'}, "
        f"peak RSS {rss_after / 1024:.0f} MB (+{(rss_after - rss_before) / 1024:.0f} MB)"
    )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=20_000)
    parser.add_argument("--export-records", type=int, default=1_000_000)
    parser.add_argument("--concurrency", type=int, default=64)
    args = parser.parse_args()
    sample = decisions()
    with tempfile.TemporaryDirectory() as workdir:
        urls = {"sqlite": f"sqlite:{workdir}/bench.db", "jsonl": f"jsonl:{workdir}/bench.jsonl"}
        pg = None
        try:
            pg = postgres_server()
            urls["postgresql"] = next(pg)
        except BaseException as exc:  # pytest.skip raises outside pytest: report and go on
            print(f"postgresql: skipped ({exc})")
        print(f"records/s ({args.records:,} records; {args.concurrency} async tasks, then 16 threads)")
        for name, url in urls.items():
            for durability in ("durable", "batch"):
                if name != "postgresql":
                    for file in Path(workdir).glob("bench.*"):
                        file.unlink()
                async_rate, thread_rate = rate(url, durability, args.records, sample, args.concurrency)
                verdict = ""
                if name == "sqlite" and durability == "durable":
                    verdict = f"  target {SQLITE_TARGET:,}: {'OK' if async_rate >= SQLITE_TARGET else 'MISSED'} ({async_rate / SQLITE_TARGET:.2f}x)"
                print(f"  {name:<10} {durability:<8} async {async_rate:8,.0f}/s  threads {thread_rate:8,.0f}/s{verdict}")
        if pg is not None:
            pg.close()
        print("durable SQLite commit latency (10 records per commit, 3,000 commits; the WAL checkpoint runs inside a commit)")
        results = {}
        for autocheckpoint in (SQLITE_AUTOCHECKPOINT, WAL_AUTOCHECKPOINT) * 2:  # interleaved: the better of two each
            r = commit_latency(workdir, sample, autocheckpoint)
            best = results.get(autocheckpoint)
            results[autocheckpoint] = r if best is None or r["p99"] < best["p99"] else best
        for autocheckpoint, r in results.items():
            label = "SQLite default" if autocheckpoint == SQLITE_AUTOCHECKPOINT else "railguard"
            print(f"  wal_autocheckpoint {autocheckpoint:5} ({label:14}): p50 {r['p50']:5.2f} ms  p99 {r['p99']:5.2f} ms  "
                  f"max {r['max']:5.1f} ms  cpu {r['cpu_us']:5.1f} us/record  WAL {r['wal_mb']:4.1f} MB")
        print(f"  p99 ratio default / railguard: {results[SQLITE_AUTOCHECKPOINT]['p99'] / results[WAL_AUTOCHECKPOINT]['p99']:.2f}x")
        print(f"export and verify ({args.export_records:,} records, SQLite)")
        export_bench(args.export_records, sample, workdir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
