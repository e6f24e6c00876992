"""Convert a usage CSV (from gen_usage.py) to Parquet, streaming, for `datafee rate` on Parquet.

    python3 cli/bench/gen_usage.py 10000000 > /tmp/usage.csv
    .venv/bin/python cli/bench/to_parquet.py /tmp/usage.csv /tmp/usage.parquet
    /usr/bin/time -v target/release/datafee rate -t /tmp/tariff.json /tmp/usage.parquet -o /tmp/out

Columns as pyarrow reads them: id, customer, product, scenario as strings (dictionary-encoded
in the file, as Parquet writers do by default), quantity int64, time date32; snappy.
"""
import sys

import pyarrow as pa
import pyarrow.csv as pcsv
import pyarrow.parquet as pq

types = {"id": pa.string(), "customer": pa.string(), "product": pa.string(), "scenario": pa.string(), "quantity": pa.int64(), "time": pa.date32()}
reader = pcsv.open_csv(sys.argv[1], read_options=pcsv.ReadOptions(block_size=64 << 20), convert_options=pcsv.ConvertOptions(column_types=types))
with pq.ParquetWriter(sys.argv[2], reader.schema, compression="snappy") as w:
    for batch in reader:
        w.write_batch(batch, row_group_size=1 << 20)
