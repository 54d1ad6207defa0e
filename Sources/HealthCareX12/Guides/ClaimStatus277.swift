extension GuideTexts {
    // PLACEHOLDER: being written.
    static let claimStatus277 = """
    GUIDE 277 005010X212 ClaimStatus277
    SEG ST R 1
      01 R =277
      02 R
      03 S
    SEG SE R 1
      01 R
      02 R
    """
}
