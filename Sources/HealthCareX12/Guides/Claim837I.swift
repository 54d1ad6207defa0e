extension GuideTexts {
    /// 005010X223A2 Health Care Claim: Institutional (837I), written by hand from the TR3 (facts cross-checked against pyx12's X223 map).
    static let claim837I = """
    GUIDE 837 005010X223A2 Health Care Claim: Institutional
    SEG ST R 1
      01 R =837
      02 R
      03 R =005010X223A2
    SEG BHT R 1
      01 R =0019
      02 R =00,18
      03 R
      04 R
      05 R
      06 R =31,CH,RP
    LOOP 1000A R 1 Submitter Name
      SEG NM1 R 1 @01=41
        01 R =41
        02 R =1,2
        03 R
        04 S
        05 S
        08 R =46
        09 R
      SEG PER R 2
        01 R =IC
        02 S
        03 R =EM,FX,TE
        04 R
        05 S =EM,EX,FX,TE
        06 S
        07 S =EM,EX,FX,TE
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
      SEG PRV S 1
        01 R =BI
        02 R =PXC
        03 R
      SEG CUR S 1
        01 R =85
        02 R
      LOOP 2010AA R 1 Billing Provider Name
        SEG NM1 R 1 @01=85
          01 R =85
          02 R =2
          03 R
          08 S =XX
          09 S
        SEG N3 R 1
          01 R
          02 S
        SEG N4 R 1
          01 R
          02 S =@state
          03 S len 9/9 digits   # the IG requires the full nine-digit ZIP code for the billing provider
          04 S
          07 S
        SEG REF R 1 @01=EI
          01 R =EI
          02 R
        SEG PER S 2
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
          02 R =2
        SEG N3 R 1
          01 R
          02 S
        SEG N4 R 1
          01 R
          02 S =@state
          03 S
          04 S
          07 S
      END
      LOOP 2010AC S 1 Pay-to Plan Name
        SEG NM1 R 1 @01=PE
          01 R =PE
          02 R =2
          03 R
          08 R =PI,XV
          09 R
        SEG N3 R 1
          01 R
          02 S
        SEG N4 R 1
          01 R
          02 S =@state
          03 S
          04 S
          07 S
        SEG REF S 1 @01=2U,FY,NF
          01 R =2U,FY,NF
          02 R
        SEG REF R 1 @01=EI
          01 R =EI
          02 R
      END
      LOOP 2000B R >1 Subscriber Hierarchical Level
        SEG HL R 1 @03=22
          01 R
          02 R
          03 R =22
          04 R =0,1
        SEG SBR R 1
          01 R =A,B,C,D,E,F,G,H,P,S,T,U
          02 S =18
          03 S
          04 S
          09 S =11,12,13,14,15,16,17,AM,BL,CH,CI,DS,FI,HM,LM,MA,MB,MC,OF,TV,VA,WC,ZZ
        LOOP 2010BA R 1 Subscriber Name
          SEG NM1 R 1 @01=IL
            01 R =IL
            02 R =1,2
            03 R
            04 S
            05 S
            07 S
            08 S =II,MI
            09 S
          SEG N3 S 1
            01 R
            02 S
          SEG N4 S 1
            01 R
            02 S =@state
            03 S
            04 S
            07 S
          SEG DMG S 1
            01 R =D8
            02 R
            03 R =F,M,U
          SEG REF S 1 @01=SY
            01 R =SY
            02 R
          SEG REF S 1 @01=Y4
            01 R =Y4
            02 R
        END
        LOOP 2010BB R 1 Payer Name
          SEG NM1 R 1 @01=PR
            01 R =PR
            02 R =2
            03 R
            08 R =PI,XV
            09 R
          SEG N3 S 1
            01 R
            02 S
          SEG N4 S 1
            01 R
            02 S =@state
            03 S
            04 S
            07 S
          SEG REF S 3 @01=2U,EI,FY,NF
            01 R =2U,EI,FY,NF
            02 R
          SEG REF S 1 @01=G2,LU
            01 R =G2,LU
            02 R
        END
        LOOP 2300 S 100 Claim Information
    \(claim837I2300)
        END
        LOOP 2000C S >1 Patient Hierarchical Level
          SEG HL R 1 @03=23
            01 R
            02 R
            03 R =23
            04 R =0
          SEG PAT R 1
            01 R =01,19,20,21,39,40,53,G8
          LOOP 2010CA R 1 Patient Name
            SEG NM1 R 1 @01=QC
              01 R =QC
              02 R =1
              03 R
              04 S
              05 S
              07 S
            SEG N3 R 1
              01 R
              02 S
            SEG N4 R 1
              01 R
              02 S =@state
              03 S
              04 S
              07 S
            SEG DMG R 1
              01 R =D8
              02 R
              03 R =F,M,U
            SEG REF S 1 @01=Y4
              01 R =Y4
              02 R
            SEG REF S 1 @01=1W,SY
              01 R =1W,SY
              02 R
          END
          LOOP 2300 R 100 Claim Information
    \(claim837I2300)
          END
        END
      END
    END
    SEG SE R 1
      01 R
      02 R
    """

    /// Loop 2300 stands under the subscriber (2000B) and under the patient (2000C) alike; written once, used in both.
    private static let claim837I2300 = """
    SEG CLM R 1
      01 R
      02 R
      05 R
      05-1 R
      05-2 R =A
      05-3 R
      07 R =A,B,C
      08 R =N,W,Y
      09 R =I,Y
      20 S =1,2,3,4,5,6,7,8,9,10,11,15
    SEG DTP S 1 @01=096
      01 R =096
      02 R =TM
      03 R
    SEG DTP R 1 @01=434
      01 R =434
      02 R =RD8
      03 R
    SEG DTP S 1 @01=435
      01 R =435
      02 R =D8,DT
      03 R
    SEG DTP S 1 @01=050
      01 R =050
      02 R =D8
      03 R
    SEG CL1 R 1
      01 S
      02 S
      03 R
    SEG PWK S 10
      01 R =03,04,05,06,07,08,09,10,11,13,15,21,A3,A4,AM,AS,B2,B3,B4,BR,BS,BT,CB,CK,CT,D2,DA,DB,DG,DJ,DS,EB,HC,HR,I5,IR,LA,M1,MT,NN,OB,OC,OD,OE,OX,OZ,P4,P5,PE,PN,PO,PQ,PY,PZ,RB,RR,RT,RX,SG,V5,XP
      02 R =AA,BM,EL,EM,FT,FX
      05 S =AC
      06 S
    SEG CN1 S 1
      01 R =01,02,03,04,05,06,09
      02 S
      03 S
      04 S
      05 S
      06 S
    SEG AMT S 1 @01=F3
      01 R =F3
      02 R
    SEG REF S 1 @01=4N
      01 R =4N
      02 R =1,2,3,4,5,6,7
    SEG REF S 1 @01=9F
      01 R =9F
      02 R
    SEG REF S 1 @01=G1
      01 R =G1
      02 R
    SEG REF S 1 @01=F8
      01 R =F8
      02 R
    SEG REF S 1 @01=9A
      01 R =9A
      02 R
    SEG REF S 1 @01=9C
      01 R =9C
      02 R
    SEG REF S 5 @01=LX
      01 R =LX
      02 R
    SEG REF S 1 @01=D9
      01 R =D9
      02 R
    SEG REF S 1 @01=LU
      01 R =LU
      02 R
    SEG REF S 1 @01=EA
      01 R =EA
      02 R
    SEG REF S 1 @01=P4
      01 R =P4
      02 R
    SEG REF S 1 @01=G4
      01 R =G4
      02 R
    SEG K3 S 10
      01 R
    SEG NTE S 10 @01=ALG,DCP,DGN,DME,MED,NTR,ODT,RHB,RLH,RNH,SET,SFM,SPT,UPI
      01 R =ALG,DCP,DGN,DME,MED,NTR,ODT,RHB,RLH,RNH,SET,SFM,SPT,UPI
      02 R
    SEG NTE S 1 @01=ADD
      01 R =ADD
      02 R
    SEG CRC S 1
      01 R =ZZ
      02 R =N,Y
      03 R =AV,NU,S2,ST
      04 S =AV,NU,S2,ST
      05 S =AV,NU,S2,ST
    # Principal diagnosis
    SEG HI R 1 @01-1=ABK,BK
      01 R
      01-1 R =ABK,BK
      01-2 R
      01-9 S =N,U,W,Y
    # Admitting diagnosis
    SEG HI S 1 @01-1=ABJ,BJ
      01 R
      01-1 R =ABJ,BJ
      01-2 R
    # Patient's reason for visit
    SEG HI S 1 @01-1=APR,PR
      01 R
      01-1 R =APR,PR
      01-2 R
      02 S
      02-1 R =APR,PR
      02-2 R
      03 S
      03-1 R =APR,PR
      03-2 R
    # External cause of injury
    SEG HI S 1 @01-1=ABN,BN
      01 R
      01-1 R =ABN,BN
      01-2 R
      01-9 S =N,U,W,Y
      02 S
      02-1 R =ABN,BN
      02-2 R
      02-9 S =N,U,W,Y
      03 S
      03-1 R =ABN,BN
      03-2 R
      03-9 S =N,U,W,Y
      04 S
      04-1 R =ABN,BN
      04-2 R
      04-9 S =N,U,W,Y
      05 S
      05-1 R =ABN,BN
      05-2 R
      05-9 S =N,U,W,Y
      06 S
      06-1 R =ABN,BN
      06-2 R
      06-9 S =N,U,W,Y
      07 S
      07-1 R =ABN,BN
      07-2 R
      07-9 S =N,U,W,Y
      08 S
      08-1 R =ABN,BN
      08-2 R
      08-9 S =N,U,W,Y
      09 S
      09-1 R =ABN,BN
      09-2 R
      09-9 S =N,U,W,Y
      10 S
      10-1 R =ABN,BN
      10-2 R
      10-9 S =N,U,W,Y
      11 S
      11-1 R =ABN,BN
      11-2 R
      11-9 S =N,U,W,Y
      12 S
      12-1 R =ABN,BN
      12-2 R
      12-9 S =N,U,W,Y
    # Diagnosis related group (DRG)
    SEG HI S 1 @01-1=DR
      01 R
      01-1 R =DR
      01-2 R
    # Other diagnosis
    SEG HI S 2 @01-1=ABF,BF
      01 R
      01-1 R =ABF,BF
      01-2 R
      01-9 S =N,U,W,Y
      02 S
      02-1 R =ABF,BF
      02-2 R
      02-9 S =N,U,W,Y
      03 S
      03-1 R =ABF,BF
      03-2 R
      03-9 S =N,U,W,Y
      04 S
      04-1 R =ABF,BF
      04-2 R
      04-9 S =N,U,W,Y
      05 S
      05-1 R =ABF,BF
      05-2 R
      05-9 S =N,U,W,Y
      06 S
      06-1 R =ABF,BF
      06-2 R
      06-9 S =N,U,W,Y
      07 S
      07-1 R =ABF,BF
      07-2 R
      07-9 S =N,U,W,Y
      08 S
      08-1 R =ABF,BF
      08-2 R
      08-9 S =N,U,W,Y
      09 S
      09-1 R =ABF,BF
      09-2 R
      09-9 S =N,U,W,Y
      10 S
      10-1 R =ABF,BF
      10-2 R
      10-9 S =N,U,W,Y
      11 S
      11-1 R =ABF,BF
      11-2 R
      11-9 S =N,U,W,Y
      12 S
      12-1 R =ABF,BF
      12-2 R
      12-9 S =N,U,W,Y
    # Principal procedure
    SEG HI S 1 @01-1=BBR,BR,CAH
      01 R
      01-1 R =BBR,BR,CAH
      01-2 R
      01-3 R =D8
      01-4 R
    # Other procedures
    SEG HI S 2 @01-1=BBQ,BQ
      01 R
      01-1 R =BBQ,BQ
      01-2 R
      01-3 R =D8
      01-4 R
      02 S
      02-1 R =BBQ,BQ
      02-2 R
      02-3 R =D8
      02-4 R
      03 S
      03-1 R =BBQ,BQ
      03-2 R
      03-3 R =D8
      03-4 R
      04 S
      04-1 R =BBQ,BQ
      04-2 R
      04-3 R =D8
      04-4 R
      05 S
      05-1 R =BBQ,BQ
      05-2 R
      05-3 R =D8
      05-4 R
      06 S
      06-1 R =BBQ,BQ
      06-2 R
      06-3 R =D8
      06-4 R
      07 S
      07-1 R =BBQ,BQ
      07-2 R
      07-3 R =D8
      07-4 R
      08 S
      08-1 R =BBQ,BQ
      08-2 R
      08-3 R =D8
      08-4 R
      09 S
      09-1 R =BBQ,BQ
      09-2 R
      09-3 R =D8
      09-4 R
      10 S
      10-1 R =BBQ,BQ
      10-2 R
      10-3 R =D8
      10-4 R
      11 S
      11-1 R =BBQ,BQ
      11-2 R
      11-3 R =D8
      11-4 R
      12 S
      12-1 R =BBQ,BQ
      12-2 R
      12-3 R =D8
      12-4 R
    # Occurrence span
    SEG HI S 2 @01-1=BI
      01 R
      01-1 R =BI
      01-2 R
      01-3 R =RD8
      01-4 R
      02 S
      02-1 R =BI
      02-2 R
      02-3 R =RD8
      02-4 R
      03 S
      03-1 R =BI
      03-2 R
      03-3 R =RD8
      03-4 R
      04 S
      04-1 R =BI
      04-2 R
      04-3 R =RD8
      04-4 R
      05 S
      05-1 R =BI
      05-2 R
      05-3 R =RD8
      05-4 R
      06 S
      06-1 R =BI
      06-2 R
      06-3 R =RD8
      06-4 R
      07 S
      07-1 R =BI
      07-2 R
      07-3 R =RD8
      07-4 R
      08 S
      08-1 R =BI
      08-2 R
      08-3 R =RD8
      08-4 R
      09 S
      09-1 R =BI
      09-2 R
      09-3 R =RD8
      09-4 R
      10 S
      10-1 R =BI
      10-2 R
      10-3 R =RD8
      10-4 R
      11 S
      11-1 R =BI
      11-2 R
      11-3 R =RD8
      11-4 R
      12 S
      12-1 R =BI
      12-2 R
      12-3 R =RD8
      12-4 R
    # Occurrence
    SEG HI S 2 @01-1=BH
      01 R
      01-1 R =BH
      01-2 R
      01-3 R =D8
      01-4 R
      02 S
      02-1 R =BH
      02-2 R
      02-3 R =D8
      02-4 R
      03 S
      03-1 R =BH
      03-2 R
      03-3 R =D8
      03-4 R
      04 S
      04-1 R =BH
      04-2 R
      04-3 R =D8
      04-4 R
      05 S
      05-1 R =BH
      05-2 R
      05-3 R =D8
      05-4 R
      06 S
      06-1 R =BH
      06-2 R
      06-3 R =D8
      06-4 R
      07 S
      07-1 R =BH
      07-2 R
      07-3 R =D8
      07-4 R
      08 S
      08-1 R =BH
      08-2 R
      08-3 R =D8
      08-4 R
      09 S
      09-1 R =BH
      09-2 R
      09-3 R =D8
      09-4 R
      10 S
      10-1 R =BH
      10-2 R
      10-3 R =D8
      10-4 R
      11 S
      11-1 R =BH
      11-2 R
      11-3 R =D8
      11-4 R
      12 S
      12-1 R =BH
      12-2 R
      12-3 R =D8
      12-4 R
    # Value
    SEG HI S 2 @01-1=BE
      01 R
      01-1 R =BE
      01-2 R
      01-5 R
      02 S
      02-1 R =BE
      02-2 R
      02-5 R
      03 S
      03-1 R =BE
      03-2 R
      03-5 R
      04 S
      04-1 R =BE
      04-2 R
      04-5 R
      05 S
      05-1 R =BE
      05-2 R
      05-5 R
      06 S
      06-1 R =BE
      06-2 R
      06-5 R
      07 S
      07-1 R =BE
      07-2 R
      07-5 R
      08 S
      08-1 R =BE
      08-2 R
      08-5 R
      09 S
      09-1 R =BE
      09-2 R
      09-5 R
      10 S
      10-1 R =BE
      10-2 R
      10-5 R
      11 S
      11-1 R =BE
      11-2 R
      11-5 R
      12 S
      12-1 R =BE
      12-2 R
      12-5 R
    # Condition
    SEG HI S 2 @01-1=BG
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
    # Treatment code
    SEG HI S 2 @01-1=TC
      01 R
      01-1 R =TC
      01-2 R
      02 S
      02-1 R =TC
      02-2 R
      03 S
      03-1 R =TC
      03-2 R
      04 S
      04-1 R =TC
      04-2 R
      05 S
      05-1 R =TC
      05-2 R
      06 S
      06-1 R =TC
      06-2 R
      07 S
      07-1 R =TC
      07-2 R
      08 S
      08-1 R =TC
      08-2 R
      09 S
      09-1 R =TC
      09-2 R
      10 S
      10-1 R =TC
      10-2 R
      11 S
      11-1 R =TC
      11-2 R
      12 S
      12-1 R =TC
      12-2 R
    SEG HCP S 1
      01 R =00,01,02,03,04,05,06,07,08,09,10,11,12,13,14
      02 R
      03 S
      04 S
      05 S
      06 S
      07 S
      08 S
      11 S =DA,UN
      12 S
      13 S =T1,T2,T3,T4,T5,T6
      14 S =1,2,3,4,5
      15 S =1,2,3,4,5,6
    LOOP 2310A S 1 Attending Provider Name
      SEG NM1 R 1 @01=71
        01 R =71
        02 R =1
        03 R
        04 S
        05 S
        07 S
        08 S =XX
        09 S
      SEG PRV S 1
        01 R =AT
        02 R =PXC
        03 R
      SEG REF S 4
        01 R =0B,1G,G2,LU
        02 R
    END
    LOOP 2310B S 1 Operating Physician Name
      SEG NM1 R 1 @01=72
        01 R =72
        02 R =1
        03 R
        04 S
        05 S
        07 S
        08 S =XX
        09 S
      SEG REF S 4
        01 R =0B,1G,G2,LU
        02 R
    END
    LOOP 2310C S 1 Other Operating Physician Name
      SEG NM1 R 1 @01=ZZ
        01 R =ZZ
        02 R =1
        03 R
        04 S
        05 S
        07 S
        08 S =XX
        09 S
      SEG REF S 4
        01 R =0B,1G,G2,LU
        02 R
    END
    LOOP 2310D S 1 Rendering Provider Name
      SEG NM1 R 1 @01=82
        01 R =82
        02 R =1
        03 R
        04 S
        05 S
        07 S
        08 S =XX
        09 S
      SEG REF S 4
        01 R =0B,1G,G2,LU
        02 R
    END
    LOOP 2310E S 1 Service Facility Location Name
      SEG NM1 R 1 @01=77
        01 R =77
        02 R =2
        03 R
        08 S =XX
        09 S
      SEG N3 R 1
        01 R
        02 S
      SEG N4 R 1
        01 R
        02 S =@state
        03 S
        04 S
        07 S
      SEG REF S 3
        01 R =0B,G2,LU
        02 R
    END
    LOOP 2310F S 1 Referring Provider Name
      SEG NM1 R 1 @01=DN
        01 R =DN
        02 R =1
        03 R
        04 S
        05 S
        07 S
        08 S =XX
        09 S
      SEG REF S 3
        01 R =0B,1G,G2
        02 R
    END
    LOOP 2320 S 10 Other Subscriber Information
      SEG SBR R 1
        01 R =A,B,C,D,E,F,G,H,P,S,T,U
        02 R =01,18,19,20,21,39,40,53,G8
        03 S
        04 S
        09 S =11,12,13,14,15,16,17,AM,BL,CH,CI,DS,FI,HM,LM,MA,MB,MC,OF,TV,VA,WC,ZZ
      SEG CAS S 5
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
      SEG AMT S 1 @01=D
        01 R =D
        02 R
      SEG AMT S 1 @01=EAF
        01 R =EAF
        02 R
      SEG AMT S 1 @01=A8
        01 R =A8
        02 R
      SEG OI R 1
        03 R =N,W,Y
        06 R =I,Y
      SEG MIA S 1
        01 R
        03 S
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
        20 S
        21 S
        22 S
        23 S
        24 S
      SEG MOA S 1
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
        SEG N3 S 1
          01 R
          02 S
        SEG N4 S 1
          01 R
          02 S =@state
          03 S
          04 S
          07 S
        SEG REF S 2
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
        SEG N3 S 1
          01 R
          02 S
        SEG N4 S 1
          01 R
          02 S =@state
          03 S
          04 S
          07 S
        SEG DTP S 1
          01 R =573
          02 R =D8
          03 R
        SEG REF S 2 @01=2U,EI,FY,NF
          01 R =2U,EI,FY,NF
          02 R
        SEG REF S 1 @01=G1
          01 R =G1
          02 R
        SEG REF S 1 @01=9F
          01 R =9F
          02 R
        SEG REF S 1 @01=T4
          01 R =T4
          02 R
        SEG REF S 1 @01=F8
          01 R =F8
          02 R
      END
      LOOP 2330C S 1 Other Payer Attending Provider
        SEG NM1 R 1 @01=71
          01 R =71
          02 R =1
        SEG REF R 4
          01 R =0B,1G,G2,LU
          02 R
      END
      LOOP 2330D S 1 Other Payer Operating Physician
        SEG NM1 R 1 @01=72
          01 R =72
          02 R =1
        SEG REF R 4
          01 R =0B,1G,G2,LU
          02 R
      END
      LOOP 2330E S 1 Other Payer Other Operating Physician
        SEG NM1 R 1 @01=ZZ
          01 R =ZZ
          02 R =1
        SEG REF R 4
          01 R =0B,1G,G2,LU
          02 R
      END
      LOOP 2330F S 1 Other Payer Service Facility Location
        SEG NM1 R 1 @01=77
          01 R =77
          02 R =2
        SEG REF R 3
          01 R =0B,G2,LU
          02 R
      END
      LOOP 2330G S 1 Other Payer Rendering Provider Name
        SEG NM1 R 1 @01=82
          01 R =82
          02 R =1
        SEG REF R 4
          01 R =0B,1G,G2,LU
          02 R
      END
      LOOP 2330H S 1 Other Payer Referring Provider
        SEG NM1 R 1 @01=DN
          01 R =DN
          02 R =1
        SEG REF R 3
          01 R =0B,1G,G2
          02 R
      END
      LOOP 2330I S 1 Other Payer Billing Provider
        SEG NM1 R 1 @01=85
          01 R =85
          02 R =2
        SEG REF R 2
          01 R =G2,LU
          02 R
      END
    END
    LOOP 2400 R 999 Service Line Number
      SEG LX R 1
        01 R
      SEG SV2 R 1
        01 R
        02 S
        02-1 R =ER,HC,HP,IV,WK
        02-2 R
        02-3 S
        02-4 S
        02-5 S
        02-6 S
        02-7 S
        03 R
        04 R =DA,UN
        05 R
        07 S
      SEG PWK S 10
        01 R =03,04,05,06,07,08,09,10,11,13,15,21,A3,A4,AM,AS,B2,B3,B4,BR,BS,BT,CB,CK,CT,D2,DA,DB,DG,DJ,DS,EB,HC,HR,I5,IR,LA,M1,MT,NN,OB,OC,OD,OE,OX,OZ,P4,P5,PE,PN,PO,PQ,PY,PZ,RB,RR,RT,RX,SG,V5,XP
        02 R =AA,BM,EL,EM,FT,FX
        05 S =AC
        06 S
      SEG DTP S 1
        01 R =472
        02 R =D8,RD8
        03 R
      SEG REF S 1 @01=6R
        01 R =6R
        02 R
      SEG REF S 1 @01=9B
        01 R =9B
        02 R
      SEG REF S 1 @01=9D
        01 R =9D
        02 R
      SEG AMT S 1 @01=GT
        01 R =GT
        02 R
      SEG AMT S 1 @01=N8
        01 R =N8
        02 R
      SEG NTE S 1
        01 R =TPO
        02 R
      SEG HCP S 1
        01 R =00,01,02,03,04,05,06,07,08,09,10,11,12,13,14
        02 R
        03 S
        04 S
        05 S
        06 S
        07 S
        08 S
        09 S =ER,HC,HP,IV,WK
        10 S
        11 S =DA,UN
        12 S
        13 S =T1,T2,T3,T4,T5,T6
        14 S =1,2,3,4,5
        15 S =1,2,3,4,5,6
      LOOP 2410 S 1 Drug Identification
        SEG LIN R 1
          02 R =N4
          03 R
        SEG CTP R 1
          04 R
          05 R
          05-1 R =F2,GR,ME,ML,UN
        SEG REF S 1
          01 R =VY,XZ
          02 R
      END
      LOOP 2420A S 1 Operating Physician Name
        SEG NM1 R 1 @01=72
          01 R =72
          02 R =1
          03 R
          04 S
          05 S
          07 S
          08 S =XX
          09 S
        SEG REF S 20
          01 R =0B,1G,G2,LU
          02 R
          04 S
          04-1 R =2U
          04-2 R
      END
      LOOP 2420B S 1 Other Operating Physician Name
        SEG NM1 R 1 @01=ZZ
          01 R =ZZ
          02 R =1
          03 R
          04 S
          05 S
          07 S
          08 S =XX
          09 S
        SEG REF S 20
          01 R =0B,1G,G2,LU
          02 R
          04 S
          04-1 R =2U
          04-2 R
      END
      LOOP 2420C S 1 Rendering Provider Name
        SEG NM1 R 1 @01=82
          01 R =82
          02 R =1
          03 R
          04 S
          05 S
          07 S
          08 S =XX
          09 S
        SEG REF S 20
          01 R =0B,1G,G2,LU
          02 R
          04 S
          04-1 R =2U
          04-2 R
      END
      LOOP 2420D S 1 Referring Provider Name
        SEG NM1 R 1 @01=DN
          01 R =DN
          02 R =1
          03 R
          04 S
          05 S
          07 S
          08 S =XX
          09 S
        SEG REF S 20
          01 R =0B,1G,G2
          02 R
          04 S
          04-1 R =2U
          04-2 R
      END
      LOOP 2430 S 15 Line Adjudication Information
        SEG SVD R 1
          01 R
          02 R
          03 S
          03-1 R =ER,HC,HP,IV,WK
          03-2 R
          03-3 S
          03-4 S
          03-5 S
          03-6 S
          03-7 S
          04 R
          05 R
          06 S
        SEG CAS S 5
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
        SEG DTP R 1
          01 R =573
          02 R =D8
          03 R
        SEG AMT S 1
          01 R =EAF
          02 R
      END
    END
    """
}
