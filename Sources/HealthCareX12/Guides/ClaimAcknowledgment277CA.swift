extension GuideTexts {
    /// 277CA Health Care Claim Acknowledgment, 005010X214.
    static let claimAcknowledgment277CA = """
    GUIDE 277 005010X214 Health Care Claim Acknowledgment

    SEG ST R 1
      01 R =277
      02 R
      03 R =005010X214
    SEG BHT R 1               # Beginning of Hierarchical Transaction
      01 R =0085
      02 R =08
      03 R
      04 R
      05 R
      06 R =TH

    LOOP 2000A R >1 Information Source Level
      SEG HL R 1 @03=20
        01 R
        03 R =20
        04 R =1
      LOOP 2100A R 1 Information Source Name
        SEG NM1 R 1
          01 R =PR,AY
          02 R =2
          03 R
          08 R =46,FI,PI,XV
          09 R
      END
      LOOP 2200A R >1 Transmission Receipt Control Identifier
        SEG TRN R 1
          01 R =1
          02 R
        SEG DTP R 1 @01=050     # Information Source Receipt Date
          01 R =050
          02 R =D8
          03 R
        SEG DTP R 1 @01=009     # Information Source Process Date
          01 R =009
          02 R =D8
          03 R
      END

      LOOP 2000B R >1 Information Receiver Level
        SEG HL R 1 @03=21
          01 R
          02 R
          03 R =21
          04 R =0,1
        LOOP 2100B R 1 Information Receiver Name
          SEG NM1 R 1
            01 R =41
            02 R =1,2
            03 R
            04 S
            05 S
            08 R =46
            09 R
        END
        LOOP 2200B R 1 Information Receiver Application Trace Identifier
          SEG TRN R 1
            01 R =2
            02 R
          SEG STC R >1          # Information Receiver Status Information
            01 R
            01-1 R
            01-2 R
            01-3 S =36,40,41,AY,PR
            02 R
            03 R =U,WQ
            04 R
            10 S
            10-1 R
            10-2 R
            10-3 S
            11 S
            11-1 R
            11-2 R
            11-3 S
          SEG QTY S 1 @01=90      # Total Accepted Quantity
            01 R =90
            02 R
          SEG QTY S 1 @01=AA      # Total Rejected Quantity
            01 R =AA
            02 R
          SEG AMT S 1 @01=YU      # Total Accepted Amount
            01 R =YU
            02 R
          SEG AMT S 1 @01=YY      # Total Rejected Amount
            01 R =YY
            02 R
        END

        LOOP 2000C S >1 Billing Provider of Service Level
          SEG HL R 1 @03=19
            01 R
            02 R
            03 R =19
            04 R =0,1
          LOOP 2100C R >1 Billing Provider Name
            SEG NM1 R 1
              01 R =85
              02 R =1,2
              03 R
              04 S
              05 S
              06 S
              07 S
              08 R =FI,SV,XX
              09 R
          END
          LOOP 2200C R 1 Provider of Service Information Trace Identifier
            SEG TRN R 1
              01 R =1
              02 R
            SEG STC S >1          # Billing Provider Status Information
              01 R
              01-1 R
              01-2 R
              01-3 S =36,40,41,77,82,85,87,AY,PR
              03 R =U,WQ
              04 R
              10 S
              10-1 R
              10-2 R
              10-3 S
              11 S
              11-1 R
              11-2 R
              11-3 S
            SEG REF S 3 # Provider Secondary Identifier
              01 R =0B,1G,G2,LU,SY,TJ
              02 R
            SEG QTY S 1 @01=QA      # Total Accepted Quantity
              01 R =QA
              02 R
            SEG QTY S 1 @01=QC      # Total Rejected Quantity
              01 R =QC
              02 R
            SEG AMT S 1 @01=YU      # Total Accepted Amount
              01 R =YU
              02 R
            SEG AMT S 1 @01=YY      # Total Rejected Amount
              01 R =YY
              02 R
          END

          LOOP 2000D S >1 Patient Level
            SEG HL R 1 @03=PT
              01 R
              02 R
              03 R =PT
            LOOP 2100D R 1 Patient Name
              SEG NM1 R 1
                01 R =QC
                02 R =1
                03 R
                04 S
                05 S
                06 S
                07 S
                08 R =II,MI
                09 R
            END
            LOOP 2200D S >1 Claim Status Tracking Number
              SEG TRN R 1
                01 R =2
                02 R
              SEG STC R >1          # Claim Level Status Information
                01 R
                01-1 R
                01-2 R
                01-3 S =03,1P,1Z,40,41,71,72,73,77,82,85,87,DK,DN,DQ,FA,GB,HK,IL,LI,MSC,PR,PRP,QB,QC,QD,SEP,TL,TTP,TU
                02 R
                03 R =U,WQ
                04 R
                10 S
                10-1 R
                10-2 R
                10-3 S
                11 S
                11-1 R
                11-2 R
                11-3 S
                12 S
              SEG REF S 1 @01=1K      # Payer Claim Control Number
                01 R =1K
                02 R
              SEG REF S 1 @01=D9      # Claim Identifier Number for Clearinghouses and Other Transmission Intermediaries
                01 R =D9
                02 R
              SEG REF S 1 @01=BLT     # Institutional Bill Type Identification
                01 R =BLT
                02 R
              SEG DTP R 1 # Claim Level Service Date
                01 R =472
                02 R =D8,RD8
                03 R

              LOOP 2220D S >1 Service Line Information
                SEG SVC R 1
                  01 R
                  01-1 R =AD,ER,HC,HP,IV,NU,WK
                  01-2 R
                  01-3 S
                  01-4 S
                  01-5 S
                  01-6 S
                  02 R
                  04 S
                  07 S
                SEG STC R >1          # Service Line Level Status Information
                  01 R
                  01-1 R
                  01-2 R
                  01-3 S =03,1P,1Z,40,41,71,72,73,77,82,85,87,DK,DN,DQ,FA,GB,HK,IL,LI,MSC,PR,PRP,QB,QC,QD,SEP,TL,TTP,TU
                  02 R
                  03 R =U
                  10 S
                  10-1 R
                  10-2 R
                  10-3 S
                  11 S
                  11-1 R
                  11-2 R
                  11-3 S
                  12 S
                SEG REF S 1 @01=FJ      # Service Line Item Identification
                  01 R =FJ
                  02 R
                SEG REF S 1 @01=XZ      # Pharmacy Prescription Number
                  01 R =XZ
                  02 R
                SEG DTP S 1 # Service Line Date
                  01 R =472
                  02 R =D8,RD8
                  03 R
              END
            END
          END
        END
      END
    END

    SEG SE R 1
      01 R
      02 R
    """
}
