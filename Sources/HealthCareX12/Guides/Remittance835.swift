extension GuideTexts {
    /// 835 Health Care Claim Payment/Advice, 005010X221A1.
    static let remittance835 = """
    GUIDE 835 005010X221A1 Health Care Claim Payment/Advice

    SEG ST R 1
      01 R =835
      02 R
      03 S =005010X221A1      # the TR3 requires it; situational here because older senders (and pyx12) leave it out

    # Header
    SEG BPR R 1               # Financial Information
      01 R =C,D,H,I,P,U,X
      02 R
      03 R =C,D
      04 R =ACH,BOP,CHK,FWT,NON
      05 S =CCP,CTX
      06 S =01,04
      07 S
      08 S =DA
      09 S
      10 S
      11 S
      12 S =01,04
      13 S
      14 S =DA,SG
      15 S
      16 R
    SEG TRN R 1               # Reassociation Trace Number
      01 R =1
      02 R
      03 R
      04 S
    SEG CUR S 1               # Foreign Currency Information
      01 R =PR
      02 R
    SEG REF S 1 @01=EV        # Receiver Identification
      01 R =EV
      02 R
    SEG REF S 1 @01=F2        # Version Identification
      01 R =F2
      02 R
    SEG DTM S 1 # Production Date
      01 R =405
      02 R

    LOOP 1000A R 1 Payer Identification
      SEG N1 R 1 @01=PR
        01 R =PR
        02 R
        03 S =XV
        04 S
      SEG N3 R 1              # Payer Address
        01 R
        02 S
      SEG N4 R 1              # Payer City, State, ZIP Code
        01 R
        02 S =@state
        03 S
        04 S
        07 S
      SEG REF S 4 # Additional Payer Identification
        01 R =2U,EO,HI,NF
        02 R
      SEG PER S 1 @01=CX      # Payer Business Contact Information
        01 R =CX
        02 S
        03 S =EM,FX,TE
        04 S
        05 S =EM,EX,FX,TE
        06 S
        07 S =EX
        08 S
      SEG PER R >1 @01=BL     # Payer Technical Contact Information
        01 R =BL
        02 S
        03 S =EM,TE,UR
        04 S
        05 S =EM,EX,FX,TE,UR
        06 S
        07 S =EM,EX,FX,UR
        08 S
      SEG PER S 1 @01=IC      # Payer WEB Site
        01 R =IC
        03 R =UR
        04 R
    END

    LOOP 1000B R 1 Payee Identification
      SEG N1 R 1 @01=PE
        01 R =PE
        02 R
        03 R =FI,XV,XX
        04 R
      SEG N3 S 1              # Payee Address
        01 R
        02 S
      SEG N4 S 1              # Payee City, State, ZIP Code
        01 R
        02 S =@state
        03 S
        04 S
        07 S
      SEG REF S >1 # Payee Additional Identification
        01 R =0B,D3,PQ,TJ
        02 R
      SEG RDM S 1             # Remittance Delivery Method
        01 R =BM,EM,FT,OL
        02 S
        03 S
    END

    # Detail
    LOOP 2000 S >1 Header Number
      SEG LX R 1
        01 R
      SEG TS3 S 1             # Provider Summary Information
        01 R
        02 R
        03 R
        04 R
        05 R
        13 S
        15 S
        17 S
        18 S
        20 S
        21 S
        22 S
        23 S
        24 S
      SEG TS2 S 1             # Provider Supplemental Summary Information
        01 S
        02 S
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

      LOOP 2100 R >1 Claim Payment Information
        SEG CLP R 1
          01 R
          02 R =1,2,3,4,19,20,21,22,23,25
          03 R
          04 R
          05 S
          06 R =12,13,14,15,16,17,AM,CH,DS,HM,LM,MA,MB,MC,OF,TV,VA,WC,ZZ
          07 R
          08 S
          09 S
          11 S
          12 S
          13 S
        SEG CAS S 99          # Claim Adjustment
          01 R =CO,OA,PI,PR
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
        SEG NM1 R 1 @01=QC    # Patient Name
          01 R =QC
          02 R =1
          03 S
          04 S
          05 S
          07 S
          08 S =34,HN,II,MI,MR
          09 S
        SEG NM1 S 1 @01=IL    # Insured Name
          01 R =IL
          02 R =1,2
          03 S
          04 S
          05 S
          07 S
          08 R =FI,II,MI
          09 R
        SEG NM1 S 1 @01=74    # Corrected Patient/Insured Name
          01 R =74
          02 R =1,2
          03 S
          04 S
          05 S
          07 S
          08 S =C
          09 S
        SEG NM1 S 1 @01=82    # Service Provider Name
          01 R =82
          02 R =1,2
          03 S
          04 S
          05 S
          07 S
          08 R =BD,BS,FI,MC,PC,SL,UP,XX
          09 R
        SEG NM1 S 1 @01=TT    # Crossover Carrier Name
          01 R =TT
          02 R =2
          03 R
          08 R =AD,FI,NI,PI,PP,XV
          09 R
        SEG NM1 S 1 @01=PR    # Corrected Priority Payer Name
          01 R =PR
          02 R =2
          03 R
          08 R =AD,FI,NI,PI,PP,XV
          09 R
        SEG NM1 S 1 @01=GB    # Other Subscriber Name
          01 R =GB
          02 R =1,2
          03 S
          04 S
          05 S
          07 S
          08 S =FI,II,MI
          09 S
        SEG MIA S 1           # Inpatient Adjudication Information
          01 R
          02 S
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
        SEG MOA S 1           # Outpatient Adjudication Information
          01 S
          02 S
          03 S
          04 S
          05 S
          06 S
          07 S
          08 S
          09 S
        SEG REF S 5 @01=1L,1W,28,6P,9A,9C,BB,CE,EA,F8,G1,G3,IG,SY    # Other Claim Related Identification
          01 R =1L,1W,28,6P,9A,9C,BB,CE,EA,F8,G1,G3,IG,SY
          02 R
        SEG REF S 10 @01=0B,1A,1B,1C,1D,1G,1H,1J,D3,G2,LU            # Rendering Provider Identification
          01 R =0B,1A,1B,1C,1D,1G,1H,1J,D3,G2,LU
          02 R
        SEG DTM S 2 @01=232,233     # Statement From or To Date
          01 R =232,233
          02 R
        SEG DTM S 1 @01=036         # Coverage Expiration Date
          01 R =036
          02 R
        SEG DTM S 1 @01=050         # Claim Received Date
          01 R =050
          02 R
        SEG PER S 2           # Claim Contact Information
          01 R =CX
          02 S
          03 R =EM,FX,TE
          04 R
          05 S =EM,EX,FX,TE
          06 S
          07 S =EX
          08 S
        SEG AMT S 13          # Claim Supplemental Information
          01 R =AU,D8,DY,F5,I,NL,T,T2,ZK,ZL,ZM,ZN,ZO
          02 R
        SEG QTY S 14          # Claim Supplemental Information Quantity
          01 R =CA,CD,LA,LE,NE,NR,OU,PS,VS,ZK,ZL,ZM,ZN,ZO
          02 R

        LOOP 2110 S 999 Service Payment Information
          SEG SVC R 1
            01 R
            01-1 R =AD,ER,HC,HP,IV,N4,N6,NU,UI,WK
            01-2 R
            01-3 S
            01-4 S
            01-5 S
            01-6 S
            02 R
            03 R
            04 S
            05 S
            06 S
            06-1 R =AD,ER,HC,HP,IV,N4,NU,WK
            06-2 R
            06-3 S
            06-4 S
            06-5 S
            06-6 S
            06-7 S
            07 S
          SEG DTM S 2 # Service Date
            01 R =150,151,472
            02 R
          SEG CAS S 99        # Service Adjustment
            01 R =CO,OA,PI,PR
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
          SEG REF S 8 @01=1S,APC,BB,E9,G1,G3,LU,RB     # Service Identification
            01 R =1S,APC,BB,E9,G1,G3,LU,RB
            02 R
          SEG REF S 1 @01=6R                          # Line Item Control Number
            01 R =6R
            02 R
          SEG REF S 10 @01=0B,1A,1B,1C,1D,1G,1H,1J,D3,G2,HPI,SY,TJ     # Rendering Provider Information
            01 R =0B,1A,1B,1C,1D,1G,1H,1J,D3,G2,HPI,SY,TJ
            02 R
          SEG REF S 5 @01=0K                          # HealthCare Policy Identification
            01 R =0K
            02 R
          SEG AMT S 9         # Service Supplemental Amount
            01 R =B6,KH,T,T2,ZK,ZL,ZM,ZN,ZO
            02 R
          SEG QTY S 6         # Service Supplemental Quantity
            01 R =ZK,ZL,ZM,ZN,ZO
            02 R
          SEG LQ S 99         # Health Care Remark Codes
            01 R =HE,RX
            02 R
        END
      END
    END

    # Summary
    SEG PLB S >1              # Provider Adjustment
      01 R
      02 R
      03 R
      03-1 R =50,51,72,90,AH,AM,AP,B2,B3,BD,BN,C5,CR,CS,CT,CV,CW,DM,E3,FB,FC,GO,HM,IP,IR,IS,J1,L3,L6,LE,LS,OA,OB,PI,PL,RA,RE,SL,TL,WO,WU
      03-2 S
      04 R
      05 S
      05-1 R =50,51,72,90,AH,AM,AP,B2,B3,BD,BN,C5,CR,CS,CT,CV,CW,DM,E3,FB,FC,GO,HM,IP,IR,IS,J1,L3,L6,LE,LS,OA,OB,PI,PL,RA,RE,SL,TL,WO,WU
      05-2 S
      06 S
      07 S
      07-1 R =50,51,72,90,AH,AM,AP,B2,B3,BD,BN,C5,CR,CS,CT,CV,CW,DM,E3,FB,FC,GO,HM,IP,IR,IS,J1,L3,L6,LE,LS,OA,OB,PI,PL,RA,RE,SL,TL,WO,WU
      07-2 S
      08 S
      09 S
      09-1 R =50,51,72,90,AH,AM,AP,B2,B3,BD,BN,C5,CR,CS,CT,CV,CW,DM,E3,FB,FC,GO,HM,IP,IR,IS,J1,L3,L6,LE,LS,OA,OB,PI,PL,RA,RE,SL,TL,WO,WU
      09-2 S
      10 S
      11 S
      11-1 R =50,51,72,90,AH,AM,AP,B2,B3,BD,BN,C5,CR,CS,CT,CV,CW,DM,E3,FB,FC,GO,HM,IP,IR,IS,J1,L3,L6,LE,LS,OA,OB,PI,PL,RA,RE,SL,TL,WO,WU
      11-2 S
      12 S
      13 S
      13-1 R =50,51,72,90,AH,AM,AP,B2,B3,BD,BN,C5,CR,CS,CT,CV,CW,DM,E3,FB,FC,GO,HM,IP,IR,IS,J1,L3,L6,LE,LS,OA,OB,PI,PL,RA,RE,SL,TL,WO,WU
      13-2 S
      14 S

    SEG SE R 1
      01 R
      02 R
    """
}
