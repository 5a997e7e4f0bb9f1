"""The Jinja hooks of Micro's speed work, installed on an app by install(app).

Each one relies on Jinja2's or MarkupSafe's private behaviour (see "Private hooks to
re-check on an upgrade" in micro/README.md); nothing else in Micro touches Jinja's
internals.
"""

from __future__ import annotations

import itertools
from functools import lru_cache
from types import FunctionType
from typing import ClassVar

from flask import Flask
from flask.globals import _cv_request
from jinja2 import nodes
from jinja2.compiler import CodeGenerator
from jinja2.exceptions import TemplateSyntaxError
from jinja2.ext import Extension
from jinja2.parser import Parser
from jinja2.runtime import Context, Macro
from markupsafe import Markup, escape

from .memo import BoundedMemo


def install(app: Flask) -> None:
    """The template context, the code generator and `{% constant %}` on the app's Jinja;
    without SPEEDUPS, plain Jinja and `{% constant %}` as a pass-through (its body rendered
    every time, with the same checks)."""
    speedups = app.config.get("SPEEDUPS", True)
    if speedups:
        app.jinja_env.context_class = TemplateContext
        app.jinja_env.code_generator_class = TemplateCodeGenerator
    app.jinja_env.add_extension(ConstantFragments)
    app.jinja_env.constant_pieces_kept = speedups


PLAIN_FUNCTIONS = (FunctionType, type(lru_cache(print)))  # a function, lru_cache's wrapper


class TemplateContext(Context):
    """Jinja's template context with a short way for calling a plain function: every call
    in a template goes through Context.call, which asks twice (by failed attribute
    lookups) whether the callee wants the context passed. Plain functions without the
    marker (and lru_cache wrappers of them, which carry the function's attributes) are
    called at once; everything else goes the usual way."""

    def call(self, obj, /, *args, **kwargs):
        if type(obj) in PLAIN_FUNCTIONS and "jinja_pass_arg" not in obj.__dict__:
            if kwargs:
                kwargs.pop("_block_vars", None)
                kwargs.pop("_loop_vars", None)
            try:
                return obj(*args, **kwargs)
            except StopIteration:
                return self.environment.undefined(
                    "value was undefined because a callable raised a StopIteration exception")
        return super().call(obj, *args, **kwargs)


def escape_output(value: object) -> Markup:
    """What an autoescaped template does with each `{{ value }}`: markupsafe.escape(),
    except that Markup (safe already, and immutable) is passed on as it is instead of
    being copied into a new Markup, which every translated string on a page paid for."""
    return value if type(value) is Markup else escape(value)


class TemplateCodeGenerator(CodeGenerator):
    """Jinja's code generator; the compiled templates escape with escape_output()."""

    def writeline(self, x: str, node=None, extra: int = 0) -> None:
        super().writeline(x, node, extra)
        if x.startswith("from jinja2.runtime import "):
            super().writeline("from micro.templating import escape_output as escape")


class ConstantFragments(Extension):
    """`{% constant %}…{% endconstant %}`: a piece of a template that is the same for everyone
    who sees it in one language, rendered once and then reused (navigation, labels, table
    headers: dozens of translations and links per page that never change).

    `{% constant role %}` also keys the piece by the value of the variable `role` (only
    plain variables holding a string, number, boolean or None). The language and the
    application's script root are always part of the key.

    Nothing per-person can end up in a piece: its body may only use the names in
    CONSTANT_NAMES (translation, fixed links, labels of codes) and its own key variables,
    and may not contain blocks, includes, imports, macro calls or filters (a filter may read
    the request, as local_time does). Anything else (the user, the request, data) is
    refused with a TemplateSyntaxError when the template is compiled.
    """

    tags: ClassVar[set[str]] = {"constant"}
    CONSTANT_NAMES = frozenset({"_", "gettext", "link", "label", "get_locale"})
    FORBIDDEN = (nodes.Block, nodes.Include, nodes.Import, nodes.FromImport, nodes.Extends,
                 nodes.CallBlock, nodes.Macro, nodes.Filter, nodes.ContextReference,
                 nodes.DerivedContextReference, nodes.ExtensionAttribute)
    KEPT = 2000  # rendered pieces kept per application (languages × key values × pieces)

    def __init__(self, environment) -> None:
        super().__init__(environment)
        environment.extend(constant_pieces_kept=True)
        self.rendered: BoundedMemo[tuple, Markup] = BoundedMemo(self.KEPT)
        self.pieces = itertools.count()  # a number for each piece compiled

    def parse(self, parser: Parser) -> nodes.Node:
        lineno = next(parser.stream).lineno
        keys: list[nodes.Name] = []
        while parser.stream.current.type != "block_end":
            if keys:
                parser.stream.expect("comma")
            token = parser.stream.expect("name")
            keys.append(nodes.Name(token.value, "load", lineno=token.lineno))
        body = parser.parse_statements(("name:endconstant",), drop_needle=True)
        allowed = self.CONSTANT_NAMES | {key.name for key in keys}
        for node in nodes.Scope(body).find_all((nodes.Name, *self.FORBIDDEN)):
            if not isinstance(node, nodes.Name):
                raise TemplateSyntaxError(
                    f"{type(node).__name__} is not allowed in a constant piece",
                    node.lineno, parser.name, parser.filename)
            if node.name not in allowed:
                raise TemplateSyntaxError(
                    f"'{node.name}' may differ between viewers: not allowed in a constant "
                    "piece (add it to the key if it is a plain value)",
                    node.lineno, parser.name, parser.filename)
        piece = nodes.Const(f"{parser.name}:{lineno}:{next(self.pieces)}")
        call = self.call_method("_render", [piece, nodes.List(keys)])
        return nodes.CallBlock(call, [], [], body).set_lineno(lineno)

    def _render(self, piece: str, keys: list, caller: Macro) -> Markup:
        from .i18n import current_language

        for value in keys:
            if value is not None and type(value) not in (str, int, bool):
                raise TypeError(f"a constant piece's key must be a plain value, not {value!r}")
        if not self.environment.constant_pieces_kept:
            return caller()
        key = (piece, current_language(), _cv_request.get().request.script_root, *keys)
        html = self.rendered.get(key)
        if html is None:
            html = self.rendered.keep(key, caller())
        return html
