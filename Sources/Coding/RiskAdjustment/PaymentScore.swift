/// From a raw CMS-HCC score to the score a Medicare Advantage payment uses: divided by the year's FFS normalization
/// factor, then reduced by the MA coding pattern adjustment, each step rounded to three decimals as CMS does. CMS
/// publishes both factors each year in the Rate Announcement; they are inputs here, not tables Revcycle carries.
public struct PaymentAdjustment: Sendable, Hashable, Codable {
    /// The normalization factor in thousandths (1.045 is 1045).
    public var normalizationFactor: Int
    /// The MA coding pattern adjustment in thousandths (5.9%, the statutory minimum since 2019, is 59).
    public var codingAdjustment: Int

    public static let statutoryMinimumCodingAdjustment = 59

    public init(normalizationFactor: Int, codingAdjustment: Int = statutoryMinimumCodingAdjustment) throws {
        guard normalizationFactor > 0 else {
            throw RiskAdjustmentError.invalidAdjustment("the normalization factor must be greater than zero")
        }
        guard (0..<1000).contains(codingAdjustment) else {
            throw RiskAdjustmentError.invalidAdjustment("the coding pattern adjustment must be at least 0 and less than 1")
        }
        self.normalizationFactor = normalizationFactor
        self.codingAdjustment = codingAdjustment
    }

    /// raw / normalization, rounded; × (1 − coding adjustment), rounded (half away from zero, three decimals).
    public func paymentScore(_ raw: RiskValue) -> RiskValue {
        let normalized = Self.divideRounded(raw.thousandths * 1000, normalizationFactor)
        return RiskValue(thousandths: Self.divideRounded(normalized * (1000 - codingAdjustment), 1000))
    }

    /// The share of each model in a payment year's blended score, in percent: CMS phased V28 in over 2024 to 2026.
    public static func blendWeights(paymentYear: Int) -> [RiskModel: Int] {
        paymentYear == 2025 ? [.v24: 33, .v28: 67] : [.v28: 100]
    }

    /// The payment year's score from each model's adjusted score: in 2025, 33% V24 and 67% V28; from 2026, V28 alone.
    public static func blended(_ scores: [RiskModel: RiskValue], paymentYear: Int) -> RiskValue? {
        var total = 0
        for (model, weight) in blendWeights(paymentYear: paymentYear) {
            guard let score = scores[model] else { return nil }
            total += score.thousandths * weight
        }
        return RiskValue(thousandths: divideRounded(total, 100))
    }

    static func divideRounded(_ numerator: Int, _ denominator: Int) -> Int {
        let quotient = numerator / denominator, remainder = numerator % denominator
        guard remainder != 0, 2 * abs(remainder) >= abs(denominator) else { return quotient }
        return quotient + ((numerator < 0) != (denominator < 0) ? -1 : 1)
    }
}
