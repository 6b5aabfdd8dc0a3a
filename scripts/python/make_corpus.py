#!/usr/bin/env python3
"""Regenerates Sources/DescentData/Resources/genesis.txt, Descent's character-level corpus.

The text is the book of Genesis from the World English Bible (2020 stable text), which its
translators dedicated to the public domain. It is read from Debian's `sword-text-web`
package with `mod2imp` from `libsword-utils` (apt-get install sword-text-web libsword-utils).
The OSIS markup, footnotes and verse numbers are removed; paragraphs become lines; the
typographic quotes and dashes are folded to ASCII so that the vocabulary stays small.

Usage: python3 scripts/python/make_corpus.py [OUTPUT]
"""
import html
import re
import shutil
import subprocess
import sys
from pathlib import Path

MODULE = "engWEB2015eb"
BOOK = "Genesis"
ASCII_FOLD = {
    "\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'",
    "\u2014": "--", "\u2013": "-", "\u00a0": " ", "\u2026": "...",
}


def main() -> None:
    root = Path(__file__).resolve().parents[2]
    output = Path(sys.argv[1]) if len(sys.argv) > 1 else root / "Sources/DescentData/Resources/genesis.txt"
    if shutil.which("mod2imp") is None:
        sys.exit("make_corpus.py: mod2imp not found; run: apt-get install sword-text-web libsword-utils")
    imp = subprocess.run(["mod2imp", MODULE], check=True, capture_output=True, text=True).stdout

    verses = []  # (chapter, verse, markup) in book order
    key = None
    lines = []
    for line in imp.splitlines():
        if line.startswith("$$$"):
            if key is not None:
                verses.append((key, "\n".join(lines)))
            key, lines = line[3:], []
        else:
            lines.append(line)
    if key is not None:
        verses.append((key, "\n".join(lines)))
    pattern = re.compile(rf"^{BOOK} (\d+):(\d+)$")
    body = [markup for key, markup in verses if (m := pattern.match(key)) and int(m.group(1)) >= 1 and int(m.group(2)) >= 1]
    if not body:
        sys.exit(f"make_corpus.py: no verses of {BOOK} found in module {MODULE}")

    text = " ".join(body)
    text = re.sub(r"<note\b.*?</note>", " ", text, flags=re.S)             # footnotes and cross references
    text = re.sub(r'<div\b[^>]*type="x-p"[^>]*sID="[^"]*"[^>]*/>', "\n", text)  # paragraph starts
    text = re.sub(r'<div\b[^>]*sID="[^"]*"[^>]*type="x-p"[^>]*/>', "\n", text)
    text = re.sub(r"<title\b.*?</title>", " ", text, flags=re.S)           # section headings
    text = re.sub(r"<[^>]+>", "", text)                                      # every other tag
    text = html.unescape(text)
    for fancy, plain in ASCII_FOLD.items():
        text = text.replace(fancy, plain)
    paragraphs = []
    for paragraph in text.split("\n"):
        paragraph = re.sub(r"\s+", " ", paragraph).strip()
        paragraph = re.sub(r" +([.,;:!?])", r"\1", paragraph)
        if paragraph:
            paragraphs.append(paragraph)
    result = "\n".join(paragraphs) + "\n"
    strange = sorted({c for c in result if not (c.isascii() and (c.isprintable() or c == "\n"))})
    if strange:
        sys.exit(f"make_corpus.py: unexpected characters {strange!r}; extend ASCII_FOLD")
    output.write_text(result, encoding="ascii")
    print(f"wrote {output}: {len(result)} characters, {len(paragraphs)} paragraphs, {len(set(result))} distinct characters")


if __name__ == "__main__":
    main()
