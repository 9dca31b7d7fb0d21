#!/usr/bin/env python3
"""Writes server/data/common-passwords.txt from the npm package @zxcvbn-ts/language-common.

The server refuses any new password on that list (NIST SP 800-63B, 3.1.1.2). Passwords shorter
than the 10-character minimum are refused anyway, so past the most common TOP entries only the
longer ones are kept: they are the ones the list adds.

    cd "$(mktemp -d)" && npm pack @zxcvbn-ts/language-common@4.1.3 && tar xzf *.tgz
    python3 /path/to/scripts/common-passwords.py "$PWD/package"
"""
import json
import pathlib
import sys

VERSION = "4.1.3"
TOP = 29_000
MIN_CHARS = 10

package = pathlib.Path(sys.argv[1])
meta = json.loads((package / "package.json").read_text())
assert meta["version"] == VERSION, f"expected {VERSION}, got {meta['version']}"
ranked = [p.lower() for p in json.loads((package / "src" / "passwords.json").read_text())]
seen, kept = set(), []
for rank, password in enumerate(ranked):
    usable = password and password == password.strip() and password.isprintable()
    # A line starting with '#' is a comment in the data file.
    if not usable or password.startswith("#") or password in seen:
        continue
    if rank < TOP or len(password) >= MIN_CHARS:
        seen.add(password)
        kept.append(password)

licence = (package / "LICENSE.txt").read_text().strip().splitlines()
header = [
    f"# Common passwords: the {TOP:,} most common of the list in the npm package @zxcvbn-ts/language-common {VERSION}",
    f"# (src/passwords.json, ordered by frequency), plus every entry of {MIN_CHARS} or more characters from the rest of",
    "# that list; lowercased, deduplicated, most common first. Regenerate with scripts/common-passwords.py.",
    "# Licence: MIT, from that package's LICENSE.txt:",
] + ["#" + (" " + line if line.strip() else "") for line in licence]
out = pathlib.Path(__file__).resolve().parent.parent / "server" / "data" / "common-passwords.txt"
out.write_text("\n".join(header + kept) + "\n")
print(f"{out}: {len(kept)} passwords, {sum(len(p) >= MIN_CHARS for p in kept)} of {MIN_CHARS}+ characters")
