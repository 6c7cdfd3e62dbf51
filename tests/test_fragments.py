"""« remember »: a piece of a template rendered once for the same values, the same text as without it."""

from __future__ import annotations

from jinja2 import DictLoader, Environment

from sun_site.fragments import RememberExtension

TEMPLATES = {
    "plain.html": "{% for name in names %}<li>{{ name }} ({{ suffix }})</li>{% endfor %}",
    "kept.html": "{% for name in names %}{% remember 'line', name %}<li>{{ name }} ({{ suffix }})</li>"
                 "{% endremember %}{% endfor %}",
}


def environment() -> Environment:
    return Environment(loader=DictLoader(TEMPLATES), autoescape=True, extensions=[RememberExtension])


def test_a_remembered_piece_is_rendered_once_for_the_same_values():
    env = environment()
    store: dict[tuple, str] = {}
    rendered: list[tuple] = []

    def remembered(values, render):
        key = tuple(values)
        if key not in store:
            rendered.append(key)
            store[key] = render()
        return store[key]

    env.remembered = remembered
    names = ["Ana", "<b>Léo</b>", "Ana"]
    kept = env.get_template("kept.html").render(names=names, suffix="x")
    assert kept == env.get_template("plain.html").render(names=names, suffix="x")
    assert "&lt;b&gt;Léo&lt;/b&gt;" in kept  # escaped once, not twice
    assert rendered == [("line", "Ana"), ("line", "<b>Léo</b>")]
    # What the values do not name is not looked at again: that is why they must name everything shown.
    assert env.get_template("kept.html").render(names=["Ana"], suffix="y") == "<li>Ana (x)</li>"


def test_without_a_store_the_piece_is_simply_rendered():
    env = environment()
    assert env.get_template("kept.html").render(names=["Ana"], suffix="y") == "<li>Ana (y)</li>"
