"""Render stage: Jinja templates in ``docs_templates/`` → Markdown pages.

One job per module: :mod:`.links` knows every URL, :mod:`.markup` escapes and marks up
data text, :mod:`.views` arranges the facts the ways pages need them, :mod:`.charts`
draws SVG, :mod:`.pages` registers the page types, :mod:`.environment` sets up Jinja and
:mod:`.site` renders them. Nothing is imported here, so that the process compiling the
templates beside a build (:mod:`.environment`) loads Jinja and little else.
"""
