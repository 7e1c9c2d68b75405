"""disallow-plaintext-secrets on application config and source files put in ConfigMaps (found by a
sweep of Spring Boot, Django, Rails, Node, PHP and Grafana/Gitea/Harbor configs): a URL's shape
written out with the word ``port`` where its port goes. The values are obviously fake."""

from __future__ import annotations

import pytest
from check_helpers import FAKE, configmap_messages

URL = "a URL with a password"


@pytest.mark.parametrize(
    "text",
    [
        "[database]\n# Example: mysql://user:secret@host:port/database\n;url =\n",
        f"url = mysql://user:{FAKE}@host:port/database\n",
        f"DATABASE_URL=postgres://USER:{FAKE}@HOST:PORT/NAME\n",
        f"url = redis://:{FAKE}@cache:port_number\n",
        f"url = amqp://app:{FAKE}@broker:Port-No/vhost\n",
    ],
)
def test_url_with_a_port_word_is_a_shape_written_out(text: str) -> None:
    assert configmap_messages("grafana.ini", text, FAKE) == []


@pytest.mark.parametrize(
    "text",
    [
        f"url = mysql://grafana:{FAKE}@db.example:3306/grafana\n",
        f"url = mysql://grafana:{FAKE}@db.example:${{DB_PORT}}/grafana\n",
        f"url = mysql://grafana:{FAKE}@db.example/grafana\n",
        f"url = mysql://grafana:{FAKE}@db:portal/grafana\n",  # a word that is not "port": judged as written
        f"url = mysql://grafana:{FAKE}@port:3306/grafana\n",  # a host named port
        f"# mysql://grafana:{FAKE}@host:3306/grafana\n",
    ],
)
def test_url_with_a_port_number_or_reference_keeps_its_password(text: str) -> None:
    (message,) = configmap_messages("grafana.ini", text, FAKE)
    assert URL in message


def test_port_word_lookahead_stays_linear() -> None:
    text = "x = mysql://u:" + FAKE + "@" + "h" * 65536 + ":portx\n"
    (message,) = configmap_messages("grafana.ini", text, FAKE)
    assert URL in message
