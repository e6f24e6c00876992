"""Usage records as gen_usage.py makes them, written straight to Parquet with numpy and pyarrow
(vectorised: 100M records in minutes, where gen_usage.py takes about an hour on this machine).

The same distribution as gen_usage.py (10,000 customers `c00000`..`c09999`, 10 % free p04/governance
uses, the 8 paid pairs including the withheld p04/finance, quantities 1..50 with 0.1 % zero, days
2026-01-01..2026-12-28 with day <= 28, ids `u0`, `u1`, ...) from another seeded random stream, so the
figures match gen_usage.py's in proportion, not record for record. Columns and types as to_parquet.py
writes them: id, customer, product, scenario utf8; quantity int64; time date32; snappy; row groups of
1,048,576 rows.

    .venv/bin/python cli/bench/gen_usage_parquet.py 100000000 /tmp/usage100m.parquet
"""
import datetime
import sys

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

paid = [("p01", "finance"), ("p02", "finance"), ("p03", "finance"), ("p05", "finance"), ("p06", "finance"), ("p09", "tourism"), ("p11", "enterprise"), ("p04", "finance")]
pairs = [("p04", "governance")] + paid
n, out = int(sys.argv[1]), sys.argv[2]
chunk = 1 << 20
rng = np.random.default_rng(7)
products = pa.array([p for p, _ in pairs])
scenarios = pa.array([s for _, s in pairs])
epoch = (datetime.date(2026, 1, 1) - datetime.date(1970, 1, 1)).days
month_start = np.array([(datetime.date(2026, m, 1) - datetime.date(2026, 1, 1)).days for m in range(1, 13)])
schema = pa.schema([("id", pa.string()), ("customer", pa.string()), ("product", pa.string()), ("scenario", pa.string()), ("quantity", pa.int64()), ("time", pa.date32())])
with pq.ParquetWriter(out, schema, compression="snappy") as w:
    for lo in range(0, n, chunk):
        k = min(chunk, n - lo)
        r = rng.random(k)
        pair = np.where(r < 0.1, 0, 1 + rng.integers(0, len(paid), k))
        q = rng.integers(1, 51, k)
        q[r > 0.999] = 0
        c = rng.integers(0, 10000, k)
        days = epoch + month_start[rng.integers(0, 12, k)] + rng.integers(0, 28, k)
        ids = pc.binary_join_element_wise("u", pc.cast(pa.array(np.arange(lo, lo + k)), pa.string()), "")
        customers = pc.binary_join_element_wise("c", pc.utf8_lpad(pc.cast(pa.array(c), pa.string()), 5, "0"), "")
        pix = pa.array(pair)
        batch = pa.record_batch(
            [ids, customers, products.take(pix), scenarios.take(pix), pa.array(q, pa.int64()), pa.array(days.astype(np.int32), pa.date32())], schema=schema
        )
        w.write_batch(batch, row_group_size=chunk)
