"""disallow-plaintext-secrets: the screen before a line of source code is read for its keyword
arguments (``_may_name_a_keyword_argument``). A line is read part by part only when a sensitive
``name=`` may start an argument; the screen changes no verdict (the line read whole agrees)."""

from __future__ import annotations

import random
import time

import pytest
from check_helpers import FAKE, configmap, decide, everything_shown, findings

from webhook.checks.secrets import source_code
from webhook.checks.secrets.names import Names

POLICY = "disallow-plaintext-secrets"
NAMES = Names.of((), ())


def _unscreened(monkeypatch: pytest.MonkeyPatch, names: Names, line: str, initializers: bool = False, named: bool = False) -> list[str]:
    """``keyword_argument_settings`` with every line read part by part, as before the screen."""
    with monkeypatch.context() as patched:
        patched.setattr(source_code, "_may_name_a_keyword_argument", lambda names, line: True)
        return source_code.keyword_argument_settings(names, line, initializers, named)


SCREENED_OUT = [
    'String user = "app"; String password = System.getenv("PW"); int port = 5432;',  # no call: no argument
    'var a=1,b=function(c){return c+1};token=t;var s=token&&u;',
    "for (var i = 0; i < n; i++) { x(i); }",  # i is no secret
    f'connect(host, "{FAKE}", password)',  # no name=
    f'log("password={FAKE}")',  # in a string
    f'connect(x) # password="{FAKE}"',  # in a comment
    f'connect([password="{FAKE}"])',  # in brackets of a list, after a string: no argument start
    f'f(a) == password = "{FAKE}"',
]


@pytest.mark.parametrize("line", SCREENED_OUT)
def test_a_line_no_sensitive_argument_may_start_is_screened_out(monkeypatch: pytest.MonkeyPatch, line: str) -> None:
    assert source_code._may_name_a_keyword_argument(NAMES, line) is False
    assert source_code.keyword_argument_settings(NAMES, line) == [] == _unscreened(monkeypatch, NAMES, line)


KEPT = [
    (f'engine = create_engine(url, password="{FAKE}")', False, ["password"]),
    (f'def connect(host, password: str = "{FAKE}"): pass', False, ["password"]),
    (f"function connect(private string $password = '{FAKE}') {{}}", False, ["password"]),
    (f'connect(cfg.password="{FAKE}")', False, ["password"]),  # . joins a type's words: read as before
    (f'x = f(a, g(b), ?token= "{FAKE}")', False, ["token"]),  # so does ?
    (f'new DbOptions {{ Password = "{FAKE}" }}', True, ["Password"]),  # C#'s initializer
    (f'new DbOptions {{ Password = "{FAKE}" }}', False, []),  # a { may open one: kept, read as before
    ('connect(password=os.environ["PW"])', False, []),  # kept, its value code
]


@pytest.mark.parametrize(("line", "initializers", "settings"), KEPT)
def test_a_line_a_sensitive_argument_may_start_is_read_as_before(
    monkeypatch: pytest.MonkeyPatch, line: str, initializers: bool, settings: list[str]
) -> None:
    assert source_code._may_name_a_keyword_argument(NAMES, line) is True
    assert source_code.keyword_argument_settings(NAMES, line, initializers) == settings == _unscreened(monkeypatch, NAMES, line, initializers)


def test_extra_and_allowed_names_are_screened_as_they_are_read(monkeypatch: pytest.MonkeyPatch) -> None:
    line = f'connect(host, pin="{FAKE}", token="{FAKE}")'
    for names, settings in ((Names.of(("^pin$",), ()), ["pin", "token"]), (Names.of((), ("token",)), []), (NAMES, ["token"])):
        assert source_code.keyword_argument_settings(names, line) == settings == _unscreened(monkeypatch, names, line)


_PIECES = (
    "(", ")", "[", "]", "{", "}", ",", ";", "=", "==", "=>", ":", '"', "'", "#", "//", "/", " ", "\t", "?", "|", "\\", ".",
    "$", "1", "\u00e9", "password", "token", "user", "x", "new", "String", "r", "get", "connect(", "f(a, ", "password=",
    "token = ", "password: str = ", "$password = ", " private string ", "new Opts { ", "Password = ", "a ? ", "1password=",
    "\u00e9password=", f'"{FAKE}"', f"r'{FAKE}'", '"app"', "None", "os.environ['X']",
)  # fmt: skip


def test_generated_lines_read_screened_as_read_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    """Lines of code's parts in any order, with extra and allowed names: the screened reading
    agrees with the whole one, and the screen both spares lines and keeps those that report."""
    rng = random.Random(20263)
    namesets = (NAMES, Names.of(("^x$", "us"), ()), Names.of((), ("password",)))
    screened_out = reported = 0
    for _ in range(4000):
        line = "".join(rng.choice(_PIECES) for _ in range(rng.randint(1, 25)))
        names = rng.choice(namesets)
        initializers, named = rng.random() < 0.3, rng.random() < 0.2
        whole = _unscreened(monkeypatch, names, line, initializers, named)
        assert source_code.keyword_argument_settings(names, line, initializers, named) == whole, line
        screened_out += not source_code._may_name_a_keyword_argument(names, line)
        reported += bool(whole)
    assert screened_out > 2000 and reported > 10, (screened_out, reported)


def test_a_screened_key_still_reports_its_argument() -> None:
    text = "".join(f"var a{i}=1,b{i}=function(c){{return c+1}};token=t{i};" for i in range(200))
    text += f'db.connect(host, password="{FAKE}");\n'
    decision = decide(configmap({"app.min.js": text}))
    messages = [f.message for f in decision.findings if f.policy == POLICY]
    assert len(messages) == 1 and 'sets "password" in plain text' in messages[0], messages
    assert FAKE not in everything_shown(decision)


@pytest.mark.parametrize("unit", ["(a=", "(a ", "(x: a ", '(a: "', ",a", "(", "(token ", "($a?|.b ", "(r'x' "])
def test_a_long_line_is_screened_in_linear_time(unit: str) -> None:
    """A 256 KiB line of one unit repeated is screened (and read, when kept) in well under a second
    per 64 KiB: the screen's parts are matched where they start, none read twice."""
    line = unit * (256 * 1024 // len(unit))
    started = time.process_time()
    source_code.keyword_argument_settings(NAMES, line)
    assert time.process_time() - started < 4
    assert findings(configmap({"app.js": line[: 64 * 1024]}), POLICY) == []
