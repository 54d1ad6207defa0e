extension GuideTexts {
    /// 999 Implementation Acknowledgment for Health Care Insurance, 005010X231A1.
    static let acknowledgment999 = """
    GUIDE 999 005010X231A1,005010X231 Implementation Acknowledgment

    SEG ST R 1
      01 R =999
      02 R
      03 R =005010X231A1,005010X231      # the base release X231 is still sent (and read by pyx12 with its 999.5010 map)

    # Functional Group Response Header
    SEG AK1 R 1
      01 R =BE,HB,HC,HI,HN,HP,HR,HS,RA
      02 R
      03 R

    LOOP 2000 S >1 Transaction Set Response Header
      SEG AK2 R 1
        01 R =270,271,276,277,278,820,834,835,837
        02 R
        03 S

      LOOP 2100 S >1 Error Identification
        SEG IK3 R 1
          01 R
          02 R
          03 S
          04 S =1,2,3,4,5,6,7,8,I4,I6,I7,I8,I9
        # The TR3 has two CTX here: Segment Context (CTX01-1 "SITUATIONAL TRIGGER", max 9) and Business Unit
        # Identifier (CTX01-1 TRN02, NM109, CLM01..., CTX01-2 required, max 1). Codes with spaces cannot be written
        # as keys, so they are one node with the union of both usages and the sum of both maximums.
        SEG CTX S 10
          01 R
          01-1 R
          01-2 S
          02 S
          03 S
          04 S
          05 S
          05-1 R
          05-2 S
          05-3 S
          06 S
          06-1 R

        LOOP 2110 S >1 Implementation Data Element Note
          SEG IK4 R 1
            01 R
            01-1 R
            01-2 S
            01-3 S
            02 S
            03 R =1,2,3,4,5,6,7,8,9,10,11,12,13,I10,I11,I12,I13,I6,I9
            04 S
          # Element Context: CTX01-1 is "SITUATIONAL TRIGGER" (not listable, see above)
          SEG CTX S 10
            01 R
            01-1 R
            02 R
            03 R
            04 S
            05 S
            05-1 R
            05-2 S
            05-3 S
            06 S
            06-1 R
        END
      END

      # Transaction Set Response Trailer
      SEG IK5 R 1
        01 R =A,E,M,R,W,X
        02 S =1,2,3,4,5,6,7,8,9,10,11,12,13,15,16,17,18,19,23,24,25,26,27,I5,I6
        03 S =1,2,3,4,5,6,7,8,9,10,11,12,13,15,16,17,18,19,23,24,25,26,27,I5,I6
        04 S =1,2,3,4,5,6,7,8,9,10,11,12,13,15,16,17,18,19,23,24,25,26,27,I5,I6
        05 S =1,2,3,4,5,6,7,8,9,10,11,12,13,15,16,17,18,19,23,24,25,26,27,I5,I6
        06 S =1,2,3,4,5,6,7,8,9,10,11,12,13,15,16,17,18,19,23,24,25,26,27,I5,I6
    END

    # Functional Group Response Trailer
    SEG AK9 R 1
      01 R =A,E,M,P,R,W,X
      02 R
      03 R
      04 R
      05 S =1,2,3,4,5,6,10,11,12,13,14,15,16,17,18,19,23,24,25,26
      06 S =1,2,3,4,5,6,10,11,12,13,14,15,16,17,18,19,23,24,25,26
      07 S =1,2,3,4,5,6,10,11,12,13,14,15,16,17,18,19,23,24,25,26
      08 S =1,2,3,4,5,6,10,11,12,13,14,15,16,17,18,19,23,24,25,26
      09 S =1,2,3,4,5,6,10,11,12,13,14,15,16,17,18,19,23,24,25,26

    SEG SE R 1
      01 R
      02 R
    """
}
