"""disallow-plaintext-secrets: a Logstash pipeline written on one line is read as a pipeline's file
is (1.25.345) also where it is not a key of its own: the ``config.string`` of logstash.yml and
pipelines.yml, an env value, and the code of ``logstash -e`` / ``--config.string`` in a container's
args or a script. References, placeholders, pipelines without a secret and other ``=>`` text stay
harmless; no message shows a value."""

from __future__ import annotations

import time

import pytest
from check_helpers import FAKE, configmap, configmap_messages, container, decide, everything_shown, pod, reported_once, script_pod

POLICY = "disallow-plaintext-secrets"
PIPELINE = f'input {{ beats {{ port => 5044 }} }} output {{ jdbc {{ jdbc_user => "trials" jdbc_password => "{FAKE}" }} }}'
REFERENCED = 'input { beats { port => 5044 } } output { jdbc { jdbc_user => "trials" jdbc_password => "${JDBC_PASSWORD}" } }'


@pytest.mark.parametrize(
    ("key", "text", "line"),
    [
        ("logstash.yml", f"config.string: '{PIPELINE}'\n", 1),
        ("logstash.yml", "config.string: \"input { stdin {} } output { jdbc { jdbc_password => \\\"" + FAKE + '\\" } }"\n', 1),
        ("logstash.yml", f"config.string: input {{ stdin {{}} }} output {{ elasticsearch {{ user => elastic password => {FAKE} }} }}\n", 1),
        ("pipelines.yml", f"- pipeline.id: main\n  config.string: '{PIPELINE}'\n", 2),
    ],
)
def test_config_string_on_one_line_is_read_as_a_pipeline(key: str, text: str, line: int) -> None:
    """Was missed: the pipeline was one neutral value of config.string."""
    (message,) = configmap_messages(key, text, FAKE)
    assert "password\" in plain text (line " + str(line) + ")." in message, message


@pytest.mark.parametrize("name", ["CONFIG_STRING", "LS_PIPELINE"])
def test_an_env_value_holding_a_pipeline_on_one_line_is_read(name: str) -> None:
    finding = reported_once(pod([container(env=[{"name": name, "value": PIPELINE}])]), POLICY, f'env var "{name}" sets "jdbc_password" in plain text')
    assert finding.path.endswith("/env/0/value")


@pytest.mark.parametrize(
    ("fields", "at"),
    [
        ({"command": ["logstash"], "args": ["-e", PIPELINE]}, "args[1]"),
        ({"command": ["/usr/share/logstash/bin/logstash", "--path.settings", "/etc/ls", "-e", PIPELINE]}, "command[4]"),
        ({"command": ["logstash", f"--config.string={PIPELINE}"]}, "command[1]"),
        ({"command": ["logstash", "--config.string", PIPELINE]}, "command[2]"),
    ],
)
def test_logstash_e_in_a_containers_argv_is_read(fields: dict[str, list[str]], at: str) -> None:
    reported_once(pod([container(**fields)]), POLICY, f'{at} sets "jdbc_password" in plain text')


def test_logstash_e_in_a_script_is_read() -> None:
    script = f"exec logstash -e '{PIPELINE}'"
    reported_once(script_pod(script), POLICY, 'sets "jdbc_password" in plain text')
    (message,) = configmap_messages("run.sh", script + "\n", FAKE)
    assert 'sets "jdbc_password" in plain text (line 1)' in message


@pytest.mark.parametrize(
    "obj",
    [
        configmap({"logstash.yml": f"config.string: '{REFERENCED}'\n"}),
        configmap({"pipelines.yml": "- pipeline.id: main\n  config.string: 'input { stdin {} } output { stdout { codec => rubydebug } }'\n"}),
        configmap({"logstash.yml": "config.string: 'input { stdin {} } output { jdbc { jdbc_password => \"<your-password>\" } }'\n"}),
        configmap({"notes.yml": "note: 'user => admin password => secret-thing'\n"}),  # opens no section: no pipeline
        pod([container(env=[{"name": "CONFIG_STRING", "value": REFERENCED}])]),
        pod([container(env=[{"name": "LS_PIPELINE", "value": "input { stdin {} } output { stdout {} }"}])]),
        pod([container(command=["logstash", "-e", REFERENCED])]),
        pod([container(command=["logstash", "-f", "/usr/share/logstash/pipeline/", "--config.reload.automatic"])]),
        script_pod(f"logstash -e '{REFERENCED}'"),
    ],
)
def test_references_and_pipelines_without_a_secret_stay_harmless(obj: dict[str, object]) -> None:
    decision = decide(obj)
    assert [f.message for f in decision.findings if f.policy == POLICY] == []
    assert FAKE not in everything_shown(decision)


def test_long_one_line_pipelines_are_read_in_linear_time() -> None:
    value = "input { " + 'x { a => "b" } ' * 4_300 + "}"  # 64 KiB, no secret
    started = time.perf_counter()
    assert configmap_messages("logstash.yml", f"config.string: '{value}'\n", FAKE) == []
    decision = decide(pod([container(env=[{"name": "CONFIG_STRING", "value": value}], command=["logstash", "-e", value])]))
    assert [f for f in decision.findings if f.policy == POLICY] == []
    assert time.perf_counter() - started < 5
