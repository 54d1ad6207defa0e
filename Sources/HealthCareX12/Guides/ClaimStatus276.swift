extension GuideTexts {
    static let claimStatus276 = """
    GUIDE 276 005010X212 Health Care Claim Status Request
    SEG ST R 1
      01 R =276
      02 R
      03 R =005010X212
    SEG BHT R 1
      01 R =0010
      02 R =13
      03 R
      04 R
      05 R
    LOOP 2000A R >1 Information Source Level
      SEG HL R 1 @03=20
        01 R
        03 R =20
        04 R =1
      LOOP 2100A R 1 Payer Name
        SEG NM1 R 1 @01=PR
          01 R =PR
          02 R =2
          03 R
          08 R =46,FI,PI,XV
          09 R
      END
      LOOP 2000B R >1 Information Receiver Level
        SEG HL R 1 @03=21
          01 R
          02 R
          03 R =21
          04 R =1
        LOOP 2100B R 1 Information Receiver Name
          SEG NM1 R 1 @01=41
            01 R =41
            02 R =1,2
            03 S
            04 S
            05 S
            08 R =46
            09 R
        END
        LOOP 2000C R >1 Service Provider Level
          SEG HL R 1 @03=19
            01 R
            02 R
            03 R =19
            04 R =1
          LOOP 2100C R 1 Provider Name
            SEG NM1 R 1 @01=1P
              01 R =1P
              02 R =1,2
              03 S
              04 S
              05 S
              07 S
              08 R =FI,SV,XX
              09 R
          END
          LOOP 2000D R >1 Subscriber Level
            SEG HL R 1 @03=22
              01 R
              02 R
              03 R =22
              04 R =0,1
            SEG DMG S 1
              01 R =D8
              02 R
              03 S =F,M,U
            LOOP 2100D R 1 Subscriber Name
              SEG NM1 R 1 @01=IL
                01 R =IL
                02 R =1,2
                03 R
                04 S
                05 S
                07 S
                08 R =24,II,MI
                09 R
            END
            LOOP 2200D S >1 Claim Status Tracking Number
              SEG TRN R 1
                01 R =1
                02 R
              SEG REF S 1 @01=1K
                01 R =1K
                02 R
              SEG REF S 1 @01=BLT
                01 R =BLT
                02 R
              SEG REF S 1 @01=LU
                01 R =LU
                02 R
              SEG REF S 1 @01=6P
                01 R =6P
                02 R
              SEG REF S 1 @01=EJ
                01 R =EJ
                02 R
              SEG REF S 1 @01=XZ
                01 R =XZ
                02 R
              SEG REF S 1 @01=D9
                01 R =D9
                02 R
              SEG AMT S 1 @01=T3
                01 R =T3
                02 R
              SEG DTP S 1 @01=472
                01 R =472
                02 R =D8,RD8
                03 R
              LOOP 2210D S >1 Service Line Information
                SEG SVC R 1
                  01 R
                  01-1 R =AD,ER,HC,HP,IV,N4,NU,WK
                  01-2 R
                  01-3 S
                  01-4 S
                  01-5 S
                  01-6 S
                  02 R
                  04 S
                  07 S
                SEG REF S 1 @01=FJ
                  01 R =FJ
                  02 R
                SEG DTP R 1 @01=472
                  01 R =472
                  02 R =D8,RD8
                  03 R
              END
            END
            LOOP 2000E S >1 Dependent Level
              SEG HL R 1 @03=23
                01 R
                02 R
                03 R =23
              SEG DMG S 1
                01 R =D8
                02 R
                03 S =F,M,U
              LOOP 2100E R 1 Dependent Name
                SEG NM1 R 1 @01=QC
                  01 R =QC
                  02 R =1
                  03 R
                  04 S
                  05 S
                  07 S
              END
              LOOP 2200E R >1 Claim Status Tracking Number
                SEG TRN R 1
                  01 R =1
                  02 R
                SEG REF S 1 @01=1K
                  01 R =1K
                  02 R
                SEG REF S 1 @01=BLT
                  01 R =BLT
                  02 R
                SEG REF S 1 @01=LU
                  01 R =LU
                  02 R
                SEG REF S 1 @01=6P
                  01 R =6P
                  02 R
                SEG REF S 1 @01=EJ
                  01 R =EJ
                  02 R
                SEG REF S 1 @01=XZ
                  01 R =XZ
                  02 R
                SEG REF S 1 @01=D9
                  01 R =D9
                  02 R
                SEG AMT S 1 @01=T3
                  01 R =T3
                  02 R
                SEG DTP S 1 @01=472
                  01 R =472
                  02 R =D8,RD8
                  03 R
                LOOP 2210E S >1 Service Line Information
                  SEG SVC R 1
                    01 R
                    01-1 R =AD,ER,HC,HP,IV,N4,NU,WK
                    01-2 R
                    01-3 S
                    01-4 S
                    01-5 S
                    01-6 S
                    02 R
                    04 S
                    07 S
                  SEG REF S 1 @01=FJ
                    01 R =FJ
                    02 R
                  SEG DTP R 1 @01=472
                    01 R =472
                    02 R =D8,RD8
                    03 R
                END
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
