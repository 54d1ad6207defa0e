import Foundation

/// Earlier ICD-10-CM releases read from the CMS flat files, so that a code is judged on its date of service.
enum ICD10CMFlatImporter {
    /// The CMS order file: either the official fixed-width text (`icd10cm_order_2025.txt`: order 1-5, code 7-13,
    /// billable flag 15, short title 17-76, long title from 78) or its CSV form
    /// (`order,code,code_dot,billable,short_description,long_description`).
    static func orderFile(_ url: URL) throws -> CodeTable {
        let file = url.lastPathComponent
        let text = try TextFile.read(url)
        let fy = try fiscalYear(in: file)
        var entries: [CodeEntry] = []
        entries.reserveCapacity(100_000)
        if file.lowercased().hasSuffix(".csv") {
            for r in try CSVReader.records(text, file: file, header: ["order", "code"]) {
                let code = r[1].trimmed
                guard !code.isEmpty, r[3] == "0" || r[3] == "1", !r[5].trimmed.isEmpty else {
                    throw CodeSetError(file: file, line: r.line, "expected order,code,code_dot,billable (0 or 1),short,long; got \(r.fields.count) fields")
                }
                entries.append(CodeEntry(code: ICD10CMTabular.canonical(code), title: r[5].trimmed, shortTitle: r[4].trimmed, billable: r[3] == "1"))
            }
        } else {
            for (n, bytes) in FlatImporters.lines(of: text).enumerated() {
                let lineNumber = n + 1
                let chars = Array(String(decoding: bytes, as: UTF8.self))
                if chars.isEmpty { continue }
                guard chars.count >= 78, chars[14] == "0" || chars[14] == "1" else {
                    throw CodeSetError(file: file, line: lineNumber, "expected a fixed-width order record (code in columns 7-13, billable flag 0/1 in column 15, long title from column 78)")
                }
                let code = String(chars[6..<13]).trimmed
                entries.append(CodeEntry(code: ICD10CMTabular.canonical(code), title: String(chars[77...]).trimmed,
                                         shortTitle: String(chars[16..<76]).trimmed, billable: chars[14] == "1"))
            }
        }
        guard !entries.isEmpty else { throw CodeSetError(file: file, "has no codes") }
        return CodeTable(release: ICD10CMReleases.release(fiscalYear: fy, april: file.lowercased().contains("april"), what: "order file", files: [file]),
                         entries: entries)
    }

    /// The CMS code file: `CODE<spaces>long title`, billable codes only.
    static func codeFile(_ url: URL) throws -> CodeTable {
        let file = url.lastPathComponent
        let text = try TextFile.read(url)
        let fy = try fiscalYear(in: file)
        var entries: [CodeEntry] = []
        entries.reserveCapacity(80_000)
        for (n, bytes) in FlatImporters.lines(of: text).enumerated() {
            let lineNumber = n + 1
            let trimmed = String(decoding: bytes, as: UTF8.self).trimmed
            if trimmed.isEmpty { continue }
            guard let space = trimmed.firstIndex(where: { $0 == " " || $0 == "\t" }) else {
                throw CodeSetError(file: file, line: lineNumber, "expected a code, spaces and a title")
            }
            let code = trimmed[..<space]
            guard (3...7).contains(code.count), code.allSatisfy({ $0.isLetter || $0.isNumber }), code.first!.isLetter else {
                throw CodeSetError(file: file, line: lineNumber, "'\(code)' is not an ICD-10-CM code")
            }
            entries.append(CodeEntry(code: ICD10CMTabular.canonical(String(code)), title: String(trimmed[space...]).trimmed, billable: true))
        }
        guard !entries.isEmpty else { throw CodeSetError(file: file, "has no codes") }
        return CodeTable(release: ICD10CMReleases.release(fiscalYear: fy, april: file.lowercased().contains("april"), what: "code file", files: [file]),
                         entries: entries)
    }

    /// The fiscal year named in a CMS file name (icd10cm-codes-2024.txt, icd10cm_order_2025.txt).
    static func fiscalYear(in file: String) throws -> Int {
        let digits = file.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }.filter { (2015...2100).contains($0) }
        guard let fy = digits.first else {
            throw CodeSetError(file: file, "the file name does not say the fiscal year (e.g. icd10cm-codes-2024.txt)")
        }
        return fy
    }
}
