#!/usr/bin/env python3
"""Parses HTML documents with Python's html.parser, an HTML tokenizer independent of ours.

Reads a JSON list of strings from the file named as its argument (each an HTML fragment or page) and prints
one JSON object per input: every start tag with its attributes (entities decoded), and the
decoded text of every element that has an id (and of <title>, as \"#title\").
"""
import json
import sys
from html.parser import HTMLParser


class Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags = []          # [tag, [[name, value], ...]]
        self.texts = {}         # id -> decoded text of the element with that id
        self.stack = []

    def handle_starttag(self, tag, attrs):
        self.tags.append([tag, [[n, v] for n, v in attrs]])
        element_id = dict(attrs).get("id") or ("#title" if tag == "title" and "#title" not in self.texts else None)
        self.stack.append(element_id)
        if element_id is not None:
            self.texts.setdefault(element_id, "")

    def handle_startendtag(self, tag, attrs):
        self.tags.append([tag, [[n, v] for n, v in attrs]])

    def handle_endtag(self, tag):
        if self.stack:
            self.stack.pop()

    def handle_data(self, data):
        for element_id in self.stack:
            if element_id is not None:
                self.texts[element_id] += data


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        documents = json.load(f)
    for document in documents:
        parser = Collector()
        parser.feed(document)
        parser.close()
        print(json.dumps({"tags": parser.tags, "texts": parser.texts}, ensure_ascii=False))


if __name__ == "__main__":
    main()
