"""The pages' Jinja environment, and compiling its templates beside a build.

Compiling the templates is a fixed cost of a first build (0.13 s on the seeds, a third of
their render) that needs nothing the knowledge base makes, so :func:`compiled_beside`
runs it in another process on a free core while the knowledge base builds, and the
render loads the code it stored. This module imports Jinja and little else (the render
package's ``__init__`` imports nothing), so that process starts quickly.
"""

from __future__ import annotations

import os
import subprocess
import sys
import types
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from functools import cache
from pathlib import Path
from typing import Any

import jinja2

from ..errors import RenderError
from .markup import finalize

TEMPLATE_EXTENSIONS = ("j2",)


class TemplateCode(jinja2.FileSystemBytecodeCache):
    """The templates' compiled code, kept in a folder between builds: compiling them
    took 0.14 s of every build. Jinja uses stored code only for the same template source
    (and Python version); a folder that cannot be written makes the next build slower,
    never this one fail."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with suppress(OSError):
            super().load_bytecode(bucket)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with suppress(OSError):
            Path(self.directory).mkdir(parents=True, exist_ok=True)
            super().dump_bytecode(bucket)


class PageContext(jinja2.runtime.Context):
    """A template context that calls plain functions and methods directly.

    Jinja's own ``call`` asks every callable, at every call, whether it wants the context
    or the environment passed in (1.3 million calls at 500 sources, most of them a fact
    card's messages and links: a tenth of rendering the pages); asking a bound method
    raised and caught an AttributeError each time. What templates call here (the helpers
    below, closures, an edition's methods, a dict's ``items``) never asks, which only
    Jinja's ``jinja_pass_arg`` mark on a function does (a built-in cannot carry it);
    anything else (a callable object, a marked function) takes Jinja's way.
    """

    # named as in Jinja, so that a keyword argument called "self" or "obj" passes through
    def call(__self, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        function = __obj.__func__ if type(__obj) is types.MethodType else __obj
        kind = type(function)  # a built-in takes no mark
        if kind is not types.BuiltinFunctionType and (
            kind is not types.FunctionType or "jinja_pass_arg" in function.__dict__
        ):
            return super().call(__obj, *args, **kwargs)
        if kwargs:
            kwargs.pop("_block_vars", None)
            kwargs.pop("_loop_vars", None)
        try:
            return __obj(*args, **kwargs)
        except StopIteration:  # as Jinja answers it
            return __self.environment.undefined(
                "value was undefined because a callable raised a StopIteration exception"
            )


class PageEnvironment(jinja2.Environment):
    """The pages' Jinja environment: its contexts are :class:`PageContext`."""

    context_class = PageContext


@cache  # Jinja reloads a template whose file changed, so one environment per folder is safe
def make_environment(templates: Path, compiled: Path | None = None) -> jinja2.Environment:
    """A strict Jinja environment over ``templates`` that escapes by default; with
    ``compiled``, the templates' compiled code is kept in that folder."""
    if not templates.is_dir():
        raise RenderError(str(templates), "templates folder not found", "restore docs_templates/")
    env = PageEnvironment(
        loader=jinja2.FileSystemLoader(str(templates)),
        undefined=jinja2.StrictUndefined,
        finalize=finalize,
        autoescape=False,
        keep_trailing_newline=True,
        auto_reload=True,  # `mkdocs serve`: an edited template is read again
        trim_blocks=True,
        lstrip_blocks=True,
        optimized=False,  # its constant folding finds little here; it was a tenth of compiling
        bytecode_cache=TemplateCode(str(compiled)) if compiled is not None else None,
    )
    return env


def compile_all(templates: Path, compiled: Path) -> None:
    """Compile every template of ``templates`` into ``compiled``, as a render would."""
    env = make_environment(templates, compiled)
    for name in env.list_templates(extensions=TEMPLATE_EXTENSIONS):
        env.get_template(name)


def uncompiled(templates: Path, compiled: Path) -> bool:
    """Whether some template has no stored code in ``compiled``. Code stored for an older
    text of a template counts as stored: the render compiles that one template again."""
    code = TemplateCode(str(compiled))
    for path in templates.rglob("*"):
        if path.suffix.lstrip(".") in TEMPLATE_EXTENSIONS:
            name = path.relative_to(templates).as_posix()
            # the file name Jinja's FileSystemLoader gives the template, which the key hashes
            filename = os.path.normpath(os.path.join(str(templates), *name.split("/")))
            stored = compiled / (code.pattern % code.get_cache_key(name, filename))
            if not stored.is_file():
                return True
    return False


@contextmanager
def compiled_beside(templates: Path, compiled: Path | None, jobs: int) -> Iterator[None]:
    """Compile the templates in another process while the body runs, when ``jobs`` leaves
    a core for it and some template has no stored code in ``compiled``; on leaving, wait
    for it (the render then loads its code rather than compiling the same again).

    Nothing depends on it: a process that fails or is missing only leaves the render to
    compile, and a template's error is reported by the render, which reads the same file.
    """
    if (
        compiled is None
        or jobs < 2
        or not templates.is_dir()
        or not uncompiled(templates, compiled)
    ):
        yield
        return
    here = str(Path(__file__).resolve().parents[2])  # this package's folder, for the child
    path = os.pathsep.join(p for p in (here, os.environ.get("PYTHONPATH")) if p)
    command = [sys.executable, "-m", __name__, str(templates), str(compiled)]
    child = subprocess.Popen(
        command,
        env=os.environ | {"PYTHONPATH": path},
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        yield
    except BaseException:
        child.kill()
        raise
    finally:
        child.wait()


if __name__ == "__main__":
    with suppress(jinja2.TemplateError, OSError):  # the render reports them
        compile_all(Path(sys.argv[1]), Path(sys.argv[2]))
