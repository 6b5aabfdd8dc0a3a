import DescentCLI
import DescentCore

ComputeThreads.keepFreedMemory()
DescentCommand.main()
