"""Writes a point-of-sale XML export (the layout of SampleData/branch/pos_*.xml) of about MB
megabytes, deterministically, for scripts/bench extract.

Usage: bench_xml.py MB PATH. Prints the number of transactions written.

As in the sample export: a `pos:` namespace, a list of branches, then transactions with a
customer (left out for about one receipt in four: anonymous), one to six line items with German
decimal-comma prices and an `&amp;` now and then, and a total. Customer fields are left out as a
till leaves them out (no street, no phone, no e-mail).
"""
import random
import sys

megabytes, path = float(sys.argv[1]), sys.argv[2]
limit = int(megabytes * 1_000_000)
rng = random.Random(20261121)

branches = [
    ("B001", "Filiale Berlin Mitte", "Friedrichstraße 100", "10117", "Berlin", "Ost"),
    ("B002", "Filiale Hamburg Mönckebergstraße", "Mönckebergstraße 7", "20095", "Hamburg", "Nord"),
    ("B003", "Filiale München Zentrum", "Kaufingerstraße 12", "80331", "München", "Süd"),
    ("B004", "Filiale Köln Schildergasse", "Schildergasse 45", "50667", "Köln", "West"),
    ("B005", "Filiale Frankfurt Zeil", "Zeil 90", "60313", "Frankfurt am Main", "West"),
    ("B006", "Filiale Dresden Altmarkt", "Altmarkt 10", "01067", "Dresden", "Ost"),
    ("B007", "Filiale Leipzig Petersstraße", "Petersstraße 22", "04109", "Leipzig", "Ost"),
    ("B008", "Filiale Stuttgart Königstraße", "Königstraße 28", "70173", "Stuttgart", "Süd"),
]
products = [
    ("SKU-1001", "Kaffee Crema 1kg", 1299), ("SKU-1003", "Filterkaffee gemahlen 500g", 599),
    ("SKU-1008", "Müsli Früchte 750g", 429), ("SKU-1009", "Olivenöl extra vergine 0,5l", 799),
    ("SKU-1018", "Filtertüten Gr. 4, 80 Stück", 189), ("SKU-1019", "Milch &amp; Zucker Set", 1495),
    ("SKU-2001", "Lebkuchen Nürnberger Art 500g", 599), ("SKU-2002", "Glühwein rot 1l", 399),
    ("SKU-2004", "Adventskalender Schokolade", 719), ("SKU-2005", "Weihnachtsmischung Kaffee 500g", 999),
]
first = ["Anna", "Jürgen", "Sören", "Maria", "Hans-Peter", "Özlem", "Lukas", "Sophie", "Ben", "Marie", "Inge", "Jan"]
last = ["Müller", "Schmidt", "Schneider", "Fischer", "Weiß", "Meyer", "von der Heide", "Becker", "Hoffmann", "Schäfer"]
streets = ["Feldstr.", "Königstraße", "Hauptstraße", "Friedrich-Ebert-Strasse", "Am Anger", "Bahnhofstr."]
places = [("10551", "Berlin"), ("81369", "München"), ("07747", "Jena"), ("50667", "Köln"), ("20095", "Hamburg")]
countries = ["", "", "", "", "", "", "Deutschland", "Österreich", "AT", "Nederland"]


def money(cents):
    return f"{cents // 100},{cents % 100:02d}"


with open(path, "w", encoding="utf-8", newline="\n") as f:
    f.write('<?xml version="1.0" encoding="UTF-8"?>\n<pos:export xmlns:pos="urn:oneface:pos:1" generated="2026-11-21">\n  <pos:branches>\n')
    for b in branches:
        f.write(f'    <pos:branch id="{b[0]}"><pos:name>{b[1]}</pos:name><pos:street>{b[2]}</pos:street>'
                f'<pos:postcode>{b[3]}</pos:postcode><pos:city>{b[4]}</pos:city><pos:region>{b[5]}</pos:region></pos:branch>\n')
    f.write("  </pos:branches>\n  <pos:transactions>\n")
    written, number, buf = f.tell(), 0, []
    while written < limit:
        number += 1
        month, day = rng.randint(1, 12), rng.randint(1, 28)
        parts = [f'    <pos:transaction id="TX-{number:08d}" branch="{rng.choice(branches)[0]}" '
                 f'timestamp="2026-{month:02d}-{day:02d}T{rng.randint(9, 19):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}+01:00">\n']
        if rng.random() < 0.75:
            fn, ln = rng.choice(first), rng.choice(last)
            name = f"{ln}, {fn}" if rng.random() < 0.85 else f"{fn} {ln}"
            customer = f'      <pos:customer card="LC-{rng.randint(10000000, 99999999)}"><pos:name>{name}</pos:name>'
            if rng.random() < 0.92:
                postcode, city = rng.choice(places)
                customer += (f"<pos:street>{rng.choice(streets)} {rng.randint(1, 180)}</pos:street>"
                             f"<pos:postcode>{postcode}</pos:postcode><pos:city>{city}</pos:city>")
            country = rng.choice(countries)
            if country:
                customer += f"<pos:country>{country}</pos:country>"
            if rng.random() < 0.65:
                customer += f"<pos:phone>0{rng.randint(150, 179)} {rng.randint(1000000, 9999999)}</pos:phone>"
            if rng.random() < 0.55:
                customer += f"<pos:email>{fn.lower()}.{number}@example.de</pos:email>"
            parts.append(customer + "</pos:customer>\n")
        draw = rng.random()
        count = 1 if draw < 0.5 else 2 if draw < 0.8 else 3 if draw < 0.92 else rng.randint(4, 6)
        total, items = 0, []
        for sku, name, cents in rng.sample(products, count):
            quantity = 1 if rng.random() < 0.8 else rng.randint(2, 4)
            total += quantity * cents
            items.append(f'<pos:item sku="{sku}" qty="{quantity}" price="{money(cents)}">{name}</pos:item>')
        parts.append("      <pos:items>" + "".join(items) + "</pos:items>\n")
        parts.append(f'      <pos:total currency="EUR">{money(total)}</pos:total>\n    </pos:transaction>\n')
        record = "".join(parts)
        buf.append(record)
        written += len(record.encode("utf-8"))
        if len(buf) == 10000:
            f.write("".join(buf))
            buf = []
    f.write("".join(buf))
    f.write("  </pos:transactions>\n</pos:export>\n")
print(number)
