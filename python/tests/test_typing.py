"""The stub and the docstrings keep up with the extension module."""

import ast
import inspect
from pathlib import Path

import kavosh

STUB = Path(kavosh.__file__).with_name("_kavosh.pyi")


def stub_class(name: str) -> ast.ClassDef:
    tree = ast.parse(STUB.read_text(encoding="utf-8"))
    return next(node for node in tree.body if isinstance(node, ast.ClassDef) and node.name == name)


def stub_method(cls: str, name: str) -> ast.FunctionDef:
    return next(n for n in stub_class(cls).body if isinstance(n, ast.FunctionDef) and n.name == name)


def test_the_package_is_typed():
    assert STUB.is_file()
    assert STUB.with_name("py.typed").is_file()


def test_every_search_option_is_typed_and_documented():
    search = stub_method("Index", "search")
    assert [a.arg for a in search.args.kwonlyargs] == list(kavosh.SEARCH_OPTIONS)
    doc = inspect.getdoc(kavosh.Index.search)
    for name in kavosh.SEARCH_OPTIONS:
        assert name in doc, name


def test_every_hit_field_is_typed():
    typed = {n.name for n in stub_class("Hit").body if isinstance(n, ast.FunctionDef)}
    runtime = {name for name in dir(kavosh.Hit) if not name.startswith("_")}
    assert runtime == typed


def test_the_public_names_have_docstrings():
    for name in kavosh.__all__:
        if name[0].isupper() and not name.isupper():
            assert inspect.getdoc(getattr(kavosh, name)), name
    for method in ("open", "open_or_create", "index", "search", "stats", "reload"):
        assert inspect.getdoc(getattr(kavosh.Index, method)), method
    assert "بوشهر" in kavosh.__doc__
