import ArgumentParser

public struct Ribbon: ParsableCommand {
    public init() {}
}
