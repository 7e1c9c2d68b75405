"""Every relative link in README.md and docs/**/*.md resolves: the file (or folder) it names exists,
and its `#anchor`, if any, is a heading of the Markdown file it points into, as GitHub makes
anchors of headings. Links inside fenced code blocks and inline code are not links."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]

FENCE = re.compile(r"^ {0,3}(```|~~~)")
HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)[ \t]*#*[ \t]*$")
LINK = re.compile(r"(?<!!)\[[^\]\n]*\]\(([^()\s]*(?:\([^()\s]*\)[^()\s]*)*)(?:\s+\"[^\"]*\")?\)")
INLINE_CODE = re.compile(r"(`+).*?\1")


def prose_lines(text: str) -> list[tuple[int, str]]:
    """(line number, line) of the lines outside fenced code blocks."""
    lines, fenced = [], None
    for number, line in enumerate(text.splitlines(), 1):
        match = FENCE.match(line)
        if match and (fenced is None or match.group(1) == fenced):
            fenced = match.group(1) if fenced is None else None
            continue
        if fenced is None:
            lines.append((number, line))
    return lines


def slug(heading: str) -> str:
    """GitHub's anchor for a heading: its text without Markdown (code ticks, emphasis, link
    targets), lower case, without punctuation other than `-` and `_`, spaces turned into `-`."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading)
    text = text.replace("`", "").replace("*", "")
    text = re.sub(r"<[^>]+>", "", text)
    text = re.sub(r"[^\w\- ]", "", text.lower())
    return text.replace(" ", "-")


def anchors(path: Path) -> set[str]:
    found: set[str] = set()
    seen: dict[str, int] = {}
    for _, line in prose_lines(path.read_text(encoding="utf-8")):
        match = HEADING.match(line)
        if match:
            base = slug(match.group(2))
            count = seen.get(base, 0)
            seen[base] = count + 1
            found.add(base if count == 0 else f"{base}-{count}")
    return found


def links(path: Path) -> list[tuple[int, str]]:
    found = []
    for number, line in prose_lines(path.read_text(encoding="utf-8")):
        for match in LINK.finditer(INLINE_CODE.sub("", line)):
            found.append((number, match.group(1)))
    return found


def problems(path: Path, root: Path = ROOT) -> list[str]:
    wrong = []
    for number, target in links(path):
        if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.I):  # https:, mailto:...: not checked here
            continue
        file_part, _, anchor = target.partition("#")
        linked = (path.parent / unquote(file_part)).resolve() if file_part else path
        where = f"{path.relative_to(root)}:{number}: ({target})"
        if not linked.exists():
            wrong.append(f"{where} names a file that does not exist")
        elif anchor and (linked.suffix != ".md" or anchor not in anchors(linked)):
            wrong.append(f"{where}: {linked.relative_to(root)} has no heading with anchor #{anchor}")
    return wrong


def test_the_slugs_are_githubs() -> None:
    assert slug("The command line: `railguard test` and `railguard policies`") == (
        "the-command-line-railguard-test-and-railguard-policies"
    )
    assert slug("The server (`bench/server_bench.py`)") == "the-server-benchserver_benchpy"
    assert slug("For compliance officers: what the trail proves, and what it does not") == (
        "for-compliance-officers-what-the-trail-proves-and-what-it-does-not"
    )


def test_a_broken_link_and_a_missing_anchor_are_found(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text("# Title\n\n[ok](#title) [gone](missing.md) [nowhere](#no-such)\n```\n[code](#not-a-link)\n```\n")
    assert problems(page, tmp_path) == [
        "page.md:3: (missing.md) names a file that does not exist",
        "page.md:3: (#no-such): page.md has no heading with anchor #no-such",
    ]


@pytest.mark.parametrize("path", DOCS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_relative_link_and_anchor_resolves(path: Path) -> None:
    assert problems(path) == []


def test_the_readme_links_into_each_docs_page() -> None:
    """Each page under docs/ (not the examples) is reachable from the README."""
    targets = {(ROOT / target.partition("#")[0]).resolve() for _, target in links(ROOT / "README.md")}
    pages = [path for path in DOCS[1:] if "examples" not in path.relative_to(ROOT / "docs").parts]
    assert [str(page.relative_to(ROOT)) for page in pages if page.resolve() not in targets] == []
