"""No template of ours has inline script or style, which the Content-Security-Policy would block.

The portal's policy allows scripts and styles only from our static files
(plumbing.headers), so an inline `<script>`, `<style>`, `style=""` or
`on...=""` handler would silently stop working in the browser. Data for a
script goes in a `json_script` block (type application/json, never run) or
a data- attribute. Mail templates are left out: a mail is not a page, and
mail programs need inline styles.
"""

import re
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)

SCRIPT = re.compile(r"<script\b(?P<attrs>[^>]*)>", re.IGNORECASE)
STYLE_ELEMENT = re.compile(r"<style\b", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"<[a-z][^>]*\sstyle\s*=", re.IGNORECASE)
HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.IGNORECASE)
JAVASCRIPT_URL = re.compile(r"""(href|src|action)\s*=\s*["']\s*javascript:""", re.IGNORECASE)


def our_templates():
    folders = [ROOT / "templates", *(ROOT.glob("*/templates"))]
    for folder in folders:
        if ".venv" in folder.parts:
            continue
        for path in folder.rglob("*.html"):
            if "email" not in path.relative_to(folder).parts:
                yield path


def inline_code(text):
    """What in this template text the portal's policy would block."""
    found = []
    for match in SCRIPT.finditer(text):
        attrs = match.group("attrs")
        if "src=" not in attrs and "application/json" not in attrs:
            found.append(f"inline <script>: {match.group(0)}")
    for pattern, label in (
        (STYLE_ELEMENT, "a <style> element"),
        (STYLE_ATTRIBUTE, "a style attribute"),
        (HANDLER, "an on...= handler"),
        (JAVASCRIPT_URL, "a javascript: URL"),
    ):
        found += [f"{label}: {match.group(0)[:80]}" for match in pattern.finditer(text)]
    return found


def test_the_scan_finds_each_kind_of_inline_code():
    assert len(inline_code("<script>alert(1)</script>")) == 1
    assert len(inline_code('<div style="color: red">')) == 1
    assert len(inline_code("<style>p {}</style>")) == 1
    assert len(inline_code('<button onclick="go()">')) == 1
    assert len(inline_code('<a href="javascript:go()">')) == 1
    assert (
        inline_code('<script src="/static/a.js" defer></script><script id="c" type="application/json">{}</script>')
        == []
    )
    assert inline_code('<p class="style" data-online="1">') == []


def test_no_template_of_ours_has_inline_script_or_style():
    templates = list(our_templates())
    assert len(templates) > 50, "the template folders were not found"
    problems = [
        f"{path.relative_to(ROOT)}: {problem}" for path in templates for problem in inline_code(path.read_text())
    ]
    assert not problems, "\n".join(problems)
