import MockServer
import Glibc

// Environment without Foundation: read `environ` directly.
var environment: [String: String] = [:]
var pointer = environ
while let entry = pointer.pointee {
    let text = String(cString: entry)
    if let eq = text.firstIndex(of: "=") { environment[String(text[..<eq])] = String(text[text.index(after: eq)...]) }
    pointer += 1
}
MockServerCLI.run(arguments: Array(CommandLine.arguments.dropFirst()), environment: environment, whileServing: Duties.start)
