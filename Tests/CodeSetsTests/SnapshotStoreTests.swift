import Foundation
import XCTest
@testable import CodeSets

final class SnapshotStoreTests: XCTestCase {
    func testSavedSnapshotLoadsTheSameEncoder() throws {
        let (library, report) = try CodeSetLibraryTests.imported.get()
        let store = SnapshotStore(directory: try TestCodeSets.temporaryDirectory(self))
        XCTAssertNil(try store.load())
        let name = try store.save(library, report: report)
        XCTAssertEqual(store.currentFileName, name)
        let meta = try XCTUnwrap(try store.metadata())
        XCTAssertEqual(meta.releases, library.releases)
        XCTAssertEqual(meta.sourceDirectory, report.directory)

        let (loaded, _) = try XCTUnwrap(try store.load())
        XCTAssertEqual(loaded.codeCounts, library.codeCounts)
        for code in ["E11.22", "T36.0X1A", "0DTJ4ZZ", "J0120", "99213", "S72.001"] {
            XCTAssertEqual(try loaded.lookup(code).get(), try library.lookup(code).get(), code)
        }
        let q = "type 2 diabetes with diabetic chronic kidney disease"
        XCTAssertEqual(loaded.search(q, limit: 20), library.search(q, limit: 20))
    }

    func testAFailedImportLeavesThePreviousReleaseActive() throws {
        let (library, report) = try CodeSetLibraryTests.imported.get()
        let store = SnapshotStore(directory: try TestCodeSets.temporaryDirectory(self))
        let first = try store.save(library, report: report)

        let broken = try TestCodeSets.temporaryDirectory(self)
        try Data("<ICD10CM.tabular><version>2027</version><chapter><name>1</name>".utf8)
            .write(to: broken.appendingPathComponent("icd10cm-tabular-2027.xml"))
        XCTAssertThrowsError(try CodeSetImport.run(directory: broken)) { error in
            XCTAssertEqual((error as? CodeSetError)?.file, "icd10cm-tabular-2027.xml")
        }
        XCTAssertEqual(store.currentFileName, first)
        XCTAssertNotNil(try store.load())
    }

    func testDamagedSnapshotIsAClearError() throws {
        let (library, report) = try CodeSetLibraryTests.imported.get()
        let dir = try TestCodeSets.temporaryDirectory(self)
        let store = SnapshotStore(directory: dir)
        let name = try store.save(library, report: report)
        let url = dir.appendingPathComponent(name)
        let bytes = try Data(contentsOf: url)
        try bytes.prefix(bytes.count / 3).write(to: url)
        XCTAssertThrowsError(try store.load()) { error in
            XCTAssertTrue(String(describing: error).contains("codesets import"), "\(error)")
        }
        try Data("not a snapshot".utf8).write(to: url)
        XCTAssertThrowsError(try store.load())
    }

    func testEmptyOrMissingDirectory() throws {
        let empty = try TestCodeSets.temporaryDirectory(self)
        XCTAssertThrowsError(try CodeSetImport.run(directory: empty)) { error in
            XCTAssertTrue(String(describing: error).contains("no recognised release files"))
        }
        XCTAssertThrowsError(try CodeSetImport.run(directory: empty.appendingPathComponent("missing")))
    }
}
