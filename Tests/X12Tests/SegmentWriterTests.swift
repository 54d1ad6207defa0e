import X12
import XCTest

final class SegmentWriterTests: XCTestCase {
    func testElementsAreCleanedAndTrailingEmptiesLeftOut() {
        var w = SegmentWriter(delimiters: SegmentWriter.standard)
        w.start("NM1"); w.element("85"); w.element("2"); w.element("NORTH*SIDE~CLINIC:^"); w.element(nil); w.element(""); w.element("XX")
        w.element("123\n4567893"); w.element(nil); w.element(""); w.end()
        w.start("CLM"); w.element("C1"); w.amount(12_345); w.element(nil); w.element(nil)
        w.startComposite(); w.component("11"); w.component(nil); w.component("1"); w.component(nil)
        w.element(nil); w.end()
        w.start("SV1"); w.startComposite(); w.component("HC"); w.component("99213"); w.amount(-500); w.number(0); w.amount(10); w.amount(100)
        w.startComposite(); w.component(""); w.component("~"); w.end()
        w.start("LX"); w.end()
        XCTAssertEqual(w.text, "NM1*85*2*NORTHSIDECLINIC***XX*1234567893~\nCLM*C1*123.45***11::1~\nSV1*HC:99213*-5*0*0.1*1~\nLX~\n")
        XCTAssertEqual(w.count, 4)
    }

    func testAValueWithNothingFitKeepsTheSeparatorsOwedForTheNextValue() {
        var w = SegmentWriter(delimiters: SegmentWriter.standard)
        // Nothing of "~*" or "é\u{7F}" may stand in an element: each is an empty element, paid for by the value after it.
        w.start("NM1"); w.element("IL"); w.element("~*"); w.element("é\u{7F}"); w.element("DOE"); w.element("~"); w.end()
        w.start("SV1"); w.startComposite(); w.component("HC"); w.component("::"); w.component(-25); w.component(7)
        w.element("é"); w.element("UN"); w.end()
        w.start("SV1"); w.startComposite(); w.component(""); w.component(3); w.end()
        XCTAssertEqual(w.text, "NM1*IL***DOE~\nSV1*HC::-25:7**UN~\nSV1*:3~\n")
    }

    func testACopyKeepsWhatItHadWhenTheOriginalWritesOn() {
        var first = SegmentWriter(delimiters: SegmentWriter.standard)
        first.start("LX"); first.number(1); first.end()
        var second = first
        second.start("LX"); second.number(2); second.end()
        first.segment("SE", ["2", "0001"])
        XCTAssertEqual(first.text, "LX*1~\nSE*2*0001~\n")
        XCTAssertEqual(second.text, "LX*1~\nLX*2~\n")
    }

    /// `text(delimiters:estimatedCount:_:)` gives the text the growable writer gives, whether the estimate is enough,
    /// far too small or the writer is copied part way; a copy kept past it is empty rather than pointing at the text.
    func testTextWrittenInPlaceIsTheSameWhateverTheEstimate() {
        func write(_ w: inout SegmentWriter) {
            for n in 1...200 {
                w.start("LX"); w.number(n); w.end()
                w.start("NM1"); w.element("IL"); w.element("1"); w.element("DOE~\(n)"); w.element(nil); w.element("JANE"); w.end()
                w.start("SV1"); w.startComposite(); w.component("HC"); w.component("99213"); w.amount(n * 101); w.element(nil); w.end()
            }
        }
        var plain = SegmentWriter(delimiters: SegmentWriter.standard)
        write(&plain)
        let expected = plain.text
        for estimate in [0, 10, expected.utf8.count - 1, expected.utf8.count, 100_000] {
            XCTAssertEqual(SegmentWriter.text(delimiters: SegmentWriter.standard, estimatedCount: estimate) { write(&$0) }, expected, "estimate \(estimate)")
        }
        var kept: SegmentWriter?
        let copied = SegmentWriter.text(delimiters: SegmentWriter.standard, estimatedCount: 100_000) { w in
            w.start("ST"); w.element("837"); w.end()
            kept = w
            write(&w)
        }
        XCTAssertEqual(copied, "ST*837~\n" + expected)
        kept?.start("SE"); kept?.end()
        XCTAssertEqual(kept?.text, "SE~\n")
        XCTAssertEqual(SegmentWriter.text(delimiters: SegmentWriter.standard, estimatedCount: 64) { _ in }, "")
    }

    func testWholeSegmentsAreWrittenAsGiven() {
        var w = SegmentWriter(delimiters: Delimiters(element: UInt8(ascii: "|"), component: UInt8(ascii: ">"), repetition: nil, segment: UInt8(ascii: "\n")))
        w.segment("REF", ["6R", "A*1", "", ""])
        w.segment("REF", ["6R", "A*1", "", ""], keepTrailing: true)
        // Grows past its first capacity without losing anything.
        let long = String(repeating: "X", count: 100_000)
        w.start("NTE"); w.element(long); w.end()
        XCTAssertEqual(w.text, "REF|6R|A*1\n\nREF|6R|A*1||\n\nNTE|\(long)\n\n")
    }
}
