// swift-tools-version:6.0
import PackageDescription

// Linux only (Debian/Ubuntu, and the Docker image): the server is written against Glibc and
// epoll-backed Dispatch; no other platform is claimed.
let package = Package(
    name: "activitysmith-mock",
    products: [
        .executable(name: "activitysmith-mock", targets: ["activitysmith-mock"]),
        .library(name: "HTTPKit", targets: ["HTTPKit"])
    ],
    targets: [
        .systemLibrary(name: "CSQLite", path: "Sources/CSQLite", providers: [.apt(["libsqlite3-dev"])]),
        // Shared mutable state the compiler checks (`Locked`), for the server and the store alike.
        .target(name: "Locking"),
        .target(name: "HTTPKit", dependencies: ["Locking"], exclude: ["README.md"]),
        // How the kernel schedules the process's threads (`--scheduling adaptive`): a program's
        // choice, so only programs (the executable, the bench's) depend on it; no library does.
        .target(name: "ProcessScheduling", dependencies: ["Locking"]),
        // HTTPS: OpenSSL 3 from Debian behind HTTPKit's transport seam (see Sources/HTTPKitTLS/README.md).
        .systemLibrary(name: "COpenSSL", path: "Sources/COpenSSL", providers: [.apt(["libssl-dev"])]),
        .target(name: "HTTPKitTLS", dependencies: ["HTTPKit", "Locking", "COpenSSL"], exclude: ["README.md"]),
        // Outbound HTTP(S) for webhook deliveries: libcurl from Debian, behind a target of its own.
        .systemLibrary(name: "CCurl", path: "Sources/CCurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .target(name: "WebhookClient", dependencies: ["Locking", "CCurl"]),
        .target(name: "APIModel"),
        .target(name: "MockStore", dependencies: ["Locking", "APIModel", "CSQLite"], exclude: ["README.md"]),
        // Compiled in as bytes, so the binary runs from any directory: the default fixtures
        // (fixtures/default.json, through a link) and the dashboard's page, styles and script.
        .target(
            name: "MockServer", dependencies: ["Locking", "HTTPKit", "HTTPKitTLS", "APIModel", "MockStore", "WebhookClient"],
            resources: ["default.json", "dashboard.html", "dashboard.css", "dashboard.js"].map { .embedInCode("Resources/\($0)") }),
        .executableTarget(name: "activitysmith-mock", dependencies: ["MockServer", "ProcessScheduling"]),
        // scripts/bench only: HTTPKit answering a fixed body, the HTTP layer's own row.
        .executableTarget(name: "httpkit-fixed", dependencies: ["HTTPKit", "ProcessScheduling"], path: "Tests/bench/httpkit-fixed"),
        .target(name: "TestSupport", dependencies: ["HTTPKit", "Locking", "MockStore"], path: "Tests/TestSupport"),
        .testTarget(name: "HTTPKitTests", dependencies: ["Locking", "HTTPKit", "HTTPKitTLS", "COpenSSL", "TestSupport"]),
        .testTarget(name: "APIModelTests", dependencies: ["APIModel"]),
        .testTarget(name: "ProcessSchedulingTests", dependencies: ["ProcessScheduling", "Locking"]),
        .testTarget(name: "MockStoreTests", dependencies: ["MockStore", "APIModel", "CSQLite", "TestSupport"]),
        .testTarget(
            name: "MockServerTests", dependencies: ["MockServer", "MockStore", "HTTPKit", "HTTPKitTLS", "APIModel", "WebhookClient", "Locking", "TestSupport"])
    ]
)
