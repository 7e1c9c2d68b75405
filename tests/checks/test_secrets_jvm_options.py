"""disallow-plaintext-secrets: a ConfigMap key holding JVM options (Elasticsearch's, Logstash's or
Cassandra's ``jvm.options``, an ``.vmoptions`` file, Maven's ``.mvn/jvm.config``) sets system
properties with ``-DNAME=value`` lines: a sensitive NAME with a literal value is reported as the same
option in ``JAVA_OPTS`` is, line by line; heap sizes, GC flags and neutral properties are not."""

from __future__ import annotations

from typing import Any

import pytest
from check_helpers import configmap, container, findings, pod

POLICY = "disallow-plaintext-secrets"
FAKE = "Zq7fake"  # an obviously fake password
KEYS = ["jvm.options", "es-jvm.options", "logstash.jvm.options", "idea64.vmoptions", "jvm.config", "JVM.OPTIONS"]
HEAP = "-Xms1g\n-Xmx1g\n-XX:+UseG1GC\n"


def _entry(key: str, text: str) -> list[Any]:
    return findings(configmap({key: text}, name="jvm"), POLICY)


def _java_opts(text: str) -> list[Any]:
    return findings(pod([container(env=[{"name": "JAVA_OPTS", "value": text}])]), POLICY)


@pytest.mark.parametrize("key", KEYS)
@pytest.mark.parametrize("option", ["-Ddb.password", "-DDB_PASSWORD", "-Djavax.net.ssl.trustStorePassword", "-Dapi.token"])
def test_a_sensitive_property_line_is_reported_with_its_line(key: str, option: str) -> None:
    (finding,) = _entry(key, f"{HEAP}{option}={FAKE}\n-Dfile.encoding=UTF-8\n")
    assert finding.message.startswith(f'ConfigMap "jvm" key "{key}" sets "{option}" in plain text (line 4)')
    assert FAKE not in repr((finding.message, finding.path))


def test_each_sensitive_property_is_a_finding_of_its_own() -> None:
    found = _entry("jvm.options", f"-Ddb.password={FAKE}\n-Xmx1g\n-Dapi.token={FAKE}x\n")
    assert [f.message.split(" in plain text")[0] for f in found] == [
        'ConfigMap "jvm" key "jvm.options" sets "-Ddb.password"',
        'ConfigMap "jvm" key "jvm.options" sets "-Dapi.token"',
    ]


def test_several_options_on_one_line_of_maven_jvm_config_are_each_read() -> None:
    """Maven joins the lines of .mvn/jvm.config into one command line: a line may hold several options."""
    found = _entry("jvm.config", f"-Xmx2g -Ddb.password={FAKE} -Dapi.token={FAKE}x\n")
    assert len(found) == 2
    assert all("(line 1)" in f.message for f in found)


def test_an_elasticsearch_version_range_before_the_option_is_read_through() -> None:
    """jvm.options lines may start with the JDK versions they apply to (``17-:``, ``8-13:``, ``11:``)."""
    for prefix in ("17-:", "8-13:", "11:"):
        (finding,) = _entry("jvm.options", f"{prefix}-Ddb.password={FAKE}\n")
        assert '"-Ddb.password"' in finding.message


@pytest.mark.parametrize("key", KEYS)
@pytest.mark.parametrize(
    "text",
    [
        HEAP,
        "-Dfile.encoding=UTF-8\n-Djava.io.tmpdir=${ES_TMPDIR}\n-Dlog4j2.formatMsgNoLookups=true\n",
        "-Ddb.password=${DB_PASSWORD}\n-Ddb.password.file=/run/secrets/db\n-DpasswordFile=/run/secrets/pw\n",
        "# -Ddb.password=\n-Ddb.password=\n-Dtokens=1000\n-Dpassword_history=24\n",
        "8-13:-XX:+UseConcMarkSweepGC\n17-:-Djava.locale.providers=SPI,COMPAT\n",
    ],
)
def test_harmless_jvm_options_are_not_reported(key: str, text: str) -> None:
    assert _entry(key, text) == []


@pytest.mark.parametrize(
    "line",
    [f"-Ddb.password={FAKE}", f"-DDB_PASSWORD={FAKE}", "-Ddb.password=${DB_PASSWORD}", "-Dfile.encoding=UTF-8", "-Dtokens=1000", f"-Dtoken={FAKE}"],
)
def test_a_jvm_options_line_is_judged_as_in_java_opts(line: str) -> None:
    assert len(_entry("jvm.options", f"-Xmx1g\n{line}\n")) == len(_java_opts(f"-Xmx1g {line}"))
