#!/usr/bin/env python3
"""Deduplicates one FEBRL data set with Splink 5 (DuckDB backend), the reference for OneFace.

The configuration follows Splink's own FEBRL examples (docs/demos/examples/duckdb/febrl3 and
febrl4): blocking on names, swapped names, birth date, street and postcode; NameComparison
(Jaro-Winkler levels) on the names, DateOfBirthComparison, Jaro-Winkler on the street and suburb,
Damerau-Levenshtein on the postcode, exact street number with term frequencies; lambda from
deterministic rules, u by random sampling, m by expectation-maximisation blocked on birth date and
on postcode; predict at a match-probability threshold and connected components at the same one.
The same settings for every data set, dedupe_only over all of the folder's files combined (the
FEBRL4 truth is one deduplication). Unlike Splink's examples, soc_sec_id is never read: a national
id would make the task trivial, and OneFace does not get it either.

Run as its own process under /usr/bin/time -v (scripts/lib/bench_identity_febrl.sh), so wall time
and peak memory cover Splink alone: import, load, training, predict and clustering.

Usage:
  splink_febrl.py --input-dir DIR --out CLUSTERS.csv [--system email] [--threads 2]
                  [--max-pairs 1e6] [--threshold 0.9] [--seed 42]

DIR holds febrl*.csv as scripts/lib/febrl_export.py writes them. CLUSTERS.csv: header
unique_id,cluster_id with unique_id = SYSTEM:rec_id (the key eval_clusters.py joins on).
The last stdout line is a JSON summary with phase times.
"""
import argparse
import glob
import json
import os
import sys
import time

# The raw FEBRL columns Splink compares; rec_id is the key, soc_sec_id is deliberately absent.
COLUMNS = ["given_name", "surname", "street_number", "address_1", "address_2", "suburb",
           "postcode", "state", "date_of_birth"]


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--input-dir", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--system", default="email", help="the source system in the truth file's keys")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--max-pairs", type=float, default=1e6)
    parser.add_argument("--threshold", type=float, default=0.9)
    parser.add_argument("--seed", type=int, default=42)
    return parser.parse_args(argv)


def main(argv):
    args = parse_args(argv)
    files = sorted(glob.glob(os.path.join(args.input_dir, "febrl*.csv")))
    if not files:
        sys.exit(f"error: no febrl*.csv in {args.input_dir}; export them with scripts/lib/febrl_export.py")
    phases = {}
    started = time.perf_counter()

    def phase(name):
        nonlocal started
        now = time.perf_counter()
        phases[name] = round(now - started, 3)
        started = now

    import duckdb
    import splink
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    phase("import")
    con = duckdb.connect(":memory:")
    con.execute(f"SET threads = {int(args.threads)}")
    # Standard preparation only (as Splink's examples): trim, '' -> NULL; FEBRL is lower-case already.
    cleaned = ",\n".join(f"nullif(trim({c}), '') AS {c}" for c in COLUMNS)
    con.execute(
        f"CREATE TABLE records AS SELECT ? || ':' || trim(rec_id) AS unique_id, {cleaned} "
        "FROM read_csv(?, header = true, all_varchar = true, union_by_name = true)",
        [args.system, files],
    )
    records = con.execute("SELECT count(*) FROM records").fetchall()[0][0]
    phase("load")

    blocking_rules = [
        block_on("given_name", "surname"),
        "l.given_name = r.surname AND l.surname = r.given_name",
        block_on("date_of_birth"),
        block_on("street_number", "address_1"),
        block_on("state", "address_1"),
        block_on("postcode"),
    ]
    settings = SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        blocking_rules_to_generate_predictions=blocking_rules,
        comparisons=[
            cl.NameComparison("given_name").configure(term_frequency_adjustments=True),
            cl.NameComparison("surname").configure(term_frequency_adjustments=True),
            cl.DateOfBirthComparison("date_of_birth", input_is_string=True, datetime_format="%Y%m%d",
                                     invalid_dates_as_null=True),
            cl.ExactMatch("street_number").configure(term_frequency_adjustments=True),
            cl.JaroWinklerAtThresholds("address_1", [0.9, 0.7]),
            cl.JaroWinklerAtThresholds("suburb", [0.9, 0.7]),
            cl.DamerauLevenshteinAtThresholds("postcode", [1, 2]).configure(term_frequency_adjustments=True),
        ],
        retain_intermediate_calculation_columns=False,
        retain_matching_columns=False,
    )
    db_api = DuckDBAPI(connection=con)
    linker = Linker(db_api.register("records"), settings, log_level=None)
    linker.training.estimate_probability_two_random_records_match(
        [
            block_on("given_name", "surname", "date_of_birth"),
            "l.given_name = r.surname AND l.surname = r.given_name AND l.date_of_birth = r.date_of_birth",
        ],
        recall=0.8,
    )
    phase("train_lambda")
    linker.training.estimate_u_using_random_sampling(max_pairs=args.max_pairs, seed=args.seed)
    phase("train_u")
    linker.training.estimate_parameters_using_expectation_maximisation(
        block_on("date_of_birth"), estimate_without_term_frequencies=True
    )
    phase("train_m_date_of_birth")
    linker.training.estimate_parameters_using_expectation_maximisation(
        block_on("postcode"), estimate_without_term_frequencies=True
    )
    phase("train_m_postcode")

    predictions = linker.inference.predict(threshold_match_probability=args.threshold)
    pairs = con.execute(f"SELECT count(*) FROM {predictions.physical_name}").fetchall()[0][0]
    phase("predict")

    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
        predictions, threshold_match_probability=args.threshold
    )
    con.execute(
        f"COPY (SELECT unique_id, cluster_id FROM {clusters.physical_name} ORDER BY unique_id) "
        f"TO '{args.out.replace(chr(39), chr(39) * 2)}' (HEADER, DELIMITER ',')"
    )
    cluster_count = con.execute(f"SELECT count(DISTINCT cluster_id) FROM {clusters.physical_name}").fetchall()[0][0]
    phase("cluster")

    print(json.dumps({
        "splink": splink.__version__, "duckdb": duckdb.__version__, "records": records,
        "files": [os.path.basename(f) for f in files], "pairs_at_threshold": pairs,
        "clusters": cluster_count, "threshold": args.threshold, "max_pairs": args.max_pairs,
        "threads": args.threads, "phases_seconds": phases,
    }))


if __name__ == "__main__":
    main(sys.argv[1:])
