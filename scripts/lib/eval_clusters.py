#!/usr/bin/env python3
"""Scores a clustering of person records against the generator's ground truth.

Pairwise and B-cubed precision, recall and F1 exactly as /work/shared/DOMAIN.md defines them,
computed from the contingency table (predicted cluster x true entity), never by listing pairs,
so one million records take seconds. The identity benchmark scores OneFace and Splink with this
same code, so a difference in the figures is a difference in the clusterings.

Usage:
  eval_clusters.py TRUTH.csv PREDICTED.csv [--label NAME]   prints one JSON object
  eval_clusters.py --self-test                              checks a hand-computed example

TRUTH.csv: header `system,source_record_id,entity_id` (what `oneface sample` writes).
PREDICTED.csv: header `unique_id,cluster_id`, unique_id = system + ':' + source_record_id.
A truth record missing from the prediction counts as a singleton cluster (and is reported);
predicted ids that are not in the truth are ignored (and reported).

- Complexity: O(n) time and memory in the number of records.
"""
import csv
import json
import sys
from collections import Counter
from fractions import Fraction


def pairs(n):
    """Unordered pairs among n records: C(n, 2)."""
    return n * (n - 1) // 2


def score(truth, predicted):
    """Scores `predicted` (key -> cluster) against `truth` (key -> entity).

    Returns a dict of counts and the six measures as floats. An empty denominator (no predicted
    pairs, or no true pairs) gives 1.0: nothing was claimed, so nothing was claimed wrongly.
    """
    missing = 0
    cells = Counter()
    for key, entity in truth.items():
        cluster = predicted.get(key)
        if cluster is None:
            missing += 1
            cluster = ("\x00missing", key)  # its own singleton cluster
        cells[(cluster, entity)] += 1
    extra = sum(1 for key in predicted if key not in truth)

    cluster_size = Counter()
    entity_size = Counter()
    for (cluster, entity), n in cells.items():
        cluster_size[cluster] += n
        entity_size[entity] += n

    records = len(truth)
    true_positive = sum(pairs(n) for n in cells.values())
    predicted_pairs = sum(pairs(n) for n in cluster_size.values())
    true_pairs = sum(pairs(n) for n in entity_size.values())

    def ratio(a, b):
        return Fraction(a, b) if b else Fraction(1)

    def f1(p, r):
        return 2 * p * r / (p + r) if p + r else Fraction(0)

    pw_p = ratio(true_positive, predicted_pairs)
    pw_r = ratio(true_positive, true_pairs)
    # B-cubed: each of the n records in a cell has |C ∩ T| = n, so the cell adds n * n / |C|.
    b3_p = sum(Fraction(n * n, cluster_size[c]) for (c, _), n in cells.items()) / records if records else Fraction(1)
    b3_r = sum(Fraction(n * n, entity_size[e]) for (_, e), n in cells.items()) / records if records else Fraction(1)
    return {
        "records": records,
        "clusters": len(cluster_size),
        "entities": len(entity_size),
        "missing_from_prediction": missing,
        "not_in_truth": extra,
        "true_positive_pairs": true_positive,
        "predicted_pairs": predicted_pairs,
        "true_pairs": true_pairs,
        "exact": {"pairwise": [pw_p, pw_r, f1(pw_p, pw_r)], "bcubed": [b3_p, b3_r, f1(b3_p, b3_r)]},
        "pairwise_precision": float(pw_p),
        "pairwise_recall": float(pw_r),
        "pairwise_f1": float(f1(pw_p, pw_r)),
        "bcubed_precision": float(b3_p),
        "bcubed_recall": float(b3_r),
        "bcubed_f1": float(f1(b3_p, b3_r)),
    }


def read_truth(path):
    with open(path, newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        if header[:3] != ["system", "source_record_id", "entity_id"]:
            sys.exit(f"error: {path}: expected header system,source_record_id,entity_id, found {','.join(header)}")
        truth = {}
        for row in reader:
            truth[row[0] + ":" + row[1]] = row[2]
        return truth


def read_predicted(path):
    with open(path, newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        if header[:2] != ["unique_id", "cluster_id"]:
            sys.exit(f"error: {path}: expected header unique_id,cluster_id, found {','.join(header)}")
        predicted = {}
        for row in reader:
            if row[0] in predicted:
                sys.exit(f"error: {path}: record id occurs twice; a clustering must be disjoint")
            predicted[row[0]] = row[1]
        return predicted


def self_test():
    """Truth {a,b,c} {d,e}; prediction {a,b} {c,d,e}: computed by hand.

    Cells (1,X)=2, (2,X)=1, (2,Y)=2. Pairwise: TP = 1+0+1 = 2, predicted = 1+3 = 4, true = 3+1 = 4,
    so P = R = F1 = 1/2. B-cubed precision: a,b 2/2; c 1/3; d,e 2/3 -> (1+1+1/3+2/3+2/3)/5 = 11/15.
    B-cubed recall: a,b 2/3; c 1/3; d,e 2/2 -> (2/3+2/3+1/3+1+1)/5 = 11/15; F1 = 11/15.
    A missing record becomes a singleton: dropping e from the prediction leaves TP = 1+0 = 1.
    """
    truth = {"a": "X", "b": "X", "c": "X", "d": "Y", "e": "Y"}
    result = score(truth, {"a": "1", "b": "1", "c": "2", "d": "2", "e": "2"})
    half, eleven = Fraction(1, 2), Fraction(11, 15)
    assert result["exact"]["pairwise"] == [half, half, half], result["exact"]
    assert result["exact"]["bcubed"] == [eleven, eleven, eleven], result["exact"]
    partial = score(truth, {"a": "1", "b": "1", "c": "2", "d": "2", "z": "9"})
    assert partial["true_positive_pairs"] == 1 and partial["predicted_pairs"] == 2, partial
    assert partial["missing_from_prediction"] == 1 and partial["not_in_truth"] == 1, partial
    perfect = score(truth, {k: v for k, v in truth.items()})
    assert perfect["exact"]["pairwise"] == [1, 1, 1] and perfect["exact"]["bcubed"] == [1, 1, 1]
    print("eval_clusters self-test: 3 passed, 0 failed")


def main(argv):
    if argv[1:] == ["--self-test"]:
        self_test()
        return
    if len(argv) not in (3, 5) or (len(argv) == 5 and argv[3] != "--label"):
        sys.exit(__doc__)
    result = score(read_truth(argv[1]), read_predicted(argv[2]))
    del result["exact"]
    if len(argv) == 5:
        result = {"label": argv[4], **result}
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv)
