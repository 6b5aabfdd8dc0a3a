@_exported import DescentCore
