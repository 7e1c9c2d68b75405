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


HEADER = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9"  # {"alg":"HS256","typ":"JWT"}
PRETTY_PAYLOADS = (
    "ewogICJyb2xlIjogInNlcnZpY2Vfcm9sZSIsCiAgImlzcyI6ICJmYWtlLWRlbW8iCn0",  # {\n  "role": ... }
    "eyAicm9sZSI6ICJhbm9uIiwgImlzcyI6ICJmYWtlLWRlbW8iIH0",  # { "role": "anon", ... }
    "ew0KInJvbGUiOiJhbm9uIn0",  # {\r\n"role":"anon"}
)


@pytest.mark.parametrize("payload", PRETTY_PAYLOADS)
@pytest.mark.parametrize("key", [".env", "kong.yml"])
def test_jwt_whose_payload_json_has_a_blank_after_its_brace_is_reported(payload: str, key: str) -> None:
    token = f"{HEADER}.{payload}.{FAKE}"
    text = f"SERVICE_ROLE_KEY={token}\n" if key == ".env" else f"consumers:\n  - keyauth_credentials:\n      - key: {token}\n"
    messages = configmap_messages(key, text, FAKE)
    assert messages and all(token not in m for m in messages)
    assert any("JSON Web Token" in m for m in messages) or key != ".env"


def test_jwt_with_a_pretty_payload_in_a_name_is_hidden() -> None:
    token = f"{HEADER}.{PRETTY_PAYLOADS[0]}.{FAKE}"
    messages = configmap_messages("app.properties", f"X-{token}-Token=hunter2-FAKE\n", FAKE)
    assert all(PRETTY_PAYLOADS[0] not in m for m in messages)


@pytest.mark.parametrize(
    "text",
    [
        "SERVICE_ROLE_KEY=${SERVICE_ROLE_KEY}\n",
        f"JWT_HEADER={HEADER}\n",  # a header alone is no token
        f"EXAMPLE={HEADER}.ewok.sig\n",  # parts too short to be a token
        f"NOTE=see {HEADER[:10]}.eyAg and ewog in the docs\n",
    ],
)
def test_no_token_without_a_payload_and_signature(text: str) -> None:
    assert configmap_messages(".env", text, FAKE) == []


@pytest.mark.parametrize(
    "line",
    [
        "OPENAI_API_KEY=sk-proj-xxxxxxxx",
        "GITHUB_TOKEN=ghp_" + "x" * 36,
        "NOTE=see ghp_" + "x" * 36 + " for the shape",
        "SLACK_BOT_TOKEN=xoxb-xxxxxxxxxx-xxxx",
        "STRIPE_SECRET_KEY=sk_live_" + "*" * 24,
        "AWS_ACCESS_KEY_ID=AKIAXXXXXXXXXXXXXXXX",
        "HF_TOKEN=hf_" + "X" * 34,
    ],
)
def test_token_format_with_its_body_masked_is_no_token(line: str) -> None:
    assert configmap_messages(".env.example", line + "\n", FAKE) == []


@pytest.mark.parametrize(
    "line",
    [
        f"OPENAI_API_KEY=sk-proj-{FAKE}",
        "OPENAI_API_KEY=sk-proj-xxxx1xxxxxxxxxxxxxxxxxxx" + FAKE,  # a digit in its body
        "NOTE=ghp_" + "x" * 35 + "Q " + FAKE,  # a letter other than x: a token of that format
        f"API_KEY=xxxx-{FAKE}",  # a mask then text is no mask
    ],
)
def test_token_behind_its_prefix_is_judged_as_written(line: str) -> None:
    assert configmap_messages(".env", line + "\n", FAKE) != []


def test_masked_prefix_is_bounded_and_linear() -> None:
    text = "API_KEY=" + "a-" * 40000 + "x" * 8 + "\nNOTE=sk-" + "x" * 65536 + "\n"
    messages = configmap_messages(".env", text, FAKE)
    assert len(messages) == 1 and '"API_KEY"' in messages[0]


@pytest.mark.parametrize(
    ("key", "text"),
    [
        ("settings.py", f'conn = psycopg2.connect(\n    host="db", password="{FAKE}",\n    dbname="app",\n)\n'),
        ("settings.py", f'conn = connect(\n    host="db", password="{FAKE}", port=int("5432"),\n)\n'),
        ("sentry.conf.py", f'BROKER_URL = "amqp://{{u}}:{{p}}@{{h}}/".format(\n    u="guest", password="{FAKE}", h=host\n)\n'),
        ("App.kt", f'val ds = DataSource(\n    user = "app", password = "{FAKE}",\n)\n'),
    ],
)
def test_keyword_argument_after_another_on_a_continued_line_is_reported(key: str, text: str) -> None:
    (message,) = configmap_messages(key, text, FAKE)
    assert '"password"' in message and "(line 2)" in message


@pytest.mark.parametrize(
    "text",
    [
        'conn = connect(\n    host="db", password=os.environ["PW"],\n)\n',
        'conn = connect(\n    host="db", password=os.getenv("PW"), port=5432,\n)\n',
        'conn = connect(\n    host="db", password="",\n)\n',
        'conn = connect(\n    host="db", password="<password>",\n)\n',
        'conn = connect(\n    host="db", password=settings.DB_PASSWORD,\n)\n',
        "def f():\n    x = foo(a, password=get_password())\n",
        "    a = 1, b = 2\n",
    ],
)
def test_continued_arguments_reading_a_secret_set_none(text: str) -> None:
    assert configmap_messages("settings.py", text, FAKE) == []


def test_continued_arguments_line_stays_linear() -> None:
    line = "    host=" + ", a=1" * 12000 + f', password="{FAKE}",\n'
    (message,) = configmap_messages("settings.py", "conn = connect(\n" + line + ")\n", FAKE)
    assert '"password"' in message


@pytest.mark.parametrize(
    ("key", "line"),
    [
        ("settings.py", 'DATASOURCE_SECRET_KEY = os.environ.get("REDASH_SECRET_KEY", SECRET_KEY)'),
        ("settings.py", 'API_TOKEN = os.getenv("API_TOKEN", settings.API_TOKEN)'),
        ("database.php", "'password' => env('DB_PASSWORD', $fallback),"),
        ("config.rb", "config.api_token = ENV.fetch('API_TOKEN', default_token)"),
    ],
)
def test_env_lookup_defaulting_to_a_name_of_the_code_sets_none(key: str, line: str) -> None:
    assert configmap_messages(key, line + "\n", FAKE) == []


@pytest.mark.parametrize(
    ("key", "line"),
    [
        ("settings.py", f'DATASOURCE_SECRET_KEY = os.environ.get("REDASH_SECRET_KEY", "{FAKE}")'),
        ("database.php", f"'password' => env('DB_PASSWORD', '{FAKE}'),"),
        ("config.rb", f"config.api_token = ENV.fetch('API_TOKEN', '{FAKE}')"),
        ("settings.py", f'API_TOKEN = os.getenv("API_TOKEN", SECRET) or "{FAKE}"'),
    ],
)
def test_env_lookup_defaulting_to_a_string_is_reported(key: str, line: str) -> None:
    assert configmap_messages(key, line + "\n", FAKE) != []
