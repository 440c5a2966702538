import Testing
@testable import Identity

@Suite("Double Metaphone")
struct DoubleMetaphoneTests {
    /// Reference codes of Philips' original C++ implementation, as published with Stephen Woodbridge's
    /// test program (surnames.txt) and used by Apache Commons Codec; chosen to cover every rule group.
    @Test("Reference codes of the original implementation", arguments: [
        ("Smith", "SM0", "XMT"), ("Schmidt", "XMT", "SMT"), ("Thompson", "TMPS", "TMPS"), ("Thomas", "TMS", "TMS"),
        ("Adams", "ATMS", "ATMS"), ("Angier", "ANJ", "ANJR"), ("Bachelor", "PXLR", "PKLR"), ("Barlow", "PRL", "PRLF"),
        ("Beauchamp", "PXMP", "PKMP"), ("Beech", "PK", "PK"), ("benign", "PNN", "PNKN"), ("Bergen", "PRJN", "PRKN"),
        ("Bigelow", "PJL", "PKLF"), ("Bosworth", "PSR0", "PSRT"), ("Bouchier", "PX", "PKR"), ("Brzozowski", "PRSS", "PRTS"),
        ("Burge", "PRJ", "PRK"), ("Chambers", "XMPR", "XMPR"), ("Chevalier", "XFL", "XFLR"), ("Christie", "KRST", "KRST"),
        ("Church", "XRX", "XRK"), ("Clothilde", "KL0L", "KLTL"), ("Collier", "KL", "KLR"), ("Crew", "KR", "KRF"),
        ("Cutha", "K0", "KT"), ("D'Aubigny", "TPN", "TPKN"), ("Eglinton", "AKLN", "ALNT"), ("Fischer", "FXR", "FSKR"),
        ("Folger", "FLKR", "FLJR"), ("French", "FRNX", "FRNK"), ("Frier", "FR", "FRR"), ("Gage", "KJ", "KK"),
        ("George", "JRJ", "KRK"), ("Gerken", "KRKN", "JRKN"), ("Giffard", "JFRT", "KFRT"), ("Gill", "KL", "JL"),
        ("Hathaway", "H0", "HT"), ("Houckgeest", "HKJS", "HKKS"), ("Hough", "H", "H"), ("How", "H", "HF"),
        ("Hughes", "HS", "HS"), ("Huttinger", "HTNK", "HTNJ"), ("Jackson", "JKSN", "AKSN"), ("Josephine", "JSFN", "HSFN"),
        ("Knight", "NT", "NT"), ("Knox", "NKS", "NKS"), ("Lathrop", "L0RP", "LTRP"), ("Leager", "LKR", "LJR"),
        ("Longespee", "LNJS", "LNKS"), ("MacKenneth", "MKN0", "MKNT"), ("Magnus", "MNS", "MKNS"), ("Mayhew", "MH", "MHF"),
        ("McIlroy", "MSLR", "MSLR"), ("Murchad", "MRXT", "MRKT"), ("Page", "PJ", "PK"), ("Rachel", "RXL", "RKL"),
        ("Reichert", "RXRT", "RKRT"), ("Rogers", "RKRS", "RJRS"), ("Sargent", "SRJN", "SRKN"), ("Schlegel", "XLKL", "SLKL"),
        ("Sergeaux", "SRJ", "SRK"), ("Shaw", "X", "XF"), ("Slade", "SLT", "XLT"), ("Snow", "SN", "XNF"),
        ("Southworth", "S0R0", "STRT"), ("St. Leger", "STLJ", "STLK"), ("Swayze", "SS", "XTS"), ("Thayer", "0R", "TR"),
        ("Thwaits", "0TS", "TTS"), ("Ua Tuathail", "AT0L", "ATTL"), ("Ulrich", "ALRX", "ALRK"), ("Van Egmond", "FNKM", "FNKM"),
        ("Wagner", "AKNR", "FKNR"), ("Wenzell", "ANSL", "FNTS"), ("Winch", "ANX", "FNK"), ("Winthrop", "AN0R", "FNTR"),
        ("Wright", "RT", "RT"), ("Arnow", "ARN", "ARNF"), ("DANGER", "TNJR", "TNKR"), ("Jankelowicz", "JNKL", "ANKL"),
        ("McClellan", "MKLL", "MKLL"), ("McHugh", "MK", "MK"), ("McLaughlin", "MKLF", "MKLF"), ("ORCHEStra", "ARKS", "ARKS"),
        ("Schlesinger", "XLSN", "SLSN"), ("Uomo", "AM", "AM"), ("Wasserman", "ASRM", "FSRM"), ("Womo", "AM", "FM"),
        ("accident", "AKST", "AKST"), ("aged", "AJT", "AKT"), ("artois", "ART", "ARTS"), ("automation", "ATMX", "ATMX"),
        ("bacchus", "PKS", "PKS"), ("bacci", "PX", "PX"), ("bajador", "PJTR", "PHTR"), ("bellocchio", "PLX", "PLX"),
        ("biaggi", "PJ", "PK"), ("breaux", "PR", "PR"), ("cabrillo", "KPRL", "KPR"), ("caesar", "SSR", "SSR"),
        ("cagney", "KKN", "KKN"), ("campbell", "KMPL", "KMPL"), ("carlisle", "KRLL", "KRLL"), ("chianti", "KNT", "KNT"),
        ("chorus", "KRS", "KRS"), ("cough", "KF", "KF"), ("czerny", "SRN", "XRN"), ("dumb", "TM", "TM"),
        ("edgar", "ATKR", "ATKR"), ("edge", "AJ", "AJ"), ("filipowicz", "FLPT", "FLPF"), ("focaccia", "FKX", "FKX"),
        ("gallegos", "KLKS", "KKS"), ("geithain", "K0N", "JTN"), ("ghislane", "JLN", "JLN"), ("hochmeier", "HKMR", "HKMR"),
        ("island", "ALNT", "ALNT"), ("jose", "HS", "HS"), ("laugh", "LF", "LF"), ("mac caffrey", "MKFR", "MKFR"),
        ("mac gregor", "MKRK", "MKRK"), ("pegnitz", "PNTS", "PKNT"), ("queen", "KN", "KN"), ("resnais", "RSN", "RSNS"),
        ("rogier", "RJ", "RJR"), ("san jacinto", "SNHS", "SNHS"), ("schenker", "XNKR", "SKNK"), ("school", "SKL", "SKL"),
        ("schwarzach", "XRSK", "XFRT"), ("succeed", "SKST", "SKST"), ("sugarcane", "XKRK", "SKRK"), ("tagliaro", "TKLR", "TLR"),
        ("thumb", "0M", "TM"), ("tichner", "TXNR", "TKNR"), ("von schuller", "FNXL", "FNXL"), ("wachtler", "AKTL", "FKTL"),
        ("zhao", "J", "J"),
    ])
    func referenceCodes(name: String, primary: String, alternate: String) {
        let code = Phonetics.doubleMetaphone(name)
        #expect(code.primary == primary)
        #expect(code.alternate == alternate)
    }

    @Test("German names with umlauts and ß")
    func germanLetters() {
        #expect(Phonetics.doubleMetaphone("Müller") == Phonetics.doubleMetaphone("Muller"))
        #expect(Phonetics.doubleMetaphone("Weiß").primary == Phonetics.doubleMetaphone("Weiss").primary)
        #expect(Phonetics.doubleMetaphone("Jörg") == Phonetics.doubleMetaphone("JORG"))
        #expect(Phonetics.doubleMetaphone("Ñuñez").primary == "NNS")
        #expect(Phonetics.doubleMetaphone("Çelik").primary == "SLK")
    }

    @Test("maxLength limits both codes")
    func maxLength() {
        #expect(Phonetics.doubleMetaphone("Thompson", maxLength: 10).primary == "TMPSN")
        #expect(Phonetics.doubleMetaphone("Schwarzenegger", maxLength: 2) == ("XR", "XF"))
        #expect(Phonetics.doubleMetaphone("Smith", maxLength: 0).primary == "S")   // at least 1
    }

    @Test("A final J adds nothing to the alternate (the original added a space)")
    func finalJ() {
        let code = Phonetics.doubleMetaphone("Raj")
        #expect(code == ("RJ", "R"))
    }

    @Test("Empty and letterless input gives empty codes", arguments: ["", "   ", "😀", "123", "-"])
    func empty(text: String) {
        let code = Phonetics.doubleMetaphone(text)
        #expect(code.primary == "")
        #expect(code.alternate == "")
    }

    @Test("Very long input is cut at maxLength without reading the whole name into codes")
    func veryLong() {
        let name = String(repeating: "Schmidt", count: 10_000)
        #expect(Phonetics.doubleMetaphone(name).primary.count == 4)
    }
}
