"""Writes a survey-like UTF-8 CSV export (with BOM) of N rows, deterministically, for scripts/bench.

About one comment in eight holds a comma, doubled quotes or a newline, as real exports do.
"""
import random
import sys

rows, path = int(sys.argv[1]), sys.argv[2]
rng = random.Random(20261121)
first = ["Anna", "Jürgen", "Sören", "Maria", "Hans-Peter", "Özlem", "Lukas", "Sophie", "Ben", "Marie"]
last = ["Müller", "Schmidt", "Schneider", "Fischer", "Weiß", "Meyer", "von der Heide", "Becker", "Hoffmann", "Schäfer"]
comments = ["Alles gut", "Sehr freundlich, schnelle Lieferung", 'Der "Express"-Versand kam zu spät',
            "Mehrzeilig:\nZweite Zeile", "", "Preis ok", "Würde ich weiterempfehlen"]

def q(value):
    if any(c in value for c in ',"\n\r'):
        return '"' + value.replace('"', '""') + '"'
    return value

with open(path, "w", encoding="utf-8", newline="") as f:
    f.write("\ufeffresponse_id,survey_id,submitted_at,first_name,last_name,email,postcode,birth_date,nps,ces,csat,comment\n")
    buf = []
    for i in range(1, rows + 1):
        fn, ln = rng.choice(first), rng.choice(last)
        month, day = rng.randint(1, 12), rng.randint(1, 28)
        line = ",".join([
            f"R-{i:08d}", f"SRV-2026-Q{(month - 1) // 3 + 1}", f"2026-{month:02d}-{day:02d}T{rng.randint(8, 20):02d}:{rng.randint(0, 59):02d}:00+01:00",
            q(fn), q(ln), f"kunde{i}@example.de", f"{rng.randint(1067, 99998):05d}",
            f"{rng.randint(1940, 2005)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            str(rng.randint(0, 10)), str(rng.randint(1, 7)), str(rng.randint(1, 5)), q(rng.choice(comments)),
        ])
        buf.append(line)
        if len(buf) == 10000:
            f.write("\n".join(buf) + "\n")
            buf = []
    if buf:
        f.write("\n".join(buf) + "\n")
