@_exported import CFuzzDriver
