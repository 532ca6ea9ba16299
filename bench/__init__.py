"""Benchmark of the knowledge-base stages and MkDocs' build, from the seeds to thousands.

``python -m bench`` (``make bench``) generates synthetic corpora from the five seeds,
times every stage in a child process per corpus, builds the rendered pages with MkDocs
and prints one Markdown table. ``--quick`` stops at 500 sources.
"""
