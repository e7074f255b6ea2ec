"""newswire's local web app: ``newswire serve --db FILE.duckdb`` (see :func:`newswire.web.app.create_app`)."""

from __future__ import annotations


def create_app(db_path, **options):
    """Build the web app over a store opened read-only (imports FastAPI only when called)."""
    from newswire.web.app import create_app as build

    return build(db_path, **options)


__all__ = ["create_app"]
