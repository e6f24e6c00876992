"""Where a WebAssembly module's code is: function sizes by kind, then the largest functions.

    python3 wasm/bench/attr.py MODULE.wasm [N]

MODULE must keep its function names (`wasm-bindgen --keep-debug`, then `wasm-opt -Oz -g`; see
wasm/bench/size.sh). Prints the code section's total, the data section's size, the code per kind
(the first pattern of KINDS a demangled name matches) and the N largest functions (default 40).
A measurement aid, not a test.
"""

import collections
import re
import subprocess
import sys

KINDS = [
    ("core::fmt", r"core::fmt|Display|Debug|pad_integral|float_to_decimal|flt2dec|fmt::"),
    ("serde_json", r"serde_json"),
    ("Serialize", r"Serialize|serialize"),
    ("Deserialize", r"Deserializ|deserializ|visit_"),
    ("rust_decimal", r"rust_decimal"),
    ("btree", r"btree|BTree"),
    ("hashbrown", r"hashbrown|HashMap"),
    ("sort", r"sort"),
    ("alloc", r"^alloc::|RawVec|raw_vec|dlmalloc"),
    ("wasm_bindgen", r"wasm_bindgen|js_sys|__wbg"),
    ("datafee", r"datafee"),
    ("core", r"^core::|<core::"),
]


def leb(b, i):
    """An unsigned LEB128 at b[i]: (value, next index)."""
    r = s = 0
    while True:
        x = b[i]
        i += 1
        r |= (x & 0x7F) << s
        s += 7
        if x < 0x80:
            return r, i


def functions(data):
    """(code sizes in function order, names by index, imported functions, data section size)."""
    i, imports, code, names, data_size = 8, 0, [], {}, 0
    while i < len(data):
        sid = data[i]
        size, i = leb(data, i + 1)
        end = i + size
        if sid == 2:  # imports: count the functions among them
            n, j = leb(data, i)
            for _ in range(n):
                for _ in range(2):
                    length, j = leb(data, j)
                    j += length
                kind = data[j]
                j += 1
                if kind == 0:
                    _, j = leb(data, j)
                    imports += 1
                elif kind in (1, 2):
                    j += kind == 1
                    flags, j = leb(data, j)
                    _, j = leb(data, j)
                    if flags & 1:
                        _, j = leb(data, j)
                elif kind == 3:
                    j += 2
        elif sid == 10:
            n, j = leb(data, i)
            for _ in range(n):
                length, body = leb(data, j)
                code.append(length + body - j)
                j = body + length
        elif sid == 11:
            data_size = size
        elif sid == 0:
            length, j = leb(data, i)
            if data[j : j + length] == b"name":
                j += length
                while j < end:
                    sub = data[j]
                    sub_size, j = leb(data, j + 1)
                    sub_end = j + sub_size
                    if sub == 1:
                        n, j = leb(data, j)
                        for _ in range(n):
                            index, j = leb(data, j)
                            length, j = leb(data, j)
                            names[index] = data[j : j + length].decode("utf-8", "replace")
                            j += length
                    j = sub_end
        i = end
    return code, names, imports, data_size


def main():
    code, names, imports, data_size = functions(open(sys.argv[1], "rb").read())
    top = int(sys.argv[2]) if len(sys.argv) > 2 else 40
    raw = [names.get(imports + k, f"func{imports + k}") for k in range(len(code))]
    demangled = subprocess.run(["c++filt"], input="\n".join(raw), capture_output=True, text=True).stdout.split("\n")
    rows = sorted(((size, re.sub(r"\[[0-9a-f]{16}\]", "", demangled[k])) for k, size in enumerate(code)), reverse=True)
    print("code total", sum(code), "functions", len(code), "data section", data_size)
    totals = collections.Counter()
    for size, name in rows:
        totals[next((kind for kind, rx in KINDS if re.search(rx, name)), "other")] += size
    for kind, size in totals.most_common():
        print(f"{size:8d} {kind}")
    for size, name in rows[:top]:
        print(f"{size:7d} {name[:200]}")


if __name__ == "__main__":
    main()
