"""disallow-plaintext-secrets: Jenkins Configuration as Code names a Kubernetes Secret's key as
``${secret-name-key}`` (the Jenkins chart's ``password: "${chart-admin-password}"``): lowercase
words joined by ``-``, the last naming a secret. It was read as the shell's ``${chart-admin-password}``,
``chart`` with the default ``admin-password``, and reported; a shell default that is no such name
(``${pw-hunter2}``, ``${DB_PASSWORD-...}``) stays reported."""

from __future__ import annotations

import pytest
from check_helpers import FAKE, configmap_messages

REALM = 'jenkins:\n  securityRealm:\n    local:\n      users:\n      - id: "${{chart-admin-username}}"\n        password: {value}\n'


@pytest.mark.parametrize(
    "reference", ['"${chart-admin-password}"', "${chart-admin-password}", "${github-token}", "${slack-api-key}", "${jenkins-ldap-bind-pwd}"]
)
def test_casc_secret_references_are_not_reported(reference: str) -> None:
    """Each was reported: sets "password" in plain text."""
    assert configmap_messages("jcasc.yaml", REALM.format(value=reference), FAKE) == []


@pytest.mark.parametrize("default", ["FAKE-not-a-real-password", "fakepw9x", "fake-pw9-x", "s3cr3t-token-FAKE"])
@pytest.mark.parametrize("variable", ["pw", "DB_PASSWORD"])
def test_a_shell_default_after_a_hyphen_stays_reported(variable: str, default: str) -> None:
    """The braces hold a default that is a literal: not lowercase words ending in a secret's name."""
    text = REALM.format(value="${" + variable + "-" + default + "}")
    messages = configmap_messages("jcasc.yaml", text, default)
    assert len(messages) == 1 and '"password"' in messages[0]



@pytest.mark.parametrize("tail", ["}", "!}", "-}", "x"])
def test_a_long_run_of_hyphenated_words_is_read_in_linear_time(tail: str) -> None:
    """64 KiB of ``a-a-...`` in braces, ending in a way that fails the match or not, is judged at once."""
    import time

    from webhook.checks.secrets.values import names_something_else

    started = time.perf_counter()
    names_something_else("${" + "a1-" * 21_000 + "token" + tail)
    assert time.perf_counter() - started < 1.0
