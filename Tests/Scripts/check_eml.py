#!/usr/bin/env python3
"""Independent check of .eml files written by CoachworkCore's MIMEWriter (Python 3.11+, stdlib only).

Usage: check_eml.py PATH [PATH ...]   (a directory means every *.eml directly inside it)

Each file is parsed with email.parser.BytesParser(policy=email.policy.default) and must:
  * be 7-bit ASCII with CRLF line endings only and no line over 998 bytes (RFC 5322 §2.1.1, §2.3);
  * carry no parser defects, on the message, on any part or on any header field;
  * have exactly one Date, From, To, Subject, Message-ID and "MIME-Version: 1.0" (RFC 5322 §3.6);
  * be multipart/alternative holding text/plain then, if present, text/html (RFC 2046 §5.1.4),
    or a single text/plain message (what MIMEWriter emits when there is no HTML body), or
    multipart/mixed (RFC 2046 §5.1.3) holding one of those first and then attachments, each with
    Content-Disposition: attachment and a filename (RFC 2183) and decodable content;
  * declare charset=utf-8 on every text part.
For each good file one JSON line goes to stdout:
  {"file", "subject", "from": {"name", "email"}, "to": [{"name", "email"}, ...],
   "text", "html" (null when absent), "message_id" (without angle brackets),
   "attachments": [{"filename", "content_type", "method" (the type's method parameter or null),
                    "content" (decoded as UTF-8)}],
   "list_unsubscribe", "list_unsubscribe_post" (header values or null)}
Bodies are the decoded content as Python returns it (quoted-printable CRLF line breaks stay CRLF).
Problems go to stderr as "check_eml: FAIL <file>: <reason>". Exit status: 0 when every file passed,
1 when any file failed, 2 on a usage error (no arguments, missing path, directory without *.eml).
"""
import base64
import json
import os
import quopri
import re
import sys
from email import policy
from email.parser import BytesParser

REQUIRED = ("date", "from", "to", "subject", "message-id", "mime-version")
_EW = r"=\?([^?\s]+)\?([bBqQ])\?([^?\s]*)\?="
_EW_RUN = re.compile(_EW + r"(?:[ \t]+" + _EW + r")+")


class Defect(Exception):
    pass


def _decode_ew(charset, encoding, text):
    data = base64.b64decode(text, validate=True) if encoding in "bB" else quopri.decodestring(text, header=True)
    return data.decode(charset.split("*")[0])


def merge_adjacent_encoded_words(value):
    """Rewrite each run of adjacent encoded-words as one encoded-word with the same decoded text.

    RFC 2047 §6.2 says whitespace between adjacent encoded-words is ignored; Python before the fix for
    gh-128110 keeps it inside address display names. The rewrite is meaning-preserving, so it only
    sidesteps that parser bug and hides nothing about the writer.
    """
    def merge(match):
        words = re.findall(_EW, match.group(0))
        joined = "".join(_decode_ew(*w) for w in words)
        return "=?utf-8?b?" + base64.b64encode(joined.encode("utf-8")).decode("ascii") + "?="
    return _EW_RUN.sub(merge, value)


def _addresses(msg, name):
    raw = re.sub(r"\r?\n", "", "".join(v for k, v in msg.raw_items() if k.lower() == name))  # unfold
    header = policy.default.header_factory(name, merge_adjacent_encoded_words(raw))
    if header.defects:
        raise Defect(f"{name} header defects: {list(header.defects)}")
    return [{"name": a.display_name, "email": a.addr_spec} for a in header.addresses]


def _text_part(part, subtype):
    if part.get_content_type() != f"text/{subtype}":
        raise Defect(f"expected text/{subtype} part, got {part.get_content_type()}")
    charset = part.get_content_charset()
    if charset != "utf-8":
        raise Defect(f"text/{subtype} part charset is {charset!r}, expected 'utf-8'")
    return part.get_content()


def _body(entity):
    """(text, html) of a multipart/alternative or single text/plain entity."""
    if entity.get_content_type() == "multipart/alternative":
        parts = list(entity.iter_parts())
        if len(parts) not in (1, 2):
            raise Defect(f"multipart/alternative has {len(parts)} parts, expected 1 or 2")
        return _text_part(parts[0], "plain"), _text_part(parts[1], "html") if len(parts) == 2 else None
    if entity.get_content_type() == "text/plain":
        return _text_part(entity, "plain"), None
    raise Defect(f"body type is {entity.get_content_type()}, expected multipart/alternative or text/plain")


def check_file(path):
    with open(path, "rb") as f:
        raw = f.read()
    if any(b >= 0x80 for b in raw):
        raise Defect("contains 8-bit bytes")
    if re.search(rb"(?<!\r)\n", raw) or re.search(rb"\r(?!\n)", raw):
        raise Defect("contains a bare LF or bare CR")
    long_lines = [i + 1 for i, line in enumerate(raw.split(b"\r\n")) if len(line) > 998]
    if long_lines:
        raise Defect(f"lines longer than 998 bytes: {long_lines}")

    msg = BytesParser(policy=policy.default).parsebytes(raw)
    for part in msg.walk():
        if part.defects:
            raise Defect(f"{part.get_content_type()} defects: {list(part.defects)}")
        for name, value in part.items():
            if getattr(value, "defects", None):
                raise Defect(f"header {name} defects: {list(value.defects)}")
    for name in REQUIRED:
        count = len(msg.get_all(name) or [])
        if count != 1:
            raise Defect(f"expected exactly one {name} header, found {count}")
    if str(msg["mime-version"]).strip() != "1.0":
        raise Defect(f"MIME-Version is {str(msg['mime-version'])!r}")

    html = None
    attachments = []
    if msg.get_content_type() == "multipart/mixed":
        parts = list(msg.iter_parts())
        if len(parts) < 2:
            raise Defect(f"multipart/mixed has {len(parts)} parts, expected the text and attachments")
        text, html = _body(parts[0])
        for part in parts[1:]:
            if part.get_content_disposition() != "attachment" or not part.get_filename():
                raise Defect(f"{part.get_content_type()} part is not an attachment with a filename")
            attachments.append({
                "filename": part.get_filename(), "content_type": part.get_content_type(),
                "method": part.get_param("method"),
                "content": part.get_payload(decode=True).decode("utf-8"),
            })
    else:
        text, html = _body(msg)

    senders = _addresses(msg, "from")
    if len(senders) != 1:
        raise Defect(f"From holds {len(senders)} mailboxes, expected 1")
    message_id = str(msg["message-id"]).strip()
    if not (message_id.startswith("<") and message_id.endswith(">")):
        raise Defect(f"Message-ID {message_id!r} is not <...>")
    return {
        "file": path,
        "subject": str(msg["subject"]),
        "from": senders[0],
        "to": _addresses(msg, "to"),
        "text": text,
        "html": html,
        "message_id": message_id[1:-1],
        "attachments": attachments,
        "list_unsubscribe": None if msg["list-unsubscribe"] is None else str(msg["list-unsubscribe"]),
        "list_unsubscribe_post": None if msg["list-unsubscribe-post"] is None else str(msg["list-unsubscribe-post"]),
    }


def collect(paths):
    files = []
    for path in paths:
        if os.path.isdir(path):
            found = sorted(os.path.join(path, n) for n in os.listdir(path) if n.endswith(".eml"))
            if not found:
                raise SystemExit(f"check_eml: no *.eml files in directory {path}")
            files += found
        elif os.path.isfile(path):
            files.append(path)
        else:
            raise SystemExit(f"check_eml: no such file or directory: {path}")
    return files


def main(argv):
    if not argv:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    try:
        files = collect(argv)
    except SystemExit as e:
        print(e, file=sys.stderr)
        return 2
    failed = 0
    for path in files:
        try:
            print(json.dumps(check_file(path)), flush=True)
        except (Defect, UnicodeError, ValueError) as e:
            failed += 1
            print(f"check_eml: FAIL {path}: {e}", file=sys.stderr)
    if failed:
        print(f"check_eml: {failed} of {len(files)} file(s) failed", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
