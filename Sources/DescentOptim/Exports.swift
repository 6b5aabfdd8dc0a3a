@_exported import DescentCore
@_exported import DescentNN
