extension GuideTexts {
    static let review278Request = """
    GUIDE 278 005010X217 Health Care Services Review Request
    SEG ST R 1
      01 R =278
      02 R
      03 R =005010X217
    SEG BHT R 1 @02=01,13
      01 R =0007
      02 R =01,13
      03 R
      04 R
      05 R
      06 S =RU
    LOOP 2000A R 1 Utilization Management Organization (UMO) Level
      SEG HL R 1 @03=20
        01 R
        03 R =20
        04 R =1
      LOOP 2010A R 1 Utilization Management Organization (UMO) Name
        SEG NM1 R 1 @01=X3
          01 R =X3
          02 R =1,2
          03 S
          04 S
          05 S
          07 S
          08 R =24,34,46,PI,XV,XX
          09 R
      END
      LOOP 2000B R 1 Requester Level
        SEG HL R 1 @03=21
          01 R
          02 R
          03 R =21
          04 R =1
        LOOP 2010B R 1 Requester Name
          SEG NM1 R 1 @01=1P,FA
            01 R =1P,FA
            02 R =1,2
            03 S
            04 S
            05 S
            07 S
            08 R =24,34,46,XX
            09 R
          SEG REF S 8 @01=0B,1G,1J,EI,G5,N5,N7,SY,ZH
            01 R =0B,1G,1J,EI,G5,N5,N7,SY,ZH
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
          SEG PER S 1
            01 R =IC
            02 S
            03 S =EM,FX,TE,UR
            04 S
            05 S =EM,EX,FX,TE,UR
            06 S
            07 S =EM,EX,FX,TE,UR
            08 S
          SEG PRV S 1
            01 R =AD,AS,AT,CO,CV,OP,OR,OT,PC,PE,RF
            02 R =PXC
            03 R
        END
        LOOP 2000C R 1 Subscriber Level
          SEG HL R 1 @03=22
            01 R
            02 R
            03 R =22
            04 R =1
          LOOP 2010C R 1 Subscriber Name
            SEG NM1 R 1 @01=IL
              01 R =IL
              02 R =1
              03 S
              04 S
              05 S
              07 S
              08 R =MI
              09 R
            SEG REF S 9 @01=1L,1W,3H,6P,EJ,HJ,IG,N6,NQ,SY
              01 R =1L,1W,3H,6P,EJ,HJ,IG,N6,NQ,SY
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
            SEG DMG S 1
              01 R =D8
              02 R
              03 S =F,M,U
            SEG INS S 1
              01 R =Y
              02 R =18
              08 S
              17 S
          END
          LOOP 2000D S 1 Dependent Level
            SEG HL R 1 @03=23
              01 R
              02 R
              03 R =23
              04 R =1
            LOOP 2010D R 1 Dependent Name
              SEG NM1 R 1 @01=QC
                01 R =QC
                02 R =1
                03 S
                04 S
                05 S
                07 S
              SEG REF S 3 @01=A6,EJ,SY
                01 R =A6,EJ,SY
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
              SEG DMG S 1
                01 R =D8
                02 R
                03 S =F,M,U
              SEG INS S 1
                01 R =N
                02 R =01,04,05,07,09,10,15,17,19,20,21,22,23,24,29,32,33,34,39,40,41,43,53,G8
                08 S
                17 S
            END
            LOOP 2000E R 1 Patient Event Level
              SEG HL R 1 @03=EV
                01 R
                02 R
                03 R =EV
                04 R =0,1
              SEG TRN S 2
                01 R =1
                02 R
                03 R
                04 S
              SEG UM R 1
                01 R =AR,HS,IN,SC
                02 R =1,2,3,4,I,S
                03 S =1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,30,32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47,48,49,50,51,52,53,54,55,56,57,58,59,60,61,62,63,64,65,66,67,68,69,70,71,72,73,74,75,76,77,78,79,80,81,82,83,84,85,86,87,88,89,90,91,92,93,94,95,96,97,98,99,A0,A1,A2,A3,A4,A5,A6,A7,A8,A9,AA,AB,AC,AD,AE,AF,AG,AH,AI,AJ,AK,AL,AM,AN,AO,AQ,AR,B1,B2,B3,BA,BB,BC,BD,BE,BF,BG,BH,BI,BJ,BK,BL,BM,BN,BP,BQ,BR,BS,BT,BU,BV,BW,BX,BY,BZ,C1,CA,CB,CC,CD,CE,CF,CG,CH,CI,CJ,CK,CL,CM,CN,CO,CP,CQ,DG,DM,DS,GF,GN,GY,IC,MH,NI,ON,PT,PU,RN,RT,TC,TN,UC
                04 S
                04-1 R
                04-2 R =A,B
                05 S
                05-1 R =AA,AP,EM,OA
                05-2 S =AA,AP,EM,OA
                05-3 S =AA,AP,EM,OA
                05-4 S
                05-5 S
                06 S =03,E,U
                07 S =1,2,3,4,5
                08 S =1,2,3,4,5,6,7,8
                09 S =I,Y
                10 S
              SEG REF S 1 @01=BB
                01 R =BB
                02 R
              SEG REF S 1 @01=NT
                01 R =NT
                02 R
              SEG DTP S 1 @01=439
                01 R =439
                02 R =D8
                03 R
              SEG DTP S 1 @01=484
                01 R =484
                02 R =D8
                03 R
              SEG DTP S 1 @01=ABC
                01 R =ABC
                02 R =D8
                03 R
              SEG DTP S 1 @01=431
                01 R =431
                02 R =D8
                03 R
              SEG DTP S 1 @01=AAH
                01 R =AAH
                02 R =D8,RD8
                03 R
              SEG DTP S 1 @01=435
                01 R =435
                02 R =D8,RD8
                03 R
              SEG DTP S 1 @01=096
                01 R =096
                02 R =D8
                03 R
              SEG HI S 1
                01 R
                01-1 R =ABF,ABJ,ABK,ABN,APR,BF,BJ,BK,BN,DR,PR
                01-2 R
                01-3 S =D8
                01-4 S
                02 S
                02-1 R =ABF,ABJ,ABK,ABN,APR,BF,BJ,BK,BN,DR,PR
                02-2 R
                02-3 S =D8
                02-4 S
                03 S
                03-1 R =ABF,ABJ,ABK,ABN,APR,BF,BJ,BK,BN,DR,PR
                03-2 R
                03-3 S =D8
                03-4 S
                04 S
                04-1 R =ABF,ABJ,ABK,ABN,APR,BF,BJ,BK,BN,DR,PR
                04-2 R
                04-3 S =D8
                04-4 S
                05 S
                05-1 R =ABF,ABJ,ABK,ABN,APR,BF,BJ,BK,BN,DR,PR
                05-2 R
                05-3 S =D8
                05-4 S
                06 S
                06-1 R =ABF,ABJ,ABK,ABN,APR,BF,BJ,BK,BN,DR,PR
                06-2 R
                06-3 S =D8
                06-4 S
                07 S
                07-1 R =ABF,ABJ,ABK,ABN,APR,BF,BJ,BK,BN,DR,PR
                07-2 R
                07-3 S =D8
                07-4 S
                08 S
                08-1 R =ABF,ABJ,ABK,ABN,APR,BF,BJ,BK,BN,DR,PR
                08-2 R
                08-3 S =D8
                08-4 S
                09 S
                09-1 R =ABF,ABJ,ABK,ABN,APR,BF,BJ,BK,BN,DR,PR
                09-2 R
                09-3 S =D8
                09-4 S
                10 S
                10-1 R =ABF,ABJ,ABK,ABN,APR,BF,BJ,BK,BN,DR,PR
                10-2 R
                10-3 S =D8
                10-4 S
                11 S
                11-1 R =ABF,ABJ,ABK,ABN,APR,BF,BJ,BK,BN,DR,PR
                11-2 R
                11-3 S =D8
                11-4 S
                12 S
                12-1 R =ABF,ABJ,ABK,ABN,APR,BF,BJ,BK,BN,DR,PR
                12-2 R
                12-3 S =D8
                12-4 S
              SEG HSD S 1
                01 S
                02 S
                03 S
                04 S
                05 S
                06 S
                07 S
                08 S
              SEG CRC S 1 @01=07
                01 R =07
                02 R =N,Y
                03 R
                04 S
                05 S
                06 S
                07 S
              SEG CRC S 1 @01=08
                01 R =08
                02 R =N,Y
                03 R
                04 S
                05 S
                06 S
                07 S
              SEG CRC S 1 @01=09
                01 R =09
                02 R =N,Y
                03 R
                04 S
                05 S
                06 S
                07 S
              SEG CRC S 1 @01=11
                01 R =11
                02 R =N,Y
                03 R
                04 S
                05 S
                06 S
                07 S
              SEG CRC S 1 @01=75
                01 R =75
                02 R =N,Y
                03 R
                04 S
                05 S
                06 S
                07 S
              SEG CRC S 1 @01=76
                01 R =76
                02 R =N,Y
                03 R
                04 S
                05 S
                06 S
                07 S
              SEG CRC S 1 @01=77
                01 R =77
                02 R =N,Y
                03 R
                04 S
                05 S
                06 S
                07 S
              SEG CL1 S 1
                01 S
                02 S
                03 S
                04 S
              SEG CR1 S 1
                01 S =LB
                02 S
                03 S =I,R,T,X
                04 S =A,B,C,D,E
                05 S =DH
                06 S
                09 S
                10 S
              SEG CR2 S 1
                01 S
                02 S
                03 S
                04 S
                08 S =A,C,D,E,F,G,M
                09 S =N,Y
                10 S
                11 S
                12 S =N,Y
              SEG CR5 S 1
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
              SEG CR6 S 1
                01 R
                02 R
                03 S =RD8
                04 S
                07 R =N,U,Y
                08 R
                09 S
                10 S
                11 S
                12 S
                13 S
                14 S
                15 S
                16 S
                17 S
              SEG PWK S 10
                01 R
                02 R
                05 S =AC
                06 S
                07 S
              SEG MSG S 1
                01 R
              LOOP 2010EA S 12 Patient Event Provider Name
                SEG NM1 R 1 @01=71,72,73,77,AAJ,DD,DK,DN,FA,G3,P3,QB,QV,SJ
                  01 R =71,72,73,77,AAJ,DD,DK,DN,FA,G3,P3,QB,QV,SJ
                  02 R =1,2
                  03 S
                  04 S
                  05 S
                  07 S
                  08 S =24,34,46,XX
                  09 S
                SEG REF S 7 @01=0B,1G,1J,EI,G5,N5,N7,SY,ZH
                  01 R =0B,1G,1J,EI,G5,N5,N7,SY,ZH
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
                SEG PER S 1
                  01 R =IC
                  02 S
                  03 S =EM,FX,TE,UR
                  04 S
                  05 S =EM,EX,FX,TE,UR
                  06 S
                  07 S =EM,EX,FX,TE,UR
                  08 S
                SEG PRV S 1
                  01 R =AD,AS,AT,CO,CV,OP,OR,OT,PC,PE,RF
                  02 R =PXC
                  03 R
              END
              LOOP 2010EB S 5 Patient Event Transport Information
                SEG NM1 R 1 @01=45,FS,ND,PW,R3
                  01 R =45,FS,ND,PW,R3
                  02 R =2
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
              END
              LOOP 2010EC S 1 Patient Event Other UMO Name
                SEG NM1 R 1 @01=X3
                  01 R =X3
                  02 R =2
                  03 S
                SEG REF S 1 @01=ZZ
                  01 R =ZZ
                  02 R
                  04 S
                  04-1 R
                  04-2 R
                  04-3 S
                  04-4 S
                  04-5 S
                  04-6 S
                SEG DTP S 1 @01=598
                  01 R =598
                  02 R =D8
                  03 R
              END
              LOOP 2000F S >1 Service Level
                SEG HL R 1 @03=SS
                  01 R
                  02 R
                  03 R =SS
                  04 R =0
                SEG TRN S 2
                  01 R =1
                  02 R
                  03 R
                  04 S
                SEG UM R 1
                  01 R =AR,HS,IN,SC
                  02 S =1,2,3,4,I,S
                  03 S =1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,30,32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47,48,49,50,51,52,53,54,55,56,57,58,59,60,61,62,63,64,65,66,67,68,69,70,71,72,73,74,75,76,77,78,79,80,81,82,83,84,85,86,87,88,89,90,91,92,93,94,95,96,97,98,99,A0,A1,A2,A3,A4,A5,A6,A7,A8,A9,AA,AB,AC,AD,AE,AF,AG,AH,AI,AJ,AK,AL,AM,AN,AO,AQ,AR,B1,B2,B3,BA,BB,BC,BD,BE,BF,BG,BH,BI,BJ,BK,BL,BM,BN,BP,BQ,BR,BS,BT,BU,BV,BW,BX,BY,BZ,C1,CA,CB,CC,CD,CE,CF,CG,CH,CI,CJ,CK,CL,CM,CN,CO,CP,CQ,DG,DM,DS,GF,GN,GY,IC,MH,NI,ON,PT,PU,RN,RT,TC,TN,UC
                  04 S
                  04-1 R
                  04-2 R =A,B
                  05 S
                  05-1 R =AA,AP,EM,OA
                  05-2 S =AA,AP,EM,OA
                  05-3 S =AA,AP,EM,OA
                  05-4 S
                  05-5 S
                  06 S =03,E,U
                  07 S =1,2,3,4,5
                  08 S =1,2,3,4,5,6,7,8
                  09 S =I,Y
                  10 S
                SEG REF S 1 @01=BB
                  01 R =BB
                  02 R
                SEG REF S 1 @01=NT
                  01 R =NT
                  02 R
                SEG DTP S 1 @01=472
                  01 R =472
                  02 R =D8,RD8
                  03 R
                SEG SV1 S 1
                  01 R
                  01-1 R
                  01-2 R
                  01-3 S
                  01-4 S
                  01-5 S
                  01-6 S
                  01-7 S
                  01-8 S
                  02 S
                  03 S =MJ,UN
                  04 S
                  07 S
                  07-1 R
                  07-2 S
                  07-3 S
                  07-4 S
                  11 S =N,Y
                  20 S
                SEG SV2 S 1
                  01 S
                  02 S
                  02-1 R
                  02-2 R
                  02-3 S
                  02-4 S
                  02-5 S
                  02-6 S
                  02-7 S
                  02-8 S
                  03 S
                  04 S =DA,UN
                  05 S
                  06 S
                  09 S
                  10 S
                SEG SV3 S 1
                  01 R
                  01-1 R
                  01-2 R
                  01-3 S
                  01-4 S
                  01-5 S
                  01-6 S
                  01-7 S
                  01-8 S
                  02 S
                  04 S
                  04-1 R
                  04-2 S
                  04-3 S
                  04-4 S
                  04-5 S
                  05 S
                  06 S
                  07 S
                SEG TOO S 32
                  01 R =JP
                  02 R
                  03 S
                  03-1 R
                  03-2 S
                  03-3 S
                  03-4 S
                  03-5 S
                SEG HSD S 1
                  01 S
                  02 S
                  03 S
                  04 S
                  05 S
                  06 S
                  07 S
                  08 S
                SEG PWK S 10
                  01 R
                  02 R
                  05 S =AC
                  06 S
                  07 S
                SEG MSG S 1
                  01 R
                LOOP 2010F S 12 Service Provider Name
                  SEG NM1 R 1 @01=1T,71,72,73,77,AAJ,DD,DK,DN,FA,G3,P3,QB,QV,SJ
                    01 R =1T,71,72,73,77,AAJ,DD,DK,DN,FA,G3,P3,QB,QV,SJ
                    02 R =1,2
                    03 S
                    04 S
                    05 S
                    07 S
                    08 S =24,34,46,XX
                    09 S
                  SEG REF S 7 @01=0B,1G,1J,EI,G5,N5,N7,SY,ZH
                    01 R =0B,1G,1J,EI,G5,N5,N7,SY,ZH
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
                  SEG PER S 1
                    01 R =IC
                    02 S
                    03 S =EM,FX,TE,UR
                    04 S
                    05 S =EM,EX,FX,TE,UR
                    06 S
                    07 S =EM,EX,FX,TE,UR
                    08 S
                  SEG PRV S 1
                    01 R =AD,AS,AT,CO,CV,OP,OR,OT,PC,PE,RF
                    02 R =PXC
                    03 R
                END
              END
            END
          END
          LOOP 2000E S 1 Patient Event Level
            SEG HL R 1 @03=EV
              01 R
              02 R
              03 R =EV
              04 R =0,1
            SEG TRN S 2
              01 R =1
              02 R
              03 R
              04 S
            SEG UM R 1
              01 R =AR,HS,IN,SC
              02 R =1,2,3,4,I,S
              03 S =1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,30,32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47,48,49,50,51,52,53,54,55,56,57,58,59,60,61,62,63,64,65,66,67,68,69,70,71,72,73,74,75,76,77,78,79,80,81,82,83,84,85,86,87,88,89,90,91,92,93,94,95,96,97,98,99,A0,A1,A2,A3,A4,A5,A6,A7,A8,A9,AA,AB,AC,AD,AE,AF,AG,AH,AI,AJ,AK,AL,AM,AN,AO,AQ,AR,B1,B2,B3,BA,BB,BC,BD,BE,BF,BG,BH,BI,BJ,BK,BL,BM,BN,BP,BQ,BR,BS,BT,BU,BV,BW,BX,BY,BZ,C1,CA,CB,CC,CD,CE,CF,CG,CH,CI,CJ,CK,CL,CM,CN,CO,CP,CQ,DG,DM,DS,GF,GN,GY,IC,MH,NI,ON,PT,PU,RN,RT,TC,TN,UC
              04 S
              04-1 R
              04-2 R =A,B
              05 S
              05-1 R =AA,AP,EM,OA
              05-2 S =AA,AP,EM,OA
              05-3 S =AA,AP,EM,OA
              05-4 S
              05-5 S
              06 S =03,E,U
              07 S =1,2,3,4,5
              08 S =1,2,3,4,5,6,7,8
              09 S =I,Y
              10 S
            SEG REF S 1 @01=BB
              01 R =BB
              02 R
            SEG REF S 1 @01=NT
              01 R =NT
              02 R
            SEG DTP S 1 @01=439
              01 R =439
              02 R =D8
              03 R
            SEG DTP S 1 @01=484
              01 R =484
              02 R =D8
              03 R
            SEG DTP S 1 @01=ABC
              01 R =ABC
              02 R =D8
              03 R
            SEG DTP S 1 @01=431
              01 R =431
              02 R =D8
              03 R
            SEG DTP S 1 @01=AAH
              01 R =AAH
              02 R =D8,RD8
              03 R
            SEG DTP S 1 @01=435
              01 R =435
              02 R =D8,RD8
              03 R
            SEG DTP S 1 @01=096
              01 R =096
              02 R =D8
              03 R
            SEG HI S 1
              01 R
              01-1 R =ABF,ABJ,ABK,ABN,APR,BF,BJ,BK,BN,DR,PR
              01-2 R
              01-3 S =D8
              01-4 S
              02 S
              02-1 R =ABF,ABJ,ABK,ABN,APR,BF,BJ,BK,BN,DR,PR
              02-2 R
              02-3 S =D8
              02-4 S
              03 S
              03-1 R =ABF,ABJ,ABK,ABN,APR,BF,BJ,BK,BN,DR,PR
              03-2 R
              03-3 S =D8
              03-4 S
              04 S
              04-1 R =ABF,ABJ,ABK,ABN,APR,BF,BJ,BK,BN,DR,PR
              04-2 R
              04-3 S =D8
              04-4 S
              05 S
              05-1 R =ABF,ABJ,ABK,ABN,APR,BF,BJ,BK,BN,DR,PR
              05-2 R
              05-3 S =D8
              05-4 S
              06 S
              06-1 R =ABF,ABJ,ABK,ABN,APR,BF,BJ,BK,BN,DR,PR
              06-2 R
              06-3 S =D8
              06-4 S
              07 S
              07-1 R =ABF,ABJ,ABK,ABN,APR,BF,BJ,BK,BN,DR,PR
              07-2 R
              07-3 S =D8
              07-4 S
              08 S
              08-1 R =ABF,ABJ,ABK,ABN,APR,BF,BJ,BK,BN,DR,PR
              08-2 R
              08-3 S =D8
              08-4 S
              09 S
              09-1 R =ABF,ABJ,ABK,ABN,APR,BF,BJ,BK,BN,DR,PR
              09-2 R
              09-3 S =D8
              09-4 S
              10 S
              10-1 R =ABF,ABJ,ABK,ABN,APR,BF,BJ,BK,BN,DR,PR
              10-2 R
              10-3 S =D8
              10-4 S
              11 S
              11-1 R =ABF,ABJ,ABK,ABN,APR,BF,BJ,BK,BN,DR,PR
              11-2 R
              11-3 S =D8
              11-4 S
              12 S
              12-1 R =ABF,ABJ,ABK,ABN,APR,BF,BJ,BK,BN,DR,PR
              12-2 R
              12-3 S =D8
              12-4 S
            SEG HSD S 1
              01 S
              02 S
              03 S
              04 S
              05 S
              06 S
              07 S
              08 S
            SEG CRC S 1 @01=07
              01 R =07
              02 R =N,Y
              03 R
              04 S
              05 S
              06 S
              07 S
            SEG CRC S 1 @01=08
              01 R =08
              02 R =N,Y
              03 R
              04 S
              05 S
              06 S
              07 S
            SEG CRC S 1 @01=09
              01 R =09
              02 R =N,Y
              03 R
              04 S
              05 S
              06 S
              07 S
            SEG CRC S 1 @01=11
              01 R =11
              02 R =N,Y
              03 R
              04 S
              05 S
              06 S
              07 S
            SEG CRC S 1 @01=75
              01 R =75
              02 R =N,Y
              03 R
              04 S
              05 S
              06 S
              07 S
            SEG CRC S 1 @01=76
              01 R =76
              02 R =N,Y
              03 R
              04 S
              05 S
              06 S
              07 S
            SEG CRC S 1 @01=77
              01 R =77
              02 R =N,Y
              03 R
              04 S
              05 S
              06 S
              07 S
            SEG CL1 S 1
              01 S
              02 S
              03 S
              04 S
            SEG CR1 S 1
              01 S =LB
              02 S
              03 S =I,R,T,X
              04 S =A,B,C,D,E
              05 S =DH
              06 S
              09 S
              10 S
            SEG CR2 S 1
              01 S
              02 S
              03 S
              04 S
              08 S =A,C,D,E,F,G,M
              09 S =N,Y
              10 S
              11 S
              12 S =N,Y
            SEG CR5 S 1
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
            SEG CR6 S 1
              01 R
              02 R
              03 S =RD8
              04 S
              07 R =N,U,Y
              08 R
              09 S
              10 S
              11 S
              12 S
              13 S
              14 S
              15 S
              16 S
              17 S
            SEG PWK S 10
              01 R
              02 R
              05 S =AC
              06 S
              07 S
            SEG MSG S 1
              01 R
            LOOP 2010EA S 12 Patient Event Provider Name
              SEG NM1 R 1 @01=71,72,73,77,AAJ,DD,DK,DN,FA,G3,P3,QB,QV,SJ
                01 R =71,72,73,77,AAJ,DD,DK,DN,FA,G3,P3,QB,QV,SJ
                02 R =1,2
                03 S
                04 S
                05 S
                07 S
                08 S =24,34,46,XX
                09 S
              SEG REF S 7 @01=0B,1G,1J,EI,G5,N5,N7,SY,ZH
                01 R =0B,1G,1J,EI,G5,N5,N7,SY,ZH
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
              SEG PER S 1
                01 R =IC
                02 S
                03 S =EM,FX,TE,UR
                04 S
                05 S =EM,EX,FX,TE,UR
                06 S
                07 S =EM,EX,FX,TE,UR
                08 S
              SEG PRV S 1
                01 R =AD,AS,AT,CO,CV,OP,OR,OT,PC,PE,RF
                02 R =PXC
                03 R
            END
            LOOP 2010EB S 5 Patient Event Transport Information
              SEG NM1 R 1 @01=45,FS,ND,PW,R3
                01 R =45,FS,ND,PW,R3
                02 R =2
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
            END
            LOOP 2010EC S 1 Patient Event Other UMO Name
              SEG NM1 R 1 @01=X3
                01 R =X3
                02 R =2
                03 S
              SEG REF S 1 @01=ZZ
                01 R =ZZ
                02 R
                04 S
                04-1 R
                04-2 R
                04-3 S
                04-4 S
                04-5 S
                04-6 S
              SEG DTP S 1 @01=598
                01 R =598
                02 R =D8
                03 R
            END
            LOOP 2000F S >1 Service Level
              SEG HL R 1 @03=SS
                01 R
                02 R
                03 R =SS
                04 R =0
              SEG TRN S 2
                01 R =1
                02 R
                03 R
                04 S
              SEG UM R 1
                01 R =AR,HS,IN,SC
                02 S =1,2,3,4,I,S
                03 S =1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,30,32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47,48,49,50,51,52,53,54,55,56,57,58,59,60,61,62,63,64,65,66,67,68,69,70,71,72,73,74,75,76,77,78,79,80,81,82,83,84,85,86,87,88,89,90,91,92,93,94,95,96,97,98,99,A0,A1,A2,A3,A4,A5,A6,A7,A8,A9,AA,AB,AC,AD,AE,AF,AG,AH,AI,AJ,AK,AL,AM,AN,AO,AQ,AR,B1,B2,B3,BA,BB,BC,BD,BE,BF,BG,BH,BI,BJ,BK,BL,BM,BN,BP,BQ,BR,BS,BT,BU,BV,BW,BX,BY,BZ,C1,CA,CB,CC,CD,CE,CF,CG,CH,CI,CJ,CK,CL,CM,CN,CO,CP,CQ,DG,DM,DS,GF,GN,GY,IC,MH,NI,ON,PT,PU,RN,RT,TC,TN,UC
                04 S
                04-1 R
                04-2 R =A,B
                05 S
                05-1 R =AA,AP,EM,OA
                05-2 S =AA,AP,EM,OA
                05-3 S =AA,AP,EM,OA
                05-4 S
                05-5 S
                06 S =03,E,U
                07 S =1,2,3,4,5
                08 S =1,2,3,4,5,6,7,8
                09 S =I,Y
                10 S
              SEG REF S 1 @01=BB
                01 R =BB
                02 R
              SEG REF S 1 @01=NT
                01 R =NT
                02 R
              SEG DTP S 1 @01=472
                01 R =472
                02 R =D8,RD8
                03 R
              SEG SV1 S 1
                01 R
                01-1 R
                01-2 R
                01-3 S
                01-4 S
                01-5 S
                01-6 S
                01-7 S
                01-8 S
                02 S
                03 S =MJ,UN
                04 S
                07 S
                07-1 R
                07-2 S
                07-3 S
                07-4 S
                11 S =N,Y
                20 S
              SEG SV2 S 1
                01 S
                02 S
                02-1 R
                02-2 R
                02-3 S
                02-4 S
                02-5 S
                02-6 S
                02-7 S
                02-8 S
                03 S
                04 S =DA,UN
                05 S
                06 S
                09 S
                10 S
              SEG SV3 S 1
                01 R
                01-1 R
                01-2 R
                01-3 S
                01-4 S
                01-5 S
                01-6 S
                01-7 S
                01-8 S
                02 S
                04 S
                04-1 R
                04-2 S
                04-3 S
                04-4 S
                04-5 S
                05 S
                06 S
                07 S
              SEG TOO S 32
                01 R =JP
                02 R
                03 S
                03-1 R
                03-2 S
                03-3 S
                03-4 S
                03-5 S
              SEG HSD S 1
                01 S
                02 S
                03 S
                04 S
                05 S
                06 S
                07 S
                08 S
              SEG PWK S 10
                01 R
                02 R
                05 S =AC
                06 S
                07 S
              SEG MSG S 1
                01 R
              LOOP 2010F S 12 Service Provider Name
                SEG NM1 R 1 @01=1T,71,72,73,77,AAJ,DD,DK,DN,FA,G3,P3,QB,QV,SJ
                  01 R =1T,71,72,73,77,AAJ,DD,DK,DN,FA,G3,P3,QB,QV,SJ
                  02 R =1,2
                  03 S
                  04 S
                  05 S
                  07 S
                  08 S =24,34,46,XX
                  09 S
                SEG REF S 7 @01=0B,1G,1J,EI,G5,N5,N7,SY,ZH
                  01 R =0B,1G,1J,EI,G5,N5,N7,SY,ZH
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
                SEG PER S 1
                  01 R =IC
                  02 S
                  03 S =EM,FX,TE,UR
                  04 S
                  05 S =EM,EX,FX,TE,UR
                  06 S
                  07 S =EM,EX,FX,TE,UR
                  08 S
                SEG PRV S 1
                  01 R =AD,AS,AT,CO,CV,OP,OR,OT,PC,PE,RF
                  02 R =PXC
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
