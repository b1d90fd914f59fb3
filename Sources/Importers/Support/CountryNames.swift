import MatchCore

/// Country names as registration platforms write them → ISO 3166-1 alpha-2 codes.
///
/// Accepts an ISO code (`DK`, also `UK` and `EL`), an English name (every European country
/// and the major others), common short and official forms (`Czechia`, `Czech Republic`,
/// `USA`, `United States of America`, `Türkiye`) and the native names of EU/EEA countries
/// (`Deutschland`, `Danmark`, `España`). Case, accents and punctuation are ignored.
package enum CountryNames {
    /// The ISO code for a country name or code; nil when unknown.
    package static func code(for raw: String) -> String? {
        let text = TextKey.trimmed(raw)
        if text.count == 2, let code = CountryCode.normalise(text) { return code }
        if text.count == 3, let code = alpha3[text.uppercased()] { return code }
        let key = TextKey.of(text.hasPrefix("The ") || text.hasPrefix("the ") ? String(text.dropFirst(4)) : text)
        return byName[key]
    }

    private static let alpha3: [String: String] = [
        "AUT": "AT", "BEL": "BE", "BGR": "BG", "HRV": "HR", "CYP": "CY", "CZE": "CZ", "DNK": "DK", "EST": "EE",
        "FIN": "FI", "FRA": "FR", "DEU": "DE", "GRC": "GR", "HUN": "HU", "IRL": "IE", "ITA": "IT", "LVA": "LV",
        "LTU": "LT", "LUX": "LU", "MLT": "MT", "NLD": "NL", "POL": "PL", "PRT": "PT", "ROU": "RO", "SVK": "SK",
        "SVN": "SI", "ESP": "ES", "SWE": "SE", "GBR": "GB", "NOR": "NO", "ISL": "IS", "CHE": "CH", "USA": "US",
    ]

    private static let names: [(String, [String])] = [
        // EU
        ("AT", ["Austria", "Österreich", "Republic of Austria"]),
        ("BE", ["Belgium", "Belgique", "België", "Belgien"]),
        ("BG", ["Bulgaria", "България"]),
        ("HR", ["Croatia", "Hrvatska"]),
        ("CY", ["Cyprus", "Κύπρος"]),
        ("CZ", ["Czechia", "Czech Republic", "Česko", "Česká republika"]),
        ("DK", ["Denmark", "Danmark", "Dänemark"]),
        ("EE", ["Estonia", "Eesti"]),
        ("FI", ["Finland", "Suomi"]),
        ("FR", ["France", "Frankreich", "French Republic"]),
        ("DE", ["Germany", "Deutschland", "Federal Republic of Germany", "Allemagne"]),
        ("GR", ["Greece", "Hellas", "Ελλάδα", "Hellenic Republic"]),
        ("HU", ["Hungary", "Magyarország"]),
        ("IE", ["Ireland", "Éire", "Republic of Ireland"]),
        ("IT", ["Italy", "Italia", "Italien"]),
        ("LV", ["Latvia", "Latvija"]),
        ("LT", ["Lithuania", "Lietuva"]),
        ("LU", ["Luxembourg", "Luxemburg"]),
        ("MT", ["Malta"]),
        ("NL", ["Netherlands", "Nederland", "Holland", "The Netherlands", "Niederlande"]),
        ("PL", ["Poland", "Polska", "Polen"]),
        ("PT", ["Portugal"]),
        ("RO", ["Romania", "România", "Rumänien"]),
        ("SK", ["Slovakia", "Slovensko", "Slovak Republic"]),
        ("SI", ["Slovenia", "Slovenija"]),
        ("ES", ["Spain", "España", "Espana", "Spanien"]),
        ("SE", ["Sweden", "Sverige", "Schweden"]),
        // rest of Europe
        ("AL", ["Albania", "Shqipëria"]),
        ("AD", ["Andorra"]),
        ("AM", ["Armenia"]),
        ("AZ", ["Azerbaijan"]),
        ("BY", ["Belarus"]),
        ("BA", ["Bosnia and Herzegovina", "Bosnia & Herzegovina", "Bosnia-Herzegovina", "Bosnia"]),
        ("FO", ["Faroe Islands", "Føroyar"]),
        ("GE", ["Georgia"]),
        ("GI", ["Gibraltar"]),
        ("IS", ["Iceland", "Ísland"]),
        ("XK", ["Kosovo"]),
        ("LI", ["Liechtenstein"]),
        ("MD", ["Moldova", "Republic of Moldova"]),
        ("MC", ["Monaco"]),
        ("ME", ["Montenegro", "Crna Gora"]),
        ("MK", ["North Macedonia", "Macedonia", "Republic of North Macedonia", "FYROM"]),
        ("NO", ["Norway", "Norge", "Noreg", "Norwegen"]),
        ("RU", ["Russia", "Russian Federation"]),
        ("SM", ["San Marino"]),
        ("RS", ["Serbia", "Srbija"]),
        ("CH", ["Switzerland", "Schweiz", "Suisse", "Svizzera", "Swiss Confederation"]),
        ("TR", ["Turkey", "Türkiye", "Turkiye"]),
        ("UA", ["Ukraine", "Україна"]),
        ("GB", ["United Kingdom", "UK", "Great Britain", "Britain", "England", "Scotland", "Wales", "Northern Ireland",
                "United Kingdom of Great Britain and Northern Ireland"]),
        ("VA", ["Vatican", "Holy See", "Vatican City"]),
        // major others
        ("AR", ["Argentina"]), ("AU", ["Australia"]), ("BR", ["Brazil", "Brasil"]), ("CA", ["Canada"]),
        ("CL", ["Chile"]), ("CN", ["China", "People's Republic of China", "PRC"]), ("CO", ["Colombia"]),
        ("EG", ["Egypt"]), ("HK", ["Hong Kong"]), ("IN", ["India"]), ("ID", ["Indonesia"]), ("IL", ["Israel"]),
        ("JP", ["Japan"]), ("KE", ["Kenya"]), ("KR", ["South Korea", "Korea", "Republic of Korea", "Korea, Republic of"]),
        ("MY", ["Malaysia"]), ("MX", ["Mexico", "México"]), ("MA", ["Morocco", "Maroc"]), ("NZ", ["New Zealand"]),
        ("NG", ["Nigeria"]), ("PK", ["Pakistan"]), ("PE", ["Peru"]), ("PH", ["Philippines"]), ("QA", ["Qatar"]),
        ("SA", ["Saudi Arabia"]), ("SG", ["Singapore"]), ("ZA", ["South Africa"]), ("TW", ["Taiwan"]),
        ("TH", ["Thailand"]), ("TN", ["Tunisia"]), ("AE", ["United Arab Emirates", "UAE", "Emirates"]),
        ("US", ["United States", "United States of America", "USA", "US", "U.S.A.", "U.S.", "America"]),
        ("VN", ["Vietnam", "Viet Nam"]), ("UY", ["Uruguay"]), ("JO", ["Jordan"]), ("LB", ["Lebanon"]),
        ("DZ", ["Algeria"]), ("GH", ["Ghana"]), ("ET", ["Ethiopia"]), ("BD", ["Bangladesh"]),
    ]

    private static let byName: [String: String] = {
        var map: [String: String] = [:]
        for (code, spellings) in names {
            for name in spellings { map[TextKey.of(name)] = code }
        }
        return map
    }()
}
