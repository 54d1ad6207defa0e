import CodeSets
import Foundation

/// A problem on a line of a bank statement: the line, the column, what was expected and what was there.
public struct StatementProblem: Hashable, Codable, Sendable, CustomStringConvertible {
    public var line: Int
    /// The column's header name, or empty for the line (or file) as a whole.
    public var field: String
    public var message: String

    public init(line: Int, field: String, message: String) { self.line = line; self.field = field; self.message = message }

    public var description: String { "line \(line)" + (field.isEmpty ? "" : ", \(field)") + ": " + message }
}

/// A bank statement's deposits, read from CSV. The first line names the columns (in any order, any case):
///
/// | column | required | what |
/// |---|---|---|
/// | `date` | yes | the deposit's date: 2026-11-30 or 11/30/2026 |
/// | `amount` | yes | dollars and cents, positive: 1234.56 (a leading $ and thousands commas are accepted) |
/// | `reference` (or `trace`, `trace number`) | yes | the bank's reference: the EFT trace number or check number |
/// | `description` | no | the statement's words |
/// | `payer` | no | the payer's electronic id or name, as recorded in the practice's payers |
///
/// Other columns are ignored. Blank lines are skipped. Reading is strict: a file with any problem is refused whole,
/// every problem named by line and column, so nothing of a half-read statement is recorded.
public enum BankStatementCSV {
    public struct Line: Hashable, Sendable {
        public var line: Int
        public var depositedOn: ServiceDate
        public var amount: Money
        public var traceNumber: String
        public var description: String?
        public var payer: String?
    }

    /// At most this many problems are reported; a file this wrong is not a bank statement of the expected shape.
    public static let maximumProblems = 50

    /// The problems of a statement that was refused.
    public struct Refusal: Error, Sendable {
        public var problems: [StatementProblem]
    }

    public static func read(_ text: String, fileName: String) -> Result<[Line], Refusal> {
        let records: [CSV.Record]
        do {
            records = try CSV.records(text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text, file: fileName)
        } catch {
            return .failure(Refusal(problems: [StatementProblem(line: error.line ?? 1, field: "", message: error.expected)]))
        }
        let rows = records.filter { !$0.isBlank }
        guard let header = rows.first else {
            return .failure(Refusal(problems: [StatementProblem(line: 1, field: "", message: "the file is empty; expected a header line naming the columns date, amount, reference")]))
        }
        func key(_ name: String) -> String { name.lowercased().filter { $0.isLetter } }
        let names = header.fields.map(key)
        func column(_ accepted: [String]) -> Int? { names.firstIndex { accepted.contains($0) } }
        let dateColumn = column(["date", "depositdate", "postingdate", "posteddate"])
        let amountColumn = column(["amount", "credit", "depositamount"])
        let traceColumn = column(["reference", "trace", "tracenumber", "referencenumber", "checknumber"])
        let descriptionColumn = column(["description", "memo"])
        let payerColumn = column(["payer"])
        var problems: [StatementProblem] = []
        for (index, name) in [(dateColumn, "date"), (amountColumn, "amount"), (traceColumn, "reference")] where index == nil {
            problems.append(StatementProblem(line: header.line, field: name,
                                             message: "the header has no \(name) column; it names: " + header.fields.map { "\"\($0)\"" }.joined(separator: ", ")))
        }
        guard let dateColumn, let amountColumn, let traceColumn else { return .failure(Refusal(problems: problems)) }
        var lines: [Line] = []
        var seen: [String: Int] = [:]
        for record in rows.dropFirst() {
            guard problems.count < maximumProblems else { break }
            let line = record.line
            if record.fields.count != header.fields.count {
                problems.append(StatementProblem(line: line, field: "", message: "expected \(header.fields.count) columns as the header names; got \(record.fields.count)"))
                continue
            }
            let rawDate = record[dateColumn].trimmingCharacters(in: .whitespaces)
            let date = parseDate(rawDate)
            if date == nil {
                problems.append(StatementProblem(line: line, field: header[dateColumn], message: "expected a date such as 2026-11-30 or 11/30/2026; got \"\(rawDate)\""))
            }
            let rawAmount = record[amountColumn].trimmingCharacters(in: .whitespaces)
            var amount = parseAmount(rawAmount)
            if let a = amount, !a.isPositive {
                problems.append(StatementProblem(line: line, field: header[amountColumn],
                                                 message: a.isZero ? "a deposit of nothing; leave the line out"
                                                     : "\(rawAmount) is a withdrawal, not a deposit; export only the account's credits"))
                amount = nil
            } else if amount == nil {
                problems.append(StatementProblem(line: line, field: header[amountColumn], message: "expected dollars and cents such as 1234.56; got \"\(rawAmount)\""))
            }
            let trace = record[traceColumn].trimmingCharacters(in: .whitespaces)
            if trace.isEmpty || TraceNumber.normalized(trace).isEmpty {
                problems.append(StatementProblem(line: line, field: header[traceColumn],
                                                 message: "expected the deposit's trace or check number; got \"\(trace)\""))
            } else if trace.count > 50 {
                problems.append(StatementProblem(line: line, field: header[traceColumn], message: "a trace number is at most 50 characters; got \(trace.count)"))
            }
            let description = descriptionColumn.map { record[$0].trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : String($0.prefix(200)) }
            let payer = payerColumn.map { record[$0].trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 }
            guard let date, let amount, !trace.isEmpty, !TraceNumber.normalized(trace).isEmpty, trace.count <= 50 else { continue }
            let identity = "\(date.iso)|\(TraceNumber.normalized(trace))|\(amount.cents)"
            if let earlier = seen[identity] {
                problems.append(StatementProblem(line: line, field: "", message: "repeats line \(earlier) (the same date, trace number and amount)"))
                continue
            }
            seen[identity] = line
            lines.append(Line(line: line, depositedOn: date, amount: amount, traceNumber: trace, description: description, payer: payer))
        }
        if problems.isEmpty && lines.isEmpty {
            problems.append(StatementProblem(line: header.line, field: "", message: "the statement has a header but no deposits"))
        }
        return problems.isEmpty ? .success(lines) : .failure(Refusal(problems: problems))
    }

    /// 2026-11-30 or 11/30/2026 (US bank exports).
    public static func parseDate(_ text: String) -> ServiceDate? {
        if let iso = ServiceDate(iso: text), text.count == 10 { return iso }
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[2].count == 4, (1...2).contains(parts[0].count), (1...2).contains(parts[1].count),
              let month = Int(parts[0]), let day = Int(parts[1]), let year = Int(parts[2]) else { return nil }
        return ServiceDate(year: year, month: month, day: day)
    }

    /// 1234.56, $1,234.56, -20.00. Commas must group thousands.
    public static func parseAmount(_ text: String) -> Money? {
        var s = text
        var negative = false
        if s.hasPrefix("-") { negative = true; s.removeFirst() }
        if s.hasPrefix("$") { s.removeFirst() }
        if s.contains(",") {
            let whole = s.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)[0]
            let groups = whole.split(separator: ",", omittingEmptySubsequences: false)
            guard let first = groups.first, (1...3).contains(first.count), groups.dropFirst().allSatisfy({ $0.count == 3 }) else { return nil }
            s.removeAll { $0 == "," }
        }
        guard !s.hasPrefix("-"), let money = Money(dollars: s) else { return nil }
        return negative ? -money : money
    }
}
