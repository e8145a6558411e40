"""The one way pmdw builds an HTML tree: offline, without entities, and bounded in depth.

Depth: libxml2 (2.12 and 2.14 alike) stops reading a page nested deeper than 256 elements, so
no tree is ever deep; lxml then hands back the tree cut short without a word, so the parser's
error log is read and such a page raises LimitExceeded. Up to that depth the limit is checked on
the tree; a limit set above it is enforced before any tree exists: ``nesting_depth`` follows the
start and end tags of the text with a stack, the way libxml2 nests them (void elements,
``<x/>``, and the ``<p>``, ``<td>``, ``<li>`` ... that the next of their kind ends do not deepen
it), and only a page within the limit is read with ``huge_tree``.

lxml's HTML parser reads no DTD, expands no entity but HTML's own named and numeric references,
and resolves nothing external: an internal subset (``<!DOCTYPE x [<!ENTITY e SYSTEM
"file:///etc/passwd">]>``) is read as text and ``&e;`` stays as printed. The options below make
that explicit: ``no_network``; ``huge_tree`` off, keeping libxml2's guards (depth 256, 10 MB
in one text node), except for a page measured first (a deeper limit, or a text node past 10 MB,
which used to come back as an empty tree: it is read again with ``huge_tree``, whose depth cap is
2048 in libxml2 2.14 and none in 2.12); ``remove_comments`` and ``remove_pis``, whose text is
not the page's (it used to be read into the cell that held it); ``collect_ids=False``, an index
nothing uses. The XML parser, which does expand entities, is never used.
"""

from __future__ import annotations

import re

import lxml.etree
import lxml.html

from etl.limits import DEFAULT_LIMITS, LimitExceeded, Limits

_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_TAG = re.compile(r"<!--|<(/?)([a-zA-Z][^\s/<>]*)([^<>]*)>")  # [^<>]: one pass, even unclosed
_VOID = frozenset(("area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr", "img", "input",
                   "isindex", "keygen", "link", "meta", "param", "source", "track", "wbr"))
_BLOCK_STARTS = ("p", "div", "table", "ul", "ol", "dl", "h1", "h2", "h3", "h4", "h5", "h6", "pre",
                 "blockquote", "center", "form", "address", "menu", "dir", "fieldset", "listing", "xmp")
# what a start tag ends when it is the innermost open element (libxml2's "start close" rules,
# the ones real pages lean on): <p>, <td>, <li> ... left open end at the next of their kind
_ENDS = {
    "p": _BLOCK_STARTS + ("li", "dt", "dd", "tr", "td", "th"),
    "td": ("td", "th", "tr", "thead", "tbody", "tfoot"),
    "th": ("td", "th", "tr", "thead", "tbody", "tfoot"),
    "tr": ("tr", "thead", "tbody", "tfoot"),
    "thead": ("thead", "tbody", "tfoot"),
    "tbody": ("thead", "tbody", "tfoot"),
    "tfoot": ("thead", "tbody", "tfoot"),
    "li": ("li",),
    "dt": ("dt", "dd"),
    "dd": ("dt", "dd"),
    "option": ("option", "optgroup"),
    "a": ("a",),
}
_ENDED_BY = {start: frozenset(name for name, starts in _ENDS.items() if start in starts)
             for start in {start for starts in _ENDS.values() for start in starts}}


class TagNames(dict):
    """A tag's name as ``name_of`` gives it ("" for a comment's), worked out once per distinct tag
    (a page has a few dozen; at most 4096 are kept): a dictionary look-up in the walks instead
    of string splitting for every element.

    >>> names = TagNames(str.upper)
    >>> names["td"], names["td"], names[lxml.etree.Comment], len(names)
    ('TD', 'TD', '', 2)
    """

    def __init__(self, name_of):
        super().__init__()
        self.name_of = name_of

    def __missing__(self, tag) -> str:
        name = self.name_of(tag) if isinstance(tag, str) else ""
        if len(self) < 4096:
            self[tag] = name
        return name


PARSER_DEPTH = 256  # libxml2 stops a page nested deeper (without huge_tree; 2.12 and 2.14 alike)
HUGE_DEPTH = 2048  # the same with huge_tree (2.14; 2.12 has no cap then)


def parse_html(text: str, limits: Limits = DEFAULT_LIMITS):
    """The tree of an HTML page; LimitExceeded when it is nested deeper than the limit, or when
    libxml2 stopped reading it at one of its own limits (never a tree cut short).

    >>> parse_html("<p>a &amp; b</p>").findtext(".//p")
    'a & b'
    >>> parse_html("<div>" * 30, Limits(nesting_depth=20))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    etl.limits.LimitExceeded: HTML elements nested more than 20 deep: over the nesting-depth limit; ...
    """
    text = without_xml_declaration(text) or "<html></html>"
    huge = limits.nesting_depth > PARSER_DEPTH
    if huge:  # past libxml2's own guard: measured first, then read with huge_tree
        _within_depth(nesting_depth(text, stop_above=limits.nesting_depth), limits)
    root, stop = _build(text, huge)
    if stop is not None and not huge and "depth" not in stop.message.lower():
        # a text longer than libxml2's 10 MB: measured, then read again without that cap
        _within_depth(nesting_depth(text, stop_above=limits.nesting_depth), limits)
        huge = True
        root, stop = _build(text, huge)
    if stop is not None and "depth" in stop.message.lower():
        raise LimitExceeded("nesting_depth", f"HTML elements nested more than {HUGE_DEPTH if huge else PARSER_DEPTH} "
                                             f"deep (the HTML parser stopped at line {stop.line})")
    if stop is not None:
        raise LimitExceeded("document_bytes", f"the HTML parser stopped at line {stop.line}: "
                                              f"{' '.join(stop.message.split())}")
    if limits.nesting_depth < PARSER_DEPTH:
        _within_depth(tree_depth(root), limits)
    return root


def without_xml_declaration(text: str) -> str:
    """The page without the XML declaration it opens with, if it does: ``_XML_DECLARATION.sub("",
    text)``, whose pattern only matches at the start (``^`` without MULTILINE), so it has one
    match at most; taken by ``match`` and a slice, since ``sub`` went on looking for another match
    at every later position (~1.4 ms on a 2 MB page that opens with one).

    >>> without_xml_declaration("<?xml version='1.0'?>\\n<p>x</p>"), without_xml_declaration("<p><?xml x?></p>")
    ('\\n<p>x</p>', '<p><?xml x?></p>')
    """
    found = _XML_DECLARATION.match(text)
    return text[found.end():] if found else text


def _within_depth(depth: int, limits: Limits) -> None:
    if depth > limits.nesting_depth:
        raise LimitExceeded("nesting_depth", f"HTML elements nested more than {limits.nesting_depth} deep")


def _build(text: str, huge: bool):
    """lxml's tree of the page, and the error libxml2 stopped at, if it did.

    The tree is lxml.etree's own (``lxml.etree.HTMLParser``), not lxml.html's: the same parser
    and tree (lxml.html's parser is this one with a Python element-class lookup, called for every
    element the walk touches, a third of its time), plain elements without lxml.html's methods
    (`drop_tree` and `text_content` are here, for them). ``lxml.html.document_fromstring`` is
    ``lxml.etree.fromstring`` that raises "Document is empty" where this gives None.
    """
    parser = lxml.etree.HTMLParser(no_network=True, huge_tree=huge, remove_comments=True, remove_pis=True,
                                   collect_ids=False)
    root = lxml.etree.fromstring(text, parser)
    if root is None:  # "Document is empty": white space or comments only
        root = lxml.etree.fromstring("<html></html>", parser)
    stop = next((entry for entry in parser.error_log
                 if entry.level_name == "FATAL" or entry.type_name == "ERR_RESOURCE_LIMIT"), None)
    return root, stop


def drop_tree(element) -> None:
    """Takes ``element`` out of its tree, children and text with it; its tail joins the text
    before it (lxml.html's ``drop_tree``, for any element).

    >>> root = lxml.etree.fromstring("<div>a<b>x</b>b<i>y</i>c</div>")
    >>> drop_tree(root[1]); lxml.etree.tostring(root)
    b'<div>a<b>x</b>bc</div>'
    """
    parent = element.getparent()
    assert parent is not None
    if element.tail:
        previous = element.getprevious()
        if previous is None:
            parent.text = (parent.text or "") + element.tail
        else:
            previous.tail = (previous.tail or "") + element.tail
    parent.remove(element)


text_content = lxml.etree.XPath("string()")
"""The text of an element and all it holds (lxml.html's ``text_content``, for any element)."""


def tree_depth(root) -> int:
    """
    >>> tree_depth(lxml.html.fromstring("<div><p><b>x</b></p><p>y</p></div>"))
    3
    """
    depth = deepest = 0
    for event, _ in lxml.etree.iterwalk(root, events=("start", "end")):
        depth += 1 if event == "start" else -1
        deepest = max(deepest, depth)
    return deepest


def nesting_depth(text: str, stop_above: int | None = None) -> int:
    """How deep an HTML parser nests the page's elements, from its tags alone (an estimate
    that follows libxml2's nesting of real pages); stops counting past ``stop_above``.

    >>> nesting_depth("<html><body><div><p>a<p>b<br><img/></div><div><span>c</span></div>")
    4
    >>> nesting_depth("<table><tr><td>a<td>b<tr><td>c</table>"), nesting_depth("<ul><li>a<li>b<ul><li>c</ul></ul>")
    (3, 4)
    >>> nesting_depth("<table><tr><td><table><tr><td>x</table></table>"), nesting_depth("<td><div>" * 10)
    (6, 20)
    >>> nesting_depth("<div>" * 50 + "<!-- <div><div> -->"), nesting_depth("<div>" * 50, stop_above=10)
    (50, 11)
    """
    stack: list[str] = []
    open_count: dict[str, int] = {}  # open elements by name, to find an end tag's element at once
    deepest = 0
    position = 0
    search = _TAG.search
    while (found := search(text, position)) is not None:
        position = found.end()
        name = found.group(2)
        if name is None:  # a comment: its text is not markup
            end = text.find("-->", position)
            if end < 0:
                break
            position = end + 3
            continue
        name = name.lower()
        if found.group(1):  # an end tag ends its element and those left open inside it
            if open_count.get(name):
                while stack[-1] != name:
                    open_count[stack.pop()] -= 1
                open_count[stack.pop()] -= 1
            continue
        if name in _VOID or found.group(3).endswith("/"):
            continue
        ended = _ENDED_BY.get(name)
        while ended and stack and stack[-1] in ended:
            open_count[stack.pop()] -= 1
        stack.append(name)
        open_count[name] = open_count.get(name, 0) + 1
        if len(stack) > deepest:
            deepest = len(stack)
            if stop_above is not None and deepest > stop_above:
                break
    return deepest
