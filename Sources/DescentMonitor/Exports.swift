@_exported import DescentData
