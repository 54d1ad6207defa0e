#!/usr/bin/env python3
"""SQLite FTS5 baseline for `revcycle bench codesets`: the same codes and queries, through python3's sqlite3.

usage: fts5_baseline.py WORKDIR ROUNDS   (WORKDIR holds docs.tsv, codes.txt, queries.txt written by the bench)
Prints one JSON object: build time, exact-lookup and top-20 search latencies.
Lookups are primary-key selects; searches use FTS5's own query language (implicit AND of the words), ranked by bm25,
the way a common SQLite-backed code search does it.
"""
import json, os, re, sqlite3, sys, time

def pct(values, p):
    s = sorted(values)
    return s[min(len(s) - 1, max(0, round(p / 100 * (len(s) - 1))))]

def main():
    work, rounds = sys.argv[1], int(sys.argv[2])
    db = sqlite3.connect(":memory:")
    t0 = time.perf_counter()
    db.execute("CREATE TABLE codes(code TEXT PRIMARY KEY, title TEXT)")
    db.execute("CREATE VIRTUAL TABLE docs USING fts5(code UNINDEXED, text, tokenize='porter unicode61')")
    rows = [line.rstrip("\n").split("\t", 1) for line in open(os.path.join(work, "docs.tsv"), encoding="utf-8") if "\t" in line]
    db.executemany("INSERT OR IGNORE INTO codes VALUES (?, ?)", rows)
    db.executemany("INSERT INTO docs VALUES (?, ?)", rows)
    db.commit()
    build = time.perf_counter() - t0

    codes = [c for c in open(os.path.join(work, "codes.txt"), encoding="utf-8").read().split("\n") if c]
    lookup = []
    for c in codes:
        s = time.perf_counter_ns()
        db.execute("SELECT title FROM codes WHERE code = ?", (c,)).fetchone()
        lookup.append((time.perf_counter_ns() - s) / 1000)

    queries = [q for q in open(os.path.join(work, "queries.txt"), encoding="utf-8").read().split("\n") if q]
    search = []
    for _ in range(rounds):
        for q in queries:
            words = " ".join('"%s"' % w for w in re.findall(r"[A-Za-z0-9]+", q))
            s = time.perf_counter_ns()
            db.execute("SELECT code FROM docs WHERE docs MATCH ? ORDER BY bm25(docs) LIMIT 20", (words,)).fetchall()
            search.append((time.perf_counter_ns() - s) / 1e6)

    print(json.dumps({"build_s": build, "lookup_p50_us": pct(lookup, 50), "lookup_p99_us": pct(lookup, 99),
                      "search_p50_ms": pct(search, 50), "search_p99_ms": pct(search, 99)}))

if __name__ == "__main__":
    main()
