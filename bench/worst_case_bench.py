"""Worst-case cost of ``review()`` per MiB of ConfigMap, next to ordinary content.

Run: ``.venv/bin/python bench/worst_case_bench.py [--kib N]``.

The webhook is in the path of every ``kubectl apply`` with a 5 s timeout, and a ConfigMap may hold
about 1 MiB: what matters is the slowest content per byte, not the average. Prints seconds per MiB
of ``review()`` (validate, CPU time, best of 2) for ordinary config files, then for the shapes found
the most expensive per byte (here-documents on every line, dense shell separators, XML attributes,
long runs after ``<a ``, long names of units of time, many passwords in one argument, ``tee`` after
``tee``, a ``printf`` or a here-document of settings, a here-document copied to the terminal,
here-string substitutions nested deep), and the worst's ratio to the ordinary ones' mean.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def _configmap(key: str, text: str) -> dict[str, Any]:
    return {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c", "namespace": "default"}, "data": {key: text}}


def _pod(container: dict[str, Any]) -> dict[str, Any]:
    return {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p", "namespace": "default"}, "spec": {"containers": [{"name": "a", "image": "a", **container}]}}


def _repeat(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


def shapes(size: int) -> tuple[dict[str, Callable[[], dict[str, Any]]], dict[str, Callable[[], dict[str, Any]]]]:
    lines = "".join(f"setting_{i} = value-{i % 97}\n# comment line {i}\nlog.level = info\n" for i in range(size // 60))
    ordinary = {
        "app.conf lines": lambda: _configmap("app.conf", lines[:size]),
        "values.yaml": lambda: _configmap("values.yaml", "".join(f"key{i}:\n  sub: value{i}\n  list: [a, b]\n" for i in range(size // 35))[:size]),
        "config.json": lambda: _configmap("config.json", json.dumps({f"k{i}": {"v": i, "s": "text"} for i in range(size // 30)})[:size]),
        "init.sh": lambda: _configmap("init.sh", "#!/bin/sh\n" + _repeat("echo starting service now\nexport A=b\n", size)),
    }
    worst = {
        "chpasswd <<A on every line": lambda: _configmap("run.sh", "#!/bin/sh\n" + _repeat("chpasswd <<EOF\n", size)),
        "heredocs before long lines": lambda: _configmap(
            "run.sh", "#!/bin/sh\n" + "".join("chpasswd <<E\n" * 300 + "x" * 4096 + "\n" for _ in range(size // 8000))
        ),
        "$( separators": lambda: _configmap("run.sh", "#!/bin/sh\n" + _repeat("$(", size)),
        "pipes": lambda: _configmap("run.sh", "#!/bin/sh\n" + _repeat("a | ", size)),
        "nested sh -c": lambda: _configmap("run.sh", "#!/bin/sh\n" + _repeat("sh -c 'sh -c \"a b\"';", size)),
        "nested env -S": lambda: _configmap("run.sh", "#!/bin/sh\n" + _repeat("env -S 'env -S \"a b\"';", size)),
        "nested su -c": lambda: _configmap("run.sh", "#!/bin/sh\n" + _repeat("su -c 'su - a -c \"a b\"';", size)),
        "gosu before each command": lambda: _configmap("run.sh", "#!/bin/sh\n" + _repeat("gosu a:b chroot / flock -w 1 f watch 'a b';", size)),
        "XML attributes": lambda: _configmap("app.conf", "<a " + "".join(f'x{i}="v" ' for i in range(size // 8)) + "/>"),
        "<a then one long name": lambda: _configmap("app.conf", "<a " + "x" * min(size, 32 * 1024)),  # quadratic before
        "options in one arg, blanks": lambda: {  # quadratic before
            "apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p", "namespace": "default"},
            "spec": {"containers": [{"name": "a", "image": "a", "args": ["--user a" + " " * min(size, 32 * 1024) + "x --password $(P)"]}]},
        },
        "env script run by sh -c": lambda: _pod(  # judged as a script, then as a value (it passes no secret)
            {"command": ["sh", "-c", "$(SCRIPT)"], "env": [{"name": "SCRIPT", "value": _repeat("echo starting service now\nexport A=b\n", size)}]}
        ),
        "env script of $( run by eval": lambda: _pod({"command": ["sh", "-c", 'eval "$SCRIPT"'], "env": [{"name": "SCRIPT", "value": _repeat("$(", size)}]}),
        "sh -c naming an env var": lambda: _pod(  # split to find the env vars it runs
            {"command": ["sh", "-c", _repeat("echo $A; ", size) + "$("], "env": [{"name": "A", "value": "b"}]}
        ),
        "sh -ccc...c1": lambda: _configmap("run.sh", "#!/bin/sh\nsh -" + "c" * min(size, 16 * 1024) + "1 x"),  # quadratic before
        "PHP strings closed on next line": lambda: _configmap(  # each closing line read again
            "config.php", "<?php\nreturn [\n  'value' => 'x\\'\n" + _repeat("y', 'value' => 'x\\'\n", size) + "z',\n];\n"
        ),
        "printf formats into chpasswd": lambda: _configmap("run.sh", "#!/bin/sh\n" + _repeat("printf '%b:%-9s%q\\n' a b c d e | chpasswd\n", size)),
        "names of time units": lambda: _configmap(  # quadratic in each name before
            "app.conf", "".join(f"{'minutes_' * 512}password{i} = x\n" for i in range(size // 4112 + 1))[:size]
        ),
        "settings in an --opt value": lambda: _pod({"args": ["--opt", _repeat("a=1; password=FAKE-", size)]}),  # a password per 19 bytes
        "tee after tee": lambda: _configmap("run.sh", "#!/bin/sh\necho password=x" + _repeat(" | tee a.conf", size)),
        "printf of a my.cnf": lambda: _configmap("run.sh", "#!/bin/sh\nprintf '[client]" + _repeat("\\npassword=a", size) + "' > ~/.my.cnf\n"),
        "here-document of settings": lambda: _configmap("run.sh", "#!/bin/sh\ncat > a.conf <<EOF\n" + _repeat("password=a\n", size) + "EOF\n"),
        "here-document to the terminal": lambda: _configmap("run.sh", "#!/bin/sh\ncat <<EOF\n" + _repeat("password=a\n", size) + "EOF\n"),
        "here-document to the terminal, lines all different": lambda: _configmap(  # the texts judged once fill up
            "run.sh", "#!/bin/sh\ncat <<EOF\n" + "".join(f"password=a{i}\n" for i in range(size // 10))[:size] + "EOF\n"
        ),
        "<<< $( nested": lambda: _configmap("run.sh", "#!/bin/sh\ncat <<< " + _repeat("$(", size)),
    }
    return ordinary, worst


def main() -> int:
    from webhook.admission import request_for_manifest, review
    from webhook.config import ClusterConfig, default_policy_dir
    from webhook.policies import load_policies

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--kib", type=int, default=256, help="size of each ConfigMap entry (default 256 KiB)")
    args = parser.parse_args()
    policies, config = load_policies(default_policy_dir()), ClusterConfig()

    def per_mib(obj: dict[str, Any]) -> float:
        request = request_for_manifest(obj)
        best = float("inf")
        for _ in range(2):
            start = time.process_time()  # CPU time: a shared machine's load is not the review's
            review(request, policies, config, "validate")
            best = min(best, time.process_time() - start)
        return best / len(json.dumps(obj)) * 2**20

    ordinary, worst = shapes(args.kib * 1024)
    figures: dict[str, float] = {}
    for title, group in (("ordinary", ordinary), ("worst case", worst)):
        print(f"{title}:")
        for name, make in group.items():
            figures[name] = per_mib(make())
            print(f"  {name:32s} {figures[name]:6.2f} s/MiB")
    base = sum(figures[name] for name in ordinary) / len(ordinary)
    slowest = max(worst, key=lambda name: figures[name])
    print(f"ordinary mean {base:.2f} s/MiB; worst {slowest!r} {figures[slowest]:.2f} s/MiB: {figures[slowest] / base:.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
