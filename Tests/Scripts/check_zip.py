#!/usr/bin/env python3
"""Independent check of a Coachwork export ZIP (Python 3.11+, standard library only).

Usage: check_zip.py PATH

The archive must open with `zipfile`, pass `testzip()` (every CRC right), hold only relative paths without
`..`, and every `*.json` must parse with `json`, every `csv/*.csv` with `csv` (RFC 4180 dialect, UTF-8 without
BOM, CRLF line ends) with as many fields in each record as in its header.
One JSON line goes to stdout: {"files": [...], "formats": {json file: its "format"},
"csv": {csv file: {"header": [...], "rows": number of records after the header}}}.
Problems go to stderr as "check_zip: FAIL <reason>"; exit status 0 when it passed, 1 otherwise.
"""
import csv
import io
import json
import sys
import zipfile


def fail(reason):
    print(f"check_zip: FAIL {reason}", file=sys.stderr)
    sys.exit(1)


def main():
    if len(sys.argv) != 2:
        print("usage: check_zip.py PATH", file=sys.stderr)
        sys.exit(2)
    with zipfile.ZipFile(sys.argv[1]) as archive:
        bad = archive.testzip()
        if bad is not None:
            fail(f"bad CRC in {bad}")
        names = archive.namelist()
        result = {"files": names, "formats": {}, "csv": {}}
        for name in names:
            if name.startswith("/") or ".." in name.split("/"):
                fail(f"unsafe path {name!r}")
            data = archive.read(name)
            if name.endswith(".json"):
                result["formats"][name] = json.loads(data.decode("utf-8")).get("format")
            elif name.endswith(".csv"):
                text = data.decode("utf-8")
                if text.startswith("\ufeff"):
                    fail(f"{name}: BOM")
                if "\n" in text.replace("\r\n", "") and '"' not in text:
                    fail(f"{name}: bare LF outside quotes")
                records = list(csv.reader(io.StringIO(text, newline="")))
                if not records:
                    fail(f"{name}: empty")
                header = records[0]
                for number, record in enumerate(records[1:], start=2):
                    if len(record) != len(header):
                        fail(f"{name}: record {number} has {len(record)} fields, header {len(header)}")
                result["csv"][name] = {"header": header, "rows": len(records) - 1}
    print(json.dumps(result))


main()
