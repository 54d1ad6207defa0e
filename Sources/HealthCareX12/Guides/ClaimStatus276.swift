extension GuideTexts {
    // PLACEHOLDER: being written.
    static let claimStatus276 = """
    GUIDE 276 005010X212 ClaimStatus276
    SEG ST R 1
      01 R =276
      02 R
      03 S
    SEG SE R 1
      01 R
      02 R
    """
}
