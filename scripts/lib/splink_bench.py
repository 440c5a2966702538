#!/usr/bin/env python3
"""Resolves the benchmark's person records with Splink 4 (DuckDB backend), the reference for OneFace.

A standard Splink configuration, written the way Splink's own tutorials do it, on the fields
OneFace also uses: blocking rules for prediction (e-mail; phone; postcode + surname; birth date +
first initial), comparisons from `splink.comparison_library`, lambda from deterministic rules,
u by random sampling, m by expectation-maximisation over two training blocking rules (first name +
surname + postcode; birth date), predict at a match-probability threshold, then connected
components at the same threshold. Only standard
preparation is applied to the input: trim, lower-case, empty text as NULL.

Run as its own process under /usr/bin/time -v (scripts/lib/bench_identity.sh), so wall time and
peak memory cover Splink alone: import, load, training, predict and clustering.

Usage:
  splink_bench.py --input RECORDS.csv --out CLUSTERS.csv --work DIR
                  [--threads 2] [--memory-limit 12GB] [--max-pairs 5e6] [--threshold 0.9] [--seed 42]

RECORDS.csv: header with unique_id and the columns in COLUMNS (all read as text).
CLUSTERS.csv: header unique_id,cluster_id. The last stdout line is a JSON summary with phase times.
"""
import argparse
import csv
import json
import os
import sys
import time

COLUMNS = ["first_name", "last_name", "email", "phone", "street", "house_number", "postcode", "city", "birth_date"]


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--input", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--work", required=True, help="folder for DuckDB's spill files")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--memory-limit", default="12GB")
    parser.add_argument("--max-pairs", type=float, default=5e6)
    parser.add_argument("--threshold", type=float, default=0.9)
    parser.add_argument("--seed", type=int, default=42)
    return parser.parse_args(argv)


def check_header(path):
    with open(path, newline="", encoding="utf-8") as handle:
        header = next(csv.reader(handle))
    missing = [c for c in ["unique_id"] + COLUMNS if c not in header]
    if missing:
        sys.exit(f"error: {path} lacks column(s) {', '.join(missing)}; export them from staging id_record")


def main(argv):
    args = parse_args(argv)
    check_header(args.input)
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
    os.makedirs(args.work, exist_ok=True)
    con = duckdb.connect(":memory:")
    con.execute(f"SET threads = {int(args.threads)}")
    con.execute("SET memory_limit = ?", [args.memory_limit])
    con.execute("SET temp_directory = ?", [os.path.join(args.work, "duckdb-tmp")])
    con.execute("SET preserve_insertion_order = false")
    # Standard preparation only: trim, lower-case, '' -> NULL. Values stay otherwise as staged.
    cleaned = ",\n".join(f"nullif(lower(trim({c})), '') AS {c}" for c in COLUMNS)
    con.execute(
        f"CREATE TABLE records AS SELECT unique_id, {cleaned} "
        "FROM read_csv(?, header = true, all_varchar = true)",
        [args.input],
    )
    records = con.execute("SELECT count(*) FROM records").fetchone()[0]
    phase("load")

    settings = SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        blocking_rules_to_generate_predictions=[
            block_on("email"),
            block_on("phone"),
            block_on("postcode", "last_name"),
            block_on("birth_date", "substr(first_name, 1, 1)"),
        ],
        comparisons=[
            cl.NameComparison("first_name").configure(term_frequency_adjustments=True),
            cl.NameComparison("last_name").configure(term_frequency_adjustments=True),
            cl.DateOfBirthComparison("birth_date", input_is_string=True, datetime_format="%Y-%m-%d"),
            cl.EmailComparison("email"),
            cl.ExactMatch("phone"),
            cl.ExactMatch("street"),
            cl.ExactMatch("house_number"),
            cl.ExactMatch("postcode"),
            cl.ExactMatch("city").configure(term_frequency_adjustments=True),
        ],
        retain_intermediate_calculation_columns=False,
        retain_matching_columns=False,
    )
    linker = Linker("records", settings, DuckDBAPI(connection=con))
    linker.training.estimate_probability_two_random_records_match(
        [block_on("first_name", "last_name", "birth_date"), block_on("email")], recall=0.7
    )
    phase("train_lambda")
    linker.training.estimate_u_using_random_sampling(max_pairs=args.max_pairs, seed=args.seed)
    phase("train_u")
    # Splink's tutorials block the first EM session on first name + surname; on this population
    # (German name frequencies, 1M records) that rule yields ~30M pairs and EM took ~600 s and 10 GB,
    # so, as Splink's guidance on training rules says, it is tightened with the postcode (~0.9M pairs).
    linker.training.estimate_parameters_using_expectation_maximisation(
        block_on("first_name", "last_name", "postcode")
    )
    phase("train_m_names")
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("birth_date"))
    phase("train_m_birth_date")

    predictions = linker.inference.predict(threshold_match_probability=args.threshold)
    pairs = con.execute(f"SELECT count(*) FROM {predictions.physical_name}").fetchone()[0]
    phase("predict")

    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
        predictions, threshold_match_probability=args.threshold
    )
    con.execute(
        f"COPY (SELECT unique_id, cluster_id FROM {clusters.physical_name} ORDER BY unique_id) "
        f"TO '{args.out.replace(chr(39), chr(39) * 2)}' (HEADER, DELIMITER ',')"
    )
    cluster_count = con.execute(f"SELECT count(DISTINCT cluster_id) FROM {clusters.physical_name}").fetchone()[0]
    phase("cluster")

    print(json.dumps({
        "splink": splink.__version__, "duckdb": duckdb.__version__, "records": records,
        "pairs_at_threshold": pairs, "clusters": cluster_count, "threshold": args.threshold,
        "max_pairs": args.max_pairs, "threads": args.threads, "phases_seconds": phases,
    }))


if __name__ == "__main__":
    main(sys.argv[1:])
