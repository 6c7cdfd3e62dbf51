"""Sanitized HTML (what ``markdown_to_safe_html`` lets through, see sanitize.py) written back as
Markdown, for exports such as OpenAgenda's ``longDescription`` that take Markdown, not HTML.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<])")
# Text that would start a heading, quote or list item: a backslash before the punctuation.
_MD_LINE_START = re.compile(r"^(\d*)(#{1,6}|[>+-]|(?<=\d)[.)])(?=\s|$)")
_BLOCKS = ("p", "ul", "ol", "blockquote", "pre", "hr", "h3", "h4", "h5", "h6")
_INDENT = "    "  # nested lists and code: four spaces, as Python-Markdown and CommonMark both read them
_HARD_BREAK = "\x00"  # « <br> »: two spaces at the end of the line, once trailing spaces are gone


class _Markdown(HTMLParser):
    """The few tags that ``markdown_to_safe_html`` lets through, written as Markdown."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[list[str]] = [[]]  # one buffer per open blockquote
        self.lists: list[list[Any]] = []  # [tag, next number]
        self.links: list[str] = []
        self.pre = 0
        self.code = 0

    @property
    def out(self) -> list[str]:
        return self.stack[-1]

    def _text(self) -> str:
        return "".join(self.out)

    def _block(self) -> None:
        text = self._text().rstrip(" ")
        self.out[:] = [text]
        if text and not text.endswith("\n\n"):
            self.out.append("\n\n" if not text.endswith("\n") else "\n")

    def _at_line_start(self) -> bool:
        text = self._text()
        return not text or text.endswith("\n")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCKS and not (self.lists and tag in ("p", "ul", "ol")):  # p in li: loose list
            self._block()
        if tag in ("h3", "h4", "h5", "h6"):
            self.out.append("#" * int(tag[1]) + " ")
        elif tag in ("strong", "b"):
            self.out.append("**")
        elif tag in ("em", "i"):
            self.out.append("*")
        elif tag == "br":
            self.out.append(_HARD_BREAK + "\n" + _INDENT * len(self.lists))
        elif tag == "hr":
            self.out.append("---")
            self._block()
        elif tag in ("ul", "ol"):
            self.lists.append([tag, 1])
        elif tag == "li" and self.lists:
            kind = self.lists[-1]
            marker = "-" if kind[0] == "ul" else f"{kind[1]}."
            kind[1] += 1
            text = self._text().rstrip(" ")
            self.out[:] = [text, "" if not text or text.endswith("\n") else "\n",
                           _INDENT * (len(self.lists) - 1) + marker + " "]
        elif tag == "a":
            href = dict(attrs).get("href") or ""
            self.links.append(href.replace(" ", "%20").replace("(", "%28").replace(")", "%29"))
            self.out.append("[")
        elif tag == "pre":  # an indented code block: read the same by every Markdown flavour
            self.pre += 1
            self.stack.append([])
        elif tag == "code" and not self.pre:
            self.code += 1
            self.out.append("`")
        elif tag == "blockquote":
            self.stack.append([])

    def handle_endtag(self, tag: str) -> None:
        if tag in ("strong", "b"):
            self.out.append("**")
        elif tag in ("em", "i"):
            self.out.append("*")
        elif tag == "a" and self.links:
            href = self.links.pop()
            self.out.append(f"]({href})" if href else "]")
        elif tag == "code" and self.code:
            self.code -= 1
            self.out.append("`")
        elif tag == "pre" and self.pre:
            self.pre -= 1
            inner = self._text().strip("\n")
            self.stack.pop()
            self.out.append("\n".join(_INDENT + line for line in inner.split("\n")))
            self._block()
        elif tag in ("ul", "ol") and self.lists:
            self.lists.pop()
            if not self.lists:
                self._block()
        elif tag == "blockquote" and len(self.stack) > 1:
            inner = self._text().strip()
            self.stack.pop()
            self._block()
            self.out.append("\n".join("> " + line if line else ">" for line in inner.split("\n")))
            self._block()
        elif tag in ("p", "h3", "h4", "h5", "h6") and not (tag == "p" and self.lists):
            self._block()

    def handle_data(self, data: str) -> None:
        if self.pre:
            self.out.append(data)
            return
        text = re.sub(r"\s+", " ", data)
        if self._at_line_start() or self._text().endswith(" "):
            text = text.lstrip(" ")
        if not text:
            return
        if self.code:
            self.out.append(text)
            return
        text = _MD_SPECIAL.sub(r"\\\1", text)
        if self._at_line_start():
            text = _MD_LINE_START.sub(r"\1\\\2", text)
        self.out.append(text)

    def markdown(self) -> str:
        self.close()
        while len(self.stack) > 1:  # unclosed blockquote: keep its text
            inner = self.stack.pop()
            self.out.extend(inner)
        text = "\n".join(line.rstrip() for line in self._text().split("\n")).replace(_HARD_BREAK, "  ")
        return re.sub(r"\n{3,}", "\n\n", text).strip()


def html_to_markdown(html: str) -> str:
    """Sanitized HTML (paragraphs, lists, links, emphasis…) as Markdown; text special to Markdown escaped."""
    parser = _Markdown()
    parser.feed(html)
    return parser.markdown()


def escape_markdown(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", text)
