"""Markdown from outside contributors, rendered to HTML that is safe to mark as such.

Markdown is rendered, then cleaned by nh3 (the Ammonia sanitiser): a short list of
tags, no attributes but ``href``/``title`` on links, links limited to http(s),
mailto and tel, no script, style, iframe, object, form or image. Headings are
lowered to ``h3`` and below so that the page keeps its one ``h1``.
"""

from __future__ import annotations

import re

import markdown
import nh3

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "a", "blockquote",
    "code", "pre", "hr", "h3", "h4", "h5", "h6", "abbr", "h1", "h2",
}
ALLOWED_SCHEMES = {"http", "https", "mailto", "tel"}
_ABSOLUTE = re.compile(r"^(https?://[^/\s]|mailto:[^\s]|tel:[+0-9][0-9 .+-]*$)", re.IGNORECASE)

# What a warning is worth: patterns an organiser would not expect to vanish.
_REMOVED_PATTERNS = [
    (re.compile(r"<\s*script", re.I), "balise <script>"),
    (re.compile(r"<\s*(iframe|object|embed|frame|applet)", re.I), "contenu intégré (<iframe>, <object>…)"),
    (re.compile(r"<\s*(style|link|meta|base|form|input|button|textarea|select|svg|math)\b", re.I),
     "balise HTML non autorisée"),
    (re.compile(r"<\s*img\b", re.I), "image HTML (utilisez le champ image)"),
    (re.compile(r"\bon[a-z]+\s*=", re.I), "attribut d'événement JavaScript (onclick, onerror…)"),
    (re.compile(r"(javascript|vbscript|data)\s*:", re.I), "lien javascript: ou data:"),
    (re.compile(r"\]\(\s*//|href\s*=\s*[\"']?\s*//", re.I), "lien sans https:// (//…)"),
]


def _keep_safe_links(tag: str, attribute: str, value: str) -> str | None:
    if tag == "a" and attribute == "href":
        return value if _ABSOLUTE.match(value.strip()) else None
    return value


def removed_parts(text: str) -> list[str]:
    """Describe what sanitising will remove from ``text``, for a warning."""
    return [label for pattern, label in _REMOVED_PATTERNS if pattern.search(text)]


_RENDERER = markdown.Markdown(extensions=["sane_lists"], output_format="html")


def markdown_to_safe_html(text: str) -> str:
    # One renderer, reset between texts: building a new one per description cost a third of loading
    # a 6,000-event programme. (A build renders descriptions in one thread at a time.)
    html = _RENDERER.reset().convert(text)
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags={"script", "style"},
        attributes={"a": {"href", "title"}, "abbr": {"title"}},
        attribute_filter=_keep_safe_links,
        url_schemes=ALLOWED_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    for level in ("1", "2"):
        clean = clean.replace(f"<h{level}>", "<h3>").replace(f"</h{level}>", "</h3>")
    return clean.strip()
