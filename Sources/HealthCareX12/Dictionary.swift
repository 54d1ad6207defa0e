extension GuideTexts {
    /// X12 005010 dictionary facts for the HIPAA transactions Revcycle handles (837P, 837I, 835, 999, 277CA,
    /// 270/271, 276/277, 278, 834) and the interchange envelope (ISA, GS, GE, IEA, TA1): data elements with
    /// their type and length, composites with their components, segments with all their elements in standard
    /// order (used or not by the implementation guides), element repeats and relational syntax rules.
    static let dictionary = """
    # ---------------------------------------------------------------------------------------------------
    # Data elements: ELEMENT <number> <type> <min>/<max> <name>
    # ---------------------------------------------------------------------------------------------------

    # Interchange control elements
    ELEMENT I01 ID 2/2 Authorization Information Qualifier
    ELEMENT I02 AN 10/10 Authorization Information
    ELEMENT I03 ID 2/2 Security Information Qualifier
    ELEMENT I04 AN 10/10 Security Information
    ELEMENT I05 ID 2/2 Interchange ID Qualifier
    ELEMENT I06 AN 15/15 Interchange Sender ID
    ELEMENT I07 AN 15/15 Interchange Receiver ID
    ELEMENT I08 DT 6/6 Interchange Date
    ELEMENT I09 TM 4/4 Interchange Time
    ELEMENT I11 ID 5/5 Interchange Control Version Number
    ELEMENT I12 N0 9/9 Interchange Control Number
    ELEMENT I13 ID 1/1 Acknowledgment Requested
    ELEMENT I14 ID 1/1 Interchange Usage Indicator
    ELEMENT I15 AN 1/1 Component Element Separator
    ELEMENT I16 N0 1/5 Number of Included Functional Groups
    ELEMENT I17 ID 1/1 Interchange Acknowledgment Code
    ELEMENT I18 ID 3/3 Interchange Note Code
    ELEMENT I65 AN 1/1 Repetition Separator

    ELEMENT 2 N0 1/6 Number of Accepted Transaction Sets
    ELEMENT 19 AN 2/30 City Name
    ELEMENT 26 ID 2/3 Country Code
    ELEMENT 28 N0 1/9 Group Control Number
    ELEMENT 61 AN 1/30 Free-form Information
    ELEMENT 65 R 1/8 Height
    ELEMENT 66 ID 1/2 Identification Code Qualifier
    ELEMENT 67 AN 2/80 Identification Code
    ELEMENT 81 R 1/10 Weight
    ELEMENT 93 AN 1/60 Name
    ELEMENT 96 N0 1/10 Number of Included Segments
    ELEMENT 97 N0 1/6 Number of Transaction Sets Included
    ELEMENT 98 ID 2/3 Entity Identifier Code
    ELEMENT 100 ID 3/3 Currency Code
    ELEMENT 107 ID 1/2 Payment Method Type Code
    ELEMENT 116 ID 3/15 Postal Code
    ELEMENT 118 R 1/9 Rate
    ELEMENT 123 N0 1/6 Number of Received Transaction Sets
    ELEMENT 124 AN 2/15 Application Receiver's Code
    ELEMENT 127 AN 1/50 Reference Identification
    ELEMENT 128 ID 2/3 Reference Identification Qualifier
    ELEMENT 142 AN 2/15 Application Sender's Code
    ELEMENT 143 ID 3/3 Transaction Set Identifier Code
    ELEMENT 156 ID 2/2 State or Province Code
    ELEMENT 166 AN 1/55 Address Information
    ELEMENT 212 R 1/17 Unit Price
    ELEMENT 234 AN 1/48 Product/Service ID
    ELEMENT 235 ID 2/2 Product/Service ID Qualifier
    ELEMENT 236 ID 3/3 Price Identifier Code
    ELEMENT 280 R 4/10 Exchange Rate
    ELEMENT 289 N0 1/2 Multiple Price Quantity
    ELEMENT 305 ID 1/2 Transaction Handling Code
    ELEMENT 306 ID 1/2 Action Code
    ELEMENT 309 ID 1/2 Location Qualifier
    ELEMENT 310 AN 1/30 Location Identifier
    ELEMENT 329 AN 4/9 Transaction Set Control Number
    ELEMENT 332 R 1/6 Percent, Decimal Format
    ELEMENT 337 TM 4/8 Time
    ELEMENT 338 R 1/6 Terms Discount Percent
    ELEMENT 350 AN 1/20 Assigned Identification
    ELEMENT 352 AN 1/80 Description
    ELEMENT 353 ID 2/2 Transaction Set Purpose Code
    ELEMENT 355 ID 2/2 Unit or Basis for Measurement Code
    ELEMENT 363 ID 3/3 Note Reference Code
    ELEMENT 364 AN 1/256 Communication Number
    ELEMENT 365 ID 2/2 Communication Number Qualifier
    ELEMENT 366 ID 2/2 Contact Function Code
    ELEMENT 373 DT 8/8 Date
    ELEMENT 374 ID 3/3 Date/Time Qualifier
    ELEMENT 380 R 1/15 Quantity
    ELEMENT 426 ID 2/2 Adjustment Reason Code
    ELEMENT 429 AN 1/16 Check Number
    ELEMENT 443 AN 1/20 Contact Inquiry Reference
    ELEMENT 447 AN 1/4 Loop Identifier Code
    ELEMENT 449 AN 1/80 Fixed Format Information
    ELEMENT 455 ID 1/2 Responsible Agency Code
    ELEMENT 478 ID 1/1 Credit/Debit Flag Code
    ELEMENT 479 ID 2/2 Functional Identifier Code
    ELEMENT 480 AN 1/12 Version / Release / Industry Identifier Code
    ELEMENT 481 ID 1/2 Trace Type Code
    ELEMENT 499 AN 1/10 Condition Value
    ELEMENT 506 ID 2/2 (DFI) ID Number Qualifier
    ELEMENT 507 AN 3/12 (DFI) Identification Number
    ELEMENT 508 AN 1/35 Account Number
    ELEMENT 509 AN 10/10 Originating Company Identifier
    ELEMENT 510 AN 9/9 Originating Company Supplemental Code
    ELEMENT 522 ID 1/3 Amount Qualifier Code
    ELEMENT 554 N0 1/6 Assigned Number
    ELEMENT 559 ID 2/2 Agency Qualifier Code
    ELEMENT 569 ID 1/3 Account Number Qualifier
    ELEMENT 584 ID 2/2 Employment Status Code
    ELEMENT 591 ID 3/3 Payment Method Code
    ELEMENT 594 ID 1/1 Frequency Code
    ELEMENT 609 N0 1/9 Count
    ELEMENT 615 ID 1/2 Time Period Qualifier
    ELEMENT 616 N0 1/3 Number of Periods
    ELEMENT 618 ID 1/3 Implementation Transaction Set Syntax Error Code
    ELEMENT 620 ID 1/3 Implementation Segment Syntax Error Code
    ELEMENT 621 ID 1/3 Implementation Data Element Syntax Error Code
    ELEMENT 623 ID 2/2 Time Code
    ELEMENT 628 AN 1/12 Hierarchical ID Number
    ELEMENT 639 ID 2/2 Basis of Unit Price Code
    ELEMENT 640 ID 2/2 Transaction Type Code
    ELEMENT 648 ID 3/3 Price Multiplier Qualifier
    ELEMENT 649 R 1/10 Multiplier
    ELEMENT 659 ID 1/2 Basis of Verification Code
    ELEMENT 669 ID 3/3 Currency Market/Exchange Code
    ELEMENT 673 ID 2/2 Quantity Qualifier
    ELEMENT 678 ID 1/2 Ship/Delivery or Calendar Pattern Code
    ELEMENT 679 ID 1/1 Ship/Delivery Pattern Time Code
    ELEMENT 687 ID 2/2 Class of Trade Code
    ELEMENT 704 ID 1/2 Paperwork/Report Action Code
    ELEMENT 706 ID 2/2 Entity Relationship Code
    ELEMENT 715 ID 1/1 Functional Group Acknowledge Code
    ELEMENT 716 ID 1/3 Functional Group Syntax Error Code
    ELEMENT 717 ID 1/1 Transaction Set Acknowledgment Code
    ELEMENT 719 N0 1/10 Segment Position in Transaction Set
    ELEMENT 721 ID 2/3 Segment ID Code
    ELEMENT 722 N0 1/2 Element Position in Segment
    ELEMENT 724 AN 1/99 Copy of Bad Data Element
    ELEMENT 725 N0 1/4 Data Element Reference Number
    ELEMENT 734 AN 1/12 Hierarchical Parent ID Number
    ELEMENT 735 ID 1/2 Hierarchical Level Code
    ELEMENT 736 ID 1/1 Hierarchical Child Code
    ELEMENT 737 ID 2/2 Measurement Reference ID Code
    ELEMENT 738 ID 1/3 Measurement Qualifier
    ELEMENT 739 R 1/20 Measurement Value
    ELEMENT 740 R 1/20 Range Minimum
    ELEMENT 741 R 1/20 Range Maximum
    ELEMENT 752 ID 2/2 Surface/Layer/Position Code
    ELEMENT 755 ID 2/2 Report Type Code
    ELEMENT 756 ID 1/2 Report Transmission Code
    ELEMENT 757 N0 1/2 Report Copies Needed
    ELEMENT 782 R 1/18 Monetary Amount
    ELEMENT 786 ID 2/2 Security Level Code
    ELEMENT 799 AN 1/30 Version Identifier
    ELEMENT 812 ID 1/10 Payment Format Code
    ELEMENT 875 ID 3/3 Maintenance Type Code
    ELEMENT 889 ID 1/1 Follow-up Action Code
    ELEMENT 901 ID 2/2 Reject Reason Code
    ELEMENT 921 ID 2/2 Discipline Type Code
    ELEMENT 923 ID 1/1 Prognosis Code
    ELEMENT 933 AN 1/264 Free-form Message Text
    ELEMENT 934 ID 2/2 Printer Carriage Control Code
    ELEMENT 935 ID 2/2 Measurement Significance Code
    ELEMENT 936 ID 2/2 Measurement Attribute Code
    ELEMENT 954 R 1/10 Percentage as Decimal
    ELEMENT 1005 ID 4/4 Hierarchical Structure Code
    ELEMENT 1018 R 1/15 Exponent
    ELEMENT 1028 AN 1/38 Claim Submitter's Identifier
    ELEMENT 1029 ID 1/2 Claim Status Code
    ELEMENT 1032 ID 1/2 Claim Filing Indicator Code
    ELEMENT 1033 ID 1/2 Claim Adjustment Group Code
    ELEMENT 1034 ID 1/5 Claim Adjustment Reason Code
    ELEMENT 1035 AN 1/60 Name Last or Organization Name
    ELEMENT 1036 AN 1/35 Name First
    ELEMENT 1037 AN 1/25 Name Middle
    ELEMENT 1038 AN 1/10 Name Prefix
    ELEMENT 1039 AN 1/10 Name Suffix
    ELEMENT 1048 ID 1/3 Business Function Code
    ELEMENT 1065 ID 1/1 Entity Type Qualifier
    ELEMENT 1066 ID 1/2 Citizenship Status Code
    ELEMENT 1067 ID 1/1 Marital Status Code
    ELEMENT 1068 ID 1/1 Gender Code
    ELEMENT 1069 ID 2/2 Individual Relationship Code
    ELEMENT 1073 ID 1/1 Yes/No Condition or Response Code
    ELEMENT 1109 ID 1/1 Race or Ethnicity Code
    ELEMENT 1136 ID 2/2 Code Category
    ELEMENT 1137 AN 1/15 Medical Code Value
    ELEMENT 1138 ID 1/1 Payer Responsibility Sequence Number Code
    ELEMENT 1143 ID 1/1 Coordination of Benefits Code
    ELEMENT 1146 ID 1/1 Disability Type Code
    ELEMENT 1149 ID 4/6 Occupation Code
    ELEMENT 1154 ID 1/1 Work Intensity Code
    ELEMENT 1161 ID 1/2 Product Option Code
    ELEMENT 1165 ID 1/1 Confidentiality Code
    ELEMENT 1166 ID 2/2 Contract Type Code
    ELEMENT 1167 R 1/6 Sample Selection Modulus
    ELEMENT 1176 ID 2/3 Employment Class Code
    ELEMENT 1201 ID 1/1 Information Status Code
    ELEMENT 1203 ID 2/3 Maintenance Reason Code
    ELEMENT 1204 AN 1/50 Plan Coverage Description
    ELEMENT 1205 ID 2/3 Insurance Line Code
    ELEMENT 1207 ID 3/3 Coverage Level Code
    ELEMENT 1209 ID 1/1 Underwriting Decision Code
    ELEMENT 1211 ID 2/3 Drug House Code
    ELEMENT 1212 ID 1/1 Health-Related Code
    ELEMENT 1213 ID 1/1 Current Health Condition Code
    ELEMENT 1214 AN 1/5 Salary Grade
    ELEMENT 1215 ID 1/1 Identification Card Type Code
    ELEMENT 1216 ID 1/1 Benefit Status Code
    ELEMENT 1218 ID 1/1 Medicare Plan Code
    ELEMENT 1219 ID 1/2 Consolidated Omnibus Budget Reconciliation Act (COBRA) Qualifying Event Code
    ELEMENT 1220 ID 1/1 Student Status Code
    ELEMENT 1221 ID 1/3 Provider Code
    ELEMENT 1222 AN 1/3 Provider Specialty Code
    ELEMENT 1223 ID 3/3 Provider Organization Code
    ELEMENT 1250 ID 2/3 Date Time Period Format Qualifier
    ELEMENT 1251 AN 1/35 Date Time Period
    ELEMENT 1270 ID 1/3 Code List Qualifier Code
    ELEMENT 1271 AN 1/30 Industry Code
    ELEMENT 1303 ID 1/2 Use of Language Indicator
    ELEMENT 1314 ID 1/1 Admission Source Code
    ELEMENT 1315 ID 1/1 Admission Type Code
    ELEMENT 1316 ID 1/1 Ambulance Transport Code
    ELEMENT 1317 ID 1/1 Ambulance Transport Reason Code
    ELEMENT 1321 ID 2/3 Condition Indicator
    ELEMENT 1322 ID 1/1 Certification Type Code
    ELEMENT 1325 ID 1/1 Claim Frequency Type Code
    ELEMENT 1327 ID 1/1 Copay Status Code
    ELEMENT 1328 N0 1/2 Diagnosis Code Pointer
    ELEMENT 1331 AN 1/2 Facility Code Value
    ELEMENT 1332 ID 1/2 Facility Code Qualifier
    ELEMENT 1333 ID 1/2 Record Format Code
    ELEMENT 1334 ID 1/1 Health Care Professional Shortage Area Code
    ELEMENT 1335 ID 1/1 Insulin Dependent Code
    ELEMENT 1336 ID 1/3 Insurance Type Code
    ELEMENT 1337 ID 1/1 Level of Care Code
    ELEMENT 1338 ID 1/3 Level of Service Code
    ELEMENT 1339 AN 2/2 Procedure Modifier
    ELEMENT 1340 ID 1/2 Multiple Procedure Code
    ELEMENT 1341 AN 1/2 National or Local Assigned Review Value
    ELEMENT 1342 ID 1/1 Nature of Condition Code
    ELEMENT 1343 ID 1/2 Non-Institutional Claim Type Code
    ELEMENT 1345 ID 1/1 Nursing Home Residential Status Code
    ELEMENT 1348 ID 1/1 Oxygen Equipment Type Code
    ELEMENT 1349 ID 1/1 Oxygen Test Condition Code
    ELEMENT 1350 ID 1/1 Oxygen Test Findings Code
    ELEMENT 1351 ID 1/1 Patient Signature Source Code
    ELEMENT 1352 ID 1/2 Patient Status Code
    ELEMENT 1354 ID 1/4 Diagnosis Related Group (DRG) Code
    ELEMENT 1358 ID 1/1 Prosthesis, Crown or Inlay Code
    ELEMENT 1359 ID 1/1 Provider Accept Assignment Code
    ELEMENT 1360 ID 1/1 Provider Agreement Code
    ELEMENT 1361 ID 1/3 Oral Cavity Designation Code
    ELEMENT 1362 ID 2/3 Related-Causes Code
    ELEMENT 1363 ID 1/1 Release of Information Code
    ELEMENT 1364 ID 1/2 Review Code
    ELEMENT 1365 ID 1/2 Service Type Code
    ELEMENT 1366 ID 2/3 Special Program Code
    ELEMENT 1367 ID 2/3 Subluxation Level Code
    ELEMENT 1369 ID 1/2 Tooth Surface Code
    ELEMENT 1371 R 1/10 Unit Rate
    ELEMENT 1373 ID 2/4 Measurement Method or Device
    ELEMENT 1382 ID 1/1 Oxygen Delivery System Code
    ELEMENT 1383 ID 2/2 Claim Submission Reason Code
    ELEMENT 1384 ID 1/1 Patient Location Code
    ELEMENT 1390 ID 1/2 Eligibility or Benefit Information Code
    ELEMENT 1470 N0 1/9 Number
    ELEMENT 1473 ID 2/2 Pricing Methodology
    ELEMENT 1476 ID 1/1 Language Proficiency Indicator
    ELEMENT 1514 ID 1/2 Delay Reason Code
    ELEMENT 1525 ID 1/2 Request Category Code
    ELEMENT 1526 ID 1/2 Policy Compliance Code
    ELEMENT 1527 ID 1/2 Exception Code
    ELEMENT 1528 N0 1/2 Component Data Element Position in Composite
    ELEMENT 1595 ID 1/1 Government Service Affiliation Code
    ELEMENT 1596 ID 2/2 Military Service Rank Code
    ELEMENT 1686 N0 1/4 Repeating Data Element Position
    ELEMENT 1701 ID 1/1 Eligibility Reason Code
    ELEMENT 1705 AN 1/35 Implementation Convention Reference
    ELEMENT 1715 ID 1/3 Country Subdivision Code
    ELEMENT 9998 AN 1/35 Context Reference
    ELEMENT 9999 AN 1/35 Context Name

    # ---------------------------------------------------------------------------------------------------
    # Composites: COMP <id> <name>, then <position> <element>, then RULEs
    # ---------------------------------------------------------------------------------------------------

    COMP C001 Composite Unit of Measure
      01 355
      02 1018
      03 649
      04 355
      05 1018
      06 649
      07 355
      08 1018
      09 649
      10 355
      11 1018
      12 649
      13 355
      14 1018
      15 649

    COMP C002 Actions Indicated
      01 704
      02 704
      03 704
      04 704
      05 704

    COMP C003 Composite Medical Procedure Identifier
      01 235
      02 234
      03 1339
      04 1339
      05 1339
      06 1339
      07 352
      08 234

    COMP C004 Composite Diagnosis Code Pointer
      01 1328
      02 1328
      03 1328
      04 1328

    COMP C005 Tooth Surface
      01 1369
      02 1369
      03 1369
      04 1369
      05 1369

    COMP C006 Oral Cavity Designation
      01 1361
      02 1361
      03 1361
      04 1361
      05 1361

    COMP C022 Health Care Code Information
      01 1270
      02 1271
      03 1250
      04 1251
      05 782
      06 380
      07 799
      08 1271
      09 1073
      RULE P0304
      RULE E0809

    COMP C023 Health Care Service Location Information
      01 1331
      02 1332
      03 1325

    COMP C024 Related Causes Information
      01 1362
      02 1362
      03 1362
      04 156
      05 26

    COMP C030 Position in Segment
      01 722
      02 1528
      03 1686

    COMP C035 Provider Specialty Information
      01 1222
      02 559
      03 1073

    COMP C040 Reference Identifier
      01 128
      02 127
      03 128
      04 127
      05 128
      06 127
      RULE P0304
      RULE P0506

    COMP C042 Adjustment Identifier
      01 426
      02 127

    COMP C043 Health Care Claim Status
      01 1271
      02 1271
      03 98
      04 1270

    COMP C052 Medicare Status Code
      01 1218
      02 1701
      03 1701
      04 1701

    COMP C056 Composite Race or Ethnicity Information
      01 1109
      02 1270
      03 1271
      RULE P0203

    COMP C998 Context Identification
      01 9999
      02 9998

    COMP C999 Reference in Segment
      01 725
      02 725

    # ---------------------------------------------------------------------------------------------------
    # Segments: SEG <id> <name>, then every element in standard order, then RULEs
    # ---------------------------------------------------------------------------------------------------

    # Interchange and functional group envelope
    SEG ISA Interchange Control Header
      01 I01
      02 I02
      03 I03
      04 I04
      05 I05
      06 I06
      07 I05
      08 I07
      09 I08
      10 I09
      11 I65
      12 I11
      13 I12
      14 I13
      15 I14
      16 I15

    SEG IEA Interchange Control Trailer
      01 I16
      02 I12

    SEG TA1 Interchange Acknowledgment
      01 I12
      02 I08
      03 I09
      04 I17
      05 I18

    SEG GS Functional Group Header
      01 479
      02 142
      03 124
      04 373
      05 337
      06 28
      07 455
      08 480

    SEG GE Functional Group Trailer
      01 97
      02 28

    SEG ST Transaction Set Header
      01 143
      02 329
      03 1705

    SEG SE Transaction Set Trailer
      01 96
      02 329

    SEG AAA Request Validation
      01 1073
      02 559
      03 901
      04 889

    SEG ACT Account Identification
      01 508
      02 93
      03 66
      04 67
      05 569
      06 508
      07 352
      08 107
      09 1216
      RULE P0304
      RULE C0506
      RULE C0705

    SEG AK1 Functional Group Response Header
      01 479
      02 28
      03 480

    SEG AK2 Transaction Set Response Header
      01 143
      02 329
      03 1705

    SEG AK9 Functional Group Response Trailer
      01 715
      02 97
      03 123
      04 2
      05 716
      06 716
      07 716
      08 716
      09 716

    SEG AMT Monetary Amount Information
      01 522
      02 782
      03 478

    SEG BGN Beginning Segment
      01 353
      02 127
      03 373
      04 337
      05 623
      06 127
      07 640
      08 306
      09 786
      RULE C0504

    SEG BHT Beginning of Hierarchical Transaction
      01 1005
      02 353
      03 127
      04 373
      05 337
      06 640

    SEG BPR Financial Information
      01 305
      02 782
      03 478
      04 591
      05 812
      06 506
      07 507
      08 569
      09 508
      10 509
      11 510
      12 506
      13 507
      14 569
      15 508
      16 373
      17 1048
      18 506
      19 507
      20 569
      21 508
      RULE P0607
      RULE C0809
      RULE P1213
      RULE C1415
      RULE P1819
      RULE C2021

    SEG CAS Claims Adjustment
      01 1033
      02 1034
      03 782
      04 380
      05 1034
      06 782
      07 380
      08 1034
      09 782
      10 380
      11 1034
      12 782
      13 380
      14 1034
      15 782
      16 380
      17 1034
      18 782
      19 380
      RULE L050607
      RULE C0605
      RULE C0705
      RULE L080910
      RULE C0908
      RULE C1008
      RULE L111213
      RULE C1211
      RULE C1311
      RULE L141516
      RULE C1514
      RULE C1614
      RULE L171819
      RULE C1817
      RULE C1917

    SEG CL1 Claim Codes
      01 1315
      02 1314
      03 1352
      04 1345

    SEG CLM Health Claim
      01 1028
      02 782
      03 1032
      04 1343
      05 C023
      06 1073
      07 1359
      08 1073
      09 1363
      10 1351
      11 C024
      12 1366
      13 1073
      14 1338
      15 1073
      16 1360
      17 1029
      18 1073
      19 1383
      20 1514

    SEG CLP Claim Level Data
      01 1028
      02 1029
      03 782
      04 782
      05 782
      06 1032
      07 127
      08 1331
      09 1325
      10 1352
      11 1354
      12 380
      13 954
      14 1073

    SEG CN1 Contract Information
      01 1166
      02 782
      03 332
      04 127
      05 338
      06 799

    SEG COB Coordination of Benefits
      01 1138
      02 127
      03 1143
      04 1365 x9

    SEG CR1 Ambulance Certification
      01 355
      02 81
      03 1316
      04 1317
      05 355
      06 380
      07 166
      08 166
      09 352
      10 352
      RULE P0102
      RULE P0506

    SEG CR2 Chiropractic Certification
      01 609
      02 380
      03 1367
      04 1367
      05 355
      06 380
      07 380
      08 1342
      09 1073
      10 352
      11 352
      12 1073
      RULE P0102
      RULE C0403
      RULE P0506

    SEG CR3 Durable Medical Equipment Certification
      01 1322
      02 355
      03 380
      04 1335
      05 352
      RULE P0203

    SEG CR5 Home Oxygen Therapy Information
      01 1322
      02 380
      03 1348
      04 1348
      05 352
      06 380
      07 380
      08 380
      09 352
      10 380
      11 380
      12 1349
      13 1350
      14 1350
      15 1350
      16 380
      17 1382
      18 1348

    SEG CR6 Home Health Care Certification
      01 923
      02 373
      03 1250
      04 1251
      05 373
      06 1073
      07 1073
      08 1322
      09 373
      10 235
      11 1137
      12 373
      13 373
      14 373
      15 1250
      16 1251
      17 1384
      18 373
      19 373
      20 373
      21 373
      RULE P0304

    SEG CR7 Home Health Treatment Plan Certification
      01 921
      02 1470
      03 1470

    SEG CRC Conditions Indicator
      01 1136
      02 1073
      03 1321
      04 1321
      05 1321
      06 1321
      07 1321

    SEG CTP Pricing Information
      01 687
      02 236
      03 212
      04 380
      05 C001
      06 648
      07 649
      08 782
      09 639
      10 499
      11 289
      RULE P0405
      RULE C0607
      RULE C0902
      RULE C1002
      RULE C1103

    SEG CTX Context
      01 C998 x10
      02 721
      03 719
      04 447
      05 C030
      06 C999
      RULE P0203

    SEG CUR Currency
      01 98
      02 100
      03 280
      04 98
      05 100
      06 669
      07 374
      08 373
      09 337
      10 374
      11 373
      12 337
      13 374
      14 373
      15 337
      16 374
      17 373
      18 337
      19 374
      20 373
      21 337
      RULE C0807
      RULE C0907
      RULE L101112
      RULE C1110
      RULE C1210
      RULE L131415
      RULE C1413
      RULE C1513
      RULE L161718
      RULE C1716
      RULE C1816
      RULE L192021
      RULE C2019
      RULE C2119

    SEG DMG Demographic Information
      01 1250
      02 1251
      03 1068
      04 1067
      05 C056 x10
      06 1066
      07 26
      08 659
      09 380
      10 1270
      11 1271
      RULE P0102
      RULE P1011
      RULE C1105

    SEG DSB Disability Information
      01 1146
      02 380
      03 1149
      04 1154
      05 1161
      06 782
      07 235
      08 1137
      RULE P0708

    SEG DTM Date/Time Reference
      01 374
      02 373
      03 337
      04 623
      05 1250
      06 1251
      RULE R020305
      RULE C0403
      RULE P0506

    SEG DTP Date or Time or Period
      01 374
      02 1250
      03 1251

    SEG EB Eligibility or Benefit Information
      01 1390
      02 1207
      03 1365 x99
      04 1336
      05 1204
      06 615
      07 782
      08 954
      09 673
      10 380
      11 1073
      12 1073
      13 C003
      14 C004
      RULE P0910

    SEG EC Employment Class
      01 1176
      02 1176
      03 1176
      04 954
      05 1201
      06 1149

    SEG EQ Eligibility or Benefit Inquiry
      01 1365 x99
      02 C003
      03 1207
      04 1336
      05 C004
      RULE R0102

    SEG FRM Supporting Documentation
      01 350
      02 1073
      03 127
      04 373
      05 332
      RULE R02030405

    SEG HCP Health Care Pricing
      01 1473
      02 782
      03 782
      04 127
      05 118
      06 127
      07 782
      08 234
      09 235
      10 234
      11 355
      12 380
      13 901
      14 1526
      15 1527
      RULE R0113
      RULE P0910
      RULE P1112

    SEG HCR Health Care Services Review
      01 306
      02 127
      03 1271
      04 1073

    SEG HD Health Coverage
      01 875
      02 1203
      03 1205
      04 1204
      05 1207
      06 609
      07 609
      08 1209
      09 1073
      10 1211
      11 1073

    SEG HI Health Care Information Codes
      01 C022
      02 C022
      03 C022
      04 C022
      05 C022
      06 C022
      07 C022
      08 C022
      09 C022
      10 C022
      11 C022
      12 C022

    SEG HL Hierarchical Level
      01 628
      02 734
      03 735
      04 736

    SEG HLH Health Information
      01 1212
      02 65
      03 81
      04 81
      05 352
      06 1213
      07 352

    SEG HSD Health Care Services Delivery
      01 673
      02 380
      03 355
      04 1167
      05 615
      06 616
      07 678
      08 679
      RULE P0102
      RULE C0605

    SEG ICM Individual Income
      01 594
      02 782
      03 380
      04 310
      05 1214
      06 100

    SEG IDC Identification Card
      01 1204
      02 1215
      03 380
      04 306

    SEG III Information
      01 1270
      02 1271
      03 1136
      04 933
      05 380
      06 C001
      07 752
      08 752
      09 752
      RULE P0102

    SEG IK3 Implementation Data Segment Note
      01 721
      02 719
      03 447
      04 620

    SEG IK4 Implementation Data Element Note
      01 C030
      02 725
      03 621
      04 724

    SEG IK5 Implementation Transaction Set Response Trailer
      01 717
      02 618
      03 618
      04 618
      05 618
      06 618

    SEG INS Insured Benefit
      01 1073
      02 1069
      03 875
      04 1203
      05 1216
      06 C052
      07 1219
      08 584
      09 1220
      10 1073
      11 1250
      12 1251
      13 1165
      14 19
      15 156
      16 26
      17 1470
      RULE P1112

    SEG K3 File Information
      01 449
      02 1333
      03 C001

    SEG LE Loop Trailer
      01 447

    SEG LIN Item Identification
      01 350
      02 235
      03 234
      04 235
      05 234
      06 235
      07 234
      08 235
      09 234
      10 235
      11 234
      12 235
      13 234
      14 235
      15 234
      16 235
      17 234
      18 235
      19 234
      20 235
      21 234
      22 235
      23 234
      24 235
      25 234
      26 235
      27 234
      28 235
      29 234
      30 235
      31 234
      RULE P0405
      RULE P0607
      RULE P0809
      RULE P1011
      RULE P1213
      RULE P1415
      RULE P1617
      RULE P1819
      RULE P2021
      RULE P2223
      RULE P2425
      RULE P2627
      RULE P2829
      RULE P3031

    SEG LQ Industry Code Identification
      01 1270
      02 1271
      RULE C0102

    SEG LS Loop Header
      01 447

    SEG LUI Language Use
      01 66
      02 67
      03 352
      04 1303
      05 1476
      RULE P0102
      RULE L040203

    SEG LX Transaction Set Line Number
      01 554

    SEG MEA Measurements
      01 737
      02 738
      03 739
      04 C001
      05 740
      06 741
      07 935
      08 936
      09 752
      10 1373
      11 1270
      12 1271
      RULE R03050608
      RULE E0803
      RULE L07030506
      RULE L050412
      RULE L060412
      RULE P1112

    SEG MIA Medicare Inpatient Adjudication
      01 380
      02 782
      03 380
      04 782
      05 127
      06 782
      07 782
      08 782
      09 782
      10 782
      11 782
      12 782
      13 782
      14 782
      15 380
      16 782
      17 782
      18 782
      19 782
      20 127
      21 127
      22 127
      23 127
      24 782

    SEG MOA Medicare Outpatient Adjudication
      01 954
      02 782
      03 127
      04 127
      05 127
      06 127
      07 127
      08 782
      09 782

    SEG MPI Military Personnel Information
      01 1201
      02 584
      03 1595
      04 352
      05 1596
      06 1250
      07 1251
      RULE P0607

    SEG MSG Message Text
      01 933
      02 934
      03 1470
      RULE C0302

    SEG N1 Party Identification
      01 98
      02 93
      03 66
      04 67
      05 706
      06 98
      RULE R0203
      RULE P0304

    SEG N2 Additional Name Information
      01 93
      02 93

    SEG N3 Party Location
      01 166
      02 166

    SEG N4 Geographic Location
      01 19
      02 156
      03 116
      04 26
      05 309
      06 310
      07 1715
      RULE E0207
      RULE C0605
      RULE C0704

    SEG NM1 Individual or Organizational Name
      01 98
      02 1065
      03 1035
      04 1036
      05 1037
      06 1038
      07 1039
      08 66
      09 67
      10 706
      11 98
      12 1035
      RULE P0809
      RULE C1110
      RULE C1203

    SEG NTE Note/Special Instruction
      01 363
      02 352

    SEG OI Other Health Insurance Information
      01 1032
      02 1383
      03 1073
      04 1351
      05 1360
      06 1363

    SEG PAT Patient Information
      01 1069
      02 1384
      03 584
      04 1220
      05 1250
      06 1251
      07 355
      08 81
      09 1073
      RULE P0506
      RULE P0708

    SEG PER Administrative Communications Contact
      01 366
      02 93
      03 365
      04 364
      05 365
      06 364
      07 365
      08 364
      09 443
      RULE P0304
      RULE P0506
      RULE P0708

    SEG PLA Place or Location
      01 306
      02 98
      03 373
      04 337
      05 1203

    SEG PLB Provider Level Adjustment
      01 127
      02 373
      03 C042
      04 782
      05 C042
      06 782
      07 C042
      08 782
      09 C042
      10 782
      11 C042
      12 782
      13 C042
      14 782
      RULE P0506
      RULE P0708
      RULE P0910
      RULE P1112
      RULE P1314

    SEG PRV Provider Information
      01 1221
      02 128
      03 127
      04 156
      05 C035
      06 1223
      RULE P0203

    SEG PS1 Purchase Service
      01 127
      02 782
      03 156

    SEG PWK Paperwork
      01 755
      02 756
      03 757
      04 98
      05 66
      06 67
      07 352
      08 C002
      09 1525
      RULE P0506

    SEG QTY Quantity Information
      01 673
      02 380
      03 C001
      04 61
      RULE R0204
      RULE E0204

    SEG RDM Remittance Delivery Method
      01 756
      02 93
      03 364
      04 C040
      05 C040

    SEG REF Reference Information
      01 128
      02 127
      03 352
      04 C040
      RULE R0203

    SEG SBR Subscriber Information
      01 1138
      02 1069
      03 127
      04 93
      05 1336
      06 1143
      07 1073
      08 584
      09 1032

    SEG STC Status Information
      01 C043
      02 373
      03 306
      04 782
      05 782
      06 373
      07 591
      08 373
      09 429
      10 C043
      11 C043
      12 933

    SEG SV1 Professional Service
      01 C003
      02 782
      03 355
      04 380
      05 1331
      06 1365
      07 C004
      08 782
      09 1073
      10 1340
      11 1073
      12 1073
      13 1364
      14 1341
      15 1327
      16 1334
      17 127
      18 116
      19 782
      20 1337
      21 1360
      RULE P0304

    SEG SV2 Institutional Service Line
      01 234
      02 C003
      03 782
      04 355
      05 380
      06 1371
      07 782
      08 1073
      09 1345
      10 1337
      RULE R0102
      RULE P0405

    SEG SV3 Dental Service
      01 C003
      02 782
      03 1331
      04 C006
      05 1358
      06 380
      07 352
      08 1327
      09 1360
      10 1073
      11 C004

    SEG SV5 Durable Medical Equipment Service
      01 C003
      02 355
      03 380
      04 782
      05 782
      06 594
      07 923
      RULE R0405
      RULE C0604

    SEG SVC Service Payment Information
      01 C003
      02 782
      03 782
      04 234
      05 380
      06 C003
      07 380

    SEG SVD Service Line Adjudication
      01 67
      02 782
      03 C003
      04 234
      05 380
      06 554

    SEG TOO Tooth Identification
      01 1270
      02 1271
      03 C005
      RULE P0102
      RULE C0302

    SEG TRN Trace
      01 481
      02 127
      03 509
      04 127

    SEG TS2 Transaction Supplemental Statistics
      01 782
      02 782
      03 782
      04 782
      05 782
      06 782
      07 380
      08 782
      09 782
      10 380
      11 380
      12 380
      13 380
      14 380
      15 782
      16 380
      17 782
      18 782
      19 782

    SEG TS3 Transaction Statistics
      01 127
      02 1331
      03 373
      04 380
      05 782
      06 782
      07 782
      08 782
      09 782
      10 782
      11 782
      12 782
      13 782
      14 782
      15 782
      16 782
      17 782
      18 782
      19 782
      20 782
      21 782
      22 782
      23 380
      24 782

    SEG UM Health Care Services Review Information
      01 1525
      02 1322
      03 1365
      04 C023
      05 C024
      06 1338
      07 1213
      08 923
      09 1363
      10 1514

    # Code lists the guides name with =@list.
    # State and province codes (N402 when the country is the US or Canada): US states, DC, territories, military
    # post offices, Canadian provinces and territories.
    CODES state AL,AK,AZ,AR,CA,CO,CT,DE,DC,FL,GA,HI,ID,IL,IN,IA,KS,KY,LA,ME,MD,MA,MI,MN,MS,MO,MT,NE,NV,NH,NJ,NM,NY,NC,ND
    CODES state OH,OK,OR,PA,RI,SC,SD,TN,TX,UT,VT,VA,WA,WV,WI,WY,AS,FM,GU,MH,MP,PW,PR,VI,AA,AE,AP
    CODES state AB,BC,MB,NB,NL,NS,NT,NU,ON,PE,QC,SK,YT

    # Additions by guide writers go below this line.
    """
}
