"""Cost of ``review()`` per KiB of source code in a ConfigMap, against ordinary config files.

Run: ``.venv/bin/python bench/source_code_bench.py [--kib N] [--rounds R]``.

disallow-plaintext-secrets reads a key named as source code statement by statement: a line's
statements after its first (``later_statements``) are read again, each as a line of its own.
Prints, in one run, milliseconds per KiB of ``review()`` (validate, best of R) for the ordinary
shapes of ``worst_case_bench.py`` and for source code dense with statements: minified JavaScript on
one line, a realistic Kotlin file, Java lines of many ``;`` statements (some naming a secret, read
whole and then statement by statement), a Python settings module; then each one's ratio to the
ordinary mean of the same run: ratios, not absolute times, compare on a shared machine.
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
sys.path.insert(0, str(Path(__file__).resolve().parent))

from worst_case_bench import _configmap, shapes  # noqa: E402

_MINIFIED_PIECES = (
    "var a{i}=1,b{i}=function(c){{return c+1}};if(a{i}){{b{i}(a{i})}}",
    "function f{i}(b,c){{var d=b.length;for(var e=0;e<d;e++){{c.push(b[e])}}return c}}",
    'g.prototype.h{i}=function(){{return this.c?"on":"off"}};',
    'var r{i}={{url:"/api/v{i}",method:"GET",headers:{{"X-Req":{i}}}}};',
    "m{i}=[1,2,3].map(function(x){{return x*{i}}}).filter(Boolean);",
    '!function(n){{"use strict";n.exports={{name:"m{i}",v:{i}}}}}(module);',
    "var l{i}=\"label-{i}\",k{i}='c',q{i}=null;",
    'var cfg{i}={{user:"app",password:p{i},retries:3}};token=t;var s{i}=token&&u{i};',
)

_KOTLIN_UNIT = '''package app.service

import java.time.Duration

data class User{i}(val id: Long, val name: String, val email: String = "")

class Service{i}(private val repo: Repository, private val timeout: Duration = Duration.ofSeconds(30)) {{
    private val log = LoggerFactory.getLogger("service{i}")
    val label = "svc-{i}"; val retries = 3

    fun find(id: Long): User{i}? {{
        val user = repo.find(id) ?: return null
        log.info("found ${{user.name}} in ${{timeout.seconds}}s")
        return user
    }}

    fun kind(code: Int): String = when (code) {{
        200 -> "ok"
        404 -> "missing"
        else -> "other"
    }}
}}

object Config{i} {{
    const val HOST = "db.internal"
    val port = 5432; val user = "app"
    val password = System.getenv("DB_PASSWORD") ?: ""
    val tokenUrl = "https://auth.internal/token"; val keyStore = KeyStore.getInstance("PKCS12")
    fun main(args: Array<String>) {{ val s = Service{i}(Repo()); println(s.kind(200)) }}
}}
'''

_JAVA_STATEMENTS = (
    'String user{i} = "app";',
    "int port{i} = 5432;",
    'String host{i} = "db.internal";',
    "String password{i} = System.getenv(\"PW\");",
    'log.info("started {i}");',
    "retries{i} = retries{i} + 1;",
    'String tokenUrl{i} = "https://auth.internal/token";',
    "Map<String, String> m{i} = new HashMap<>();",
)

_PYTHON_UNIT = '''import os
from pathlib import Path

BASE_DIR{i} = Path(__file__).resolve().parent.parent
DEBUG = os.environ.get("DEBUG", "") == "1"
ALLOWED_HOSTS = ["app.internal", "localhost"]
SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
DATABASES = {{
    "default": {{
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "app{i}",
        "USER": "app",
        "PASSWORD": os.environ.get("DB_PASSWORD"),
        "HOST": "db.internal",
        "PORT": 5432,
    }}
}}
CACHES = {{"default": {{"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://cache:6379/{i}"}}}}
AUTH_PASSWORD_VALIDATORS = [{{"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"}}]
LOGGING = {{"version": 1, "handlers": {{"console": {{"class": "logging.StreamHandler"}}}}, "root": {{"level": "INFO"}}}}
TOKEN_TTL = 3600; SESSION_COOKIE_SECURE = True; CSRF_COOKIE_SECURE = True
'''


def _filled(size: int, unit: Callable[[int], str]) -> str:
    parts: list[str] = []
    length = 0
    while length < size:
        parts.append(unit(len(parts)))
        length += len(parts[-1])
    return "".join(parts)[:size]


def _minified_js(size: int) -> str:
    return _filled(size, lambda i: _MINIFIED_PIECES[i % len(_MINIFIED_PIECES)].format(i=i)) + "\n"


def _kotlin(size: int) -> str:
    return _filled(size, lambda i: _KOTLIN_UNIT.format(i=i))


def _dense_java(size: int) -> str:
    """Lines of 48 statements each, one in eight naming a secret (read whole, then statement by statement)."""

    def line(i: int) -> str:
        return "    " + " ".join(_JAVA_STATEMENTS[j % len(_JAVA_STATEMENTS)].format(i=i * 48 + j) for j in range(48)) + "\n"

    return _filled(size, line)


def _python_settings(size: int) -> str:
    return _filled(size, lambda i: _PYTHON_UNIT.format(i=i))


def source_code_shapes(size: int) -> dict[str, Callable[[], dict[str, Any]]]:
    return {
        "minified JS, one line": lambda: _configmap("app.min.js", _minified_js(size)),
        "Kotlin file": lambda: _configmap("Config.kt", _kotlin(size)),
        "dense Java lines": lambda: _configmap("Config.java", _dense_java(size)),
        "Python settings": lambda: _configmap("settings.py", _python_settings(size)),
    }


def main() -> int:
    from webhook.admission import request_for_manifest, review
    from webhook.config import ClusterConfig, default_policy_dir
    from webhook.policies import load_policies

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--kib", type=int, default=64, help="size of each ConfigMap entry (default 64 KiB)")
    parser.add_argument("--rounds", type=int, default=3, help="reviews of each shape, the best kept (default 3)")
    args = parser.parse_args()
    policies, config = load_policies(default_policy_dir()), ClusterConfig()

    def ms_per_kib(obj: dict[str, Any]) -> float:
        request = request_for_manifest(obj)
        best = float("inf")
        for _ in range(args.rounds):
            start = time.process_time()
            review(request, policies, config, "validate")
            best = min(best, time.process_time() - start)
        return best * 1000 / (len(json.dumps(obj)) / 1024)

    ordinary, _ = shapes(args.kib * 1024)
    figures = {name: ms_per_kib(make()) for name, make in ordinary.items()}
    base = sum(figures.values()) / len(figures)
    import webhook

    print(f"webhook from {Path(webhook.__file__).parent}")
    print(f"ordinary mean {base:.3f} ms/KiB ({', '.join(f'{name} {value:.3f}' for name, value in figures.items())})")
    for name, make in source_code_shapes(args.kib * 1024).items():
        figure = ms_per_kib(make())
        print(f"  {name:24s} {figure:7.3f} ms/KiB {figure / base:6.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
