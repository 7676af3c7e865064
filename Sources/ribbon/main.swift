import Foundation
import RibbonCLI

exit(Ribbon.run(Array(CommandLine.arguments.dropFirst())))
