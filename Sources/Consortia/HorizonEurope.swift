/// The countries of Horizon Europe, in one place: what `"eligibleCountries": "horizon-europe"`
/// and `minFromMemberStates` read. ISO 3166-1 alpha-2 as stored (`GR`, not `EL`; `GB`, not
/// `UK`; Kosovo as `XK`).
///
/// As of **2025-01-01**. Simplified (see docs/consortium.md): a country associated only to
/// some parts of the programme (Canada, the Republic of Korea: Pillar II only) counts as
/// associated for every call, and third-country partners, who may take part but do not
/// count toward the minimum, are left out of proposals altogether.
package enum HorizonEurope {
    /// The date the lists below describe.
    package static let asOf = "2025-01-01"

    /// The 27 EU member states.
    package static let memberStates: Set<String> = [
        "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE", "IT", "LT", "LU",
        "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK",
    ]

    /// Countries associated to Horizon Europe (agreements in force or applied provisionally).
    package static let associatedCountries: Set<String> = [
        "AL", "AM", "BA", "CA", "CH", "FO", "GB", "GE", "IL", "IS", "KR", "MD", "ME", "MK", "NO", "NZ", "RS", "TN",
        "TR", "UA", "XK",
    ]

    /// Member states and associated countries.
    package static let eligibleCountries = memberStates.union(associatedCountries)
}
