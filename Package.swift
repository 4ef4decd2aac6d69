// swift-tools-version:6.0
import PackageDescription

// Linux only (Debian/Ubuntu, and the Docker image): the server is written against Glibc and
// epoll-backed Dispatch; no other platform is claimed.
let package = Package(
    name: "activitysmith-mock",
    products: [
        .executable(name: "activitysmith-mock", targets: ["activitysmith-mock"]),
        .library(name: "HTTPKit", targets: ["HTTPKit"]),
    ],
    targets: [
        .systemLibrary(name: "CSQLite", path: "Sources/CSQLite", providers: [.apt(["libsqlite3-dev"])]),
        .target(name: "HTTPKit", exclude: ["README.md"]),
        .target(name: "APIModel"),
        .target(name: "MockStore", dependencies: ["APIModel", "CSQLite"], exclude: ["README.md"]),
        .target(name: "MockServer", dependencies: ["HTTPKit", "APIModel", "MockStore"]),
        .executableTarget(name: "activitysmith-mock", dependencies: ["MockServer"]),
        .target(name: "TestSupport", dependencies: ["HTTPKit"], path: "Tests/TestSupport"),
        .testTarget(name: "HTTPKitTests", dependencies: ["HTTPKit", "TestSupport"]),
        .testTarget(name: "APIModelTests", dependencies: ["APIModel"]),
        .testTarget(name: "MockServerTests", dependencies: ["MockServer", "MockStore", "HTTPKit", "APIModel", "TestSupport"]),
    ]
)
