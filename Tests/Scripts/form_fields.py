#!/usr/bin/env python3
"""What a browser would submit for one form of an HTML page, parsed with Python's html.parser.

Arguments: a file holding the page, and the form's action path. Prints one JSON object, name -> value:
text, hidden, date and other inputs with their value; checkboxes and radio buttons only when checked; a select's
selected option (else its first); a textarea's text. Submit buttons are left out.
"""
import json
import sys
from html.parser import HTMLParser


class Form(HTMLParser):
    def __init__(self, action):
        super().__init__(convert_charrefs=True)
        self.action, self.inside, self.fields = action, False, {}
        self.select, self.first_option, self.textarea = None, None, None

    def handle_starttag(self, tag, attrs):
        a = {n: (v if v is not None else "") for n, v in attrs}
        if tag == "form":
            self.inside = a.get("action") == self.action
        if not self.inside:
            return
        if tag == "input" and "name" in a:
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self.fields[a["name"]] = a.get("value", "on")
            elif kind != "submit":
                self.fields[a["name"]] = a.get("value", "")
        elif tag == "select":
            self.select, self.first_option = a.get("name"), None
        elif tag == "option" and self.select:
            if self.first_option is None:
                self.first_option = a.get("value", "")
                self.fields.setdefault(self.select, self.first_option)
            if "selected" in a:
                self.fields[self.select] = a.get("value", "")
        elif tag == "textarea":
            self.textarea = a.get("name")
            self.fields[self.textarea] = ""

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None

    def handle_data(self, data):
        if self.inside and self.textarea:
            self.fields[self.textarea] += data


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        page = f.read()
    parser = Form(sys.argv[2])
    parser.feed(page)
    parser.close()
    print(json.dumps(parser.fields, ensure_ascii=False))


if __name__ == "__main__":
    main()
