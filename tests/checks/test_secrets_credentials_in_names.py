"""disallow-plaintext-secrets: a name railguard reads from inside a value (a config setting's, a
header's, a query parameter's, a flag's) may hold a credential itself. The message names where the
secret is and never quotes such a credential: wherever it is in the name, it is shown as ``*``,
through the one rule every reader shows its names by (``names.token_runs_hidden``)."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest
from check_helpers import compliant, configmap, decide, everything_shown, findings, pod
from webhook.audit.record import record_fields, record_from_fields
from webhook.checks.secrets.names import token_runs_hidden

POLICY = "disallow-plaintext-secrets"
FAKE_JWT = "eyJhbGciOiJub25lIn0.eyJzdWIiOiJmYWtlIn0.ZmFrZS1zaWdu_ZmFrZQ"  # {"alg":"none"}.{"sub":"fake"}.fake-sign_fake
FAKE_LONG = "Zq7fakeAbCdEf0123456789"  # 16+ letters and digits, mixed
SHOWN_NOWHERE = ("eyJ", "ZmFrZS", "Zq7fake", "Vq3fake")  # parts of the fakes above and of the values below
VALUE = "Vq3fakePw7x"


def _shown(obj: dict[str, Any]) -> str:
    """Everything a review shows: messages, warnings, the AdmissionReview answer and the audit record."""
    decision = decide(obj)
    return everything_shown(decision) + json.dumps(record_from_fields(record_fields(decision, 1.0)))


def _messages(obj: dict[str, Any]) -> list[str]:
    return [f.message for f in findings(obj, POLICY)]


def _probe(**http_get: Any) -> dict[str, Any]:
    return pod([compliant(livenessProbe={"httpGet": {"path": "/healthz", "port": 8080, **http_get}})])


def _env(name: str, value: str) -> dict[str, Any]:
    return pod([compliant(env=[{"name": name, "value": value}])])


@pytest.mark.parametrize(
    ("obj", "fragment"),
    [
        (_probe(httpHeaders=[{"name": f"X-{FAKE_LONG}-Token", "value": VALUE}]), "in its X-*-Token header"),
        (_probe(httpHeaders=[{"name": f"X-{FAKE_JWT}-Token", "value": VALUE}]), "in its X-* header"),
        (_probe(path=f"/healthz?{FAKE_LONG}_token={VALUE}"), 'query parameter "*_token"'),
        (_probe(path=f"/healthz?{FAKE_JWT}=postgres://u:{VALUE}@db/app"), 'query parameter "*"'),
        (configmap({"OTEL_EXPORTER_OTLP_HEADERS": f"x-{FAKE_LONG}-token={VALUE}"}), 'sets header "x-*-token"'),
        (configmap({"OTEL_EXPORTER_OTLP_HEADERS": f"{FAKE_JWT}=postgres://u:{VALUE}@db/app"}), 'sets header "*"'),
        (_env("OTEL_EXPORTER_OTLP_HEADERS", f"x-{FAKE_LONG}-token={VALUE}"), 'sets header "x-*-token"'),
    ],
)  # fmt: skip
def test_a_header_or_query_parameter_named_by_a_credential_shows_it_as_a_star(obj: dict[str, Any], fragment: str) -> None:
    """An httpGet header's name, a query parameter's and a header list's (``OTEL_EXPORTER_OTLP_HEADERS``)
    are shown as any other name: a run that may be a token, a JSON Web Token, as ``*``."""
    messages = _messages(obj)
    assert any(fragment in message for message in messages), messages
    shown = _shown(obj)
    assert not [part for part in SHOWN_NOWHERE if part in shown], shown


@pytest.mark.parametrize(
    ("obj", "fragment"),
    [
        (configmap({".env": f"PASSWORD_{FAKE_JWT}={VALUE}\n"}), '"PASSWORD_*"'),
        (configmap({"app.yaml": f"env:\n  - name: {FAKE_JWT}_PASSWORD\n    value: {VALUE}\n"}), 'sets "*"'),
        (configmap({"headers.conf": f"X-{FAKE_JWT}-Token: {VALUE}\n"}), '"X-*"'),
        (configmap({"nginx.conf": f"location / {{\n  proxy_set_header X-{FAKE_JWT}-Token {VALUE};\n}}\n"}), '"proxy_set_header X-*"'),
        (pod([compliant(command=["/app"], args=[f"--{FAKE_JWT}-password={VALUE}"])]), '"--*"'),
        (pod([compliant(command=["/bin/sh", "-c"], args=[f"app --x-{FAKE_JWT}-token {VALUE}"])]), '"--x-*"'),
    ],
)  # fmt: skip
def test_a_json_web_token_in_a_name_is_shown_as_one_star(obj: dict[str, Any], fragment: str) -> None:
    """A JSON Web Token in a name is hidden whole, its signature too: its parts are split by dots,
    and its signature's by ``_`` and ``-``, which a name's words are split by too."""
    messages = _messages(obj)
    assert any(fragment in message for message in messages), messages
    shown = _shown(obj)
    assert not [part for part in SHOWN_NOWHERE if part in shown], shown


@pytest.mark.parametrize(
    ("obj", "fragment"),
    [
        (configmap({"app.json": json.dumps({"Bearer Zq7fakeQ9": {"password": VALUE}})}), '"*.password"'),
        (configmap({"app.json": json.dumps({"token Zq7fake.Q9": [{"password": VALUE}]})}), '"*[0].password"'),
        (configmap({"app.json": json.dumps({"Basic Zq7fake== password": VALUE})}), 'sets "*"'),
        (_env("Bearer Zq7fakeQ9", VALUE), 'env var "Bearer *"'),
    ],
)  # fmt: skip
def test_the_credential_after_an_authorization_scheme_in_a_name_is_shown_as_a_star(obj: dict[str, Any], fragment: str) -> None:
    """After an HTTP authorization scheme's name (``Bearer``, ``Basic``, ``token``) and a blank comes
    a credential, however short: a name holding them shows the scheme and ``*`` (a JSON key that
    holds them, ``*`` as any JSON key that may be a credential)."""
    messages = _messages(obj)
    assert any(fragment in message for message in messages), messages
    shown = _shown(obj)
    assert not [part for part in SHOWN_NOWHERE if part in shown], shown


@pytest.mark.parametrize(
    ("obj", "fragment"),
    [
        (_probe(httpHeaders=[{"name": "X-Api-Token", "value": VALUE}]), "in its X-Api-Token header"),
        (_probe(path=f"/healthz?access_token={VALUE}"), 'query parameter "access_token"'),
        (configmap({"OTEL_EXPORTER_OTLP_HEADERS": f"x-honeycomb-team={VALUE}"}), 'sets header "x-honeycomb-team"'),
        (configmap({"app.json": json.dumps({"Basic Auth Password": VALUE})}), '"Basic Auth Password"'),
        (configmap({"app.json": json.dumps({"Bearer token": {"secret": VALUE}})}), '"Bearer token.secret"'),
        (configmap({"app.properties": f"spring.datasource.password={VALUE}\n"}), '"spring.datasource.password"'),
        (configmap({"app.yaml": f"keyJson:\n  password: {VALUE}\n"}), '"password"'),
        (configmap({".env": f"DB_PASSWORD_FOR_BILLING_SERVICE_V2={VALUE}\n"}), '"DB_PASSWORD_FOR_BILLING_SERVICE_V2"'),
        (_env("OAUTH2_CLIENT_SECRET", VALUE), 'env var "OAUTH2_CLIENT_SECRET"'),
    ],
)  # fmt: skip
def test_an_ordinary_name_is_shown_as_it_is(obj: dict[str, Any], fragment: str) -> None:
    """Names that help the user find the secret keep every word."""
    messages = _messages(obj)
    assert any(fragment in message for message in messages), messages
    assert VALUE not in _shown(obj)


FAKE_BASIC = "dXNlcjpacTdmYWtlOQ"  # base64("user:Zq7fake9") without its "==": letters only
FAKE_BASIC_UNPADDED = "ZmFrZTpacTdmYWtl"  # base64("fake:Zq7fake"): letters only, no padding needed
FAKE_BASIC_URLSAFE = "ZmFrZTo_WnFmYWtl"  # urlsafe base64("fake:?Zqfake"): letters and a _
FAKE_BASIC_SHORT = "ZmFrZTpwdzEy"  # base64("fake:pw12"): 12 characters, mixed
BASE64_SHOWN_NOWHERE = ("dXNlcjpa", "cTdmYWtl", "ZmFrZT", "WnFmYWtl", "cHdzEy", "Vq3fake")


@pytest.mark.parametrize(
    ("obj", "fragment"),
    [
        (configmap({"app.yaml": f"tokens:\n  {FAKE_BASIC}: {VALUE}\n"}), '"tokens.*"'),
        (configmap({"app.yaml": f"env:\n  - name: {FAKE_BASIC}==_PASSWORD\n    value: {VALUE}\n"}), 'sets "*"'),
        (configmap({"app.json": json.dumps({f"{FAKE_BASIC}==_password": VALUE})}), 'sets "*"'),
        (configmap({"app.json": json.dumps({f"{FAKE_BASIC}== password": VALUE})}), 'sets "*"'),
        (configmap({"app.properties": f"{FAKE_BASIC_UNPADDED}.password={VALUE}\n"}), '"*.password"'),
        (configmap({"app.yaml": f"api_keys:\n  {FAKE_BASIC_SHORT}: alice\n"}), '"api_keys.*"'),
        (_probe(httpHeaders=[{"name": f"X-{FAKE_BASIC}-Token", "value": VALUE}]), "in its X-*-Token header"),
        (_probe(httpHeaders=[{"name": f"X-{FAKE_BASIC_URLSAFE}-Token", "value": VALUE}]), "in its X-*-Token header"),
        (_probe(path=f"/healthz?{FAKE_BASIC}_token={VALUE}"), 'query parameter "*_token"'),
        (configmap({"OTEL_EXPORTER_OTLP_HEADERS": f"x-{FAKE_BASIC}-token={VALUE}"}), 'sets header "x-*-token"'),
        (_env(f"{FAKE_BASIC}==_PASSWORD", VALUE), 'env var "*_PASSWORD"'),
        (pod([compliant(command=["/app"], args=[f"--{FAKE_BASIC_URLSAFE}-password={VALUE}"])]), '"--*-password"'),
    ],
)  # fmt: skip
def test_base64_of_a_user_and_password_in_a_name_is_shown_as_a_star(obj: dict[str, Any], fragment: str) -> None:
    """A ``user:password`` pair in base64 (HTTP Basic's credential) may be letters only, or shorter
    than a token's 16 characters: a run of 12+ base64 characters that decodes to text holding a
    ``:``, or is ``=``-padded, is shown as ``*``, in the standard alphabet or the URL-safe one."""
    messages = _messages(obj)
    assert any(fragment in message for message in messages), messages
    shown = _shown(obj)
    assert not [part for part in BASE64_SHOWN_NOWHERE if part in shown], shown


@pytest.mark.parametrize(
    ("obj", "fragment"),
    [
        (configmap({".env": f"{FAKE_BASIC}Password={VALUE}\n"}), 'sets "*"'),
        (configmap({"app.properties": f"my{FAKE_BASIC}Token.password={VALUE}\n"}), 'sets "*.password"'),
        (configmap({"app.yaml": f"tokens:\n  Db{FAKE_BASIC}==: {VALUE}\n"}), '"tokens.*"'),
        (configmap({"App.java": f'String x{FAKE_BASIC}Password = switch (env) {{ case "prod" -> "{VALUE}"; default -> ""; }};\n'}), 'sets "*"'),
        (_env(f"X{FAKE_BASIC}_token", VALUE), 'env var "*_token"'),
        (pod([compliant(command=["/app"], args=[f"-Dmy{FAKE_BASIC}Token.password={VALUE}"])]), '"-*.password"'),  # the -D glued too
        (_probe(httpHeaders=[{"name": f"X-X{FAKE_BASIC_URLSAFE}Key-Token", "value": VALUE}]), "in its X-*-Token header"),
    ],
)  # fmt: skip
def test_base64_of_a_pair_glued_to_letters_in_a_name_is_shown_as_a_star(obj: dict[str, Any], fragment: str) -> None:
    """A ``user:password`` pair in base64 glued to a name's letters (``<pair>Password``,
    ``X<pair>_token``, ``-Dmy<pair>Token.password``) starts where no run of base64 does: the run
    it is glued into is shown as ``*`` (a URL-safe one, the words it touches)."""
    messages = _messages(obj)
    assert any(fragment in message for message in messages), messages
    shown = _shown(obj)
    assert not [part for part in BASE64_SHOWN_NOWHERE if part in shown], shown


@pytest.mark.parametrize(
    ("obj", "fragment"),
    [
        (configmap({"app.json": json.dumps({"iOSAppIDForABTest": {"password": VALUE}})}), '"iOSAppIDForABTest.password"'),
        (configmap({".env": f"SpringDatasourcePassword={VALUE}\n"}), '"SpringDatasourcePassword"'),
        (_probe(httpHeaders=[{"name": "XMLHttpRequest-Token", "value": VALUE}]), "in its XMLHttpRequest-Token header"),
        (configmap({"app.yaml": f"dbPassword: {VALUE}\n"}), '"dbPassword"'),
        (configmap({"app.json": json.dumps({"OutlookMailServiceAbcd": {"apiKey": VALUE}})}), '"OutlookMailServiceAbcd.apiKey"'),
        (_env("KEYCLOAK_ADMIN_PASSWORD", VALUE), 'env var "KEYCLOAK_ADMIN_PASSWORD"'),
    ],
)  # fmt: skip
def test_an_identifier_that_is_no_base64_of_a_pair_is_shown(obj: dict[str, Any], fragment: str) -> None:
    """A name of letters that decodes to no ``user:password`` text keeps its words."""
    messages = _messages(obj)
    assert any(fragment in message for message in messages), messages


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        (FAKE_BASIC, "*"),
        (f"{FAKE_BASIC}==", "*"),
        (f"PASSWORD_{FAKE_BASIC}", "PASSWORD_*"),
        (f"db.{FAKE_BASIC}==.password", "db.*.password"),
        (f"X-{FAKE_BASIC_URLSAFE}-Token", "X-*-Token"),
        (f"MY_APP_{FAKE_BASIC_URLSAFE}_PASSWORD_FILE", "MY_APP_*_PASSWORD_FILE"),
        (FAKE_BASIC_SHORT, "*"),
        ("OlpxN2Zha2VQYXQ", "*"),  # base64(":Zq7fakePat"): Azure DevOps' credential, no user
        ("aHVudGVyMmZha2U=", "*"),  # base64("hunter2fake"), padded: no ":" needed
        (f"{FAKE_BASIC}Password", "*"),  # glued: the pair's last group is partial, "Password" runs on
        (f"X{FAKE_BASIC}_token", "*_token"),
        (f"-Ddb{FAKE_BASIC}==.password", "-*.password"),
        (f"my{FAKE_BASIC_UNPADDED}Token", "*"),
        (f"X-X{FAKE_BASIC_URLSAFE}Key-Token", "X-*-Token"),  # URL-safe: the words the pair touches
        ("ApphaHVudGVyMmZha2U=", "*"),  # glued to a padded run: base64("hunter2fake") at its end
        ("iOSAppIDForABTest", "iOSAppIDForABTest"),
        ("SpringDatasourcePassword", "SpringDatasourcePassword"),
        ("XMLHttpRequest", "XMLHttpRequest"),
        ("dbPassword", "dbPassword"),
        ("TmplTitleTotal1", "TmplTitleTotal1"),  # decodes to "NjeN+ey:-j]": no user's name before the ":"
        ("SharedAccessKey=", "SharedAccessKey="),  # padded, but no text
        ("DB_PASSWORD_FOR_BILLING_SERVICE_V2", "DB_PASSWORD_FOR_BILLING_SERVICE_V2"),
        ("--auth-token-audiences", "--auth-token-audiences"),
    ],
)  # fmt: skip
def test_which_runs_are_read_as_base64_of_a_credential(name: str, shown: str) -> None:
    """The rule itself: 12+ base64 characters that decode to printable ASCII starting as
    ``user:``, or that are ``=``-padded and decode to printable ASCII; identifiers are kept."""
    assert token_runs_hidden(name) == shown


def _sh(script: str) -> dict[str, Any]:
    return pod([compliant(command=["/bin/sh", "-c"], args=[script])])


@pytest.mark.parametrize(
    ("obj", "fragment"),
    [
        (_sh(f"curl -H 'X-{FAKE_LONG}-Token: {VALUE}' https://api.example"), '"curl" in its X-*-Token header (-H)'),
        (pod([compliant(command=["curl", "-H", f"X-{FAKE_BASIC}-Token: {VALUE}", "https://api.example"])]), "in its X-*-Token header (-H)"),
        (configmap({"run.sh": f"wget --header='X-{FAKE_LONG}-Token: {VALUE}' https://api.example\n"}), "in its X-*-Token header (--header)"),
        (_sh(f"http POST https://api.example X-{FAKE_LONG}-Token:{VALUE}"), '"http" in its X-*-Token header'),
        (_sh(f"http POST https://api.example {FAKE_LONG}_password={VALUE}"), 'sends "*_password" to "http" in a request body'),
        (_sh(f"curl -d '{FAKE_LONG}_password={VALUE}' https://api.example"), 'sends "*_password" to "curl" in a request body (-d)'),
        (_sh(f"curl -F 'x{FAKE_BASIC}Password={VALUE}' https://api.example"), 'sends "*" to "curl" in a request body (-F)'),
    ],
)  # fmt: skip
def test_a_programs_header_or_field_named_by_a_credential_shows_it_as_a_star(obj: dict[str, Any], fragment: str) -> None:
    """A header a program is given (``curl -H``, ``wget --header``, HTTPie's ``Header:value``) and a
    field of a request body (``curl -d``/``-F``, HTTPie's ``field=value``) are names read from inside
    a value too: shown by the one rule, a run that may be a credential as ``*``."""
    messages = _messages(obj)
    assert any(fragment in message for message in messages), messages
    shown = _shown(obj)
    assert not [part for part in SHOWN_NOWHERE + BASE64_SHOWN_NOWHERE if part in shown], shown


@pytest.mark.parametrize(
    ("obj", "fragment"),
    [
        (_sh(f"curl -H 'X-Api-Token: {VALUE}' https://api.example"), '"curl" in its X-Api-Token header (-H)'),
        (_sh(f"http POST https://api.example db_password={VALUE}"), 'sends "db_password" to "http"'),
        (_sh(f"curl -d 'user=app&spring.datasource.password={VALUE}' https://api.example"), 'sends "spring.datasource.password" to "curl"'),
    ],
)  # fmt: skip
def test_a_programs_ordinary_header_or_field_keeps_its_words(obj: dict[str, Any], fragment: str) -> None:
    messages = _messages(obj)
    assert any(fragment in message for message in messages), messages


GLUED_JWT_SHOWN_NOWHERE = ("eyJ", "ZmFrZS", "ZmFrZQ", "Vq3fake")


@pytest.mark.parametrize(
    ("obj", "fragment"),
    [
        (_sh(f"curl -H 'X-my{FAKE_JWT}_password: {VALUE}' https://api.example"), '"curl" in its X-my* header (-H)'),
        (_sh(f"http POST https://api.example db{FAKE_JWT}Token={VALUE}"), 'sends "db*" to "http" in a request body'),
        (configmap({"app.js": f'function connect({{ my{FAKE_JWT}_password = "{VALUE}" }} = {{}}) {{}}\n'}), 'sets "my*"'),
        (configmap({"App.java": f'switch (env) {{\n  case "prod" -> db{FAKE_JWT}Token = "{VALUE}";\n}}\n'}), 'sets "db*"'),
        (configmap({".env": f"my{FAKE_JWT}_PASSWORD={VALUE}\n"}), 'sets "my*"'),
        (_env(f"APP{FAKE_JWT}_TOKEN", VALUE), 'env var "APP*"'),
    ],
)  # fmt: skip
def test_a_json_web_token_glued_to_a_names_letters_is_shown_as_a_star(obj: dict[str, Any], fragment: str) -> None:
    """A JSON Web Token starts with ``eyJ`` (its header's ``{"``) wherever it is glued: letters before
    it (``my<jwt>_password``, ``db<jwt>Token``) put no boundary there, and its signature's pieces,
    split by ``_`` and ``-``, are too short to be hidden as a run: the token is hidden whole."""
    messages = _messages(obj)
    assert any(fragment in message for message in messages), messages
    shown = _shown(obj)
    assert not [part for part in GLUED_JWT_SHOWN_NOWHERE if part in shown], shown



@pytest.mark.parametrize(
    ("name", "shown"),
    [
        (f"my{FAKE_JWT}_password", "my*"),
        (f"X-db{FAKE_JWT}", "X-db*"),
        (f"cfg.x{FAKE_JWT}", "cfg.x*"),
        (f"9{FAKE_JWT}", "9*"),
        ("keyJson.password", "keyJson.password"),
        ("monkeyJar.eyJustOneWord", "monkeyJar.eyJustOneWord"),
        ("surveyJsonSchema.keyJsonPath", "surveyJsonSchema.keyJsonPath"),
    ],
)  # fmt: skip
def test_a_json_web_token_is_hidden_from_its_header_on(name: str, shown: str) -> None:
    """The rule itself: a JSON Web Token from its ``eyJ`` on, whatever precedes it; names holding
    ``eyJ`` with no second part after a dot are kept."""
    assert token_runs_hidden(name) == shown


FAKE_DSN = "app:Zq7fakePw9@db.example"


@pytest.mark.parametrize(
    ("obj", "fragment"),
    [
        (configmap({"app.json": json.dumps({f"{FAKE_DSN}_password": VALUE})}), 'sets "*"'),
        (_sh(f"""curl -d '{{"db": {{"my{FAKE_DSN}_password": "{VALUE}"}}}}' https://api.example"""), 'sends "db.*" to "curl" in a request body (-d)'),
        (_sh(f"""curl -d '{{"{FAKE_DSN}": {{"password": "{VALUE}"}}}}' https://api.example"""), 'sends "*.password" to "curl" in a request body (-d)'),
        (configmap({"app.json": json.dumps({"db": {f"x{FAKE_DSN}": {"token": VALUE}}})}), 'sets "db.*.token"'),
    ],
)  # fmt: skip
def test_a_user_and_password_before_a_host_in_a_name_is_shown_as_a_star(obj: dict[str, Any], fragment: str) -> None:
    """A connection string's ``user:password@host`` in a name (a JSON key, a request body's field)
    holds a password however short: the password is shown as ``*`` (a JSON key that holds it, ``*``
    as any JSON key that may be a credential)."""
    messages = _messages(obj)
    assert any(fragment in message for message in messages), messages
    shown = _shown(obj)
    assert "Zq7fake" not in shown and VALUE not in shown, shown


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        (f"{FAKE_DSN}_password", "app:*@db.example_password"),
        (f"my{FAKE_DSN}Token", "myapp:*@db.exampleToken"),
        ("postgres://app:Zq7fake@db.example:5432/x", "postgres://app:*@db.example:5432/x"),
        ("redis://:Zq7fake@cache", "redis://:*@cache"),
        ("app:p@ss9@db_password", "app:*@db_password"),  # an @ in the password: up to the last @ before a host
        ("app%3AZq7fakePw9%40db.example_password", "app%3A*%40db.example_password"),  # URL-encoded
        ("Jwt:Key", "Jwt:Key"),
        ("ConnectionStrings:Default:Password", "ConnectionStrings:Default:Password"),
        ("alice@example.com_password", "alice@example.com_password"),
        ("mailto:oncall@example.com", "mailto:oncall@example.com"),  # what the DSN reader of values reads as no password
        ("serviceAccount:app@my-project.iam.gserviceaccount.com", "serviceAccount:app@my-project.iam.gserviceaccount.com"),
        ("deleted:user:carol@example.com", "deleted:user:carol@example.com"),
        ("registry.example/app:1.0@sha256", "registry.example/app:*@sha256"),
        ("registry.example/app:1.0@sha256:0123", "registry.example/app:1.0@sha256:0123"),
        ("user:Zq7fake@example.com_password", "user:*@example.com_password"),  # a host with a word after it
        ("mailto:@", "mailto:@"),
        ("db:5432/app@v2", "db:5432/app@v2"),
        ("spring.datasource.password", "spring.datasource.password"),
        ("X-Api-Token", "X-Api-Token"),
    ],
)  # fmt: skip
def test_which_passwords_before_a_host_are_hidden(name: str, shown: str) -> None:
    """The rule itself: the password of a ``user:password@host`` (``:`` and ``@`` maybe URL-encoded),
    up to the last ``@`` before a host; names with a ``:`` or an ``@`` alone are kept."""
    assert token_runs_hidden(name) == shown


def _hiding_seconds(name: str) -> float:
    started = time.process_time()
    token_runs_hidden(name)
    return time.process_time() - started


@pytest.mark.timeout(120)
@pytest.mark.parametrize("unit", ["eyJ", "xeyJabcdefgh.", "u:p@h", "u%3Ap%40h", "mailto:a@b.c"])
def test_a_long_name_of_repeated_token_or_password_shapes_is_hidden_in_linear_time(unit: str) -> None:
    """A name is unbounded (a JSON key, a line of a config file). A token is looked for from each
    run's first ``eyJ`` only: one looked for from every ``eyJ``, a letter glued before it allowed,
    ran to the run's end each time (``eyJeyJ...``, 60,000 characters: 4 s). 16 times the name takes
    about 16 times the time."""
    _hiding_seconds(unit * 100)
    small = min(_hiding_seconds(unit * (6000 // len(unit)) + f"x{run}") for run in range(3))
    large = _hiding_seconds(unit * (96000 // len(unit)))
    assert large < 40 * max(small, 0.002), (small, large)  # linear: about 16 times
