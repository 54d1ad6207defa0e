extension GuideTexts {
    static let eligibility271 = """
    GUIDE 271 005010X279A1,005010X279 Eligibility, Coverage or Benefit Information
    SEG ST R 1
      01 R =271
      02 R
      03 R =005010X279A1
    SEG BHT R 1
      01 R =0022
      02 R =06,11
      03 S
      04 R
      05 R
    LOOP 2000A R >1 Information Source Level
      SEG HL R 1 @03=20
        01 R
        03 R =20
        04 R =0,1
      SEG AAA S 9
        01 R =N,Y
        03 R =04,41,42,79
        04 R =C,N,P,R,S,Y
      LOOP 2100A R 1 Information Source Name
        SEG NM1 R 1 @01=2B,36,GP,P5,PR
          01 R =2B,36,GP,P5,PR
          02 R =1,2
          03 R
          04 S
          05 S
          07 S
          08 R =24,46,FI,NI,PI,XV,XX
          09 R
        SEG PER S 3
          01 R =IC
          02 S
          03 S =ED,EM,FX,TE,UR
          04 S
          05 S =ED,EM,EX,FX,TE,UR
          06 S
          07 S =ED,EM,EX,FX,TE,UR
          08 S
        SEG AAA S 9
          01 R =N,Y
          03 R =04,41,42,79,80,T4
          04 R =C,N,P,R,S,W,X,Y
      END
      LOOP 2000B S >1 Information Receiver Level
        SEG HL R 1 @03=21
          01 R
          02 R
          03 R =21
          04 R =0,1
        LOOP 2100B R 1 Information Receiver Name
          SEG NM1 R 1 @01=1P,2B,36,80,FA,GP,P5,PR
            01 R =1P,2B,36,80,FA,GP,P5,PR
            02 R =1,2
            03 S
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
          SEG AAA S 9
            01 R =N,Y
            03 R =15,41,43,44,45,46,47,48,50,51,79,97,T4
            04 R =C,N,R,S,W,X,Y
          SEG PRV S 1
            01 R =AD,AT,BI,CO,CV,H,HH,LA,OT,P1,P2,PC,PE,R,RF,SB,SK,SU
            02 S =PXC
            03 S
        END
        LOOP 2000C S >1 Subscriber Level
          SEG HL R 1 @03=22
            01 R
            02 R
            03 R =22
            04 R =0,1
          SEG TRN S 3
            01 R =1,2
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
            SEG REF S 9 @01=18,1L,1W,3H,49,6P,A6,CE,CT,EA,EJ,F6,GH,HJ,HLT,IF,IG,ML,MRC,N6,NQ,Q4,SY,Y4
              01 R =18,1L,1W,3H,49,6P,A6,CE,CT,EA,EJ,F6,GH,HJ,HLT,IF,IG,ML,MRC,N6,NQ,Q4,SY,Y4
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
            SEG AAA S 9
              01 R =N,Y
              03 R =15,35,42,43,45,47,48,49,51,52,56,57,58,60,61,62,63,64,65,66,67,68,71,72,73,74,75,76,77,78
              04 R =C,N,R,S,W,X,Y
            SEG PRV S 1
              01 R =AD,AT,BI,CO,CV,H,HH,LA,OT,P1,P2,PC,PE,R,RF,SB,SK,SU
              02 S =PXC
              03 S
            SEG DMG S 1
              01 S =D8
              02 S
              03 S =F,M,U
            SEG INS S 1
              01 R =Y
              02 R =18
              03 S =001
              04 S =25
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
            SEG DTP S 9 @01=096,102,152,291,307,318,340,341,342,343,346,347,356,357,382,435,442,458,472,539,540,636,771
              01 R =096,102,152,291,307,318,340,341,342,343,346,347,356,357,382,435,442,458,472,539,540,636,771
              02 R =D8,RD8
              03 R
            SEG MPI S 1
              01 R =A,C,L,O,P,S,T
              02 R =AE,AO,AS,AT,AU,CC,DD,HD,IR,LX,PE,RE,RM,RR,RU
              03 R =A,B,C,D,E,F,G,H,I,J,K,L,M,N,O,Q,R,S,U,W
              04 S
              05 S =A1,A2,A3,B1,B2,C1,C2,C3,C4,C5,C6,C7,C8,C9,E1,F1,F2,F3,F4,G1,G4,L1,L2,L3,L4,L5,L6,M1,M2,M3,M4,M5,M6,P1,P2,P3,P4,P5,R1,R2,S1,S2,S3,S4,S5,S6,S7,S8,S9,SA,SB,SC,T1,V1,W1
              06 S =D8,RD8
              07 S
            LOOP 2110C S >1 Subscriber Eligibility or Benefit Information
              SEG EB R 1
                01 R =1,2,3,4,5,6,7,8,A,B,C,CB,D,E,F,G,H,I,J,K,L,M,MC,N,O,P,Q,R,S,T,U,V,W,X,Y
                02 S =CHD,DEP,ECH,EMP,ESP,FAM,IND,SPC,SPO,TWO
                03 S =1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,30,32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47,48,49,50,51,52,53,54,55,56,57,58,59,60,61,62,63,64,65,66,67,68,69,70,71,72,73,74,75,76,77,78,79,80,81,82,83,84,85,86,87,88,89,90,91,92,93,94,95,96,97,98,99,A0,A1,A2,A3,A4,A5,A6,A7,A8,A9,AA,AB,AC,AD,AE,AF,AG,AH,AI,AJ,AK,AL,AM,AN,AO,AQ,AR,B1,B2,B3,BA,BB,BC,BD,BE,BF,BG,BH,BI,BJ,BK,BL,BM,BN,BP,BQ,BR,BS,BT,BU,BV,BW,BX,BY,BZ,C1,CA,CB,CC,CD,CE,CF,CG,CH,CI,CJ,CK,CL,CM,CN,CO,CP,CQ,DG,DM,DS,GF,GN,GY,IC,MH,NI,ON,PT,PU,RN,RT,TC,TN,UC
                04 S =12,13,14,15,16,41,42,43,47,AP,C1,CO,CP,D,DB,EP,FF,GP,HM,HN,HS,IN,IP,LC,LD,LI,LT,MA,MB,MC,MH,MI,MP,OT,PE,PL,PP,PR,PS,QM,RP,SP,TF,WC,WU
                05 S
                06 S =6,7,13,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,36
                07 S
                08 S
                09 S =8H,99,CA,CE,D3,DB,DY,HS,LA,LE,M2,MN,P6,QA,S7,S8,VS,YY
                10 S
                11 S =N,U,Y
                12 S =N,U,W,Y
                13 S
                13-1 R =AD,CJ,HC,ID,IV,N4,ZZ
                13-2 R
                13-3 S
                13-4 S
                13-5 S
                13-6 S
                13-8 S
                14 S
                14-1 R
                14-2 S
                14-3 S
                14-4 S
              SEG HSD S 9
                01 S =DY,FL,HS,MN,VS
                02 S
                03 S =DA,MO,VS,WK,YR
                04 S
                05 S =6,7,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,36
                06 S
                07 S =1,2,3,4,5,6,7,8,9,A,B,C,D,E,F,G,H,J,K,L,M,N,O,P,Q,R,S,T,U,V,W,X,Y,SG,SL,SP,SX,SY,SZ
                08 S =A,B,C,D,E,F,G,Y
              SEG REF S 9 @01=18,1L,1W,49,6P,9F,ALS,CE,CLI,F6,FO,G1,IG,M7,N6,NQ,Y4
                01 R =18,1L,1W,49,6P,9F,ALS,CE,CLI,F6,FO,G1,IG,M7,N6,NQ,Y4
                02 R
                03 S
              SEG DTP S 20 @01=096,193,194,198,290,291,292,295,304,307,318,346,347,348,349,356,357,435,442,458,472,539,540,636,771
                01 R =096,193,194,198,290,291,292,295,304,307,318,346,347,348,349,356,357,435,442,458,472,539,540,636,771
                02 R =D8,RD8
                03 R
              SEG AAA S 9
                01 R =N,Y
                03 R =15,33,52,53,54,55,56,57,60,61,62,63,69,70,98,AA,AE,AF,AG,AO,CI,E8,IA,MA
                04 R =C,N,R,W,X,Y
              SEG MSG S 10
                01 R
              LOOP 2115C S 10 Eligibility or Benefit Additional Information
                SEG III R 1
                  01 S =GR,NI,ZZ
                  02 S
                  03 S =44
                  04 S
              END
              SEG LS S 1 @01=2120
                01 R =2120
              LOOP 2120C S 23 Benefit Related Entity Name
                SEG NM1 R 1 @01=13,1I,1P,2B,36,73,7C,80,FA,GP,GW,I3,IL,LR,OC,P3,P4,P5,PR,PRP,SEP,TTP,VER,VN,VY,X3,Y2
                  01 R =13,1I,1P,2B,36,73,7C,80,FA,GP,GW,I3,IL,LR,OC,P3,P4,P5,PR,PRP,SEP,TTP,VER,VN,VY,X3,Y2
                  02 R =1,2
                  03 S
                  04 S
                  05 S
                  07 S
                  08 S =24,34,46,FA,FI,II,MI,NI,PI,PP,SV,XV,XX
                  09 S
                  10 S =01,02,27,41,48,65,72
                SEG N3 S 1
                  01 R
                  02 S
                SEG N4 S 1
                  01 R
                  02 S =@state
                  03 S
                  04 S
                  05 S =RJ
                  06 S
                  07 S
                SEG PER S 3
                  01 R =IC
                  02 S
                  03 S =ED,EM,FX,TE,UR,WP
                  04 S
                  05 S =ED,EM,EX,FX,TE,UR,WP
                  06 S
                  07 S =ED,EM,EX,FX,TE,UR,WP
                  08 S
                SEG PRV S 1
                  01 R =AD,AT,BI,CO,CV,H,HH,LA,OT,P1,P2,PC,PE,R,RF,SB,SK,SU
                  02 S =PXC
                  03 S
              END
              SEG LE S 1 @01=2120
                01 R =2120
            END
          END
          LOOP 2000D S >1 Dependent Level
            SEG HL R 1 @03=23
              01 R
              02 R
              03 R =23
              04 R =0,1
            SEG TRN S 3
              01 R =1,2
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
              SEG REF S 9 @01=18,1L,1W,3H,49,6P,A6,CE,CT,EA,EJ,F6,GH,HJ,HLT,IF,IG,ML,MRC,N6,NQ,Q4,SY,Y4
                01 R =18,1L,1W,3H,49,6P,A6,CE,CT,EA,EJ,F6,GH,HJ,HLT,IF,IG,ML,MRC,N6,NQ,Q4,SY,Y4
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
              SEG AAA S 9
                01 R =N,Y
                03 R =15,35,42,43,45,47,48,49,51,52,56,57,58,60,61,62,63,64,65,66,67,68,71,72,73,74,75,76,77,78
                04 R =C,N,R,S,W,X,Y
              SEG PRV S 1
                01 R =AD,AT,BI,CO,CV,H,HH,LA,OT,P1,P2,PC,PE,R,RF,SB,SK,SU
                02 S =PXC
                03 S
              SEG DMG S 1
                01 S =D8
                02 S
                03 S =F,M,U
              SEG INS S 1
                01 R =N
                02 R =01,19,20,21,39,40,53,G8
                03 S =001
                04 S =25
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
              SEG DTP S 9 @01=096,102,152,291,307,318,340,341,342,343,346,347,356,357,382,435,442,458,472,539,540,636,771
                01 R =096,102,152,291,307,318,340,341,342,343,346,347,356,357,382,435,442,458,472,539,540,636,771
                02 R =D8,RD8
                03 R
              SEG MPI S 1
                01 R =A,C,L,O,P,S,T
                02 R =AE,AO,AS,AT,AU,CC,DD,HD,IR,LX,PE,RE,RM,RR,RU
                03 R =A,B,C,D,E,F,G,H,I,J,K,L,M,N,O,Q,R,S,U,W
                04 S
                05 S =A1,A2,A3,B1,B2,C1,C2,C3,C4,C5,C6,C7,C8,C9,E1,F1,F2,F3,F4,G1,G4,L1,L2,L3,L4,L5,L6,M1,M2,M3,M4,M5,M6,P1,P2,P3,P4,P5,R1,R2,S1,S2,S3,S4,S5,S6,S7,S8,S9,SA,SB,SC,T1,V1,W1
                06 S =D8,RD8
                07 S
              LOOP 2110D S >1 Dependent Eligibility or Benefit Information
                SEG EB R 1
                  01 R =1,2,3,4,5,6,7,8,A,B,C,CB,D,E,F,G,H,I,J,K,L,M,MC,N,O,P,Q,R,S,T,U,V,W,X,Y
                  02 S =CHD,DEP,ECH,EMP,ESP,FAM,IND,SPC,SPO,TWO
                  03 S =1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,30,32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47,48,49,50,51,52,53,54,55,56,57,58,59,60,61,62,63,64,65,66,67,68,69,70,71,72,73,74,75,76,77,78,79,80,81,82,83,84,85,86,87,88,89,90,91,92,93,94,95,96,97,98,99,A0,A1,A2,A3,A4,A5,A6,A7,A8,A9,AA,AB,AC,AD,AE,AF,AG,AH,AI,AJ,AK,AL,AM,AN,AO,AQ,AR,B1,B2,B3,BA,BB,BC,BD,BE,BF,BG,BH,BI,BJ,BK,BL,BM,BN,BP,BQ,BR,BS,BT,BU,BV,BW,BX,BY,BZ,C1,CA,CB,CC,CD,CE,CF,CG,CH,CI,CJ,CK,CL,CM,CN,CO,CP,CQ,DG,DM,DS,GF,GN,GY,IC,MH,NI,ON,PT,PU,RN,RT,TC,TN,UC
                  04 S =12,13,14,15,16,41,42,43,47,AP,C1,CO,CP,D,DB,EP,FF,GP,HM,HN,HS,IN,IP,LC,LD,LI,LT,MA,MB,MC,MH,MI,MP,OT,PE,PL,PP,PR,PS,QM,RP,SP,TF,WC,WU
                  05 S
                  06 S =6,7,13,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,36
                  07 S
                  08 S
                  09 S =8H,99,CA,CE,D3,DB,DY,HS,LA,LE,M2,MN,P6,QA,S7,S8,VS,YY
                  10 S
                  11 S =N,U,Y
                  12 S =N,U,W,Y
                  13 S
                  13-1 R =AD,CJ,HC,ID,IV,N4,ZZ
                  13-2 R
                  13-3 S
                  13-4 S
                  13-5 S
                  13-6 S
                  13-8 S
                  14 S
                  14-1 R
                  14-2 S
                  14-3 S
                  14-4 S
                SEG HSD S 9
                  01 S =DY,FL,HS,MN,VS
                  02 S
                  03 S =DA,MO,VS,WK,YR
                  04 S
                  05 S =6,7,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,36
                  06 S
                  07 S =1,2,3,4,5,6,7,8,9,A,B,C,D,E,F,G,H,J,K,L,M,N,O,P,Q,R,S,T,U,V,W,X,Y,SG,SL,SP,SX,SY,SZ
                  08 S =A,B,C,D,E,F,G,Y
                SEG REF S 9 @01=18,1L,1W,49,6P,9F,ALS,CE,CLI,F6,FO,G1,IG,M7,N6,NQ,Y4
                  01 R =18,1L,1W,49,6P,9F,ALS,CE,CLI,F6,FO,G1,IG,M7,N6,NQ,Y4
                  02 R
                  03 S
                SEG DTP S 20 @01=096,193,194,198,290,291,292,295,304,307,318,346,347,348,349,356,357,435,442,458,472,539,540,636,771
                  01 R =096,193,194,198,290,291,292,295,304,307,318,346,347,348,349,356,357,435,442,458,472,539,540,636,771
                  02 R =D8,RD8
                  03 R
                SEG AAA S 9
                  01 R =N,Y
                  03 R =15,33,52,53,54,55,56,57,60,61,62,63,69,70,98,AA,AE,AF,AG,AO,CI,E8,IA,MA
                  04 R =C,N,R,W,X,Y
                SEG MSG S 10
                  01 R
                LOOP 2115D S 10 Eligibility or Benefit Additional Information
                  SEG III R 1
                    01 S =GR,NI,ZZ
                    02 S
                    03 S =44
                    04 S
                END
                SEG LS S 1 @01=2120
                  01 R =2120
                LOOP 2120D S 23 Benefit Related Entity Name
                  SEG NM1 R 1 @01=13,1I,1P,2B,36,73,7C,80,FA,GP,GW,I3,IL,LR,OC,P3,P4,P5,PR,PRP,SEP,TTP,VER,VN,VY,X3,Y2
                    01 R =13,1I,1P,2B,36,73,7C,80,FA,GP,GW,I3,IL,LR,OC,P3,P4,P5,PR,PRP,SEP,TTP,VER,VN,VY,X3,Y2
                    02 R =1,2
                    03 S
                    04 S
                    05 S
                    07 S
                    08 S =24,34,46,FA,FI,II,MI,NI,PI,PP,SV,XV,XX
                    09 S
                    10 S =01,02,27,41,48,65,72
                  SEG N3 S 1
                    01 R
                    02 S
                  SEG N4 S 1
                    01 R
                    02 S =@state
                    03 S
                    04 S
                    05 S =RJ
                    06 S
                    07 S
                  SEG PER S 3
                    01 R =IC
                    02 S
                    03 S =ED,EM,FX,TE,UR,WP
                    04 S
                    05 S =ED,EM,EX,FX,TE,UR,WP
                    06 S
                    07 S =ED,EM,EX,FX,TE,UR,WP
                    08 S
                  SEG PRV S 1
                    01 R =AD,AT,BI,CO,CV,H,HH,LA,OT,P1,P2,PC,PE,R,RF,SB,SK,SU
                    02 S =PXC
                    03 S
                END
                SEG LE S 1 @01=2120
                  01 R =2120
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
