#!/usr/bin/env python3
"""What the bytes of a wasm file are, from its name section (build with names kept: the
`wasm-release` profile's output before wasm-bindgen, or wasm-opt with --debuginfo).

Prints the section sizes, the largest functions ("top"), function bytes summed by crate, and
functions summed by their generic-free name ("monos": one generic function's copies together).
Usage: scripts/wasm-sizes.py FILE.wasm [N]
"""
import re
import sys
from collections import defaultdict


def leb(data, at):
    result = shift = 0
    while True:
        byte = data[at]
        at += 1
        result |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return result, at


def sections(data):
    at = 8
    while at < len(data):
        kind = data[at]
        size, body = leb(data, at + 1)
        yield kind, data[body:body + size], body - at + size
        at = body + size


def strip_generics(name):
    name = re.sub(r"::h[0-9a-f]{16}$", "", name)
    out, depth = [], 0
    for ch in name:
        if ch == "<":
            depth += 1
            if depth == 1:
                out.append("<…>")
        elif ch == ">" and depth:
            depth -= 1
        elif depth == 0:
            out.append(ch)
    return "".join(out)


def crate_of(name):
    name = re.sub(r"::h[0-9a-f]{16}$", "", name)
    # `<T as Trait>::f` is charged to the crate of T; `<impl X for T>` likewise.
    m = re.match(r"^<+(?:&(?:mut )?|\*const |\*mut |dyn )?([A-Za-z_][A-Za-z0-9_]*)", name)
    if m:
        first = m.group(1)
    else:
        first = re.split(r"::|<|\s|\(", name, maxsplit=1)[0]
    return first or name


def main():
    path = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 40
    data = open(path, "rb").read()
    names = {}
    imported = 0
    bodies = []
    section_sizes = defaultdict(int)
    kinds = {0: "custom", 1: "type", 2: "import", 3: "function", 5: "memory", 6: "global",
             7: "export", 9: "element", 10: "code", 11: "data", 12: "datacount"}
    for kind, body, total in sections(data):
        label = kinds.get(kind, str(kind))
        if kind == 0:
            length, at = leb(body, 0)
            label = "custom:" + body[at:at + length].decode()
            if label == "custom:name":
                at += length
                while at < len(body):
                    sub = body[at]
                    size, at = leb(body, at + 1)
                    end = at + size
                    if sub == 1:
                        count, p = leb(body, at)
                        for _ in range(count):
                            index, p = leb(body, p)
                            ln, p = leb(body, p)
                            names[index] = body[p:p + ln].decode("utf-8", "replace")
                            p += ln
                    at = end
        elif kind == 2:
            count, p = leb(body, 0)
            for _ in range(count):
                for _ in range(2):
                    ln, p = leb(body, p)
                    p += ln
                k = body[p]
                p += 1
                if k == 0:
                    _, p = leb(body, p)
                    imported += 1
                elif k == 1:
                    p += 1
                    flags, p = leb(body, p)
                    _, p = leb(body, p)
                    if flags & 1:
                        _, p = leb(body, p)
                elif k == 2:
                    flags, p = leb(body, p)
                    _, p = leb(body, p)
                    if flags & 1:
                        _, p = leb(body, p)
                elif k == 3:
                    p += 2
        elif kind == 10:
            count, p = leb(body, 0)
            for i in range(count):
                size, q = leb(body, p)
                bodies.append((imported + i, q - p + size))
                p = q + size
        section_sizes[label] += total
    print(f"{path}: {len(data)} bytes")
    for label, size in sorted(section_sizes.items(), key=lambda x: -x[1]):
        print(f"  {size:>9}  {100 * size / len(data):5.1f}%  {label}")
    code = sum(s for _, s in bodies)
    print(f"\nTop {n} functions (code section {code} bytes, {len(bodies)} functions):")
    for index, size in sorted(bodies, key=lambda x: -x[1])[:n]:
        print(f"  {size:>8}  {100 * size / code:5.2f}%  {names.get(index, f'func[{index}]')[:150]}")
    by_crate = defaultdict(lambda: [0, 0])
    monos = defaultdict(lambda: [0, 0])
    for index, size in bodies:
        name = names.get(index, "?")
        by_crate[crate_of(name)][0] += size
        by_crate[crate_of(name)][1] += 1
        monos[strip_generics(name)][0] += size
        monos[strip_generics(name)][1] += 1
    print("\nCode by crate:")
    for crate, (size, count) in sorted(by_crate.items(), key=lambda x: -x[1][0])[:n]:
        print(f"  {size:>8}  {100 * size / code:5.2f}%  {count:>5} fns  {crate}")
    print(f"\nMonos: generic functions with several copies, by total size (top {n}):")
    for name, (size, count) in sorted(monos.items(), key=lambda x: -x[1][0])[:n]:
        if count > 1:
            print(f"  {size:>8}  {count:>4} copies  {name[:150]}")


main()
