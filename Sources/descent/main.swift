import DescentCLI
import DescentCore
import Foundation

ComputeThreads.keepFreedMemory()
exit(DescentCommand.execute(Array(CommandLine.arguments.dropFirst())))
