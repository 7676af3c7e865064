// swift-tools-version:6.1
// ribbon: phase diagrams of hyper-ribbon training manifolds for linear models.
// Licence: GPL-3.0-or-later (it links GSL, which is GPL-3.0-or-later).
import PackageDescription

/// Tuned builds (RIBBON_TUNED=1, set by scripts/setup-built commands: scripts/test, scripts/run and the README's
/// quick start): the numerical modules are compiled for Haswell-class x86-64 (AVX2 and FMA, every x86 server CPU
/// since 2013), so the SIMD4<Double> loops of the eigenvalue solver and the Lanczos products use 256-bit fused
/// multiply–adds, and they are optimised in debug builds too (unoptimised, their SIMD loops run 30–100× slower,
/// which made `swift test` take many minutes).
/// These are `unsafeFlags`, which SwiftPM refuses in a versioned dependency, so they are opt-in: a package that
/// depends on ribbon builds it portable. RIBBON_PORTABLE=1 keeps debug -O but drops the CPU target.
var vectorSettings: [SwiftSetting] {
    guard Context.environment["RIBBON_TUNED"] == "1" else { return [] }
    var settings: [SwiftSetting] = [.unsafeFlags(["-O"], .when(configuration: .debug))]
    #if arch(x86_64)
        if Context.environment["RIBBON_PORTABLE"] == nil { settings.append(.unsafeFlags(["-target-cpu", "haswell"])) }
    #endif
    return settings
}

let package = Package(
    name: "ribbon",
    products: [
        .executable(name: "ribbon", targets: ["ribbon"]),
        .library(name: "RibbonCore", targets: ["RibbonCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-numerics", from: "1.1.1"),
    ],
    targets: [
        // GSL's C headers and libraries, found through pkg-config.
        .systemLibrary(
            name: "CGSL",
            pkgConfig: "gsl",
            providers: [.apt(["libgsl-dev", "pkg-config"])]
        ),
        // The only Swift code that imports CGSL: Swift closures in, Swift errors out.
        .target(name: "GSL", dependencies: ["CGSL"], exclude: ["README.md"]),
        // The only Swift code that calls LAPACK (LAPACKE loaded at run time): large dense eigenvalue problems.
        .target(name: "LAPACK", exclude: ["README.md"]),
        // The theory: spectra, the exact covariance (E2/E3), closed forms, bounds, criterion.
        .target(
            name: "RibbonCore",
            dependencies: ["GSL", "LAPACK", .product(name: "RealModule", package: "swift-numerics")],
            exclude: ["README.md"],
            swiftSettings: vectorSettings
        ),
        // The verifier: simulated training, Bhattacharyya distances, inPCA, Monte-Carlo error bars.
        .target(
            name: "RibbonSim",
            dependencies: ["RibbonCore", "GSL", .product(name: "RealModule", package: "swift-numerics")],
            exclude: ["README.md"], swiftSettings: vectorSettings),
        // Writers: JSON, CSV, Markdown, aligned text tables, metadata sidecars.
        .target(name: "RibbonIO", dependencies: ["RibbonCore", "RibbonSim", "GSL"], exclude: ["README.md"]),
        // The experiments behind output/ (`ribbon reproduce`): fixed grids and seeds, tables and figures.
        .target(
            name: "RibbonReproduce", dependencies: ["RibbonCore", "RibbonSim", "RibbonIO", "GSL"],
            exclude: ["README.md"]),
        // The command tree, as a library: tests parse and run commands in process (InProcessParsingTests).
        // It reaches GSL only through the libraries.
        .target(
            name: "RibbonCLI",
            dependencies: [
                "RibbonCore", "RibbonIO", "RibbonSim", "RibbonReproduce",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            exclude: ["README.md"]
        ),
        .executableTarget(name: "ribbon", dependencies: ["RibbonCLI"]),
        // A program that uses the library API directly (examples/LibraryExample).
        .executableTarget(name: "library-example", dependencies: ["RibbonCore"], path: "examples/LibraryExample"),
        // What the test targets share: `expectClose` (tolerances stated as relative error or ulps).
        .target(name: "RibbonTestSupport", path: "Tests/RibbonTestSupport"),
        .testTarget(name: "GSLTests", dependencies: ["GSL"]),
        .testTarget(
            name: "RibbonCoreTests",
            dependencies: [
                "RibbonCore", "GSL", "LAPACK", "RibbonTestSupport",
                .product(name: "RealModule", package: "swift-numerics"),
            ]
        ),
        .testTarget(name: "RibbonSimTests", dependencies: ["RibbonSim", "RibbonCore", "GSL", "RibbonTestSupport"]),
        .testTarget(name: "RibbonCLITests", dependencies: ["RibbonCLI", "RibbonIO", "ribbon", "RibbonTestSupport"]),
    ]
)
