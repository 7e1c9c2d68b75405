"""CloudFormation parameters as inline JSON on a command line (``aws cloudformation create-stack
--parameters '[{"ParameterKey": "DBPassword", "ParameterValue": "..."}]'``): each value is judged
under the name its ParameterKey gives it, as the AWS CLI's shorthand's (1.25.532) and a parameters
file's are (1.25.562)."""

from __future__ import annotations

import pytest

from tests.checks.check_helpers import FAKE, compliant, decide, everything_shown, key_and_sh_c_messages, pod, reported_once
from tests.checks.test_secrets_script_split_equivalence import assert_same

POLICY = "disallow-plaintext-secrets"


@pytest.mark.parametrize(
    ("script", "shown"),
    [
        (f"""aws cloudformation create-stack --stack-name s --parameters '[{{"ParameterKey":"DBPassword","ParameterValue":"{FAKE}"}}]'""", "DBPassword"),
        (
            f"""aws cloudformation update-stack --stack-name s --parameters '[{{"ParameterKey": "Env", "ParameterValue": "prod"}},
              {{"ParameterKey": "AdminToken", "ParameterValue": "{FAKE}"}}]'""",
            "AdminToken",
        ),
        (f"""aws cloudformation create-change-set --stack-name s --parameters '{{"ParameterKey":"DBPassword","ParameterValue":"{FAKE}"}}'""", "DBPassword"),
        (f"""aws cloudformation create-stack --stack-name s --parameters='[{{"ParameterKey":"DBPassword","ParameterValue":"{FAKE}"}}]'""", "--parameters=DBPassword"),
        (f'''aws cloudformation create-stack --stack-name s --parameters "[{{\\"ParameterKey\\":\\"DBPassword\\",\\"ParameterValue\\":\\"{FAKE}\\"}}]"''', "DBPassword"),
    ],
)
def test_a_literal_parameter_value_under_a_sensitive_key_is_reported_once(script: str, shown: str) -> None:
    for messages in key_and_sh_c_messages(script):
        (message,) = messages
        assert f'sets "{shown}" in plain text' in message, message
    assert_same(script)


@pytest.mark.parametrize(
    "parameters",
    [
        f'[{{"ParameterKey":"DBPassword","ParameterValue":"{FAKE}"}}]',
        f'[{{"ParameterKey": "Env", "ParameterValue": "prod"}}, {{"ParameterKey": "DBPassword", "ParameterValue": "{FAKE}"}}]',
    ],
)
def test_the_json_in_a_containers_argv_is_reported_at_its_argument(parameters: str) -> None:
    args = ["cloudformation", "create-stack", "--stack-name", "s", "--parameters", parameters]
    finding = reported_once(pod([compliant(command=["aws"], args=args)]), POLICY, 'args[5] sets "DBPassword"')
    assert finding.path.endswith("/args/5")


@pytest.mark.parametrize(
    "parameter",
    [
        '{"ParameterKey":"DBPassword","ParameterValue":"{{resolve:secretsmanager:db:SecretString:password}}"}',
        '{"ParameterKey":"DBPassword","UsePreviousValue":true}',
        '{"ParameterKey":"DBPassword","ParameterValue":"$DB_PASSWORD"}',
        '{"ParameterKey":"DBPasswordLength","ParameterValue":"32"}',
        '{"ParameterKey":"DBSecretArn","ParameterValue":"arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf"}',
        f'{{"ParameterKey":"Environment","ParameterValue":"{FAKE}"}}',
        f'{{"ParameterKey":"DBPassword","Description":"{FAKE}"}}',  # no value of a parameter
        f'{{"ParameterKey":"DBPassword","ParameterValue":"{FAKE}"',  # no JSON: not read
    ],
)
def test_parameters_without_a_literal_secret_are_none(parameter: str) -> None:
    script = f"aws cloudformation create-stack --stack-name s --parameters '[{parameter}]'"
    assert key_and_sh_c_messages(script) == [[], []]
    assert_same(script)
    args = ["cloudformation", "create-stack", "--stack-name", "s", "--parameters", f"[{parameter}]"]
    decision = decide(pod([compliant(command=["aws"], args=args)]))
    assert [f for f in decision.findings if f.policy == POLICY] == []
    assert FAKE not in everything_shown(decision)


def test_a_long_json_word_is_read_once() -> None:
    items = ", ".join('{"ParameterKey": "Env", "ParameterValue": "prod"}' for _ in range(1500))  # ~75 KiB
    script = f"aws cloudformation create-stack --stack-name s --parameters '[{items}, {{\"ParameterKey\": \"DBPassword\", \"ParameterValue\": \"{FAKE}\"}}]'"
    for messages in key_and_sh_c_messages(script):
        (message,) = messages
        assert 'sets "DBPassword"' in message
