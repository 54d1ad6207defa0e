extension GuideTexts {
    // PLACEHOLDER: being written.
    static let eligibility271 = """
    GUIDE 271 005010X279A1 Eligibility271
    SEG ST R 1
      01 R =271
      02 R
      03 S
    SEG SE R 1
      01 R
      02 R
    """
}
