"""Python datafee.split of 2,000,000 parties in each list form (issue 15 item 5):
.venv/bin/python benches/split_list_py.py "list of str" (or "list of party dicts", "dict of int", "list of Decimal").
Prints the CPU seconds of the split and of the shares dict, and the peak RSS."""
import resource
import sys
import time

import datafee
from decimal import Decimal
n = 2_000_000
forms = {
    "list of str": lambda: [str(i % 997 + 1) for i in range(n)],
    "list of party dicts": lambda: [{"id": f"p{i}", "weight": str(i % 997 + 1)} for i in range(n)],
    "dict of int": lambda: {f"p{i}": i % 997 + 1 for i in range(n)},
    "list of Decimal": lambda: [Decimal(i % 997 + 1) / 4 for i in range(n)],
}
name = sys.argv[1]
w = forms[name]()
t = time.process_time(); s = datafee.split("123456789.01", w); t1 = time.process_time(); sh = s.shares; t2 = time.process_time()
assert sum(sh.values()) == Decimal("123456789.01")
print(f"{name}: split {t1-t:.2f} s CPU, shares dict {t2-t1:.2f} s, peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss/1024:.0f} MB")
