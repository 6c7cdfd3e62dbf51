"""``{% remember part, value, … %}…{% endremember %}``: a piece of a template rendered once for
the same values, and reused by every page that shows it again.

An event's card appears on its day, its commune, each of its themes and audiences, its partner's
and its venue's pages, the embeds…: a national programme renders each card about eight times.
The values after the tag must be everything the piece shows (the event, its venue, the site
address…): the piece is found again by their fingerprint. The generator provides the store
(``environment.remembered``, a ``RememberedPieces``), kept between builds as a memo.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from jinja2 import nodes
from jinja2.ext import Extension
from markupsafe import Markup


class RememberExtension(Extension):
    tags: ClassVar[set[str]] = {"remember"}

    def parse(self, parser):
        lineno = next(parser.stream).lineno
        values = [parser.parse_expression()]
        while parser.stream.skip_if("comma"):
            values.append(parser.parse_expression())
        body = parser.parse_statements(("name:endremember",), drop_needle=True)
        call = self.call_method("_remember", [nodes.List(values)])
        return nodes.CallBlock(call, [], [], body).set_lineno(lineno)

    def _remember(self, values: list, caller: Callable[[], str]) -> Markup:
        store = getattr(self.environment, "remembered", None)
        if store is None:  # a template rendered outside a programme build
            return Markup(caller())
        return Markup(store(values, lambda: str(caller())))


# The pieces of theme/templates/_macros.html that are whole lists, and the memo table they go in.
LIST_PIECES = {"session_lines", "event_items"}
LIST_TABLE = "list"


class RememberedPieces:
    """The store of a programme build: ``memo()`` gives the memo (loaded on first use), ``fingerprint``
    finds a piece by its values. Lines and cards are kept as UTF-8 (half the memory of Python's text
    for a « — »: a national programme has 150,000). A list is kept as the very pieces it is made of,
    not as a copy of their bytes: each card is in about eight lists. Its table is meant to keep only
    what the last build used (``Memo(used_only=…)``): each edit makes new lists."""

    def __init__(self, memo: Callable[[], Any], fingerprint: Callable[..., bytes]):
        self.memo, self.fingerprint = memo, fingerprint
        self._collecting: list[list[bytes]] = []  # the pieces of the lists being rendered

    def __call__(self, values: list, render: Callable[[], str]) -> str:
        memo, key = self.memo(), self.fingerprint(values)
        if values[0] not in LIST_PIECES:
            piece = memo.get("fragment", key, lambda: render().encode("utf-8"))
            if self._collecting:
                self._collecting[-1].append(piece)
            return piece.decode("utf-8")

        def pieces() -> tuple[bytes, ...]:
            collected: list[bytes] = []
            self._collecting.append(collected)
            try:
                text = render().encode("utf-8")
            finally:
                self._collecting.pop()
            # Only lines and cards, nothing between them: else the list is kept as its own bytes.
            return tuple(collected) if b"".join(collected) == text else (text,)

        parts = memo.get(LIST_TABLE, key, pieces)
        if self._collecting:
            self._collecting[-1].extend(parts)
        return b"".join(parts).decode("utf-8")
