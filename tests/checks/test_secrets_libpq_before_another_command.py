"""disallow-plaintext-secrets: a libpq connection string in a ConfigMap script followed on its line
by ``&& ...`` with another secret: both are reported. No message shows a value."""

from __future__ import annotations

from check_helpers import FAKE, configmap_messages


# --- a libpq string and another command on one line (pinned: both reported) ----------------------


def test_a_libpq_string_before_and_and_another_command_are_both_reported() -> None:
    script = f"psql 'host=db user=app password={FAKE}' && mysql -uroot -p{FAKE}\n"
    for text in (script, "#!/bin/sh\nset -e\n" + script):
        messages = configmap_messages("run.sh", text, FAKE)
        assert len(messages) == 2 and "connection string with a password" in messages[0] and '"mysql"' in messages[1], messages
