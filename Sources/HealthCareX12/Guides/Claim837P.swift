extension GuideTexts {
    // ASC X12N 837 Health Care Claim: Professional, 005010X222A1.
    // The 2300 claim loop stands twice in the IG's table: under the subscriber (2000B, when the subscriber is the
    // patient) and under the patient (2000C). Its text is written once (`claim837P2300` below) and used in both places.
    static let claim837P = """
    GUIDE 837 005010X222A1 Health Care Claim: Professional

    SEG ST R 1                              # Transaction Set Header
      01 R =837
      02 R
      03 R =005010X222A1
    SEG BHT R 1                             # Beginning of Hierarchical Transaction
      01 R =0019
      02 R =00,18
      03 R
      04 R
      05 R
      06 R =CH,RP

    LOOP 1000A R 1 Submitter Name
      SEG NM1 R 1 @01=41
        01 R =41
        02 R =1,2
        03 R
        04 S
        05 S
        08 R =46
        09 R
      SEG PER R 2                           # Submitter EDI Contact Information
        01 R =IC
        02 S
        03 R =ED,EM,FX,TE
        04 R
        05 S =ED,EM,EX,FX,TE
        06 S
        07 S =ED,EM,EX,FX,TE
        08 S
    END

    LOOP 1000B R 1 Receiver Name
      SEG NM1 R 1 @01=40
        01 R =40
        02 R =2
        03 R
        08 R =46
        09 R
    END

    LOOP 2000A R >1 Billing Provider Hierarchical Level
      SEG HL R 1 @03=20
        01 R
        03 R =20
        04 R =1
      SEG PRV S 1                           # Billing Provider Specialty Information
        01 R =BI
        02 R =PXC
        03 R
      SEG CUR S 1                           # Foreign Currency Information
        01 R =85
        02 R

      LOOP 2010AA R 1 Billing Provider Name
        SEG NM1 R 1 @01=85
          01 R =85
          02 R =1,2
          03 R
          04 S
          05 S
          07 S
          08 S =XX
          09 S
        SEG N3 R 1                          # Billing Provider Address
          01 R
          02 S
        SEG N4 R 1                          # Billing Provider City, State, ZIP Code
          01 R
          02 S =@state
          03 S
          04 S
          07 S
        SEG REF R 1 @01=EI,SY               # Billing Provider Tax Identification
          01 R =EI,SY
          02 R
        SEG REF S 2 @01=0B,1G               # Billing Provider UPIN/License Information
          01 R =0B,1G
          02 R
        SEG PER S 2                         # Billing Provider Contact Information
          01 R =IC
          02 S
          03 R =EM,FX,TE
          04 R
          05 S =EM,EX,FX,TE
          06 S
          07 S =EM,EX,FX,TE
          08 S
      END

      LOOP 2010AB S 1 Pay-to Address Name
        SEG NM1 R 1 @01=87
          01 R =87
          02 R =1,2
        SEG N3 R 1                          # Pay-to Address
          01 R
          02 S
        SEG N4 R 1                          # Pay-to Address City, State, ZIP Code
          01 R
          02 S =@state
          03 S
          04 S
          07 S
      END

      LOOP 2010AC S 1 Pay-To Plan Name
        SEG NM1 R 1 @01=PE
          01 R =PE
          02 R =2
          03 R
          08 R =PI,XV
          09 R
        SEG N3 R 1                          # Pay-to Plan Address
          01 R
          02 S
        SEG N4 R 1                          # Pay-to Plan City, State, ZIP Code
          01 R
          02 S =@state
          03 S
          04 S
          07 S
        SEG REF S 1 @01=2U,FY,NF            # Pay-to Plan Secondary Identification
          01 R =2U,FY,NF
          02 R
        SEG REF R 1 @01=EI                  # Pay-to Plan Tax Identification Number
          01 R =EI
          02 R
      END

      LOOP 2000B R >1 Subscriber Hierarchical Level
        SEG HL R 1 @03=22
          01 R
          02 R
          03 R =22
          04 R =0,1
        SEG SBR R 1                         # Subscriber Information
          01 R =A,B,C,D,E,F,G,H,P,S,T,U
          02 S =18
          03 S
          04 S
          05 S =12,13,14,15,16,41,42,43,47
          09 S =11,12,13,14,15,16,17,AM,BL,CH,CI,DS,FI,HM,LM,MA,MB,MC,OF,TV,VA,WC,ZZ
        SEG PAT S 1                         # Patient Information
          05 S =D8
          06 S
          07 S =01
          08 S
          09 S =Y

        LOOP 2010BA R 1 Subscriber Name
          SEG NM1 R 1 @01=IL
            01 R =IL
            02 R =1,2
            03 R
            04 S
            05 S
            07 S
            08 R =II,MI
            09 R
          SEG N3 S 1                        # Subscriber Address
            01 R
            02 S
          SEG N4 S 1                        # Subscriber City, State, ZIP Code
            01 R
            02 S =@state
            03 S
            04 S
            07 S
          SEG DMG S 1                       # Subscriber Demographic Information
            01 R =D8
            02 R
            03 R =F,M,U
          SEG REF S 1 @01=SY                # Subscriber Secondary Identification
            01 R =SY
            02 R
          SEG REF S 1 @01=Y4                # Property and Casualty Claim Number
            01 R =Y4
            02 R
          SEG PER S 1                       # Property and Casualty Subscriber Contact Information
            01 R =IC
            02 S
            03 R =TE
            04 R
            05 S =EX
            06 S
        END

        LOOP 2010BB R 1 Payer Name
          SEG NM1 R 1 @01=PR
            01 R =PR
            02 R =2
            03 R
            08 R =PI,XV
            09 R
          SEG N3 S 1                        # Payer Address
            01 R
            02 S
          SEG N4 S 1                        # Payer City, State, ZIP Code
            01 R
            02 S =@state
            03 S
            04 S
            07 S
          SEG REF S 3 @01=2U,EI,FY,NF       # Payer Secondary Identification
            01 R =2U,EI,FY,NF
            02 R
          SEG REF S 2 @01=G2,LU             # Billing Provider Secondary Identification
            01 R =G2,LU
            02 R
        END

        LOOP 2300 S 100 Claim Information
    \(claim837P2300)
        END

        LOOP 2000C S >1 Patient Hierarchical Level
          SEG HL R 1 @03=23
            01 R
            02 R
            03 R =23
            04 R =0
          SEG PAT R 1                       # Patient Information
            01 R =01,19,20,21,39,40,53,G8
            05 S =D8
            06 S
            07 S =01
            08 S
            09 S =Y

          LOOP 2010CA R 1 Patient Name
            SEG NM1 R 1 @01=QC
              01 R =QC
              02 R =1
              03 R
              04 S
              05 S
              07 S
            SEG N3 R 1                      # Patient Address
              01 R
              02 S
            SEG N4 R 1                      # Patient City, State, ZIP Code
              01 R
              02 S =@state
              03 S
              04 S
              07 S
            SEG DMG R 1                     # Patient Demographic Information
              01 R =D8
              02 R
              03 R =F,M,U
            SEG REF S 1 @01=Y4              # Property and Casualty Claim Number
              01 R =Y4
              02 R
            SEG REF S 1 @01=1W,SY           # Property and Casualty Patient Identifier
              01 R =1W,SY
              02 R
            SEG PER S 1                     # Property and Casualty Patient Contact Information
              01 R =IC
              02 S
              03 R =TE
              04 R
              05 S =EX
              06 S
          END

          LOOP 2300 R 100 Claim Information
    \(claim837P2300)
          END
        END
      END
    END

    SEG SE R 1                              # Transaction Set Trailer
      01 R
      02 R
    """

    /// The segments and loops of the 2300 Claim Information loop (its LOOP line and END stand where it is used).
    private static let claim837P2300 = """
    SEG CLM R 1                             # Claim Information
      01 R
      02 R
      05 R
      05-1 R
      05-2 R =B
      05-3 R
      06 R =N,Y
      07 R =A,B,C
      08 R =N,W,Y
      09 R =I,Y
      10 S =P
      11 S
      11-1 R =AA,EM,OA
      11-2 S =AA,EM,OA
      11-4 S
      11-5 S
      12 S =02,03,05,09
      20 S =1,2,3,4,5,6,7,8,9,10,11,15
    SEG DTP S 1 @01=431                     # Date - Onset of Current Illness or Symptom
      01 R =431
      02 R =D8
      03 R
    SEG DTP S 1 @01=454                     # Date - Initial Treatment Date
      01 R =454
      02 R =D8
      03 R
    SEG DTP S 1 @01=304                     # Date - Last Seen Date
      01 R =304
      02 R =D8
      03 R
    SEG DTP S 1 @01=453                     # Date - Acute Manifestation
      01 R =453
      02 R =D8
      03 R
    SEG DTP S 1 @01=439                     # Date - Accident
      01 R =439
      02 R =D8
      03 R
    SEG DTP S 1 @01=484                     # Date - Last Menstrual Period
      01 R =484
      02 R =D8
      03 R
    SEG DTP S 1 @01=455                     # Date - Last X-ray Date
      01 R =455
      02 R =D8
      03 R
    SEG DTP S 1 @01=471                     # Date - Hearing and Vision Prescription Date
      01 R =471
      02 R =D8
      03 R
    SEG DTP S 1 @01=314,360,361             # Date - Disability Dates
      01 R =314,360,361
      02 R =D8,RD8
      03 R
    SEG DTP S 1 @01=297                     # Date - Last Worked
      01 R =297
      02 R =D8
      03 R
    SEG DTP S 1 @01=296                     # Date - Authorized Return to Work
      01 R =296
      02 R =D8
      03 R
    SEG DTP S 1 @01=435                     # Date - Admission
      01 R =435
      02 R =D8
      03 R
    SEG DTP S 1 @01=096                     # Date - Discharge
      01 R =096
      02 R =D8
      03 R
    SEG DTP S 2 @01=090,091                 # Date - Assumed and Relinquished Care Dates
      01 R =090,091
      02 R =D8
      03 R
    SEG DTP S 1 @01=444                     # Date - Property and Casualty Date of First Contact
      01 R =444
      02 R =D8
      03 R
    SEG DTP S 1 @01=050                     # Date - Repricer Received Date
      01 R =050
      02 R =D8
      03 R
    SEG PWK S 10                            # Claim Supplemental Information
      01 R =03,04,05,06,07,08,09,10,11,13,15,21,A3,A4,AM,AS,B2,B3,B4,BR,BS,BT,CB,CK,CT,D2,DA,DB,DG,DJ,DS,EB,HC,HR,I5,IR,LA,M1,MT,NN,OB,OC,OD,OE,OX,OZ,P4,P5,PE,PN,PO,PQ,PY,PZ,RB,RR,RT,RX,SG,V5,XP
      02 R =AA,BM,EL,EM,FT,FX
      05 S =AC
      06 S
    SEG CN1 S 1                             # Contract Information
      01 R =01,02,03,04,05,06,09
      02 S
      03 S
      04 S
      05 S
      06 S
    SEG AMT S 1                             # Patient Amount Paid
      01 R =F5
      02 R
    SEG REF S 1 @01=4N                      # Service Authorization Exception Code
      01 R =4N
      02 R
    SEG REF S 1 @01=F5                      # Mandatory Medicare (Section 4081) Crossover Indicator
      01 R =F5
      02 R
    SEG REF S 1 @01=EW                      # Mammography Certification Number
      01 R =EW
      02 R
    SEG REF S 1 @01=9F                      # Referral Number
      01 R =9F
      02 R
    SEG REF S 1 @01=G1                      # Prior Authorization
      01 R =G1
      02 R
    SEG REF S 1 @01=F8                      # Payer Claim Control Number
      01 R =F8
      02 R
    SEG REF S 1 @01=X4                      # Clinical Laboratory Improvement Amendment (CLIA) Number
      01 R =X4
      02 R
    SEG REF S 1 @01=9A                      # Repriced Claim Number
      01 R =9A
      02 R
    SEG REF S 1 @01=9C                      # Adjusted Repriced Claim Number
      01 R =9C
      02 R
    SEG REF S 1 @01=LX                      # Investigational Device Exemption Number
      01 R =LX
      02 R
    SEG REF S 1 @01=D9                      # Claim Identifier for Transmission Intermediaries
      01 R =D9
      02 R
    SEG REF S 1 @01=EA                      # Medical Record Number
      01 R =EA
      02 R
    SEG REF S 1 @01=P4                      # Demonstration Project Identifier
      01 R =P4
      02 R
    SEG REF S 1 @01=1J                      # Care Plan Oversight
      01 R =1J
      02 R
    SEG K3 S 10                             # File Information
      01 R
    SEG NTE S 1                             # Claim Note
      01 R =ADD,CER,DCP,DGN,TPO
      02 R
    SEG CR1 S 1                             # Ambulance Transport Information
      01 S =LB
      02 S
      04 R =A,B,C,D,E
      05 R =DH
      06 R
      09 S
      10 S
    SEG CR2 S 1                             # Spinal Manipulation Service Information
      08 R =A,C,D,E,F,G,M
      10 S
      11 S
    SEG CRC S 3 @01=07                      # Ambulance Certification
      01 R =07
      02 R =N,Y
      03 R =01,04,05,06,07,08,09,12
      04 S =01,04,05,06,07,08,09,12
      05 S =01,04,05,06,07,08,09,12
      06 S =01,04,05,06,07,08,09,12
      07 S =01,04,05,06,07,08,09,12
    SEG CRC S 3 @01=E1,E2,E3                # Patient Condition Information: Vision
      01 R =E1,E2,E3
      02 R =N,Y
      03 R =L1,L2,L3,L4,L5
      04 S =L1,L2,L3,L4,L5
      05 S =L1,L2,L3,L4,L5
      06 S =L1,L2,L3,L4,L5
      07 S =L1,L2,L3,L4,L5
    SEG CRC S 1 @01=75                      # Homebound Indicator
      01 R =75
      02 R =Y
      03 R =IH
    SEG CRC S 1 @01=ZZ                      # EPSDT Referral
      01 R =ZZ
      02 R =N,Y
      03 R =AV,NU,S2,ST
      04 S =AV,NU,S2,ST
      05 S =AV,NU,S2,ST
    SEG HI R 1 @01-1=ABK,BK                 # Health Care Diagnosis Code
      01 R
      01-1 R =ABK,BK
      01-2 R
      02 S
      02-1 R =ABF,BF
      02-2 R
      03 S
      03-1 R =ABF,BF
      03-2 R
      04 S
      04-1 R =ABF,BF
      04-2 R
      05 S
      05-1 R =ABF,BF
      05-2 R
      06 S
      06-1 R =ABF,BF
      06-2 R
      07 S
      07-1 R =ABF,BF
      07-2 R
      08 S
      08-1 R =ABF,BF
      08-2 R
      09 S
      09-1 R =ABF,BF
      09-2 R
      10 S
      10-1 R =ABF,BF
      10-2 R
      11 S
      11-1 R =ABF,BF
      11-2 R
      12 S
      12-1 R =ABF,BF
      12-2 R
    SEG HI S 1 @01-1=BP                     # Anesthesia Related Procedure
      01 R
      01-1 R =BP
      01-2 R
      02 S
      02-1 R =BO
      02-2 R
    SEG HI S 2 @01-1=BG                     # Condition Information
      01 R
      01-1 R =BG
      01-2 R
      02 S
      02-1 R =BG
      02-2 R
      03 S
      03-1 R =BG
      03-2 R
      04 S
      04-1 R =BG
      04-2 R
      05 S
      05-1 R =BG
      05-2 R
      06 S
      06-1 R =BG
      06-2 R
      07 S
      07-1 R =BG
      07-2 R
      08 S
      08-1 R =BG
      08-2 R
      09 S
      09-1 R =BG
      09-2 R
      10 S
      10-1 R =BG
      10-2 R
      11 S
      11-1 R =BG
      11-2 R
      12 S
      12-1 R =BG
      12-2 R
    SEG HCP S 1                             # Claim Pricing/Repricing Information
      01 R =00,01,02,03,04,05,07,08,09,10,11,12,13,14
      02 R
      03 S
      04 S
      05 S
      06 S
      07 S
      13 S =T1,T2,T3,T4,T5,T6
      14 S =1,2,3,4,5
      15 S =1,2,3,4,5,6

    LOOP 2310A S 2 Referring Provider Name
      SEG NM1 R 1 @01=DN,P3
        01 R =DN,P3
        02 R =1
        03 R
        04 S
        05 S
        07 S
        08 S =XX
        09 S
      SEG REF S 3                           # Referring Provider Secondary Identification
        01 R =0B,1G,G2
        02 R
    END

    LOOP 2310B S 1 Rendering Provider Name
      SEG NM1 R 1 @01=82
        01 R =82
        02 R =1,2
        03 R
        04 S
        05 S
        07 S
        08 S =XX
        09 S
      SEG PRV S 1                           # Rendering Provider Specialty Information
        01 R =PE
        02 R =PXC
        03 R
      SEG REF S 4                           # Rendering Provider Secondary Identification
        01 R =0B,1G,G2,LU
        02 R
    END

    LOOP 2310C S 1 Service Facility Location Name
      SEG NM1 R 1 @01=77
        01 R =77
        02 R =2
        03 R
        08 S =XX
        09 S
      SEG N3 R 1                            # Service Facility Location Address
        01 R
        02 S
      SEG N4 R 1                            # Service Facility Location City, State, ZIP Code
        01 R
        02 S =@state
        03 S
        04 S
        07 S
      SEG REF S 3                           # Service Facility Location Secondary Identification
        01 R =0B,G2,LU
        02 R
      SEG PER S 1                           # Service Facility Contact Information
        01 R =IC
        02 S
        03 R =TE
        04 R
        05 S =EX
        06 S
    END

    LOOP 2310D S 1 Supervising Provider Name
      SEG NM1 R 1 @01=DQ
        01 R =DQ
        02 R =1
        03 R
        04 S
        05 S
        07 S
        08 S =XX
        09 S
      SEG REF S 4                           # Supervising Provider Secondary Identification
        01 R =0B,1G,G2,LU
        02 R
    END

    LOOP 2310E S 1 Ambulance Pick-up Location
      SEG NM1 R 1 @01=PW
        01 R =PW
        02 R =2
      SEG N3 R 1                            # Ambulance Pick-up Location Address
        01 R
        02 S
      SEG N4 R 1                            # Ambulance Pick-up Location City, State, ZIP Code
        01 R
        02 S =@state
        03 S
        04 S
        07 S
    END

    LOOP 2310F S 1 Ambulance Drop-off Location
      SEG NM1 R 1 @01=45
        01 R =45
        02 R =2
        03 S
      SEG N3 R 1                            # Ambulance Drop-off Location Address
        01 R
        02 S
      SEG N4 R 1                            # Ambulance Drop-off Location City, State, ZIP Code
        01 R
        02 S =@state
        03 S
        04 S
        07 S
    END

    LOOP 2320 S 10 Other Subscriber Information
      SEG SBR R 1
        01 R =A,B,C,D,E,F,G,H,P,S,T,U
        02 R =01,18,19,20,21,39,40,53,G8
        03 S
        04 S
        05 S =12,13,14,15,16,41,42,43,47
        09 S =11,12,13,14,15,16,17,AM,BL,CH,CI,DS,FI,HM,LM,MA,MB,MC,OF,TV,VA,WC,ZZ
      SEG CAS S 5                           # Claim Level Adjustments
        01 R =CO,CR,OA,PI,PR
        02 R
        03 R
        04 S
        05 S
        06 S
        07 S
        08 S
        09 S
        10 S
        11 S
        12 S
        13 S
        14 S
        15 S
        16 S
        17 S
        18 S
        19 S
      SEG AMT S 1 @01=D                     # Coordination of Benefits (COB) Payer Paid Amount
        01 R =D
        02 R
      SEG AMT S 1 @01=A8                    # Coordination of Benefits (COB) Total Non-Covered Amount
        01 R =A8
        02 R
      SEG AMT S 1 @01=EAF                   # Remaining Patient Liability
        01 R =EAF
        02 R
      SEG OI R 1                            # Other Insurance Coverage Information
        03 R =N,W,Y
        04 S =P
        06 R =I,Y
      SEG MOA S 1                           # Outpatient Adjudication Information
        01 S
        02 S
        03 S
        04 S
        05 S
        06 S
        07 S
        08 S
        09 S

      LOOP 2330A R 1 Other Subscriber Name
        SEG NM1 R 1 @01=IL
          01 R =IL
          02 R =1,2
          03 R
          04 S
          05 S
          07 S
          08 R =II,MI
          09 R
        SEG N3 S 1                          # Other Subscriber Address
          01 R
          02 S
        SEG N4 S 1                          # Other Subscriber City, State, ZIP Code
          01 R
          02 S =@state
          03 S
          04 S
          07 S
        SEG REF S 1                         # Other Subscriber Secondary Identification
          01 R =SY
          02 R
      END

      LOOP 2330B R 1 Other Payer Name
        SEG NM1 R 1 @01=PR
          01 R =PR
          02 R =2
          03 R
          08 R =PI,XV
          09 R
        SEG N3 S 1                          # Other Payer Address
          01 R
          02 S
        SEG N4 S 1                          # Other Payer City, State, ZIP Code
          01 R
          02 S =@state
          03 S
          04 S
          07 S
        SEG DTP S 1                         # Claim Check or Remittance Date
          01 R =573
          02 R =D8
          03 R
        SEG REF S 2 @01=2U,EI,FY,NF         # Other Payer Secondary Identifier
          01 R =2U,EI,FY,NF
          02 R
        SEG REF S 1 @01=G1                  # Other Payer Prior Authorization Number
          01 R =G1
          02 R
        SEG REF S 1 @01=9F                  # Other Payer Referral Number
          01 R =9F
          02 R
        SEG REF S 1 @01=T4                  # Other Payer Claim Adjustment Indicator
          01 R =T4
          02 R
        SEG REF S 1 @01=F8                  # Other Payer Claim Control Number
          01 R =F8
          02 R
      END

      LOOP 2330C S 2 Other Payer Referring Provider
        SEG NM1 R 1 @01=DN,P3
          01 R =DN,P3
          02 R =1
        SEG REF R 3                         # Other Payer Referring Provider Secondary Identification
          01 R =0B,1G,G2
          02 R
      END

      LOOP 2330D S 1 Other Payer Rendering Provider
        SEG NM1 R 1 @01=82
          01 R =82
          02 R =1,2
        SEG REF R 3                         # Other Payer Rendering Provider Secondary Identification
          01 R =0B,1G,G2,LU
          02 R
      END

      LOOP 2330E S 1 Other Payer Service Facility Location
        SEG NM1 R 1 @01=77
          01 R =77
          02 R =2
        SEG REF R 3                         # Other Payer Service Facility Location Secondary Identification
          01 R =0B,G2,LU
          02 R
      END

      LOOP 2330F S 1 Other Payer Supervising Provider
        SEG NM1 R 1 @01=DQ
          01 R =DQ
          02 R =1
        SEG REF R 3                         # Other Payer Supervising Provider Secondary Identification
          01 R =0B,1G,G2,LU
          02 R
      END

      LOOP 2330G S 1 Other Payer Billing Provider
        SEG NM1 R 1 @01=85
          01 R =85
          02 R =1,2
        SEG REF R 2                         # Other Payer Billing Provider Secondary Identification
          01 R =G2,LU
          02 R
      END
    END

    LOOP 2400 R 50 Service Line Number
      SEG LX R 1
        01 R
      SEG SV1 R 1                           # Professional Service
        01 R
        01-1 R =ER,HC,IV,WK
        01-2 R
        01-3 S
        01-4 S
        01-5 S
        01-6 S
        01-7 S
        02 R
        03 R =MJ,UN
        04 R
        05 S
        07 R
        07-1 R =1,2,3,4,5,6,7,8,9,10,11,12
        07-2 S =1,2,3,4,5,6,7,8,9,10,11,12
        07-3 S =1,2,3,4,5,6,7,8,9,10,11,12
        07-4 S =1,2,3,4,5,6,7,8,9,10,11,12
        09 S =Y
        11 S =Y
        12 S =Y
        15 S =0
      SEG SV5 S 1                           # Durable Medical Equipment Service
        01 R
        01-1 R =HC
        01-2 R
        02 R =DA
        03 R
        04 R
        05 R
        06 R =1,4,6
      SEG PWK S 10 @02=AA,BM,EL,EM,FT,FX    # Line Supplemental Information
        01 R =03,04,05,06,07,08,09,10,11,13,15,21,A3,A4,AM,AS,B2,B3,B4,BR,BS,BT,CB,CK,CT,D2,DA,DB,DG,DJ,DS,EB,HC,HR,I5,IR,LA,M1,MT,NN,OB,OC,OD,OE,OX,OZ,P4,P5,PE,PN,PO,PQ,PY,PZ,RB,RR,RT,RX,SG,V5,XP
        02 R =AA,BM,EL,EM,FT,FX
        05 S =AC
        06 S
      SEG PWK S 1 @01=CT @02=AB,AD,AF,AG,NS # Durable Medical Equipment Certificate of Medical Necessity Indicator
        01 R =CT
        02 R =AB,AD,AF,AG,NS
      SEG CR1 S 1                           # Ambulance Transport Information
        01 S =LB
        02 S
        04 R =A,B,C,D,E
        05 R =DH
        06 R
        09 S
        10 S
      SEG CR3 S 1                           # Durable Medical Equipment Certification
        01 R =I,R,S
        02 R =MO
        03 R
      SEG CRC S 3 @01=07                    # Ambulance Certification
        01 R =07
        02 R =N,Y
        03 R =01,04,05,06,07,08,09,12
        04 S =01,04,05,06,07,08,09,12
        05 S =01,04,05,06,07,08,09,12
        06 S =01,04,05,06,07,08,09,12
        07 S =01,04,05,06,07,08,09,12
      SEG CRC S 1 @01=70                    # Hospice Employee Indicator
        01 R =70
        02 R =N,Y
        03 R =65
      SEG CRC S 1 @01=09                    # Condition Indicator/Durable Medical Equipment
        01 R =09
        02 R =N,Y
        03 R =38,ZV
        04 S =38,ZV
      SEG DTP R 1 @01=472                   # Date - Service Date
        01 R =472
        02 R =D8,RD8
        03 R
      SEG DTP S 1 @01=471                   # Date - Prescription Date
        01 R =471
        02 R =D8
        03 R
      SEG DTP S 1 @01=607                   # Date - Certification Revision/Recertification Date
        01 R =607
        02 R =D8
        03 R
      SEG DTP S 1 @01=463                   # Date - Begin Therapy Date
        01 R =463
        02 R =D8
        03 R
      SEG DTP S 1 @01=461                   # Date - Last Certification Date
        01 R =461
        02 R =D8
        03 R
      SEG DTP S 1 @01=304                   # Date - Last Seen Date
        01 R =304
        02 R =D8
        03 R
      SEG DTP S 2 @01=738,739               # Date - Test Date
        01 R =738,739
        02 R =D8
        03 R
      SEG DTP S 1 @01=011                   # Date - Shipped Date
        01 R =011
        02 R =D8
        03 R
      SEG DTP S 1 @01=455                   # Date - Last X-ray Date
        01 R =455
        02 R =D8
        03 R
      SEG DTP S 1 @01=454                   # Date - Initial Treatment Date
        01 R =454
        02 R =D8
        03 R
      SEG QTY S 1 @01=PT                    # Ambulance Patient Count
        01 R =PT
        02 R
      SEG QTY S 1 @01=FL                    # Obstetric Anesthesia Additional Units
        01 R =FL
        02 R
      SEG MEA S 5                           # Test Result
        01 R =OG,TR
        02 R =HT,R1,R2,R3,R4
        03 R
      SEG CN1 S 1                           # Contract Information
        01 R =01,02,03,04,05,06,09
        02 S
        03 S
        04 S
        05 S
        06 S
      SEG REF S 1 @01=9B                    # Repriced Line Item Reference Number
        01 R =9B
        02 R
      SEG REF S 1 @01=9D                    # Adjusted Repriced Line Item Reference Number
        01 R =9D
        02 R
      SEG REF S 5 @01=G1                    # Prior Authorization
        01 R =G1
        02 R
        04 S
        04-1 R =2U
        04-2 R
      SEG REF S 1 @01=6R                    # Line Item Control Number
        01 R =6R
        02 R
      SEG REF S 1 @01=EW                    # Mammography Certification Number
        01 R =EW
        02 R
      SEG REF S 1 @01=X4                    # Clinical Laboratory Improvement Amendment (CLIA) Number
        01 R =X4
        02 R
      SEG REF S 1 @01=F4                    # Referring Clinical Laboratory Improvement Amendment (CLIA) Facility Identification
        01 R =F4
        02 R
      SEG REF S 1 @01=BT                    # Immunization Batch Number
        01 R =BT
        02 R
      SEG REF S 5 @01=9F                    # Referral Number
        01 R =9F
        02 R
        04 S
        04-1 R =2U
        04-2 R
      SEG AMT S 1 @01=T                     # Sales Tax Amount
        01 R =T
        02 R
      SEG AMT S 1 @01=F4                    # Postage Claimed Amount
        01 R =F4
        02 R
      SEG K3 S 10                           # File Information
        01 R
      SEG NTE S 1 @01=ADD,DCP               # Line Note
        01 R =ADD,DCP
        02 R
      SEG NTE S 1 @01=TPO                   # Third Party Organization Notes
        01 R =TPO
        02 R
      SEG PS1 S 1                           # Purchased Service Information
        01 R
        02 R
      SEG HCP S 1                           # Line Pricing/Repricing Information
        01 R =00,01,02,03,04,05,06,07,08,09,10,11,12,13,14
        02 R
        03 S
        04 S
        05 S
        06 S
        07 S
        09 S =ER,HC,IV,WK
        10 S
        11 S =MJ,UN
        12 S
        13 S =T1,T2,T3,T4,T5,T6
        14 S =1,2,3,4,5
        15 S =1,2,3,4,5,6

      LOOP 2410 S 1 Drug Identification
        SEG LIN R 1
          02 R =EN,EO,HI,N4,ON,UK,UP
          03 R
        SEG CTP R 1                         # Drug Quantity
          04 R
          05 R
          05-1 R =F2,GR,ME,ML,UN
        SEG REF S 1                         # Prescription or Compound Drug Association Number
          01 R =VY,XZ
          02 R
      END

      LOOP 2420A S 1 Rendering Provider Name
        SEG NM1 R 1 @01=82
          01 R =82
          02 R =1,2
          03 R
          04 S
          05 S
          07 S
          08 S =XX
          09 S
        SEG PRV S 1                         # Rendering Provider Specialty Information
          01 R =PE
          02 R =PXC
          03 R
        SEG REF S 20                        # Rendering Provider Secondary Identification
          01 R =0B,1G,G2,LU
          02 R
          04 S
          04-1 R =2U
          04-2 R
      END

      LOOP 2420B S 1 Purchased Service Provider Name
        SEG NM1 R 1 @01=QB
          01 R =QB
          02 R =1,2
          08 S =XX
          09 S
        SEG REF S 20                        # Purchased Service Provider Secondary Identification
          01 R =0B,1G,G2
          02 R
          04 S
          04-1 R =2U
          04-2 R
      END

      LOOP 2420C S 1 Service Facility Location Name
        SEG NM1 R 1 @01=77
          01 R =77
          02 R =2
          03 R
          08 S =XX
          09 S
        SEG N3 R 1                          # Service Facility Location Address
          01 R
          02 S
        SEG N4 R 1                          # Service Facility Location City, State, ZIP Code
          01 R
          02 S =@state
          03 S
          04 S
          07 S
        SEG REF S 3                         # Service Facility Location Secondary Identification
          01 R =G2,LU
          02 R
          04 S
          04-1 R =2U
          04-2 R
      END

      LOOP 2420D S 1 Supervising Provider Name
        SEG NM1 R 1 @01=DQ
          01 R =DQ
          02 R =1
          03 R
          04 S
          05 S
          07 S
          08 S =XX
          09 S
        SEG REF S 20                        # Supervising Provider Secondary Identification
          01 R =0B,1G,G2,LU
          02 R
          04 S
          04-1 R =2U
          04-2 R
      END

      LOOP 2420E S 1 Ordering Provider Name
        SEG NM1 R 1 @01=DK
          01 R =DK
          02 R =1
          03 R
          04 S
          05 S
          07 S
          08 S =XX
          09 S
        SEG N3 S 1                          # Ordering Provider Address
          01 R
          02 S
        SEG N4 S 1                          # Ordering Provider City, State, ZIP Code
          01 R
          02 S =@state
          03 S
          04 S
          07 S
        SEG REF S 20                        # Ordering Provider Secondary Identification
          01 R =0B,1G,G2
          02 R
          04 S
          04-1 R =2U
          04-2 R
        SEG PER S 1                         # Ordering Provider Contact Information
          01 R =IC
          02 S
          03 R =EM,FX,TE
          04 R
          05 S =EM,EX,FX,TE
          06 S
          07 S =EM,EX,FX,TE
          08 S
      END

      LOOP 2420F S 2 Referring Provider Name
        SEG NM1 R 1 @01=DN,P3
          01 R =DN,P3
          02 R =1
          03 R
          04 S
          05 S
          07 S
          08 S =XX
          09 S
        SEG REF S 20                        # Referring Provider Secondary Identification
          01 R =0B,1G,G2
          02 R
          04 S
          04-1 R =2U
          04-2 R
      END

      LOOP 2420G S 1 Ambulance Pick-up Location
        SEG NM1 R 1 @01=PW
          01 R =PW
          02 R =2
        SEG N3 R 1                          # Ambulance Pick-up Location Address
          01 R
          02 S
        SEG N4 R 1                          # Ambulance Pick-up Location City, State, ZIP Code
          01 R
          02 S =@state
          03 S
          04 S
          07 S
      END

      LOOP 2420H S 1 Ambulance Drop-off Location
        SEG NM1 R 1 @01=45
          01 R =45
          02 R =2
          03 S
        SEG N3 R 1                          # Ambulance Drop-off Location Address
          01 R
          02 S
        SEG N4 R 1                          # Ambulance Drop-off Location City, State, ZIP Code
          01 R
          02 S =@state
          03 S
          04 S
          07 S
      END

      LOOP 2430 S 15 Line Adjudication Information
        SEG SVD R 1
          01 R
          02 R
          03 R
          03-1 R =ER,HC,IV,WK
          03-2 R
          03-3 S
          03-4 S
          03-5 S
          03-6 S
          03-7 S
          05 R
          06 S
        SEG CAS S 5                         # Line Adjustment
          01 R =CO,CR,OA,PI,PR
          02 R
          03 R
          04 S
          05 S
          06 S
          07 S
          08 S
          09 S
          10 S
          11 S
          12 S
          13 S
          14 S
          15 S
          16 S
          17 S
          18 S
          19 S
        SEG DTP R 1                         # Line Check or Remittance Date
          01 R =573
          02 R =D8
          03 R
        SEG AMT S 1                         # Remaining Patient Liability
          01 R =EAF
          02 R
      END

      LOOP 2440 S >1 Form Identification Code
        SEG LQ R 1
          01 R =AS,UT
          02 R
        SEG FRM R 99                        # Supporting Documentation
          01 R
          02 S =N,W,Y
          03 S
          04 S
          05 S
      END
    END
    """
}
