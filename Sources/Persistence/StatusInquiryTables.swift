import FluentKit
import FluentPostgresDriver
import Foundation
import RevenueCycle

// 276 status inquiries (`StatusInquiryStore`); the table is made by M014CreateStatusInquiries.

extension DatabaseStore {
    public func insertStatusInquiry(_ inquiry: StatusInquiry, claims: [ClaimChange]) async throws -> Stored<StatusInquiry> {
        var body = inquiry
        body.contents = ""
        let json = try StoreJSON.encode(body)
        try await write { db in
            try await Self.sql(db).insert(into: "status_inquiries")
                .columns("id", "tenant_id", "interchange_control_number", "created_at_ms", "body", "contents")
                .values(SQLBind(inquiry.id), SQLBind(inquiry.tenantID), SQLBind(inquiry.interchangeControlNumber), SQLBind(milliseconds(inquiry.createdAt)),
                        SQLBind(json), SQLBind(inquiry.contents))
                .run()
            try await self.on(db).storeChanges(claims, document: ClaimDocument(kind: "276", documentID: inquiry.id, name: inquiry.fileName, at: inquiry.createdAt), on: db)
        }
        return Stored(value: inquiry, version: 1, createdAt: inquiry.createdAt, updatedAt: inquiry.createdAt)
    }

    public func statusInquiry(id: UUID, tenantID: UUID) async throws -> Stored<StatusInquiry>? {
        let row = try await Self.sql(database).select().columns("body", "contents").from("status_inquiries")
            .where("id", .equal, id).where("tenant_id", .equal, tenantID).first()
        return try row.map { try Self.storedInquiry($0) }
    }

    public func statusInquiries(tenantID: UUID, limit: Int, cursor: String?) async throws -> RevenueCycle.Page<Stored<StatusInquiry>> {
        let (rows, next) = try await newestFirst(table: "status_inquiries", timeColumn: "created_at_ms", columns: ["body"], tenantID: tenantID,
                                                 filter: nil, limit: limit, cursor: cursor)
        return RevenueCycle.Page(items: try rows.map { try Self.storedInquiry($0) }, nextCursor: next)
    }

    static func storedInquiry(_ row: any SQLRow) throws -> Stored<StatusInquiry> {
        var inquiry = try StoreJSON.decode(StatusInquiry.self, try row.decode(column: "body", as: String.self), what: "a status inquiry")
        if row.contains(column: "contents") { inquiry.contents = try row.decode(column: "contents", as: String.self) }
        return Stored(value: inquiry, version: 1, createdAt: inquiry.createdAt, updatedAt: inquiry.createdAt)
    }
}
