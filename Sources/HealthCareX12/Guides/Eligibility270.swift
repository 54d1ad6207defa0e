extension GuideTexts {
    // PLACEHOLDER: being written.
    static let eligibility270 = """
    GUIDE 270 005010X279A1 Eligibility270
    SEG ST R 1
      01 R =270
      02 R
      03 S
    SEG SE R 1
      01 R
      02 R
    """
}
