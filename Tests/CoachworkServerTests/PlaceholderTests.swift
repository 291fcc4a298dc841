import Testing
import VaporTesting
@testable import CoachworkServer
@Test func placeholder() {}
