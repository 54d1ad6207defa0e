#!/usr/bin/env python3
"""A plain reference implementation of Revcycle's NCCI edits, for `revcycle bench scrub` and its cross-check test.

usage: scrub_reference.py --ptp FILE [--ptp FILE ...] --mue DIR --claims FILE [--runs N] [--edits OUT]

  --ptp     CMS procedure-to-procedure text files (practitioner), tab-separated, in the CMS layout
  --mue     a folder with the CMS MUE CSV files (MCR_MUE_..._Eff_MM-DD-YYYY.csv), searched recursively
  --claims  JSON lines, one claim each: {"id", "kind", "renderer", "lines": [{"n", "code", "modifiers", "units",
            "date": "YYYY-MM-DD", "renderer"}]} (a line's renderer is null when it is the claim's)
  --runs    times every claim is scrubbed (the median and best are reported)
  --edits   also write each claim's edits, one per line: claim id, edit id, lines, codes (tab-separated)

Prints one JSON object: load times, resident memory the PTP table added, scrub times and the count of edits per id.
Progress goes to standard error.

The rules are those of docs/CLAIM_EDITS.md, written the obvious way with dicts and lists:
- ncci-ptp: two lines of the claim on the same date of service, by the same rendering provider, with different codes,
  whose codes are a column 1 / column 2 pair in force on that date (effective on or before it, deletion date after
  it). Modifier indicator 0: always an edit; 1: an edit unless either line has an NCCI-associated modifier (59 and the
  X modifiers on an E/M do not count); 9: never. Each pair of lines is checked both ways round.
- ncci-modifier-on-em: 59, XE, XS, XP or XU on an E/M line (99202-99499).
- ncci-mue: units over the code's MUE in the table in force on the date (the latest effective on or before it, else
  the earliest): MAI 1 per line; MAI 2 and 3 summed over the lines of that code on one date.
"""
import argparse, csv, glob, json, os, re, statistics, sys, time

# NCCI-associated modifiers (NCCI Policy Manual, chapter I): anatomic, global surgery, and other.
BYPASS_MODIFIERS = {
    "E1", "E2", "E3", "E4", "FA", "F1", "F2", "F3", "F4", "F5", "F6", "F7", "F8", "F9",
    "TA", "T1", "T2", "T3", "T4", "T5", "T6", "T7", "T8", "T9", "LT", "RT", "LC", "LD", "RC", "LM", "RI",
    "24", "25", "57", "58", "78", "79", "27", "59", "91", "XE", "XS", "XP", "XU",
}
DISTINCT_SERVICE_MODIFIERS = {"59", "XE", "XS", "XP", "XU"}
NEVER_DELETED = 99999999


def say(text):
    print(text, file=sys.stderr, flush=True)


def resident_mb():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def is_procedure_code(code):
    """A 5-character CPT/HCPCS code: letters and digits, at least one digit."""
    return len(code) == 5 and code.isascii() and code.isalnum() and any(c.isdigit() for c in code)


def is_evaluation_and_management(code):
    return len(code) == 5 and code.isdigit() and 99202 <= int(code) <= 99499


def day_number(iso_date):
    """2026-05-04 -> 20260504, the form the PTP file's dates take."""
    return int(iso_date.replace("-", ""))


def load_ptp(paths):
    """{(column 1, column 2): [(effective, deletion, modifier indicator), ...] by effective date}."""
    pairs = {}
    for path in paths:
        seen_row = False
        with open(path, encoding="latin-1") as f:
            for number, line in enumerate(f, 1):
                fields = [field.strip(' "') for field in line.rstrip("\r\n").split("\t")]
                if not any(fields):
                    continue
                looks_like_row = is_procedure_code(fields[0]) or (len(fields) >= 6 and re.fullmatch(r"\d{8}", fields[3]))
                if not looks_like_row and not seen_row:
                    continue  # the notice and the header
                seen_row = True
                if len(fields) < 6 or not is_procedure_code(fields[0]) or not is_procedure_code(fields[1]):
                    raise SystemExit(f"{path}:{number}: not a PTP row: {line.strip()!r}")
                column1, column2 = fields[0].upper(), fields[1].upper()
                effective = int(fields[3])
                deletion = NEVER_DELETED if fields[4] == "*" else int(fields[4])
                pairs.setdefault((column1, column2), []).append((effective, deletion, fields[5]))
    for versions in pairs.values():
        versions.sort(key=lambda version: version[0])
    return pairs


def mue_setting(file_name):
    name = file_name.lower()
    if "practitioner" in name:
        return "practitioner"
    if "hospital" in name:
        return "outpatient hospital"
    if "dme" in name:
        return "DME supplier"
    return None


def load_mue(directory):
    """[(setting, effective day, {code: (units, MAI)})], oldest first."""
    tables = []
    for path in sorted(glob.glob(os.path.join(directory, "**", "*.csv"), recursive=True)):
        name = os.path.basename(path)
        if "mue" not in name.lower():
            continue
        found = re.search(r"eff_(\d\d)-(\d\d)-(\d{4})", name, re.IGNORECASE)
        effective = int(found.group(3) + found.group(1) + found.group(2)) if found else 0
        limits = {}
        with open(path, encoding="latin-1", newline="") as f:
            rows = list(csv.reader(f))
        header = next(i for i, row in enumerate(rows) if len(row) >= 3 and "adjudication indicator" in row[2].lower())
        for row in rows[header + 1:]:
            if not any(field.strip() for field in row):
                continue
            limits[row[0].strip().upper()] = (int(row[1].strip()), int(row[2].strip()[0]))
        tables.append((mue_setting(name), effective, limits))
    tables.sort(key=lambda table: table[1])
    return tables


def mue_limits(tables, kind, day):
    setting = "practitioner" if kind == "professional" else "outpatient hospital"
    candidates = [table for table in tables if table[0] == setting]
    if not candidates:
        return None
    in_force = [table for table in candidates if table[1] <= day]
    return (in_force[-1] if in_force else candidates[0])[2]


def pair_in_force(ptp, column1, column2, day):
    """The modifier indicator of the pair's version in force on the day, or None."""
    indicator = None
    for effective, deletion, modifier_indicator in ptp.get((column1, column2), ()):
        if effective <= day < deletion:
            indicator = modifier_indicator
    return indicator


def bypasses(line):
    """The line has a modifier that lets an indicator-1 pair be paid (59 and X modifiers on an E/M do not count)."""
    for modifier in line["modifiers"]:
        modifier = modifier.upper()
        if modifier in DISTINCT_SERVICE_MODIFIERS and is_evaluation_and_management(line["code"]):
            continue
        if modifier in BYPASS_MODIFIERS:
            return True
    return False


def scrub(claim, ptp, mue):
    """[(edit id, [line numbers], [codes])]."""
    edits = []
    lines = claim["lines"]

    def renderer(line):
        return line["renderer"] or claim["renderer"]

    coded = [line for line in lines if line["code"] and is_procedure_code(line["code"])]
    for i, first in enumerate(coded):
        for second in coded[i + 1:]:
            if first["date"] != second["date"] or first["code"].upper() == second["code"].upper():
                continue
            if claim["kind"] == "professional" and renderer(first) != renderer(second):
                continue
            day = day_number(first["date"])
            for column1, column2 in ((first, second), (second, first)):
                code1, code2 = column1["code"].upper(), column2["code"].upper()
                indicator = pair_in_force(ptp, code1, code2, day)
                if indicator == "0" or (indicator == "1" and not bypasses(column1) and not bypasses(column2)):
                    edits.append(("ncci-ptp", sorted([column1["n"], column2["n"]]), [code1, code2]))

    for line in lines:
        if line["code"] and is_evaluation_and_management(line["code"]):
            wrong = [m.upper() for m in line["modifiers"] if m.upper() in DISTINCT_SERVICE_MODIFIERS]
            if wrong:
                edits.append(("ncci-modifier-on-em", [line["n"]], [line["code"]] + wrong))

    per_day = {}  # (code, date) -> (limit, [lines])
    for line in lines:
        if not line["code"]:
            continue
        code = line["code"].upper()
        limits = mue_limits(mue, claim["kind"], day_number(line["date"]))
        if limits is None or code not in limits:
            continue
        units, indicator = limits[code]
        if indicator == 1:
            if line["units"] > units:
                edits.append(("ncci-mue", [line["n"]], [code]))
        else:
            per_day.setdefault((code, line["date"]), (units, []))[1].append(line)
    for (code, _), (units, same_day) in per_day.items():
        if sum(line["units"] for line in same_day) > units:
            edits.append(("ncci-mue", [line["n"] for line in same_day], [code]))
    return edits


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--ptp", action="append", required=True)
    parser.add_argument("--mue", required=True)
    parser.add_argument("--claims", required=True)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--edits")
    args = parser.parse_args()

    before = resident_mb()
    started = time.perf_counter()
    ptp = load_ptp(args.ptp)
    ptp_seconds = time.perf_counter() - started
    ptp_mb = resident_mb() - before
    say(f"python: PTP {sum(len(v) for v in ptp.values())} rows in {ptp_seconds:.2f} s, {ptp_mb:.0f} MB resident")
    started = time.perf_counter()
    mue = load_mue(args.mue)
    mue_seconds = time.perf_counter() - started
    with open(args.claims, encoding="utf-8") as f:
        claims = [json.loads(line) for line in f if line.strip()]
    say(f"python: MUE {len(mue)} tables in {mue_seconds:.2f} s; {len(claims)} claims read")

    times = []
    for run in range(args.runs):
        started = time.perf_counter()
        results = [scrub(claim, ptp, mue) for claim in claims]
        times.append(time.perf_counter() - started)
        say(f"python: run {run + 1}/{args.runs}: {times[-1]:.2f} s = {len(claims) / times[-1]:.0f} claims/s")

    counts = {}
    for edits in results:
        for edit in edits:
            counts[edit[0]] = counts.get(edit[0], 0) + 1
    if args.edits:
        with open(args.edits, "w", encoding="utf-8") as out:
            for claim, edits in zip(claims, results):
                for edit_id, lines, codes in edits:
                    out.write(f"{claim['id']}\t{edit_id}\t{','.join(map(str, lines))}\t{','.join(codes)}\n")
    print(json.dumps({
        "python": sys.version.split()[0], "ptp_rows": sum(len(v) for v in ptp.values()),
        "ptp_load_s": ptp_seconds, "ptp_resident_mb": ptp_mb, "mue_load_s": mue_seconds,
        "claims": len(claims), "scrub_s": times, "scrub_median_s": statistics.median(times), "scrub_best_s": min(times),
        "counts": counts,
    }))


if __name__ == "__main__":
    main()
