"""A small HTML reader for tests: find the part of a page an assertion is about.

`"x" in response.text` also matches the navigation, the footer or another card;
these helpers let a test look inside one element instead:

    latest = element(response.text, id="latest")          # by attribute
    nav = element(response.text, "nav", aria_label="Main")
    assert text_of(element(page, "p", class_="result-count")) == "1 item"
    assert "/events/" in links(nav)

Attribute names use `_` for `-` (`aria_label`), `class_` for `class`; a `class_` value
matches one of the element's classes.
"""

from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}  # fmt: skip


@dataclass
class Node:
    tag: str
    attrs: dict
    children: list = field(default_factory=list, repr=False)  # Nodes and strings

    def iter(self):
        yield self
        for child in self.children:
            if isinstance(child, Node):
                yield from child.iter()


class _TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        node = Node(tag, {name: value or "" for name, value in attrs})
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag, attrs):
        self.stack[-1].children.append(Node(tag, {name: value or "" for name, value in attrs}))

    def handle_endtag(self, tag):
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data):
        self.stack[-1].children.append(data)


def parse(html):
    if isinstance(html, Node):
        return html
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


def _matches(node, tag, attrs):
    if tag and node.tag != tag:
        return False
    for name, wanted in attrs.items():
        name = "class" if name == "class_" else name.replace("_", "-")
        value = node.attrs.get(name)
        if value is None:
            return False
        if name == "class" and wanted not in value.split():
            return False
        if name != "class" and wanted is not True and value != wanted:
            return False
    return True


def elements(html, tag=None, **attrs):
    """Every element (in document order) with that tag and those attributes."""
    return [node for node in parse(html).iter() if _matches(node, tag, attrs)]


def element(html, tag=None, **attrs):
    """The one element with that tag and those attributes (an error if none or several)."""
    found = elements(html, tag, **attrs)
    assert len(found) == 1, f"{len(found)} elements match {tag or '*'} {attrs}"
    return found[0]


def text_of(node):
    """The element's text with whitespace collapsed, as a reader sees it."""
    parts = []

    def walk(current):
        for child in current.children:
            if isinstance(child, Node):
                walk(child)
            else:
                parts.append(child)

    walk(parse(node))
    return " ".join("".join(parts).split())


def links(node):
    """The href of every link inside the element, in order."""
    return [a.attrs.get("href", "") for a in elements(node, "a")]
