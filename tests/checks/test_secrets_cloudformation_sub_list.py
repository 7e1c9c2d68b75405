"""disallow-plaintext-secrets: CloudFormation's ``!Sub`` alone on its key's line takes its template
from the first item of the sequence below (``!Sub`` / ``- '...${Suffix}'`` / ``- Suffix: !Ref Env``):
that template is judged as ``!Sub '...'`` on one line. Literal text in it is reported; names alone
(``'${DBPassword}'``) or a dynamic reference (``{{resolve:...}}``) are none, and ``!Join`` or ``!If``
alone stay unread."""

from __future__ import annotations

import pytest
from check_helpers import FAKE, configmap_messages

HEAD = "Resources:\n  Db:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      MasterUsername: app\n"


@pytest.mark.parametrize(
    "body",
    [
        f"      MasterUserPassword: !Sub\n        - '{FAKE}-${{Suffix}}'\n        - Suffix: !Ref Env\n",
        f"      MasterUserPassword: !Sub\n        - \"{FAKE}\"\n        - {{}}\n",
        f"      MasterUserPassword: !Sub  # templated\n        - {FAKE}\n        - {{}}\n",
        f"      MasterUserPassword: !Sub\n      - '{FAKE}${{Suffix}}'\n      - Suffix: x\n",
    ],
)
def test_a_literal_template_is_reported(body: str) -> None:
    (message,) = configmap_messages("template.yaml", HEAD + body, FAKE)
    assert '"MasterUserPassword" in plain text (line 6)' in message


@pytest.mark.parametrize(
    "body",
    [
        "      MasterUserPassword: !Sub\n        - '${Password}'\n        - Password: !Ref DBPassword\n",
        "      MasterUserPassword: !Sub\n        - '{{resolve:secretsmanager:${Arn}:SecretString:password}}'\n        - Arn: !Ref DbSecret\n",
        "      MasterUserPassword: !Sub\n        - ${Password}\n        - Password: !Ref DBPassword\n",
        f"      MasterUserPassword: !Join\n        - ''\n        - - '{FAKE}'\n",
        "      MasterUserPassword: !If\n        - UseSecret\n        - !Ref DBPassword\n        - !Ref AWS::NoValue\n",
        f"      Description: !Sub\n        - '{FAKE}-${{Suffix}}'\n        - Suffix: x\n",
    ],
)
def test_references_and_other_functions_are_admitted(body: str) -> None:
    assert configmap_messages("template.yaml", HEAD + body, FAKE) == []


def test_the_item_of_another_key_is_no_template() -> None:
    """A sequence further left than the key belongs to an outer one, not to the ``!Sub``."""
    text = f"Outputs:\n  Things:\n    Value: !Sub\n  - '{FAKE}'\n"
    assert configmap_messages("template.yaml", text, FAKE) == []
