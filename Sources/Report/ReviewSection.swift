/// The manual review of match decisions: how many were reviewed and how many pairs wait.
///
/// A placeholder for the review workflow (issue 12, item 3), which another change fills: it will
/// count reviewed match decisions and pairs waiting for a person from the review tables once they
/// exist. Until then the section says nothing and the page leaves it out.
struct ReviewSection: ReportSection {
    let id = "review"
    let title = "Review"

    func body(_ context: ReportContext) throws -> String? { nil }
}
