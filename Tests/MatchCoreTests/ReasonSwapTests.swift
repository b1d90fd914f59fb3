import Testing
@testable import MatchCore

/// Reasons read from the partner's side ("they offer …" where the asker read "you offer …").
@Suite("reasons from the partner's side")
struct ReasonSwapTests {
    static let reasons: [Reason] = [
        Reason(direction: .youOffer, term: "acoustics", yours: ["acoustic sensors"], theirs: ["sensors for hearing aids"], contribution: 0.4),
        Reason(direction: .youOffer, term: "grippers", yours: ["grippers"], theirs: ["grippers"], contribution: 0.3),
        Reason(direction: .theyOffer, term: "machine learning", yours: ["speech models", "audio AI"], theirs: ["deep learning"], contribution: 0.2),
        Reason(direction: .theyOffer, term: "Robotics", yours: [], theirs: [], contribution: 0.1),
        Reason(direction: .shared, term: "room acoustics", yours: ["room acoustics"], theirs: ["room acoustics"], contribution: 0.1),
        Reason(direction: .shared, term: "audio", yours: ["audio DSP"], theirs: ["audio codecs", "loudspeakers"], contribution: 0.05),
        Reason(direction: .youOffer, term: "a, b", yours: ["x, they need y"], theirs: ["z"], contribution: 0.01),
    ]

    @Test func swappedTurnsTheReasonRound() {
        let r = Self.reasons[0]
        #expect(r.summary == "you offer \"acoustic sensors\", they need \"sensors for hearing aids\" (acoustics)")
        #expect(r.swapped.summary == "they offer \"acoustic sensors\", you need \"sensors for hearing aids\" (acoustics)")
        #expect(Self.reasons[5].swapped.summary == "both work on audio: you \"audio codecs\" and \"loudspeakers\", they \"audio DSP\"")
        for r in Self.reasons { #expect(r.swapped.swapped == r) }
    }

    @Test func swappedSummaryOfTextMatchesTheStructure() {
        for r in Self.reasons.dropLast() {
            #expect(Reason.swappedSummary(r.summary) == r.swapped.summary, "\(r.summary)")
            #expect(Reason.swappedSummary(Reason.swappedSummary(r.summary)) == r.summary)
        }
        // An organiser's own words are left alone.
        #expect(Reason.swappedSummary("same supply chain") == "same supply chain")
        #expect(Reason.swappedSummary("you should meet") == "you should meet")
        // History notes: the activity note says whose count is whose; the others read the same from both sides.
        #expect(Reason.swappedSummary("active in the history: you worked with 1 partner, they with 12 partners (activity counts with the most active)")
                == "active in the history: you worked with 12 partners, they with 1 partner (activity counts with the most active)")
        for same in ["you both worked with Acme (2019) and Fraunhofer IDMT (2021)", "you already worked together or met (last in 2015)"] {
            #expect(Reason.swappedSummary(same) == same)
        }
    }
}
