"""``{% remember part, value, … %}…{% endremember %}``: a piece of a template rendered once for
the same values, and reused by every page that shows it again.

An event's card appears on its day, its commune, each of its themes and audiences, its partner's
and its venue's pages, the embeds…: a national programme renders each card about eight times.
The values after the tag must be everything the piece shows (the event, its venue, the site
address…): the piece is found again by their fingerprint. The generator provides the store
(``environment.remembered``), kept between builds as a memo.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

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
