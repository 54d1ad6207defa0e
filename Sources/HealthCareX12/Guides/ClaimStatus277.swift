extension GuideTexts {
    static let claimStatus277 = """
    GUIDE 277 005010X212 Health Care Claim Status Response
    SEG ST R 1
      01 R =277
      02 R
      03 R =005010X212
    SEG BHT R 1
      01 R =0010
      02 R =08
      03 R
      04 R
      05 R
      06 R =DG
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
        SEG PER S 1
          01 R =IC
          02 S
          03 R =ED,EM,FX,TE
          04 R
          05 S =ED,EM,EX,FX,TE
          06 S
          07 S =ED,EM,EX,FX,TE
          08 S
      END
      LOOP 2000B R >1 Information Receiver Level
        SEG HL R 1 @03=21
          01 R
          02 R
          03 R =21
          04 R =0,1
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
        LOOP 2200B S 1 Information Receiver Trace Identifier
          SEG TRN R 1
            01 R =2
            02 R
          SEG STC R >1
            01 R
            01-1 R
            01-2 R
            01-3 S =41,AY,PR
            02 R
            10 S
            10-1 R
            10-2 R
            10-3 S
            11 S
            11-1 R
            11-2 R
            11-3 S
        END
        LOOP 2000C S >1 Service Provider Level
          SEG HL R 1 @03=19
            01 R
            02 R
            03 R =19
            04 R =0,1
          LOOP 2100C R 2 Provider Name
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
          LOOP 2200C S 1 Provider of Service Trace Identifier
            SEG TRN R 1
              01 R =1
              02 R
            SEG STC R >1
              01 R
              01-1 R
              01-2 R
              01-3 S =1P,85
              02 R
              10 S
              10-1 R
              10-2 R
              10-3 S
              11 S
              11-1 R
              11-2 R
              11-3 S
          END
          LOOP 2000D S >1 Subscriber Level
            SEG HL R 1 @03=22
              01 R
              02 R
              03 R =22
              04 R =0,1
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
                01 R =2
                02 R
              SEG STC R >1
                01 R
                01-1 R
                01-2 R
                01-3 S =03,13,17,41,AY,PR,1E,1G,1H,1I,1O,1P,1Q,1R,1S,1T,1U,1V,1W,1X,1Y,1Z,28,2A,2B,2D,2E,2I,2K,2P,2Q,2S,2Z,30,36,3A,3C,3D,3E,3F,3G,3H,3I,3J,3K,3L,3M,3N,3O,3P,3Q,3R,3S,3T,3U,3V,3W,3X,3Y,3Z,40,43,44,4A,4B,4C,4D,4E,4F,4G,4H,4I,4J,4L,4M,4N,4O,4P,4Q,4R,4S,4U,4V,4W,4X,4Y,4Z,5A,5B,5C,5D,5E,5F,5G,5H,5I,5J,5K,5L,5M,5N,5O,5P,5Q,5R,5S,5T,5U,5V,5W,5X,5Y,5Z,61,6A,6B,6C,6D,6E,6F,6G,6H,6I,6J,6K,6L,6M,6N,6O,6P,6Q,6R,6S,6U,6V,6W,6X,6Y,71,72,73,74,77,7C,80,82,84,85,87,95,CK,CZ,D2,DD,DJ,DK,DN,DO,DQ,E1,E2,E7,E9,FA,FD,FE,G0,G3,GB,GD,GI,GJ,GK,GM,GY,HF,HH,I3,IJ,IL,IN,LI,LR,MR,MSC,OB,OD,OX,P0,P2,P3,P4,P6,P7,PRP,PT,PV,PW,QA,QB,QC,QD,QE,QH,QK,QL,QN,QO,QS,QV,QY,RC,RW,S4,SEP,SJ,SU,T4,TL,TQ,TT,TTP,TU,UH,X3,X4,X5,ZZ
                01-4 S =RX
                02 R
                04 S
                05 S
                06 S
                08 S
                09 S
                10 S
                10-1 R
                10-2 R
                10-3 S
                10-4 S =RX
                11 S
                11-1 R
                11-2 R
                11-3 S
                11-4 S =RX
              SEG REF S 1 @01=1K
                01 R =1K
                02 R
              SEG REF S 1 @01=BLT
                01 R =BLT
                02 R
              SEG REF S 1 @01=EJ
                01 R =EJ
                02 R
              SEG REF S 1 @01=XZ
                01 R =XZ
                02 R
              SEG REF S 1 @01=VV
                01 R =VV
                02 R
              SEG REF S 1 @01=D9
                01 R =D9
                02 R
              SEG DTP S 1 @01=472
                01 R =472
                02 R =D8,RD8
                03 R
              LOOP 2220D S >1 Service Line Information
                SEG SVC R 1
                  01 R
                  01-1 R =AD,ER,HC,HP,IV,N4,NU,WK
                  01-2 R
                  01-3 S
                  01-4 S
                  01-5 S
                  01-6 S
                  02 R
                  03 R
                  04 S
                  07 S
                SEG STC R >1
                  01 R
                  01-1 R
                  01-2 R
                  01-3 S =03,13,17,41,AY,PR,1E,1G,1H,1I,1O,1P,1Q,1R,1S,1T,1U,1V,1W,1X,1Y,1Z,28,2A,2B,2D,2E,2I,2K,2P,2Q,2S,2Z,30,36,3A,3C,3D,3E,3F,3G,3H,3I,3J,3K,3L,3M,3N,3O,3P,3Q,3R,3S,3T,3U,3V,3W,3X,3Y,3Z,40,43,44,4A,4B,4C,4D,4E,4F,4G,4H,4I,4J,4L,4M,4N,4O,4P,4Q,4R,4S,4U,4V,4W,4X,4Y,4Z,5A,5B,5C,5D,5E,5F,5G,5H,5I,5J,5K,5L,5M,5N,5O,5P,5Q,5R,5S,5T,5U,5V,5W,5X,5Y,5Z,61,6A,6B,6C,6D,6E,6F,6G,6H,6I,6J,6K,6L,6M,6N,6O,6P,6Q,6R,6S,6U,6V,6W,6X,6Y,71,72,73,74,77,7C,80,82,84,85,87,95,CK,CZ,D2,DD,DJ,DK,DN,DO,DQ,E1,E2,E7,E9,FA,FD,FE,G0,G3,GB,GD,GI,GJ,GK,GM,GY,HF,HH,I3,IJ,IL,IN,LI,LR,MR,MSC,OB,OD,OX,P0,P2,P3,P4,P6,P7,PRP,PT,PV,PW,QA,QB,QC,QD,QE,QH,QK,QL,QN,QO,QS,QV,QY,RC,RW,S4,SEP,SJ,SU,T4,TL,TQ,TT,TTP,TU,UH,X3,X4,X5,ZZ
                  01-4 S =RX
                  02 R
                  10 S
                  10-1 R
                  10-2 R
                  10-3 S
                  10-4 S =RX
                  11 S
                  11-1 R
                  11-2 R
                  11-3 S
                  11-4 S =RX
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
                  01 R =2
                  02 R
                SEG STC R >1
                  01 R
                  01-1 R
                  01-2 R
                  01-3 S =03,13,17,41,AY,PR,1E,1G,1H,1I,1O,1P,1Q,1R,1S,1T,1U,1V,1W,1X,1Y,1Z,28,2A,2B,2D,2E,2I,2K,2P,2Q,2S,2Z,30,36,3A,3C,3D,3E,3F,3G,3H,3I,3J,3K,3L,3M,3N,3O,3P,3Q,3R,3S,3T,3U,3V,3W,3X,3Y,3Z,40,43,44,4A,4B,4C,4D,4E,4F,4G,4H,4I,4J,4L,4M,4N,4O,4P,4Q,4R,4S,4U,4V,4W,4X,4Y,4Z,5A,5B,5C,5D,5E,5F,5G,5H,5I,5J,5K,5L,5M,5N,5O,5P,5Q,5R,5S,5T,5U,5V,5W,5X,5Y,5Z,61,6A,6B,6C,6D,6E,6F,6G,6H,6I,6J,6K,6L,6M,6N,6O,6P,6Q,6R,6S,6U,6V,6W,6X,6Y,71,72,73,74,77,7C,80,82,84,85,87,95,CK,CZ,D2,DD,DJ,DK,DN,DO,DQ,E1,E2,E7,E9,FA,FD,FE,G0,G3,GB,GD,GI,GJ,GK,GM,GY,HF,HH,I3,IJ,IL,IN,LI,LR,MR,MSC,OB,OD,OX,P0,P2,P3,P4,P6,P7,PRP,PT,PV,PW,QA,QB,QC,QD,QE,QH,QK,QL,QN,QO,QS,QV,QY,RC,RW,S4,SEP,SJ,SU,T4,TL,TQ,TT,TTP,TU,UH,X3,X4,X5,ZZ
                  01-4 S =RX
                  02 R
                  04 S
                  05 S
                  06 S
                  08 S
                  09 S
                  10 S
                  10-1 R
                  10-2 R
                  10-3 S
                  10-4 S =RX
                  11 S
                  11-1 R
                  11-2 R
                  11-3 S
                  11-4 S =RX
                SEG REF S 1 @01=1K
                  01 R =1K
                  02 R
                SEG REF S 1 @01=BLT
                  01 R =BLT
                  02 R
                SEG REF S 1 @01=EJ
                  01 R =EJ
                  02 R
                SEG REF S 1 @01=XZ
                  01 R =XZ
                  02 R
                SEG REF S 1 @01=VV
                  01 R =VV
                  02 R
                SEG REF S 1 @01=D9
                  01 R =D9
                  02 R
                SEG DTP S 1 @01=472
                  01 R =472
                  02 R =D8,RD8
                  03 R
                LOOP 2220E S >1 Service Line Information
                  SEG SVC R 1
                    01 R
                    01-1 R =AD,ER,HC,HP,IV,N4,NU,WK
                    01-2 R
                    01-3 S
                    01-4 S
                    01-5 S
                    01-6 S
                    02 R
                    03 R
                    04 S
                    07 S
                  SEG STC R >1
                    01 R
                    01-1 R
                    01-2 R
                    01-3 S =03,13,17,41,AY,PR,1E,1G,1H,1I,1O,1P,1Q,1R,1S,1T,1U,1V,1W,1X,1Y,1Z,28,2A,2B,2D,2E,2I,2K,2P,2Q,2S,2Z,30,36,3A,3C,3D,3E,3F,3G,3H,3I,3J,3K,3L,3M,3N,3O,3P,3Q,3R,3S,3T,3U,3V,3W,3X,3Y,3Z,40,43,44,4A,4B,4C,4D,4E,4F,4G,4H,4I,4J,4L,4M,4N,4O,4P,4Q,4R,4S,4U,4V,4W,4X,4Y,4Z,5A,5B,5C,5D,5E,5F,5G,5H,5I,5J,5K,5L,5M,5N,5O,5P,5Q,5R,5S,5T,5U,5V,5W,5X,5Y,5Z,61,6A,6B,6C,6D,6E,6F,6G,6H,6I,6J,6K,6L,6M,6N,6O,6P,6Q,6R,6S,6U,6V,6W,6X,6Y,71,72,73,74,77,7C,80,82,84,85,87,95,CK,CZ,D2,DD,DJ,DK,DN,DO,DQ,E1,E2,E7,E9,FA,FD,FE,G0,G3,GB,GD,GI,GJ,GK,GM,GY,HF,HH,I3,IJ,IL,IN,LI,LR,MR,MSC,OB,OD,OX,P0,P2,P3,P4,P6,P7,PRP,PT,PV,PW,QA,QB,QC,QD,QE,QH,QK,QL,QN,QO,QS,QV,QY,RC,RW,S4,SEP,SJ,SU,T4,TL,TQ,TT,TTP,TU,UH,X3,X4,X5,ZZ
                    01-4 S =RX
                    02 R
                    10 S
                    10-1 R
                    10-2 R
                    10-3 S
                    10-4 S =RX
                    11 S
                    11-1 R
                    11-2 R
                    11-3 S
                    11-4 S =RX
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
