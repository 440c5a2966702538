/// What the sample company sells, mails and gets told: products, campaign names, ticket
/// categories and survey comments.
struct ShopCatalog {
    struct Product {
        let sku: [UInt8]
        let name: [UInt8]
        let cents: Int
        /// 0 all year, 12 only sold in November and December.
        let season: Int
    }

    let products: [Product]
    let productWeights: [Int]
    let christmasProductWeights: [Int]
    /// Comments by mood: 0 detractor, 1 passive, 2 promoter.
    let comments: [[[UInt8]]]

    init() {
        products = ShopCatalog.productData.map {
            Product(sku: Array($0.sku.utf8), name: Array($0.name.utf8), cents: $0.cents, season: $0.season)
        }
        var total = 0
        productWeights = ShopCatalog.productData.map { total += $0.season == 0 ? $0.weight : 0; return total }
        total = 0
        christmasProductWeights = ShopCatalog.productData.map { total += $0.weight; return total }
        comments = [ShopCatalog.negativeComments, ShopCatalog.neutralComments, ShopCatalog.positiveComments]
            .map { $0.map { Array($0.utf8) } }
    }

    // Names contain `&`, `€`, commas and typographic quotes on purpose: exporters must escape them.
    static let productData: [(sku: String, name: String, cents: Int, weight: Int, season: Int)] = [
        ("SKU-1001", "Kaffee Crema 1kg", 1299, 60, 0),
        ("SKU-1002", "Espresso Bohnen 500g", 849, 45, 0),
        ("SKU-1003", "Filterkaffee gemahlen 500g", 599, 40, 0),
        ("SKU-1004", "Entkoffeinierter Kaffee 250g", 549, 10, 0),
        ("SKU-1005", "Grüner Tee Sencha 100g", 399, 18, 0),
        ("SKU-1006", "Früchtetee Waldbeere 20 Btl.", 249, 15, 0),
        ("SKU-1007", "Schokolade Zartbitter 100g", 179, 35, 0),
        ("SKU-1008", "Müsli Früchte 750g", 429, 20, 0),
        ("SKU-1009", "Olivenöl extra vergine 0,5l", 799, 14, 0),
        ("SKU-1010", "Haferdrink Barista 1l", 219, 25, 0),
        ("SKU-1011", "Kaffeebecher Porzellan", 995, 12, 0),
        ("SKU-1012", "Thermoskanne 1l", 2490, 6, 0),
        ("SKU-1013", "Geschirrtuch 2er-Set", 650, 8, 0),
        ("SKU-1014", "Milchaufschäumer", 3999, 4, 0),
        ("SKU-1015", "Wasserkocher Edelstahl", 3499, 3, 0),
        ("SKU-1016", "Kaffeemühle elektrisch", 4900, 3, 0),
        ("SKU-1017", "Espressokocher 6 Tassen", 2999, 4, 0),
        ("SKU-1018", "Filtertüten Gr. 4, 80 Stück", 189, 20, 0),
        ("SKU-1019", "Milch & Zucker Set", 1495, 5, 0),
        ("SKU-1020", "Süßigkeiten-Mischung 300g", 349, 15, 0),
        ("SKU-1021", "Entkalker 250ml", 699, 8, 0),
        ("SKU-1022", "Gutschein 25 €", 2500, 4, 0),
        ("SKU-1023", "Tasse „Lieblingsmensch“", 1295, 5, 0),
        ("SKU-1024", "Kaffeevollautomat Barista Pro", 64900, 1, 0),
        ("SKU-1025", "Siebträger-Reinigungstabletten", 1099, 3, 0),
        ("SKU-1026", "Kaffeekapseln Lungo 10 St.", 329, 20, 0),
        ("SKU-1027", "Brötchen-Tüte Papier 50 St.", 299, 4, 0),
        ("SKU-2001", "Lebkuchen Nürnberger Art 500g", 599, 30, 12),
        ("SKU-2002", "Glühwein rot 1l", 399, 25, 12),
        ("SKU-2003", "Christstollen 750g", 1249, 20, 12),
        ("SKU-2004", "Adventskalender Schokolade", 899, 15, 12),
        ("SKU-2005", "Weihnachtsmischung Kaffee 500g", 999, 18, 12),
    ]

    static let negativeComments: [String] = [
        "Die Lieferung kam zu spät.",
        "Lange Wartezeit an der Kasse, nur eine Kasse offen.",
        "Der Kundenservice war telefonisch nicht erreichbar, ich habe dreimal angerufen.",
        "Rechnung war falsch, und die Korrektur hat zwei Wochen gedauert.",
        "Das Produkt war beschädigt. Umtausch nur gegen Kassenbon – den hatte ich nicht mehr.",
        "Man hat mir \"Premiumqualität\" versprochen, die Maschine war nach 3 Monaten defekt.",
        "Unfreundliche Beratung.\nSo gehe ich nicht mehr hin.",
        "Preise sind gestiegen, Qualität nicht.",
        "Ich wurde am Telefon fünfmal weiterverbunden, ohne Lösung.",
        "Newsletter kommt trotz Abmeldung weiter!!!",
        "Die Filiale war unordentlich; Regale leer.",
    ]
    static let neutralComments: [String] = [
        "Alles ok.",
        "Ganz gut, aber etwas teuer.",
        "Kaffee gut, Auswahl an Tee könnte größer sein.",
        "Die App ist umständlich, sonst in Ordnung.",
        "Freundlich, aber die Wartezeit war lang.\nBitte mehr Personal am Samstag.",
        "Lieferung pünktlich, Verpackung zu groß.",
        "Passt. Nicht mehr, nicht weniger.",
        "Die \"Treuepunkte\" verstehe ich bis heute nicht.",
        "Mittelmäßig, die Konkurrenz ist ähnlich.",
    ]
    static let positiveComments: [String] = [
        "Sehr freundliche Beratung, gerne wieder!",
        "Super Service, schnelle Lieferung.",
        "Der beste Kaffee der Stadt.",
        "Top! Meine Reklamation wurde in einem Tag erledigt.",
        "Immer wieder gerne, das Team in der Filiale ist klasse.",
        "Die Mitarbeiterin hat sich viel Zeit genommen, \"danke\" an Frau Schulz!",
        "Schnell, freundlich, kompetent.\nWeiter so!",
        "Ich empfehle euch allen Freunden, wirklich.",
        "Gute Qualität zu fairen Preisen; gerne wieder.",
        "Alles bestens 👍",
    ]

    /// The campaign name for a send month (1...12), followed by the year where it fits.
    static func campaignName(month: Int, year: Int) -> [UInt8] {
        let names = [
            "Neujahrs-Newsletter %Y", "Winterschlussverkauf %Y", "Frühjahrsaktion %Y", "Oster-Special %Y",
            "Muttertag %Y", "Sommer-Sale: 20 € Rabatt", "Sommerfest %Y", "Ferien-Newsletter %Y",
            "Herbstaktion %Y", "Treue-Bonus \"Danke\" %Y", "Black Week %Y – bis zu 30 %", "Adventskalender %Y",
        ]
        var bytes: [UInt8] = []
        for byte in names[month - 1].utf8 {
            if byte == UInt8(ascii: "Y"), bytes.last == UInt8(ascii: "%") {
                bytes.removeLast()
                bytes.appendPadded(year, width: 4)
            } else {
                bytes.append(byte)
            }
        }
        return bytes
    }
}
