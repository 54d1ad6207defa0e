extension GuideTexts {
    // PLACEHOLDER: being written.
    static let review278Response = """
    GUIDE 278 005010X217 Review278Response
    SEG ST R 1
      01 R =278
      02 R
      03 S
    SEG SE R 1
      01 R
      02 R
    """
}
