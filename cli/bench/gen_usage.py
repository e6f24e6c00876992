"""Usage records for measuring `datafee rate` against the example city's 2026 tariff.

Seeded; 10,000 customers, about 10 % free (governance) uses, p04/finance uses rejected (its fee is
withheld from the tariff), 0.1 % zero quantities. Usage:

    python3 cli/bench/gen_usage.py 1000000 > /tmp/usage.csv
    target/release/datafee tariff examples/city/scenario.toml --year 2026 > /tmp/tariff.json
    /usr/bin/time -v target/release/datafee rate -t /tmp/tariff.json /tmp/usage.csv -o /tmp/out
"""
import random, sys
random.seed(7)
paid = [("p01","finance"),("p02","finance"),("p03","finance"),("p05","finance"),("p06","finance"),("p09","tourism"),("p11","enterprise"),("p04","finance")]
free = [("p04","governance")]
n = int(sys.argv[1])
w = sys.stdout.write
w("id,customer,product,scenario,quantity,time\n")
for i in range(n):
    r = random.random()
    p, s = random.choice(free) if r < 0.1 else random.choice(paid)
    q = random.randint(1, 50)
    if r > 0.999: q = 0
    c = "c%05d" % random.randint(0, 9999)
    m = random.randint(1, 12); d = random.randint(1, 28)
    w(f"u{i},{c},{p},{s},{q},2026-{m:02d}-{d:02d}\n")
