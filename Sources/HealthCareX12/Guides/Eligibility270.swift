extension GuideTexts {
    static let eligibility270 = """
    GUIDE 270 005010X279A1,005010X279 Eligibility, Coverage or Benefit Inquiry
    SEG ST R 1
      01 R =270
      02 R
      03 R =005010X279A1
    SEG BHT R 1
      01 R =0022
      02 R =01,13
      03 S
      04 R
      05 R
      06 S =RT
    LOOP 2000A R >1 Information Source Level
      SEG HL R 1 @03=20
        01 R
        03 R =20
        04 R =1
      LOOP 2100A R 1 Information Source Name
        SEG NM1 R 1 @01=2B,36,GP,P5,PR
          01 R =2B,36,GP,P5,PR
          02 R =1,2
          03 S
          04 S
          05 S
          07 S
          08 R =24,46,FI,NI,PI,XV,XX
          09 R
      END
      LOOP 2000B R >1 Information Receiver Level
        SEG HL R 1 @03=21
          01 R
          02 R
          03 R =21
          04 R =1
        LOOP 2100B R 1 Information Receiver Name
          SEG NM1 R 1 @01=1P,2B,36,80,FA,GP,P5,PR
            01 R =1P,2B,36,80,FA,GP,P5,PR
            02 R =1,2
            03 R
            04 S
            05 S
            07 S
            08 R =24,34,FI,PI,PP,SV,XV,XX
            09 R
          SEG REF S 9 @01=0B,1C,1D,1J,4A,CT,EL,EO,HPI,JD,N5,N7,Q4,SY,TJ
            01 R =0B,1C,1D,1J,4A,CT,EL,EO,HPI,JD,N5,N7,Q4,SY,TJ
            02 R
            03 S
          SEG N3 S 1
            01 R
            02 S
          SEG N4 S 1
            01 R
            02 S =@state
            03 S
            04 S
            07 S
          SEG PRV S 1
            01 R =AD,AT,BI,CO,CV,H,HH,LA,OT,P1,P2,PC,PE,R,RF,SB,SK,SU
            02 S =PXC
            03 S
        END
        LOOP 2000C R >1 Subscriber Level
          SEG HL R 1 @03=22
            01 R
            02 R
            03 R =22
            04 R =0,1
          SEG TRN S 2
            01 R =1
            02 R
            03 R
            04 S
          LOOP 2100C R 1 Subscriber Name
            SEG NM1 R 1 @01=IL
              01 R =IL
              02 R =1,2
              03 S
              04 S
              05 S
              07 S
              08 S =II,MI
              09 S
            SEG REF S 9 @01=18,1L,1W,3H,6P,CT,EA,EJ,F6,GH,HJ,IG,N6,NQ,SY,Y4
              01 R =18,1L,1W,3H,6P,CT,EA,EJ,F6,GH,HJ,IG,N6,NQ,SY,Y4
              02 R
            SEG N3 S 1
              01 R
              02 S
            SEG N4 S 1
              01 R
              02 S =@state
              03 S
              04 S
              07 S
            SEG PRV S 1
              01 R =AD,AT,BI,CO,CV,H,HH,LA,OT,P1,P2,PC,PE,R,RF,SB,SK,SU
              02 S =9K,D3,EI,HPI,PXC,SY,TJ
              03 S
            SEG DMG S 1
              01 S =D8
              02 S
              03 S =F,M
            SEG INS S 1
              01 R =Y
              02 R =18
              17 R
            SEG HI S 1
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
            SEG DTP S 2 @01=102,291
              01 R =102,291
              02 R =D8,RD8
              03 R
            LOOP 2110C S 99 Subscriber Eligibility or Benefit Inquiry
              SEG EQ R 1
                01 S =1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,30,32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47,48,49,50,51,52,53,54,55,56,57,58,59,60,61,62,63,64,65,66,67,68,69,70,71,72,73,74,75,76,77,78,79,80,81,82,83,84,85,86,87,88,89,90,91,92,93,94,95,96,97,98,99,A0,A1,A2,A3,A4,A5,A6,A7,A8,A9,AA,AB,AC,AD,AE,AF,AG,AH,AI,AJ,AK,AL,AM,AN,AO,AQ,AR,B1,B2,B3,BA,BB,BC,BD,BE,BF,BG,BH,BI,BJ,BK,BL,BM,BN,BP,BQ,BR,BS,BT,BU,BV,BW,BX,BY,BZ,C1,CA,CB,CC,CD,CE,CF,CG,CH,CI,CJ,CK,CL,CM,CN,CO,CP,CQ,DG,DM,DS,GF,GN,GY,IC,MH,NI,ON,PT,PU,RN,RT,TC,TN,UC
                02 S
                02-1 R =AD,CJ,HC,ID,IV,N4,ZZ
                02-2 R
                02-3 S
                02-4 S
                02-5 S
                02-6 S
                03 S =FAM
                05 S
                05-1 R
                05-2 S
                05-3 S
                05-4 S
              SEG AMT S 1 @01=R
                01 R =R
                02 R
              SEG AMT S 1 @01=PB
                01 R =PB
                02 R
              SEG III S 1
                01 R =ZZ
                02 R
              SEG REF S 1 @01=9F,G1
                01 R =9F,G1
                02 R
              SEG DTP S 1 @01=291
                01 R =291
                02 R =D8,RD8
                03 R
            END
          END
          LOOP 2000D S >1 Dependent Level
            SEG HL R 1 @03=23
              01 R
              02 R
              03 R =23
              04 R =0
            SEG TRN S 2
              01 R =1
              02 R
              03 R
              04 S
            LOOP 2100D R 1 Dependent Name
              SEG NM1 R 1 @01=03
                01 R =03
                02 R =1
                03 S
                04 S
                05 S
                07 S
              SEG REF S 9 @01=18,1L,1W,3H,6P,CT,EA,EJ,F6,GH,HJ,IF,IG,MRC,N6,NQ,SY,Y4
                01 R =18,1L,1W,3H,6P,CT,EA,EJ,F6,GH,HJ,IF,IG,MRC,N6,NQ,SY,Y4
                02 R
              SEG N3 S 1
                01 R
                02 S
              SEG N4 S 1
                01 R
                02 S =@state
                03 S
                04 S
                07 S
              SEG PRV S 1
                01 R =AD,AT,BI,CO,CV,H,HH,LA,OT,P1,P2,PC,PE,R,RF,SB,SK,SU
                02 S =9K,D3,EI,HPI,PXC,SY,TJ
                03 S
              SEG DMG S 1
                01 S =D8
                02 S
                03 S =F,M
              SEG INS S 1
                01 R =N
                02 R =01,19,34
                17 S
              SEG HI S 1
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
              SEG DTP S 2 @01=102,291
                01 R =102,291
                02 R =D8,RD8
                03 R
              LOOP 2110D R 99 Dependent Eligibility or Benefit Inquiry
                SEG EQ R 1
                  01 S =1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,30,32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47,48,49,50,51,52,53,54,55,56,57,58,59,60,61,62,63,64,65,66,67,68,69,70,71,72,73,74,75,76,77,78,79,80,81,82,83,84,85,86,87,88,89,90,91,92,93,94,95,96,97,98,99,A0,A1,A2,A3,A4,A5,A6,A7,A8,A9,AA,AB,AC,AD,AE,AF,AG,AH,AI,AJ,AK,AL,AM,AN,AO,AQ,AR,B1,B2,B3,BA,BB,BC,BD,BE,BF,BG,BH,BI,BJ,BK,BL,BM,BN,BP,BQ,BR,BS,BT,BU,BV,BW,BX,BY,BZ,C1,CA,CB,CC,CD,CE,CF,CG,CH,CI,CJ,CK,CL,CM,CN,CO,CP,CQ,DG,DM,DS,GF,GN,GY,IC,MH,NI,ON,PT,PU,RN,RT,TC,TN,UC
                  02 S
                  02-1 R =AD,CJ,HC,ID,IV,N4,ZZ
                  02-2 R
                  02-3 S
                  02-4 S
                  02-5 S
                  02-6 S
                  05 S
                  05-1 R
                  05-2 S
                  05-3 S
                  05-4 S
                SEG III S 1
                  01 R =ZZ
                  02 R
                SEG REF S 1 @01=9F,G1
                  01 R =9F,G1
                  02 R
                SEG DTP S 1 @01=291
                  01 R =291
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
