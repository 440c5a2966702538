// swift-tools-version:6.0
import PackageDescription

// Dependencies flow one way: C shims -> safe wrappers -> domain -> stages -> CLI.
let package = Package(
    name: "OneFace",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "oneface", targets: ["oneface"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", exact: "1.16.2"),
        .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
        .package(url: "https://github.com/vapor/postgres-nio", exact: "1.33.2"),
    ],
    targets: [
        // C shims: only what Swift cannot import by itself.
        .systemLibrary(name: "CSQLite", path: "Sources/CSQLite", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CLibXML2", path: "Sources/CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        .systemLibrary(name: "CZlib", path: "Sources/CZlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CCrypto", path: "Sources/CCrypto", providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CMalloc", path: "Sources/CMalloc"),

        // Safe wrappers.
        .target(name: "SQLiteDB", dependencies: ["CSQLite"]),

        // Domain.
        .target(name: "PipelineCore", dependencies: [.product(name: "Yams", package: "Yams")]),
        .target(name: "Extract", dependencies: ["PipelineCore", "CZlib", "CLibXML2", "CCrypto"]),
        .target(name: "Identity", dependencies: ["PipelineCore"]),
        .target(name: "SampleGen", dependencies: []),

        // Staging: the one owner of the staging database's tables (the stages' shared state).
        .target(name: "Staging", dependencies: ["SQLiteDB", "PipelineCore"]),

        // Stages.
        .target(name: "Warehouse", dependencies: ["SQLiteDB", "PipelineCore", "Staging"]),
        // The night report: one HTML page read from a published warehouse (and the identity model).
        .target(name: "Report", dependencies: ["SQLiteDB", "PipelineCore", "Identity"]),
        .target(name: "Pipeline", dependencies: [
            "PipelineCore", "Extract", "Identity", "SQLiteDB", "Staging", "Warehouse", "Report", "CMalloc",
            .product(name: "Logging", package: "swift-log"),
        ]),

        // Publish: copies a built warehouse into PostgreSQL (COPY, then one swap transaction).
        .target(name: "Publish", dependencies: [
            "SQLiteDB", "PipelineCore",
            .product(name: "PostgresNIO", package: "postgres-nio"),
            .product(name: "Logging", package: "swift-log"),
        ]),

        // CLI: ArgumentParser commands only.
        .target(name: "OneFaceCLI", dependencies: [
            "Pipeline", "Publish", "SampleGen", "PipelineCore", "Staging", "Warehouse", "Report",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .executableTarget(name: "oneface", dependencies: ["OneFaceCLI"]),

        .target(name: "TestSupport", dependencies: ["SQLiteDB"], path: "Tests/TestSupport"),
        .testTarget(name: "ExtractTests", dependencies: ["Extract", "PipelineCore", "TestSupport"],
                    exclude: ["Conformance", "Fixtures"]),
        .testTarget(name: "IdentityTests", dependencies: ["Identity", "PipelineCore"]),
        .testTarget(name: "SampleGenTests", dependencies: ["SampleGen", "TestSupport"]),
        .testTarget(name: "PipelineTests", dependencies: [
            "Identity", "Pipeline", "PipelineCore", "SQLiteDB", "Staging", "Warehouse", "TestSupport", .product(name: "Logging", package: "swift-log"),
        ]),
        .testTarget(name: "ReportTests", dependencies: ["Report", "Identity"]),
        .testTarget(name: "PublishTests", dependencies: ["Publish", "SQLiteDB", "TestSupport"]),
        .testTarget(name: "EndToEndTests", dependencies: ["TestSupport"], exclude: ["Fixtures"]),
    ],
    swiftLanguageModes: [.v6]
)
