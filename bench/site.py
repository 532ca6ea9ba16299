"""MkDocs' own build of generated pages, run as a child process, and the site it writes.

The benchmark builds the pages that the knowledge-base stages rendered to a folder
with the project's ``mkdocs.yml`` minus the ``natokorea-kb`` plugin, so the time
measured is MkDocs + Material alone (theme, Markdown, search index, tags), the same
work ``mkdocs build`` does after our plugin has handed over its pages.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml
from yaml_env_tag import construct_env_tag  # MkDocs' own !ENV

PLUGIN = "natokorea-kb"
SEARCH_INDEX = "search/search_index.json"


class _PermissiveLoader(yaml.SafeLoader):
    """Reads ``!ENV`` as MkDocs does and other tags (``!!python/name:``) as plain values."""


_PermissiveLoader.add_multi_constructor(
    "",
    lambda loader, suffix, node: (
        loader.construct_scalar(node) if isinstance(node, yaml.ScalarNode) else None
    ),
)
_PermissiveLoader.add_constructor("!ENV", construct_env_tag)


@dataclass(frozen=True)
class ChildRun:
    """How a child process ended, how long it took and its peak resident memory."""

    returncode: int | None  # None: stopped at the time limit
    seconds: float
    peak_mb: float
    stdout: str
    stderr: str


def run_child(
    command: list[str], timeout: float | None = None, cwd: Path | None = None
) -> ChildRun:
    """Run ``command``; read its peak RSS from ``os.wait4`` (``ru_maxrss``, in KiB on Linux)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        began = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=err, cwd=cwd, start_new_session=True)
        stopped = threading.Event()

        def stop() -> None:
            stopped.set()
            os.killpg(process.pid, signal.SIGKILL)

        timer = threading.Timer(timeout, stop) if timeout else None
        if timer:
            timer.start()
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - began
        if timer:
            timer.cancel()
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return ChildRun(
            returncode=None if stopped.is_set() else process.returncode,
            seconds=seconds,
            peak_mb=usage.ru_maxrss / 1024,
            stdout=out.read().decode("utf-8", "replace"),
            stderr=err.read().decode("utf-8", "replace"),
        )


def plugin_name(entry: str | dict) -> str:
    """The name of a ``plugins:`` entry, given bare (``search``) or with options."""
    return entry if isinstance(entry, str) else next(iter(entry))


def read_config(project_config: Path) -> dict:
    """A configuration file as data, with the file it ``INHERIT``s merged in as MkDocs does."""
    config = yaml.load(project_config.read_text(encoding="utf-8"), Loader=_PermissiveLoader)
    parent = config.pop("INHERIT", None)
    if parent is None:
        return config
    return merge(read_config(project_config.parent / parent), config)


def merge(base: dict, child: dict) -> dict:
    """Mappings merged key by key, anything else the child's (MkDocs' INHERIT rule)."""
    merged = dict(base)
    for key, value in child.items():
        both = isinstance(value, dict) and isinstance(base.get(key), dict)
        merged[key] = merge(base[key], value) if both else value
    return merged


def bench_config(project_config: Path, docs: Path, site: Path) -> dict:
    """The project's MkDocs configuration, without our plugin, over ``docs`` into ``site``."""
    config = read_config(project_config)
    root = project_config.parent.resolve()
    plugins = config.get("plugins", [])
    if isinstance(plugins, dict):
        plugins = [{name: options} for name, options in plugins.items()]
    config["plugins"] = [p for p in plugins if plugin_name(p) != PLUGIN]
    config["docs_dir"] = str(docs.resolve())
    config["site_dir"] = str(site.resolve())
    config["strict"] = False  # count warnings instead of stopping on the first
    theme = config.get("theme")
    if isinstance(theme, dict) and theme.get("custom_dir"):
        theme["custom_dir"] = str(root / theme["custom_dir"])
    if config.get("hooks"):
        config["hooks"] = [str(root / hook) for hook in config["hooks"]]
    return config


def mkdocs_build(
    project_config: Path,
    docs: Path,
    work: Path,
    timeout: float,
    change: Callable[[dict], dict] | None = None,
) -> tuple[ChildRun, Path]:
    """Build ``docs`` with MkDocs in a child process; return the run and the site folder.

    ``change`` alters the configuration first (``bench.options`` turns options off).
    """
    site = work / "site"
    config = bench_config(project_config, docs, site)
    config_path = work / "mkdocs.yml"
    config_path.write_text(
        yaml.safe_dump(change(config) if change else config, allow_unicode=True),
        encoding="utf-8",
    )
    command = [sys.executable, "-m", "mkdocs", "build", "--clean", "-f", str(config_path)]
    return run_child(command, timeout=timeout, cwd=project_config.parent), site


def zensical_build(
    zensical: str, project_config: Path, docs: Path, work: Path, timeout: float
) -> tuple[ChildRun, ChildRun]:
    """Build ``docs`` with Zensical, which reads ``mkdocs.yml`` and runs no MkDocs plugins.

    Returns a cold build (its cache cleared) and a warm one. The configuration names
    ``docs`` and the site relative to itself: Zensical 0.0.x stops on absolute paths.
    """
    config = bench_config(project_config, docs, work / "site-zensical")
    config["docs_dir"] = os.path.relpath(docs, work)
    config["site_dir"] = "site-zensical"
    config_path = work / "zensical.yml"
    config_path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    command = [zensical, "build", "-f", str(config_path)]
    cold = run_child([*command, "--clean"], timeout=timeout, cwd=work)
    warm = run_child(command, timeout=timeout, cwd=work)
    return cold, warm


@dataclass(frozen=True)
class SiteSize:
    """What the built site weighs: HTML pages, their bytes, and the search index."""

    html_pages: int
    html_bytes: int
    median_page_bytes: int
    largest_page_bytes: int
    search_index_bytes: int

    @property
    def mean_page_bytes(self) -> float:
        return self.html_bytes / self.html_pages if self.html_pages else 0.0


def site_size(site: Path) -> SiteSize:
    sizes = sorted(p.stat().st_size for p in site.rglob("*.html"))
    index = site / SEARCH_INDEX
    return SiteSize(
        html_pages=len(sizes),
        html_bytes=sum(sizes),
        median_page_bytes=sizes[len(sizes) // 2] if sizes else 0,
        largest_page_bytes=sizes[-1] if sizes else 0,
        search_index_bytes=index.stat().st_size if index.is_file() else 0,
    )


def warnings(run: ChildRun) -> int:
    """MkDocs warnings in a build log (each starts a line with ``WARNING``)."""
    return sum(1 for line in run.stderr.splitlines() if line.startswith("WARNING"))
