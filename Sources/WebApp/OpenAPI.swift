import Vapor

/// GET /openapi.json: the OpenAPI 3.1 description of every endpoint. A test checks that each registered route
/// appears here, so the document cannot fall behind the code.
@Sendable func openAPI(_ req: Request) async throws -> Response {
    var headers = HTTPHeaders()
    headers.contentType = .json
    return Response(status: .ok, headers: headers, body: .init(string: openAPIDocument))
}

let openAPIDocument = #"""
{
  "openapi": "3.1.0",
  "info": {
    "title": "Revcycle API",
    "version": "1.0.0",
    "description": "Medical coding and billing. Codes are looked up and searched in the official code sets (ICD-10-CM, ICD-10-PCS, HCPCS Level II, CPT as listed by CMS, and the X12 and CMS code lists), evaluated on the date of service."
  },
  "paths": {
    "/health": {
      "get": {
        "summary": "Liveness and readiness: database and code sets",
        "responses": {
          "200": {"description": "Healthy", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Health"}}}},
          "503": {"description": "The database is unavailable", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Health"}}}}
        }
      }
    },
    "/openapi.json": {
      "get": {"summary": "This document", "responses": {"200": {"description": "OpenAPI 3.1 document"}}}
    },
    "/api/v1/codes/search": {
      "get": {
        "summary": "Search codes by words",
        "description": "Searches titles, inclusion terms and Alphabetic Index entries (see references followed). Understands common clinical abbreviations (HTN, T2DM, CKD, CHF, COPD, ...) and small typos. Results are ranked best first.",
        "parameters": [
          {"name": "q", "in": "query", "required": true, "schema": {"type": "string", "maxLength": 200}, "description": "Words to search for"},
          {"name": "system", "in": "query", "schema": {"$ref": "#/components/schemas/CodeSystem"}},
          {"name": "date", "in": "query", "schema": {"type": "string", "format": "date"}, "description": "Date of service: only codes valid then"},
          {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 200, "default": 20}}
        ],
        "responses": {
          "200": {"description": "Ranked codes", "content": {"application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/SearchResult"}}}}},
          "400": {"$ref": "#/components/responses/BadRequest"}
        }
      }
    },
    "/api/v1/codes/{system}/{code}": {
      "get": {
        "summary": "Look a code up",
        "description": "Title, billable or not and why, hierarchy, children, every instructional note that applies (inherited ones too), 7th characters, placeholder X, validity on a date of service, and presence in each loaded release.",
        "parameters": [
          {"name": "system", "in": "path", "required": true, "schema": {"$ref": "#/components/schemas/CodeSystem"}},
          {"name": "code", "in": "path", "required": true, "schema": {"type": "string"}, "description": "Dotted or not, any case (E11.22, e1122)"},
          {"name": "date", "in": "query", "schema": {"type": "string", "format": "date"}, "description": "Date of service to judge validity on"}
        ],
        "responses": {
          "200": {"description": "The code", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/CodeDetail"}}}},
          "400": {"$ref": "#/components/responses/BadRequest"},
          "404": {"description": "Not a code; the reason and the nearest codes", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
        }
      }
    },
    "/api/v1/codesets": {
      "get": {
        "summary": "Loaded code-set releases",
        "responses": {"200": {"description": "Systems, code counts and releases with the dates of service they cover"}}
      }
    },
    "/api/v1/x12/validate": {
      "post": {
        "summary": "Validate an X12 file against the HIPAA 5010 implementation guides (837P, 837I, 835, 999, 277CA, 270/271, 276/277, 278)",
        "requestBody": {"required": true, "content": {"application/edi-x12": {"schema": {"type": "string"}}, "text/plain": {"schema": {"type": "string"}}}},
        "responses": {
          "200": {"description": "The verdict, every finding with its place, and the 999 answering the file", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/X12Validation"}}}},
          "400": {"description": "The body is empty or not an X12 interchange", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
        }
      }
    },
    "/api/v1/x12/parse": {
      "post": {
        "summary": "Read an X12 file into typed transactions: 837 claims with parties, diagnoses and service lines; 835 payments with claims, service lines and adjustments (group and reason codes); 277CA acknowledgments; 270/271 eligibility inquiries and benefits; 276/277 claim status; 278 review requests and decisions; other transaction sets as loops of segments. Money is in integer cents.",
        "requestBody": {"required": true, "content": {"application/edi-x12": {"schema": {"type": "string"}}, "text/plain": {"schema": {"type": "string"}}}},
        "responses": {
          "200": {"description": "{valid, errorCount, transactions: [...]}", "content": {"application/json": {"schema": {"type": "object", "properties": {"valid": {"type": "boolean"}, "errorCount": {"type": "integer"}, "transactions": {"type": "array", "items": {"type": "object"}}}}}}},
          "400": {"description": "The body is empty or not an X12 interchange", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
        }
      }
    }
  },
  "components": {
    "responses": {
      "BadRequest": {"description": "A parameter is wrong; the error names it", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
    },
    "schemas": {
      "CodeSystem": {"type": "string", "enum": ["icd10cm", "icd10pcs", "hcpcs", "cpt", "hcpcs-modifier", "pos", "taxonomy", "carc", "rarc", "adjustment-group", "claim-status-category", "claim-status"]},
      "Health": {"type": "object", "properties": {"status": {"type": "string"}, "database": {"type": "string"}, "databaseStatus": {"type": "string"}, "codeSets": {"type": "string"}, "uptimeSeconds": {"type": "integer"}}},
      "SearchResult": {
        "type": "object",
        "required": ["system", "code", "title", "billable", "score"],
        "properties": {
          "system": {"$ref": "#/components/schemas/CodeSystem"}, "code": {"type": "string"}, "title": {"type": "string"},
          "billable": {"type": "boolean"}, "score": {"type": "number"},
          "matched": {"type": "string", "description": "The title, inclusion term or index path that matched"},
          "matchedIn": {"type": "string", "enum": ["title", "inclusion term", "index"]}
        }
      },
      "CodeReference": {"type": "object", "properties": {"code": {"type": "string"}, "title": {"type": "string"}, "kind": {"type": "string"}, "billable": {"type": "boolean"}}},
      "CodeDetail": {
        "type": "object",
        "properties": {
          "system": {"$ref": "#/components/schemas/CodeSystem"}, "code": {"type": "string"}, "title": {"type": "string"}, "shortTitle": {"type": "string"},
          "kind": {"type": "string"}, "billable": {"type": "boolean"}, "billableReason": {"type": "string"}, "release": {"type": "string"},
          "hierarchy": {"type": "array", "items": {"$ref": "#/components/schemas/CodeReference"}},
          "children": {"type": "array", "items": {"$ref": "#/components/schemas/CodeReference"}},
          "notes": {"type": "array", "items": {"type": "object", "properties": {"kind": {"type": "string", "enum": ["includes", "inclusionTerm", "notes", "excludes1", "excludes2", "codeFirst", "useAdditionalCode", "codeAlso"]}, "heading": {"type": "string"}, "from": {"type": "string"}, "inherited": {"type": "boolean"}, "texts": {"type": "array", "items": {"type": "string"}}}}},
          "seventhCharacters": {"type": "array", "items": {"type": "object", "properties": {"character": {"type": "string"}, "meaning": {"type": "string"}}}},
          "seventhCharacterSource": {"type": "string"}, "seventhCharacterNote": {"type": "string"}, "placeholder": {"type": "string"},
          "attributes": {"type": "array", "items": {"type": "object", "properties": {"name": {"type": "string"}, "value": {"type": "string"}}}},
          "validity": {"type": "object", "properties": {"date": {"type": "string", "format": "date"}, "valid": {"type": "boolean"}, "release": {"type": "string"}, "reason": {"type": "string"}, "approximate": {"type": "boolean"}}},
          "history": {"type": "array", "items": {"type": "object", "properties": {"release": {"type": "string"}, "effectiveFrom": {"type": "string", "format": "date"}, "effectiveThrough": {"type": "string", "format": "date"}, "present": {"type": "boolean"}, "billable": {"type": "boolean"}}}},
          "indexEntries": {"type": "array", "items": {"type": "string"}}
        }
      },
      "X12Validation": {
        "type": "object",
        "required": ["valid", "isX12", "segments", "transactions", "errors"],
        "properties": {
          "valid": {"type": "boolean"}, "isX12": {"type": "boolean"}, "segments": {"type": "integer"},
          "transactions": {"type": "array", "items": {"type": "object", "properties": {"id": {"type": "string"}, "controlNumber": {"type": "string"}, "version": {"type": "string"}, "guide": {"type": "string"}, "accepted": {"type": "boolean"}, "errorCount": {"type": "integer"}}}},
          "errors": {"type": "array", "items": {"type": "object", "properties": {
            "level": {"type": "string", "enum": ["interchange", "group", "transaction", "segment", "element"]},
            "code": {"type": "string", "description": "TA105, AK905, IK502, IK304 or IK403 code, by level"},
            "message": {"type": "string"}, "segmentIndex": {"type": "integer"}, "segmentId": {"type": "string"}, "line": {"type": "integer"},
            "positionInTransaction": {"type": "integer"}, "loop": {"type": "string"}, "element": {"type": "integer"}, "component": {"type": "integer"},
            "repetition": {"type": "integer"}, "value": {"type": "string"},
            "rule": {"type": "string", "description": "Rules beyond syntax: claim-charge-balance, claim-payment-balance, service-line-balance, payment-balance, npi-check-digit"}}}},
          "acknowledgment": {"type": "string", "description": "The 999 (with a TA1 when the interchange envelope is in error)"}
        }
      },
      "Error": {
        "type": "object",
        "properties": {"error": {"type": "object", "required": ["code", "message"], "properties": {"code": {"type": "string"}, "message": {"type": "string"}, "parameter": {"type": "string"}, "suggestions": {"type": "array", "items": {"$ref": "#/components/schemas/CodeReference"}}}}}
      }
    }
  }
}
"""#
