"""webhook.gojson reads a JSON string as Go's encoding/json does (kube-apiserver, kubectl): checked
against a small model of Go's ``unquote`` on strings built from escapes and surrogate escapes."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from webhook import gojson

_SIMPLE = {"n": "\n", "\\": "\\", '"': '"', "t": "\t"}
_TOKENS = ["a", "\\\\", "\\n", '\\"', "\\ud800", "\\udbff", "\\udc00", "\\udfff", "\\u0041", "\\uD83D", "\\uDE00", "\\u005c", "u", "d800"]


def go_unquote(text: str) -> str:
    """Go's decoding of a JSON string's content: a high surrogate escape followed by a low one is
    their character, any other surrogate escape U+FFFD (the escape after it read on its own)."""
    out, i = [], 0
    while i < len(text):
        if text[i] != "\\":
            out.append(text[i])
            i += 1
        elif text[i + 1] != "u":
            out.append(_SIMPLE[text[i + 1]])
            i += 2
        else:
            rune, i = int(text[i + 2 : i + 6], 16), i + 6
            if 0xD800 <= rune <= 0xDFFF:
                low = int(text[i + 2 : i + 6], 16) if text[i : i + 2] == "\\u" else -1
                if rune < 0xDC00 and 0xDC00 <= low <= 0xDFFF:
                    out.append(chr(0x10000 + ((rune - 0xD800) << 10) + (low - 0xDC00)))
                    i += 6
                else:
                    out.append("\ufffd")
            else:
                out.append(chr(rune))
    return "".join(out)


@given(st.lists(st.sampled_from(_TOKENS), max_size=10))
def test_a_json_string_is_read_as_go_reads_it(tokens: list[str]) -> None:
    text = "".join(tokens)
    assert gojson.loads(f'{{"{text}": ["{text}"]}}') == {go_unquote(text): [go_unquote(text)]}


def test_the_text_keeps_its_length_and_lines() -> None:
    text = '{\n"a": "\\ud800\\\\ud800\\udc00\\ud800",\n"b": 1 2}'
    replaced = gojson.lone_surrogates_replaced(text)
    assert replaced == '{\n"a": "\\ufffd\\\\ud800\\ufffd\\ufffd",\n"b": 1 2}'
    assert len(replaced) == len(text)


def test_a_pair_written_in_upper_case_with_a_lone_surrogate_is_one_character() -> None:
    # the lone surrogate makes orjson refuse the text; the upper-case pair next to it is still a pair
    assert gojson.loads('"\\udc00\\uD83D\\uDE00\\uDBFF\\uDFFF"') == "\ufffd\U0001f600\U0010ffff"
