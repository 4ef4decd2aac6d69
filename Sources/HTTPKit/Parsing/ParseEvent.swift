/// What `RequestParser.next()` found in the bytes so far.
public enum ParseEvent: Sendable {
    /// The buffer holds no complete request yet.
    case needMore
    /// The head asked `Expect: 100-continue` and the body has not started: answer 100 now.
    case expectContinue
    case request(Request)
    case failure(HTTPError)
}
