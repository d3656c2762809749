"""Validating parsed JSON against format 1, with messages a designer can act on.

pydantic's own wording ("Extra inputs are not permitted", a location tuple that names
union tags) is written for programmers. Here each error becomes a LAY000 finding whose
pointer names the offending value in the file and whose message says what was found
and what was expected: the allowed keys and a close match for an unknown one, the item
types for a wrong ``type``, the accepted units for a quantity.
"""

from __future__ import annotations

import difflib
import types
import typing
from typing import Any, get_args, get_origin, get_type_hints

from pydantic import ValidationError
from pydantic_core import ErrorDetails
from typing_extensions import is_typeddict

from panelcheck.findings import Finding
from panelcheck.read.document import Document, DocumentError, invalid
from panelcheck.read.fieldtypes import (
    ID_FIELDS,
    ID_MAX_LENGTH,
    ID_MESSAGE,
    ID_PATTERN,
    REFUSED_PATTERNS,
    TERMINAL_REF_FIELDS,
    TERMINAL_REF_MAX_LENGTH,
    TERMINAL_REF_MESSAGE,
    TERMINAL_REF_PATTERN,
    VISIBLE_PATTERN,
    describe_character,
    refused_character,
)
from panelcheck.read.format import FORMAT, ITEM_TYPES, Layout, validate_extended
from panelcheck.read.limits import SHOWN, Breach, first_breach, shown
from panelcheck.read.positions import escape_token, unescape_tokens
from panelcheck.read.recovery import PartlyInvalid, recover

MAX_SCHEMA_FINDINGS = 50
COMPLETE_REPORT_OBJECTS = 20_000
"""Files with at most this many JSON objects have every schema error listed."""

Loc = tuple[int | str, ...]
"""Where pydantic places an error: keys, indexes, union tags and markers like "[key]"."""


def validate_layout(doc: Document) -> dict[str, Any]:
    """The validated layout; DocumentError with LAY000 findings when it is not format 1."""
    findings = [_duplicate_key(doc, ptr, offset) for ptr, offset in doc.duplicates]
    data = doc.data
    if not isinstance(data, dict):
        findings.append(
            invalid(
                f'the top level must be a JSON object with "format": '
                f'"{FORMAT}", not {_json_type(data)}'
            )
        )
        raise DocumentError(findings)
    if "format" not in data:
        if "rails" in data or "nets" in data:
            message = (
                "looks like a layout but declares no panelcheck format: add "
                f'"format": "{FORMAT}" at its top'
            )
        else:
            message = f'missing key \'format\': a layout starts with "format": "{FORMAT}"'
        findings.append(invalid(message))
        raise DocumentError(findings)
    if data["format"] != FORMAT:
        line, column = doc.positions.locate("/format")
        findings.append(
            invalid(
                f"unsupported format {shown(data['format'])}: this panelcheck reads {FORMAT!r}",
                line,
                column,
                "/format",
            )
        )
        raise DocumentError(findings)
    try:
        layout, extended = validate_extended(data)
    except ValidationError as exc:
        every = _every_error(doc)
        findings.extend(_invalid_findings(doc, exc, every))
        if every is not None and not doc.duplicates:
            recovered = recover(data, every.errors(include_url=False))
            if recovered is not None:
                raise PartlyInvalid(findings, *recovered) from None
        raise DocumentError(findings) from None
    if extended:  # x- values are free-form: held to the limits here, not by the schema
        breach = first_breach(data)
        if breach is not None:
            findings.append(_breach_finding(doc, breach))
    if findings:
        raise DocumentError(findings)
    return layout


def _every_error(doc: Document) -> ValidationError | None:
    """Every schema error of a file of up to :data:`COMPLETE_REPORT_OBJECTS` objects
    without a value beyond the limits; None for any other file (listing every error of
    a hostile file could take gigabytes)."""
    if first_breach(doc.data) is not None or not doc.objects_at_most(COMPLETE_REPORT_OBJECTS):
        return None
    try:
        validate_extended(doc.data, every_error=True)
    except ValidationError as exc:
        return exc
    return None


def _invalid_findings(
    doc: Document, first_errors: ValidationError, every: ValidationError | None
) -> list[Finding]:
    """LAY000 findings for a file that is not format 1.

    A value beyond the limits is reported alone (it explains the rest). A file of up to
    :data:`COMPLETE_REPORT_OBJECTS` objects has every error listed (``every``); a
    larger one keeps the first error of each list and object, with a note saying so.
    """
    breach = first_breach(doc.data)
    if breach is not None:
        return [_breach_finding(doc, breach)]
    if every is not None:
        return _schema_findings(doc, every)
    findings = _schema_findings(doc, first_errors)
    note = invalid(
        f"a file of more than {COMPLETE_REPORT_OBJECTS:,} objects has only the first schema "
        "error in each list and object reported; fix these and run again"
    )
    note.severity = "info"  # says how the errors were found; not an error itself
    findings.append(note)
    return findings


def _breach_finding(doc: Document, breach: Breach) -> Finding:
    line, column = doc.positions.locate(breach.pointer, key=breach.at_key)
    return invalid(breach.message, line, column, breach.pointer)


def _duplicate_key(doc: Document, ptr: str, offset: int) -> Finding:
    line, column = doc.positions.line_col(offset)
    key = unescape_tokens(ptr)[-1]
    return invalid(
        f"duplicate key {shown(key)} in one object: JSON would silently keep only the last "
        "one; remove or rename one of them",
        line,
        column,
        ptr,
    )


def _schema_findings(doc: Document, exc: ValidationError) -> list[Finding]:
    errors = exc.errors(include_url=False)
    findings = []
    for error in errors[:MAX_SCHEMA_FINDINGS]:
        pointer, at_key = _pointer(doc.data, error["loc"], error["type"])
        line, column = doc.positions.locate(pointer, key=at_key)
        findings.append(invalid(_message(error), line, column, pointer))
    if len(errors) > MAX_SCHEMA_FINDINGS:
        findings.append(
            invalid(f"... and {len(errors) - MAX_SCHEMA_FINDINGS} more schema errors not shown")
        )
    return findings


def _pointer(data: object, loc: Loc, error_type: str) -> tuple[str, bool]:
    """JSON Pointer of the value an error is about.

    pydantic's location also contains union tags ("module") and markers ("[key]") that
    are not in the file; walking the data alongside skips them.
    """
    tokens: list[str] = []
    node = data
    for part in loc:
        if isinstance(node, dict) and isinstance(part, str) and part in node:
            node = node[part]
            tokens.append(escape_token(part))
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
            tokens.append(str(part))
    pointer = "".join(f"/{t}" for t in tokens)
    return pointer, error_type == "extra_forbidden" or (bool(loc) and loc[-1] == "[key]")


def _message(error: ErrorDetails) -> str:
    kind = error["type"]
    loc = error["loc"]
    value = error.get("input")
    ctx = error.get("ctx") or {}
    field = _field_name(loc)
    refused = _refused(kind, loc, value, ctx, field)
    if refused is not None:
        return refused
    if kind == "string_pattern_mismatch" and ctx.get("pattern") == ID_PATTERN:
        return f"{field}: {shown(value)} {ID_MESSAGE}"
    if kind == "string_pattern_mismatch" and ctx.get("pattern") == TERMINAL_REF_PATTERN:
        return f"{field}: {shown(value)} {TERMINAL_REF_MESSAGE}"
    # The length of ids and references is a max_length beside the pattern (see fieldtypes);
    # too long an id gets the id's message all the same.
    too_long = ctx.get("max_length") if kind == "string_too_long" else None
    if too_long == ID_MAX_LENGTH and field in ID_FIELDS:
        return f"{field}: {shown(value)} {ID_MESSAGE}"
    if too_long == TERMINAL_REF_MAX_LENGTH and field in TERMINAL_REF_FIELDS:
        return f"{field}: {shown(value)} {TERMINAL_REF_MESSAGE}"
    if kind == "string_pattern_mismatch" and ctx.get("pattern") == VISIBLE_PATTERN:
        what = "a name" if loc[-1] == "[key]" else f"{field}:"  # a map key is the name
        return f"{what} {shown(value)} is blank; a name needs a visible character"
    if kind in ("string_type", "str_type") and field in ("id", "from"):
        return f"{field}: {_json_type(value)} {ID_MESSAGE}"
    if kind == "missing":
        return f"missing required key {shown(loc[-1])}"
    if kind == "extra_forbidden":
        return _unknown_key(loc)
    if kind == "union_tag_invalid":
        return (
            f"item type {ctx.get('tag')!r} is not one of {', '.join(repr(t) for t in ITEM_TYPES)}"
        )
    if kind == "union_tag_not_found":
        return f"missing key 'type': one of {', '.join(repr(t) for t in ITEM_TYPES)}"
    if kind == "literal_error":
        return f"{field}: {shown(value)} is not allowed; expected {ctx.get('expected')}"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return f"{field}: expected an object, got {_json_type(value)}"
    if kind == "list_type":
        return f"{field}: expected a list, got {_json_type(value)}"
    if kind in ("string_type", "str_type"):
        return f"{field}: expected a string, got {_json_type(value)}"
    if kind == "bool_type":
        return f"{field}: {shown(value)} is not allowed; expected true or false"
    if kind in (
        "date_type",
        "date_parsing",
        "date_from_datetime_parsing",
        "date_from_datetime_inexact",
    ):
        return f"{field}: {shown(value)} is not a date; expected an ISO date like '2027-01-31'"
    if kind == "string_pattern_mismatch" and field == "rule":
        return f"rule: {shown(value)} is not a rule code; expected one like 'IPX003'"
    if kind in ("string_too_short", "string_too_long"):
        return f"{field}: {error['msg'].lower()}"
    message = str(error["msg"]).removeprefix("Value error, ")
    return message if kind == "load" else f"{field}: {message}"


def _refused(kind: str, loc: Loc, value: object, ctx: dict[str, Any], field: str) -> str | None:
    """The message for an id or a name holding a character it may not hold, naming the
    character by its code point (the value is quoted with its escapes, so the message
    stays one printable line); None for any other error.

    Surrogates never reach the patterns: pydantic refuses a string holding one, any
    string of the file, as "string_unicode" (in a map key, its location then holds a
    replacement character, so the finding points at the map rather than the key).
    """
    if not isinstance(value, str):
        return None
    pattern = ctx.get("pattern")
    ids = pattern in (ID_PATTERN, TERMINAL_REF_PATTERN)
    if kind == "string_unicode":
        ids = field in ID_FIELDS or field in TERMINAL_REF_FIELDS
    elif kind != "string_pattern_mismatch" or pattern not in REFUSED_PATTERNS:
        return None
    char = refused_character(value)
    if char is None:  # the pattern failed for another reason (a space, a colon, blank)
        return None
    what = "a name" if loc and loc[-1] == "[key]" else f"{field}:"  # a map key is a name
    if kind == "string_unicode" and not ids:  # any string: a reason, a net name...
        rule = "a surrogate is half of a UTF-16 pair, not a character, and no string may hold one"
    else:
        noun = "ids" if ids else "names"
        rule = f"{noun} may not hold control, format, surrogate or unassigned characters"
    return f"{what} {shown(value)} has {describe_character(char)}; {rule}"


def _field_name(loc: Loc) -> str:
    names = [p for p in loc if isinstance(p, str) and p not in ITEM_TYPES and p != "[key]"]
    name = names[-1] if names else "value"
    return name if len(name) <= SHOWN else shown(name)  # a map key may be any string


def _unknown_key(loc: Loc) -> str:
    key = str(loc[-1])
    allowed = _allowed_keys(loc[:-1])
    if not allowed:
        return f"unknown key {shown(key)}"
    near = difflib.get_close_matches(key, allowed, n=1)
    hint = f" (did you mean {near[0]!r}?)" if near else ""
    return (
        f"unknown key {shown(key)}{hint}; allowed here: {', '.join(allowed)}; keys starting "
        "with 'x-' are free for your own tools"
    )


def _allowed_keys(loc: Loc) -> list[str]:
    """Keys the object at ``loc`` accepts, found by walking the format's type hints."""
    annotation: object = Layout
    for part in loc:
        annotation = _step(annotation, part)
        if annotation is None:
            return []
    annotation = _unwrap(annotation)
    return list(_fields(annotation)) if is_typeddict(annotation) else []


def _fields(typed_dict: object) -> dict[str, object]:
    return get_type_hints(typed_dict, include_extras=True)


def _unwrap(annotation: object) -> object:
    """Strip Annotated[...], NotRequired[...] and Optional[...] down to the interesting type."""
    while True:
        origin = get_origin(annotation)
        if origin in (typing.Annotated, typing.NotRequired, typing.Required):
            annotation = get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in get_args(annotation) if a is not type(None)]
            if len(args) != 1:
                return annotation
            annotation = args[0]
        else:
            return annotation


def _step(annotation: object, part: int | str) -> object:
    annotation = _unwrap(annotation)
    origin = get_origin(annotation)
    if is_typeddict(annotation):
        return _fields(annotation).get(part) if isinstance(part, str) else None
    if origin is list and isinstance(part, int):
        return get_args(annotation)[0]
    if origin is dict and isinstance(part, str):
        return get_args(annotation)[1]
    if origin in (typing.Union, types.UnionType):
        for member in get_args(annotation):
            member = _unwrap(member)
            tag = _fields(member).get("type") if is_typeddict(member) else None
            if tag is not None and get_args(_unwrap(tag)) == (part,):
                return member
    return None


def _json_type(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"{str(value).lower()} (a boolean)"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the string {shown(value)}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__
