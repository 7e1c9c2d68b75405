"""Instructions per review under callgrind: ``review()`` alone, or the worker's whole request path.

Run: ``.venv/bin/python bench/review_instructions.py [--passes 200,400] [--path review|http]
[BODY...]``. It runs itself under ``setarch -R valgrind --tool=callgrind`` (address randomisation
off) twice for each body, with the first and the second count of passes, and prints the difference
divided by the passes between: the instructions one pass costs, start-up and warm-up left out. The
garbage collector is off during the measured passes (a collection's place moves the count by up to
1.2%). Bodies are the captured AdmissionReviews of ``../shared/admission`` (the three of
``review_bench.py`` by default: denied Pod, denied Deployment, patched Deployment via ``/mutate``),
and ``shell-script``: the denied Deployment with its container running ``SHELL_SCRIPT`` (``sh -c``),
for the shell reader, which the captured bodies never reach.

``--path review``: ``review()`` on the parsed request. ``--path http``: the bytes of a whole HTTP
request fed to the server's protocol (``ReviewHttpProtocol.data_received``, no TLS, no socket) as
the server runs it: parse, header checks, ``review()``, the audit record's fields serialised and
framed (as ``PipeAuditStore`` does, its acknowledgement at once), metrics and the answer written.
Wall-clock time on a shared machine cannot show a 1% change; this count can.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "admission"
BODIES = {
    "admissionreview-pod-create-validate.json": "validate",
    "admissionreview-deployment-create-validate.json": "validate",
    "admissionreview-deployment-create-mutate-compliant.json": "mutate",
}
SCRIPT_BODY = "shell-script"
"""A body built here: the captured Deployment whose container runs ``SHELL_SCRIPT`` with ``sh -c``."""
SHELL_SCRIPT = """set -eu
: "${DB_HOST:=postgres}" "${DB_PORT:=5432}"
export PGHOST="$DB_HOST" PGPORT="$DB_PORT" PGUSER="$DB_USER" PGDATABASE="${DB_NAME:-app}"
export PGPASSWORD="$(cat /run/secrets/db/password)"
echo "waiting for $PGHOST:$PGPORT"
for attempt in $(seq 1 30); do
  if pg_isready -q -h "$PGHOST" -p "$PGPORT"; then
    break
  fi
  echo "attempt $attempt: not ready" >&2
  sleep 2
done
until curl -fsS "http://config-server:8888/health" > /dev/null 2>&1; do sleep 1; done
psql -v ON_ERROR_STOP=1 --username "$PGUSER" --dbname "$PGDATABASE" <<-EOSQL
	CREATE TABLE IF NOT EXISTS migrations (id text PRIMARY KEY, applied_at timestamptz DEFAULT now());
	INSERT INTO migrations (id) VALUES ('0001_init') ON CONFLICT DO NOTHING;
EOSQL
count=$(psql -tA -c "select count(*) from migrations" | tr -d ' ')
echo "migrations applied: $count"
case "${APP_ENV:-production}" in
  dev|test) export LOG_LEVEL=debug ;;
  *) export LOG_LEVEL=info ;;
esac
if [ -f /etc/app/extra.env ]; then
  . /etc/app/extra.env
fi
mkdir -p /var/cache/app && chown -R app:app /var/cache/app
( cd /srv/app && ls -1 migrations | wc -l ) > /tmp/migration-count
HOSTNAME_SHORT=`hostname -s`
echo "starting $HOSTNAME_SHORT with $(nproc) workers"
exec gosu app /srv/app/bin/server --port "${PORT:-8080}" --workers "$(nproc)"
"""
"""A realistic entrypoint (waits, exports, a psql call reading its password from the environment, a
here-document, substitutions, a case, a group): no secret in it, so every command is read."""
WARM_UP = 50


def _review_pass(body: bytes, mode: str) -> Callable[[], None]:
    import orjson

    from webhook.admission import read_review, review
    from webhook.config import ClusterConfig, default_policy_dir
    from webhook.policies import load_policies

    policies, config = load_policies(default_policy_dir()), ClusterConfig()
    _, request = read_review(orjson.loads(body))
    return lambda: review(request, policies, config, mode)  # type: ignore[arg-type]


class _FramingStore:
    """The worker's side of ``PipeAuditStore``: the record's fields serialised and framed into a
    buffer, the commit acknowledged at once; the writer process logs the review (as served at info)."""

    logs_reviews = True

    def __init__(self) -> None:
        import orjson

        from webhook.audit.pipe import LENGTH
        from webhook.audit.record import record_fields

        self.out = bytearray()
        self.queued = 0
        self.dumps, self.length, self.record_fields = orjson.dumps, LENGTH, record_fields

    def submit_then(self, decision: Any, latency_ms: float, then: Callable[[BaseException | None], None]) -> bool:
        payload = self.dumps(self.record_fields(decision, latency_ms))
        self.out += self.length.pack(len(payload))
        self.out += payload
        self.queued += 1
        if self.queued == 4:  # PipeAuditStore writes every FLUSH_EVERY records to the pipe
            del self.out[:]
            self.queued = 0
        then(None)
        return True

    def writable(self) -> bool:
        return True


class _Transport(asyncio.Transport):
    def __init__(self) -> None:
        super().__init__()
        self.written = b""

    def write(self, data: Any) -> None:
        self.written = data  # the answer, in one write (OneWriteTransport)

    def is_closing(self) -> bool:
        return False

    def pause_reading(self) -> None:
        pass

    def resume_reading(self) -> None:
        pass

    def get_write_buffer_size(self) -> int:
        return 0

    def get_extra_info(self, name: str, default: Any = None) -> Any:
        return {"peername": ("127.0.0.1", 40000), "sockname": ("127.0.0.1", 8443)}.get(name, default)


def _http_pass(body: bytes, mode: str) -> Callable[[], None]:
    import uvicorn

    from webhook.config import Settings, default_policy_dir
    from webhook.policies import load_policies
    from webhook.server import create_app
    from webhook.server_fastpath import ReviewHttpProtocol
    from webhook.server_run import DrainingServerState

    head = (
        f"POST /{mode}?timeout=10s HTTP/1.1\r\nHost: railguard.railguard.svc:443\r\nUser-Agent: kube-apiserver-admission\r\n"
        f"Content-Length: {len(body)}\r\nAccept: application/json, */*\r\nContent-Type: application/json\r\n"
        "Accept-Encoding: gzip\r\n\r\n"
    ).encode()
    request = head + body
    loop = asyncio.get_running_loop()
    settings = Settings(tls_cert=Path("unused.crt"), tls_key=Path("unused.key"), reload_interval=0)
    app = create_app(settings, policies=load_policies(default_policy_dir()), audit=_FramingStore())  # type: ignore[arg-type]
    config = uvicorn.Config(app, http=ReviewHttpProtocol, lifespan="off", log_config=None, proxy_headers=False, access_log=False)  # type: ignore[arg-type]
    config.load()
    protocol = ReviewHttpProtocol(config=config, server_state=DrainingServerState(), app_state={}, _loop=loop)
    transport = _Transport()
    protocol.connection_made(transport)

    def one() -> None:
        protocol.data_received(request)
        if b" 200 OK\r\n" not in transport.written[:40]:
            raise SystemExit(f"not answered 200: {transport.written[:200]!r}")
        transport.written = b""

    return one


async def _measure(path: str, name: str, passes: int) -> None:
    """The measured process: warm up, then ``passes`` passes with the collector off (on the
    server's event loop: the protocol schedules its timers on it)."""
    body = _script_body() if name == SCRIPT_BODY else _body_path(name).read_bytes()
    one = (_http_pass if path == "http" else _review_pass)(body, BODIES.get(name, "validate"))
    for _ in range(WARM_UP):
        one()
    gc.collect()
    gc.freeze()
    gc.disable()
    for _ in range(passes):
        one()


def _script_body() -> bytes:
    """The captured denied Deployment, its container running ``SHELL_SCRIPT`` with ``sh -c``."""
    import orjson

    body = orjson.loads(_body_path("admissionreview-deployment-create-validate.json").read_bytes())
    body["request"]["object"]["spec"]["template"]["spec"]["containers"][0]["command"] = ["sh", "-c", SHELL_SCRIPT]
    return orjson.dumps(body)


def _body_path(name: str) -> Path:
    """A captured body by its name, or any AdmissionReview file by its path."""
    return Path(name) if "/" in name else SHARED / name


def _instructions(path: str, name: str, passes: int) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "callgrind.out"
        command = ["setarch", "-R", "valgrind", "--tool=callgrind", f"--callgrind-out-file={out}",
                   sys.executable, __file__, "--child", path, name, str(passes)]  # fmt: skip
        subprocess.run(command, check=True, capture_output=True, cwd=ROOT, env={**os.environ, "PYTHONHASHSEED": "0"})
        match = re.search(r"^(?:summary|totals): (\d+)", out.read_text(), re.MULTILINE)
        assert match, "no totals in callgrind's output"
        return int(match.group(1))


def main() -> int:
    if sys.argv[1:2] == ["--child"]:
        from webhook.server_run import LOOP

        if LOOP == "uvloop":
            import uvloop

            asyncio.set_event_loop_policy(uvloop.EventLoopPolicy())
        asyncio.run(_measure(sys.argv[2], sys.argv[3], int(sys.argv[4])))
        return 0
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--passes", default="200,400", help="the two counts of passes (default 200,400)")
    parser.add_argument("--path", choices=("review", "http"), default="review")
    parser.add_argument("bodies", nargs="*", default=[*BODIES, SCRIPT_BODY])
    args = parser.parse_args()
    low, high = (int(each) for each in args.passes.split(","))
    missing = [tool for tool in ("setarch", "valgrind") if shutil.which(tool) is None]
    if missing:  # `make bench` runs every script here: say what is missing and measure nothing
        print(f"review_instructions: {' and '.join(missing)} not installed (apt-get install valgrind): nothing measured")
        return 0
    for name in args.bodies:
        if name != SCRIPT_BODY and not _body_path(name).is_file():
            print(f"{name}: absent")
            continue
        # once without valgrind first: source edited since the last run is compiled now, not
        # inside one of the two counted runs (a module compiled there moves the count by ~100k a pass)
        subprocess.run([sys.executable, __file__, "--child", args.path, name, "1"], check=True, cwd=ROOT)
        per_pass = (_instructions(args.path, name, high) - _instructions(args.path, name, low)) / (high - low)
        print(f"{Path(name).name.removeprefix('admissionreview-').removesuffix('.json'):40s} {args.path:6s} {per_pass / 1000:8.1f}k instructions a pass")
    return 0


if __name__ == "__main__":
    sys.exit(main())
