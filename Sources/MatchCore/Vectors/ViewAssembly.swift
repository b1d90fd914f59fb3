/// A bag of weighted features that views are assembled from.
protocol ViewBag {
    /// Adds every feature of another bag, scaled (nothing when `scale` is not positive).
    mutating func merge(_ other: Self, scale: Double)
}

extension FeatureBag: ViewBag {}
extension FeatureAnalysis.Bag: ViewBag {}

/// How a participant's four views (profile, offers, needs, keywords) are made from its
/// competences, keywords, description and statements. `VectorSpace` (named features with
/// their sources) and `FeatureAnalysis` (integer ids, for storing) differ only in their bags
/// and in how one code, keyword or text is added; the assembly is this one piece, so their
/// weights stay the same bit for bit.
protocol ViewAssembly {
    associatedtype Bag: ViewBag
    var viewConfiguration: VectorSpaceConfiguration { get }
    func addCode(_ code: String, weight: Double, to bag: inout Bag)
    func addKeyword(_ keyword: String, to bag: inout Bag)
    func addText(_ text: String, weight: Double, to bag: inout Bag)
}

extension ViewAssembly {
    /// The four views, each starting from `empty`.
    func assembleViews(of participant: Participant, empty: Bag) -> (profile: Bag, offers: Bag, needs: Bag, keywords: Bag) {
        let c = viewConfiguration
        var competences = empty
        for competence in participant.competences { addCode(competence.code, weight: competence.weight, to: &competences) }
        var keywords = empty
        for k in participant.keywords { addKeyword(k, to: &keywords) }
        var description = empty
        if let text = participant.description { addText(text, weight: c.textTermWeight, to: &description) }
        let offers = statementsBag(participant.offers, empty: empty)
        let needs = statementsBag(participant.needs, empty: empty)

        var profile = competences
        profile.merge(keywords, scale: 1)
        profile.merge(description, scale: 1)
        profile.merge(offers, scale: c.offersInProfile)

        var offerView = offers
        if participant.offers.isEmpty {
            offerView.merge(competences, scale: c.implicitOfferFactor)
            offerView.merge(keywords, scale: c.implicitOfferFactor)
        }
        var keywordView = keywords
        for statements in [participant.offers, participant.needs] {
            for s in statements { for k in s.keywords { addKeyword(k, to: &keywordView) } }
        }
        return (profile, offerView, needs, keywordView)
    }

    private func statementsBag(_ statements: [Statement], empty: Bag) -> Bag {
        let c = viewConfiguration
        var bag = empty
        for s in statements {
            for code in s.codes { addCode(code, weight: 1, to: &bag) }
            for k in s.keywords { addKeyword(k, to: &bag) }
            if let title = s.title { addText(title, weight: c.titleTermWeight, to: &bag) }
            if let text = s.text { addText(text, weight: c.textTermWeight, to: &bag) }
        }
        return bag
    }
}
