"""Reader of wire archives in the Reuters-21578 SGML format (the LEWIS DTD, ``.sgm`` files).

Each ``<REUTERS>`` element is one story: its ``<TITLE>`` becomes the document's title, its
``<DATE>`` the publication date, and its dateline and ``<BODY>`` the text. The archive hard-wraps
lines at about 70 characters and starts each paragraph with an indent; the reader joins the lines
of a paragraph and separates paragraphs with a blank line, so that a sentence is not cut at a line
break. Unprocessed items (``TYPE="UNPROC"``: tables of figures) keep their lines as they are.
Headline-only briefs (``TYPE="BRIEF"``, whose body is a placeholder) are reported and passed over.

A file is read a story at a time, so memory stays flat. Bytes that are not UTF-8 are read as
Latin-1, the archive's own legacy encoding.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from typing import BinaryIO

from newswire.errors import InputError
from newswire.records import Document

SGML_SUFFIXES = {".sgm", ".sgml"}
STORY_END = b"</REUTERS>"
CHUNK_BYTES = 1 << 16
STORY = re.compile(r"<REUTERS\b([^>]*)>(.*)", re.S)
ATTRIBUTE = re.compile(r'(\w+)="([^"]*)"')
TAG = re.compile(r"<[^>]+>")
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
SIGN_OFF = re.compile(r"\s*\bReuter\s*$")
PARAGRAPH_START = re.compile(r"\n(?=[ \t]{2,}\S)|\n\s*\n")


def stories(stream: BinaryIO, *, limit: int) -> Iterator[tuple[int, bytes | None]]:
    """(story number, raw bytes of one ``<REUTERS>`` element); a story over ``limit`` bytes is None."""
    pending = b""
    number = 0
    skipping = False  # inside a story already reported as too large: drop bytes up to its end
    while chunk := stream.read(CHUNK_BYTES):
        pending += chunk
        while (end := pending.find(STORY_END)) >= 0:
            story, pending = pending[:end], pending[end + len(STORY_END):]
            if skipping:
                skipping = False
                continue
            number += 1
            yield number, story if len(story) <= limit else None
        if len(pending) > limit and not skipping:
            number += 1
            skipping = True
            yield number, None
        if skipping:
            pending = pending[-len(STORY_END):]
    if not skipping and pending.strip(b" \r\n\t") and b"<REUTERS" in pending:
        yield number + 1, pending


def story_document(raw: bytes, *, where: str, published: str | None, make_document) -> Document:
    """The Document of one story's raw bytes; an InputError when it has no story text."""
    found = STORY.search(_decode(raw))
    if found is None:
        raise InputError(f"{where}: no <REUTERS> element")
    attributes = dict(ATTRIBUTE.findall(found.group(1)))
    where = f"{where} (NEWID {attributes['NEWID']})" if "NEWID" in attributes else where
    story = found.group(2)
    title = _plain(_element(story, "TITLE") or "")
    text_type = re.search(r'<TEXT\b[^>]*TYPE="(\w+)"', story)
    kind = text_type.group(1).upper() if text_type else "NORM"
    if kind == "BRIEF":
        raise InputError(f"{where}: headline-only brief, no story text; skipped")
    text = _story_text(story, unprocessed=kind == "UNPROC")
    if not text:
        raise InputError(f"{where}: no story text in <BODY>; skipped")
    date = _element(story, "DATE")
    return make_document(text, title=" ".join(title.split()) or None, source="Reuters",
                         published=(date or "").strip().split(" ")[0] or published, where=where)


def _story_text(story: str, *, unprocessed: bool) -> str:
    """The story as it ran: dateline and body with paragraphs joined, or an unprocessed item's lines."""
    if unprocessed:
        body = _element(story, "TEXT") or ""
        body = re.sub(r"<TITLE>.*?</TITLE>", "", body, flags=re.S)
        return SIGN_OFF.sub("", _plain(body)).strip("\n").rstrip()
    body = _element(story, "BODY")
    if body is None:
        return ""
    dateline = " ".join(_plain(_element(story, "DATELINE") or "").split())
    paragraphs = [" ".join(part.split()) for part in PARAGRAPH_START.split(SIGN_OFF.sub("", _plain(body)))]
    paragraphs = [paragraph for paragraph in paragraphs if paragraph]
    if dateline and paragraphs:
        paragraphs[0] = f"{dateline} {paragraphs[0]}"
    return "\n\n".join(paragraphs)


def _element(story: str, name: str) -> str | None:
    """The raw contents of the first ``<name>`` element of a story, or None."""
    found = re.search(rf"<{name}\b[^>]*>(.*?)</{name}>", story, re.S)
    return found.group(1) if found else None


def _plain(markup: str) -> str:
    """Text without tags, entities resolved and the archive's control characters removed."""
    return CONTROL.sub("", html.unescape(TAG.sub("", markup)))


def _decode(raw: bytes) -> str:
    """UTF-8, else Latin-1 (the archive's legacy bytes)."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")
