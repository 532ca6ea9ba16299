"""Render stage: Jinja templates in ``docs_templates/`` → Markdown pages.

One job per module: :mod:`.links` knows every URL, :mod:`.markup` escapes and marks up
data text, :mod:`.views` arranges the facts the ways pages need them, :mod:`.charts`
draws SVG, :mod:`.pages` registers the page types and :mod:`.site` renders them.
"""

from .site import render_site
from .views import PageSizes

__all__ = ["PageSizes", "render_site"]
