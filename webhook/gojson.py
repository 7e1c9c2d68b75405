"""JSON text as Go's encoding/json reads it (kube-apiserver, kubectl, most tools in a cluster).

orjson refuses a lone UTF-16 surrogate escape (``"\\ud800"``, ``"\\udc00"``, a high surrogate
without its low one); Go reads each as U+FFFD and goes on. Whatever reads JSON here as the cluster
does (``railguard test``, a JSON config file held in a ConfigMap) uses :func:`loads`.
"""

from __future__ import annotations

import re
from typing import Any

import orjson

_SURROGATE_ESCAPE_HINT = re.compile(r"\\u[dD][89a-fA-F]")
_SURROGATE_ESCAPE = re.compile(
    r"(?<!\\)((?:\\\\)*+)\\u(?:[dD][89abAB][0-9a-fA-F]{2}\\u[dD][c-fC-F][0-9a-fA-F]{2}|([dD][89a-fA-F][0-9a-fA-F]{2}))"
)
"""A surrogate escape after an even number of backslashes (``\\\\ud800`` is a backslash then
``ud800``): a high one followed by a low one (a pair), or any other (lone, group 2). Matches only
at surrogate escapes, so a text full of other escapes costs no Python call per escape."""


def lone_surrogates_replaced(text: str) -> str:
    """The JSON text with each lone UTF-16 surrogate escape written ``\\ufffd``, as Go's decoder
    reads it: a high surrogate escape followed by a low one is a pair (the character it encodes),
    kept; any other surrogate escape is U+FFFD, the escape after it read on its own. The text
    keeps its length and lines, so an error's position stays right."""
    return _SURROGATE_ESCAPE.sub(lambda m: m.group(1) + "\\ufffd" if m.group(2) else m.group(0), text)


def loads(text: str) -> Any:
    """One JSON value, read by orjson as Go reads it (lone surrogate escapes are U+FFFD); raises
    orjson.JSONDecodeError as orjson does for anything else."""
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        if not _SURROGATE_ESCAPE_HINT.search(text):
            raise
    return orjson.loads(lone_surrogates_replaced(text))
