import Foundation

extension AssessmentResults {
    /// Aggregates ratings per competency and per behaviour item, under `rules`.
    ///
    /// - Parameters:
    ///   - ratings: every rating of the assessment, in the order given (resubmissions later).
    ///   - competencies: the competencies in the order asked, each with its item ids in order. A rating counts for
    ///     item `i` of competency `c` when its ``Rating/competencyID`` is `c` and its ``Rating/itemID`` is `i`.
    ///     A competency with no items is rated as a whole: its ratings with `itemID == nil` are its one (unnamed)
    ///     item and ``CompetencyResult/items`` stays empty. Other ratings are ignored; repeated item ids count once.
    ///   - rules: thresholds and the manager column; see ``AnonymityRules``.
    /// - Returns: one ``CompetencyResult`` per entry of `competencies`, in that order, with ``CompetencyResult/items``
    ///   in item order. Every result and item has the same columns. Never throws.
    ///
    /// Per item (scores are integers on ``RatingScale/range``):
    /// - Each rater's last rating of the item counts (a later "can't say" replaces an earlier score). n = raters
    ///   whose last rating is 1...5; "can't say" and out-of-range scores never count. Mean = (integer sum) / n,
    ///   e.g. 4, 4, 5 → 13/3 = 4.333… Self: the client's last rating, in ``ItemResult/selfScore``.
    /// - Distributions: see ``ItemResult/distributions``. "Can't say" is an answer: the differencing guard counts a
    ///   group's respondents (scored or "can't say"), so a group whose one or two respondents all said "can't say"
    ///   (a column with n == 0, or the merged manager) is protected like a group with one or two scores: the
    ///   smallest shown groups are hidden until the raters outside the shown groups are none or at least the
    ///   threshold. Otherwise `"others"` minus the shown groups (their n, or their counts) would tell that those few,
    ///   e.g. the one direct report, said "can't say". The "can't say" count of `"others"` is still withheld should
    ///   that remainder be 1 ... threshold − 1 (the guard cannot hide more).
    ///
    /// Per competency:
    /// - A rater's competency score is the mean of their scored items of the competency (a `Double`). A group's
    ///   n = its raters with at least one scored item; its mean = the mean of those raters' scores ("mean of rater
    ///   means"), so each rater weighs the same however many items they could judge: rater A scoring items 2 and 4
    ///   (3.0) and rater B scoring one item 5 (5.0) give (3.0 + 5.0) / 2 = 4.0, not (2 + 4 + 5) / 3 = 3.67.
    ///   The rater scores are added as exact fractions, so the only rounding is the final division.
    /// - Self: the mean of the client's scored items in ``CompetencyResult/selfMean``; ``CompetencyResult/selfScore``
    ///   is the client's rating only for a competency rated as a whole (a mean of items need not be a scale point).
    ///
    /// At both levels, as in ``aggregate(_:competencyIDs:threshold:)``: a group or `"others"` with
    /// 0 < n < ``AnonymityRules/ratingThreshold`` is suppressed, and when `"others"` is shown the differencing guard
    /// suppresses the smallest shown groups until the hidden groups' combined n is 0 or at least the threshold.
    ///
    /// Manager: unless ``AnonymityRules/showManagerSeparately``, the manager has no column; their ratings count in
    /// `"others"` and, for the guard, as a hidden group. So others n 4 = peers 3 + one manager hides the peers too,
    /// since others − peers would be the manager's rating. With the option, the manager has a column shown even for a single
    /// manager (DOMAIN.md's labelled exception); the differencing guard still applies to it.
    ///
    /// Each figure shown covers at least the threshold of raters, and no single cell differenced against `"others"`
    /// reveals fewer. Combining levels (a competency mean with its items' means) constrains individual answers
    /// further than either alone, but only where a rater skipped items; callers show results once the assessment
    /// closes, so late responses cannot be differenced either.
    public static func aggregate(_ ratings: [Rating], competencies: [(id: String, itemIDs: [String])],
                                 rules: AnonymityRules = AnonymityRules()) -> [CompetencyResult] {
        let threshold = rules.ratingThreshold
        var asked: [String: Set<String?>] = [:]
        for competency in competencies { asked[competency.id, default: []].formUnion(itemKeys(competency.itemIDs)) }
        var latest: [ItemKey: [String: Rating]] = [:]   // non-self: raterID -> last rating of the item
        var selfScores: [ItemKey: Int?] = [:]           // the client's last score of the item
        for rating in ratings where asked[rating.competencyID]?.contains(rating.itemID) == true {
            let key = ItemKey(competencyID: rating.competencyID, itemID: rating.itemID)
            if rating.group == .self_ {
                selfScores[key] = .some(rating.score.flatMap { RatingScale.range.contains($0) ? $0 : nil })
            } else {
                latest[key, default: [:]][rating.raterID] = rating
            }
        }
        let present = Set(latest.values.flatMap { $0.values.map(\.group) })
        let tallied = RaterGroup.allCases.filter { $0 != .self_ && present.contains($0) }   // manager included

        return competencies.map { competency in
            var raters: [String: (group: RaterGroup, sum: Int, count: Int)] = [:]   // scored items per rater
            var responded: [String: RaterGroup] = [:]   // every rater who answered an item, "can't say" included
            var selfTotal = (sum: 0, count: 0)
            let items = itemKeys(competency.itemIDs).map { itemID -> ItemResult in
                let key = ItemKey(competencyID: competency.id, itemID: itemID)
                var tallies: [RaterGroup: Tally] = [:]
                for rating in (latest[key] ?? [:]).values {
                    responded[rating.raterID] = rating.group
                    tallies[rating.group, default: Tally()].add(rating.score)
                    guard let score = rating.score, RatingScale.range.contains(score) else { continue }
                    let sofar = raters[rating.raterID] ?? (rating.group, 0, 0)
                    raters[rating.raterID] = (rating.group, sofar.sum + score, sofar.count + 1)
                }
                let selfScore = selfScores[key] ?? nil
                if let selfScore { selfTotal = (selfTotal.sum + selfScore, selfTotal.count + 1) }
                return itemResult(itemID ?? competency.id, selfScore: selfScore, tallies: tallies,
                                  columns: tallied, rules: rules)
            }
            var byGroup: [RaterGroup: [(sum: Int, count: Int)]] = [:]
            for rater in raters.values { byGroup[rater.group, default: []].append((rater.sum, rater.count)) }
            let cells = tallied.map { cell($0.rawValue, raterScores: byGroup[$0] ?? [], threshold: columnThreshold($0, rules)) }
            let others = cell(othersGroup, raterScores: byGroup.values.flatMap { $0 }, threshold: threshold)
            let respondents = responded.values.reduce(into: [String: Int]()) { $0[$1.rawValue, default: 0] += 1 }
            let wholeKey = ItemKey(competencyID: competency.id, itemID: nil)
            return CompetencyResult(
                competencyID: competency.id,
                selfScore: competency.itemIDs.isEmpty ? (selfScores[wholeKey] ?? nil) : nil,
                groups: applyRules(cells, others: others, respondents: respondents, rules: rules),
                others: others,
                selfMean: selfTotal.count == 0 ? nil : Double(selfTotal.sum) / Double(selfTotal.count),
                items: competency.itemIDs.isEmpty ? [] : items)
        }
    }

    /// One item's cells and distributions from its per-group tallies.
    private static func itemResult(_ itemID: String, selfScore: Int?, tallies: [RaterGroup: Tally],
                                   columns: [RaterGroup], rules: AnonymityRules) -> ItemResult {
        let threshold = rules.ratingThreshold
        let all = tallies.values.reduce(into: Tally()) { $0.merge($1) }
        let others = cell(othersGroup, n: all.n, sum: all.sum, threshold: threshold)
        let cells = columns.map { group in
            let tally = tallies[group] ?? Tally()
            return cell(group.rawValue, n: tally.n, sum: tally.sum, threshold: columnThreshold(group, rules))
        }
        let respondents = Dictionary(uniqueKeysWithValues: tallies.map { ($0.key.rawValue, $0.value.n + $0.value.cantSay) })
        let groups = applyRules(cells, others: others, respondents: respondents, rules: rules)
        var distributions: [String: ScoreDistribution] = [:]
        var hiddenRespondents = all.n + all.cantSay
        for shown in groups where !shown.suppressed && shown.n > 0 && shown.group != othersGroup {
            let tally = RaterGroup(rawValue: shown.group).flatMap { tallies[$0] } ?? Tally()
            distributions[shown.group] = ScoreDistribution(counts: tally.counts, cantSay: tally.cantSay)
            hiddenRespondents -= tally.n + tally.cantSay
        }
        if !others.suppressed && others.n > 0 {
            let withheld = hiddenRespondents > 0 && hiddenRespondents < threshold
            distributions[othersGroup] = ScoreDistribution(counts: all.counts, cantSay: withheld ? nil : all.cantSay)
        }
        return ItemResult(itemID: itemID, selfScore: selfScore, groups: groups, others: others,
                          distributions: distributions)
    }

    /// The threshold of a group's column: 1 for the manager when the practice shows the manager
    /// separately (DOMAIN.md: "where the practice allows, the single manager" is an exception,
    /// shown labelled), else the rating threshold. The differencing guard may still hide the manager.
    private static func columnThreshold(_ group: RaterGroup, _ rules: AnonymityRules) -> Int {
        group == .manager && rules.showManagerSeparately ? 1 : rules.ratingThreshold
    }

    /// The manager rule, then the differencing guard (counting each group's `respondents`, "can't say" included);
    /// returns the group columns followed by `others`.
    private static func applyRules(_ cells: [GroupScore], others: GroupScore, respondents: [String: Int],
                                   rules: AnonymityRules) -> [GroupScore] {
        let manager = RaterGroup.manager.rawValue
        var cells = cells
        if !rules.showManagerSeparately, let index = cells.firstIndex(where: { $0.group == manager }) {
            cells[index].suppressed = cells[index].n > 0   // hidden, so the guard protects it like any small group
            cells[index].mean = nil
        }
        if !others.suppressed && others.n > 0 {
            guardAgainstDifferencing(&cells, respondents: respondents, threshold: rules.ratingThreshold)
        }
        if !rules.showManagerSeparately { cells.removeAll { $0.group == manager } }
        return cells + [others]
    }

    /// A competency cell: n = raters with a score, mean = mean of their scores, under the threshold rule of `cell`.
    private static func cell(_ group: String, raterScores: [(sum: Int, count: Int)], threshold: Int) -> GroupScore {
        var result = cell(group, n: raterScores.count, sum: 0, threshold: threshold)
        if result.mean != nil { result.mean = meanOfMeans(raterScores) }
        return result
    }

    /// The item ids to read for a competency: `[nil]` when it is rated as a whole, else the ids once each, in order.
    private static func itemKeys(_ itemIDs: [String]) -> [String?] {
        var seen = Set<String>()
        return itemIDs.isEmpty ? [nil] : itemIDs.filter { seen.insert($0).inserted }
    }

    private struct ItemKey: Hashable {
        var competencyID: String
        var itemID: String?
    }

    /// One group's answers to one item: scored n and sum, counts per score, "can't say".
    private struct Tally {
        var n = 0, sum = 0, cantSay = 0
        var counts = Dictionary(uniqueKeysWithValues: RatingScale.range.map { ($0, 0) })

        mutating func add(_ score: Int?) {
            guard let score else { cantSay += 1; return }
            guard RatingScale.range.contains(score) else { return }
            n += 1
            sum += score
            counts[score, default: 0] += 1
        }

        mutating func merge(_ other: Tally) {
            n += other.n
            sum += other.sum
            cantSay += other.cantSay
            for (score, count) in other.counts { counts[score, default: 0] += count }
        }
    }
}
