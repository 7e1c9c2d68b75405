"""CloudFormation parameters in the AWS CLI's shorthand on a command line (``aws cloudformation
create-stack --parameters ParameterKey=DBPassword,ParameterValue=...``): the value is judged under
the name its ParameterKey gives it, as a parameters file's is."""

from __future__ import annotations

import pytest

from tests.checks.check_helpers import FAKE, compliant, decide, everything_shown, key_and_sh_c_messages, pod, reported_once

POLICY = "disallow-plaintext-secrets"


@pytest.mark.parametrize(
    ("script", "name"),
    [
        (f"aws cloudformation create-stack --stack-name s --template-body file://t.yaml --parameters ParameterKey=DBPassword,ParameterValue={FAKE}", "DBPassword"),
        (f"aws cloudformation update-stack --stack-name s --parameters ParameterKey=Env,ParameterValue=prod 'ParameterKey=DBPassword,ParameterValue={FAKE}'", "DBPassword"),
        (f"aws cloudformation create-change-set --stack-name s --change-set-name c --parameters ParameterKey=Subnets,ParameterValue=a\\\\,b ParameterKey=AdminToken,ParameterValue={FAKE},UsePreviousValue=false", "AdminToken"),
        (f"aws cloudformation deploy --stack-name s --template-file t.yaml --parameter-overrides Env=prod DBPassword={FAKE}", "DBPassword"),
        (f"sam deploy --stack-name s --parameter-overrides ParameterKey=ApiKey,ParameterValue={FAKE}", "ApiKey"),
    ],
)
def test_a_literal_parameter_value_under_a_sensitive_key_is_reported_once(script: str, name: str) -> None:
    for messages in key_and_sh_c_messages(script):
        (message,) = messages
        assert f'sets "{name}" in plain text' in message, message


def test_the_shorthand_in_a_containers_argv_is_reported_at_its_argument() -> None:
    args = ["cloudformation", "create-stack", "--stack-name", "s", "--parameters", "ParameterKey=Env,ParameterValue=prod", f"ParameterKey=DBPassword,ParameterValue={FAKE}"]
    finding = reported_once(pod([compliant(command=["aws"], args=args)]), POLICY, 'args[6] sets "DBPassword"')
    assert finding.path.endswith("/args/6")


def test_the_shorthand_as_a_flags_value_is_reported() -> None:
    args = ["cloudformation", "update-stack", "--stack-name", "s", f"--parameters=ParameterKey=DBPassword,ParameterValue={FAKE}"]
    reported_once(pod([compliant(command=["aws"], args=args)]), POLICY, 'sets "--parameters=DBPassword"')


@pytest.mark.parametrize(
    "parameter",
    [
        "'ParameterKey=DBPassword,ParameterValue={{resolve:secretsmanager:db:SecretString:password}}'",
        "ParameterKey=DBPassword,UsePreviousValue=true",
        "ParameterKey=DBPassword,ParameterValue=$DB_PASSWORD",
        "ParameterKey=DBPasswordLength,ParameterValue=32",
        "ParameterKey=DBSecretArn,ParameterValue=arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf",
        f"ParameterKey=Environment,ParameterValue={FAKE}",
        f"ParameterKey=DBPassword,Description={FAKE}",  # no field of a parameter: not the shorthand
    ],
)
def test_parameters_without_a_literal_secret_are_none(parameter: str) -> None:
    script = f"aws cloudformation create-stack --stack-name s --parameters {parameter}"
    assert key_and_sh_c_messages(script) == [[], []]
    args = ["cloudformation", "create-stack", "--stack-name", "s", "--parameters", parameter.strip("'")]
    decision = decide(pod([compliant(command=["aws"], args=args)]))
    assert [f for f in decision.findings if f.policy == POLICY] == []
    assert FAKE not in everything_shown(decision)
