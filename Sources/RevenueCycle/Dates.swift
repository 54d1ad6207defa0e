import CodeSets

extension Payer {
    /// The last day a claim for this date of service reaches the payer in time.
    public func timelyFilingDeadline(serviceDate: ServiceDate) -> ServiceDate? {
        serviceDate.adding(days: timelyFilingDays)
    }
}
