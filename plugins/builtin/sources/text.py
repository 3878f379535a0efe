"""Decoding payloads: UTF-8 (with or without BOM), then cp1252; HTML and binary content refused by name."""

from __future__ import annotations

import json

from application.pipeline.sources import PayloadError

HTML_STARTS = (b"<!doctype", b"<html", b"<head", b"<body", b"<?xml", b"<!--")


def decode_text(locator: str, content: bytes, expected: str) -> str:
    """The payload as text, or PayloadError saying why it is not `expected` (e.g. "CSV")."""
    if not content.strip():
        raise PayloadError(locator, f"empty payload: expected {expected}")
    start = content.lstrip()[:64].lower()
    if start.startswith(HTML_STARTS):
        raise PayloadError(locator, f"an HTML page, not {expected} (was an error page served instead?)")
    if b"\x00" in content:
        raise PayloadError(locator, f"binary or UTF-16 content, not {expected} in UTF-8 or cp1252")
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        if error.reason == "unexpected end of data":  # UTF-8 cut inside a character: a truncated payload
            return content[: error.start].decode("utf-8-sig")
    try:
        return content.decode("cp1252")
    except UnicodeDecodeError:
        raise PayloadError(locator, f"undecodable: neither UTF-8 nor cp1252 ({expected} expected)") from None


def decode_json(locator: str, content: bytes, expected: str) -> object:
    """The payload as a JSON value, or PayloadError naming where the JSON breaks (e.g. a truncated file)."""
    text = decode_text(locator, content, expected)
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        where = f"line {error.lineno} column {error.colno}"
        raise PayloadError(
            locator, f"not valid JSON ({error.msg} at {where}; truncated?): {expected} expected"
        ) from None
