extension GuideTexts {
    /// The interchange and functional group envelopes (ISA, GS, GE, IEA) as the HIPAA 5010 guides use them. Their
    /// nesting, control numbers and counts are the envelope checker's; this checks their elements.
    static let envelope = """
    GUIDE ENV 00501 Interchange and functional group envelopes
    SEG ISA R 1
      01 R =00,03
      02 R
      03 R =00,01
      04 R
      05 R =01,14,20,27,28,29,30,33,ZZ
      06 R
      07 R =01,14,20,27,28,29,30,33,ZZ
      08 R
      09 R
      10 R
      11 R
      12 R =00501
      13 R
      14 R =0,1
      15 R =P,T
      16 R
    SEG GS R 1
      01 R
      02 R
      03 R
      04 R
      05 R
      06 R
      07 R =X
      08 R
    SEG GE R 1
      01 R
      02 R
    SEG IEA R 1
      01 R
      02 R
    """
}
