import Foundation

let status = CommandLineTool.main(arguments: Array(CommandLine.arguments.dropFirst()))
exit(status.rawValue)
